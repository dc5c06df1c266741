"""Are the codes of this coder identical to a reference dump? The check behind every speed change.

A speed change must not change a single code: `dump` writes, one JSON line per publication, all nine
variables and every evidence span the coder gives for the demo corpus and (when the texts are there)
the real publications of `gold/real`; `compare` codes the same inputs again and reports every
publication whose output differs. Dump once from the code before a change (e.g. an exported tree on
`PYTHONPATH`), then compare after it:

    PYTHONPATH=/tmp/ref python -m bench.identity dump /tmp/codes-ref.jsonl --corpus CORPUS.jsonl --limit 5000
    PYTHONPATH=$PWD python -m bench.identity compare /tmp/codes-ref.jsonl --corpus CORPUS.jsonl --limit 5000

Run both with PYTHONHASHSEED=0: the learned layer names, as evidence, the strongest features of a decision,
and among features of exactly equal weight the order is that of a Python set of lemmas, which string
hashing varies from process to process (so a few evidence spans differ between two runs of the same code).
`profile` writes cProfile's top functions for coding the same inputs (bench/results/profiles/).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "gold" / "real"


def corpus_records(path: Path, limit: int) -> Iterator[dict[str, Any]]:
    """The first `limit` records of a demo corpus JSONL, ids prefixed so they cannot meet real ids."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n >= limit:
                return
            rec = json.loads(line)
            rec["id"] = f"demo:{rec['id']}"
            yield rec


def real_records(folder: Path, texts: Path) -> Iterator[dict[str, Any]]:
    """Every real publication whose text is present and checked, as the validation codes it (no scoring)."""
    from regionlens.validation.real import check_texts, coding_record, load_items

    items = load_items([folder])
    check_texts(items, texts)
    for item in items.values():
        if item.text is not None:
            rec = coding_record(item)
            rec["id"] = f"real:{rec['id']}"
            yield rec


def dev_records(folder: Path, texts: Path) -> Iterator[dict[str, Any]]:
    """The real publications of the DEV split only (labelled, text checked), loaded as scripts/dev_scores.py does."""
    from regionlens.validation.real import coding_record, load_real_set, usable

    items, _ = load_real_set([folder], texts)
    for item in usable(items, "dev"):
        rec = coding_record(item)
        rec["id"] = f"real:{rec['id']}"
        yield rec


def gold_records(paths: list[Path]) -> Iterator[dict[str, Any]]:
    """The invented gold publications as `validate --gold` codes them (title, text, language and country of
    `meta`), ids prefixed with the file's stem."""
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    meta = r.get("meta") or {}
                    yield {"id": f"{path.stem}:{r['id']}", "title": r.get("title", ""), "text": r.get("text", ""),
                           "lang": meta.get("language"), "country": meta.get("country")}


def inputs(corpus: Path | None, limit: int, real: Path | None, gold: list[Path] | None = None,
           split: str = "all") -> Iterator[dict[str, Any]]:
    if gold:
        yield from gold_records(gold)
    if corpus is not None:
        yield from corpus_records(corpus, limit)
    if real is not None and (real / "texts").is_dir():
        yield from (dev_records if split == "dev" else real_records)(real, real / "texts")


def coded_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    """One canonical JSON line per coded record (keys sorted: the comparison is of content, not layout)."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.coding.coder import code_records

    book = load_codebook()
    for out in code_records(records, book):
        yield json.dumps(out, ensure_ascii=False, sort_keys=True)


def compare_lines(reference: Path, lines: Iterator[str]) -> tuple[int, list[str]]:
    """(records compared, ids of records that differ or are missing on either side)."""
    want = {json.loads(x)["id"]: x for x in reference.read_text(encoding="utf-8").splitlines() if x.strip()}
    seen: set[str] = set()
    bad: list[str] = []
    for line in lines:
        rid = json.loads(line)["id"]
        seen.add(rid)
        if want.get(rid) != line:
            bad.append(rid)
    bad += sorted(set(want) - seen)
    return len(seen), bad


def write_profile(out: Path, records: list[dict[str, Any]]) -> None:
    """cProfile of coding `records` after start-up (the first record codes outside the profile), top functions
    by cumulative and by own time, with the CPU-seconds and size of the input in the header."""
    import cProfile
    import io
    import os
    import pstats
    import time

    from regionlens.coding.codebook import load_codebook
    from regionlens.coding.coder import code_records

    book = load_codebook()
    list(code_records(records[:1], book))
    mb = sum(len(((r.get("title") or "") + r["text"]).encode("utf-8")) for r in records[1:]) / 1e6
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared, wall time is not ours
    cpu0 = time.process_time()
    profiler.runcall(lambda: list(code_records(iter(records[1:]), book)))
    cpu = time.process_time() - cpu0
    buf = io.StringIO()
    buf.write(f"cProfile of the coder on {len(records) - 1:,} publications ({mb:.2f} MB), after start-up; "
              f"{cpu:.1f} CPU-seconds under the profiler (which slows pure-Python code 1.5-3x: read the shares; function times are CPU time), "
              f"load average {os.getloadavg()[0]:.1f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    for order, title in (("cumulative", "by cumulative time"), ("tottime", "by own time")):
        buf.write(f"\n==== top 45 {title} ====\n")
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(order).print_stats(45)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(buf.getvalue(), encoding="utf-8")
    print(f"profile of {len(records) - 1} publications written to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("dump", "compare", "profile"))
    parser.add_argument("file", type=Path, help="the reference dump (written by dump, read by compare), or the "
                                                "profile's text file (profile: cProfile tops of coding the inputs)")
    parser.add_argument("--corpus", type=Path, help="a demo corpus.jsonl")
    parser.add_argument("--limit", type=int, default=5000, help="publications of the corpus to code")
    parser.add_argument("--real", type=Path, default=REAL, help="gold/real folder (texts/ inside; skipped without)")
    parser.add_argument("--no-real", action="store_true", help="leave the real publications out")
    parser.add_argument("--split", choices=("all", "dev"), default="all",
                        help="real publications: all that have a checked text, or the labelled DEV split only")
    parser.add_argument("--gold", type=Path, action="append", default=[],
                        help="an invented gold JSONL (gold/dev_gold_a.jsonl …) to code as well; repeatable")
    args = parser.parse_args()
    real = None if args.no_real else args.real
    if args.action == "profile":
        write_profile(args.file, list(inputs(args.corpus, args.limit, real, args.gold, args.split)))
        return
    lines = coded_lines(inputs(args.corpus, args.limit, real, args.gold, args.split))
    if args.action == "dump":
        n = 0
        with args.file.open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
                n += 1
        print(f"{n} publications coded into {args.file}")
        return
    n, bad = compare_lines(args.file, lines)
    print(f"{n} publications compared, {len(bad)} differ" + (f": {', '.join(bad[:20])}" if bad else ""))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
