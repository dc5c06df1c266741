"""Compare two analysis results (the JSON of `AnalysisResult.to_json()`): every table cell, statistic and finding.

Used by the analysis identity test and the `analyze_check` bench stage. Integers, strings, lists and
example ids must be equal; floats equal to a relative 1e-9 (sums of the same numbers in a different
order differ in the last bits). Only the run's stamp (generated_at, software_version) is ignored.
`python -m bench.analysis_compare OLD.json NEW.json` prints the differences.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

IGNORED = {"generated_at", "software_version"}
REL = 1e-9
ABS = 1e-12


def differences(old: Any, new: Any, path: str = "", out: list[str] | None = None, limit: int = 50) -> list[str]:
    """Paths where the two JSON values differ (at most `limit`)."""
    out = [] if out is None else out
    if len(out) >= limit:
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            if key in IGNORED:
                continue
            if key not in old or key not in new:
                out.append(f"{path}/{key}: only in {'new' if key in new else 'old'}")
                continue
            differences(old[key], new[key], f"{path}/{key}", out, limit)
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            out.append(f"{path}: {len(old)} items vs {len(new)}")
            return out
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            differences(a, b, f"{path}[{i}]", out, limit)
        return out
    if isinstance(old, bool) or isinstance(new, bool) or not (
            isinstance(old, (int, float)) and isinstance(new, (int, float))):
        if old != new:
            out.append(f"{path}: {old!r} vs {new!r}")
        return out
    if isinstance(old, int) and isinstance(new, int):
        if old != new:
            out.append(f"{path}: {old} vs {new}")
        return out
    a, b = float(old), float(new)
    if math.isnan(a) and math.isnan(b):
        return out
    if not math.isclose(a, b, rel_tol=REL, abs_tol=ABS):
        out.append(f"{path}: {old!r} vs {new!r}")
    return out


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON of a result with sections and findings keyed by name (their order is not a result)."""
    return {
        "corpus": data.get("corpus", {}),
        "sections": {s["key"]: s for s in data.get("sections", [])},
        "findings": {f["key"]: f for f in data.get("findings", [])},
    }


def compare_files(old: Path, new: Path) -> list[str]:
    a = json.loads(old.read_text(encoding="utf-8"))
    b = json.loads(new.read_text(encoding="utf-8"))
    return differences(comparable(a), comparable(b))


def main() -> None:
    diffs = compare_files(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(diffs) if diffs else "identical")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
