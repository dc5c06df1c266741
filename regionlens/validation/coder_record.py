"""The automatic coder's measured agreement with careful hand coding on real publications, as packaged.

Every finding of a report rests on the automatic codes, so the methods section must say how well they agree
with hand coding. The figures were measured once per coder version (`regionlens validate --real`) and are
kept in a versioned data file next to the model they describe (`coding/data/validation-real.json`); this
module reads that file and decides whether its figures apply to a project: only when the project codes with
the packaged codebook, because the learned layer runs only then (see `coding/coder.py`) and an edited
codebook changes the rules' decisions the figures were measured on.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from regionlens.coding.codebook import DEFAULT_PATH, Codebook

RECORD_PATH = DEFAULT_PATH.parent / "validation-real.json"
SPLITS = ("test", "shifted", "human")  # automatic vs hand on TEST, on the shifted split; hand vs hand


class CoderRecordError(ValueError):
    """The packaged validation file is missing a part or holds a value that is not an alpha."""


@lru_cache(maxsize=1)
def coder_record() -> dict[str, Any]:
    """The packaged record, checked: every split has `n` and an alpha in [-1, 1] for the same variables."""
    data = json.loads(RECORD_PATH.read_text(encoding="utf-8"))
    variables: list[str] | None = None
    for split in SPLITS:
        block = data.get(split)
        if not isinstance(block, dict) or not isinstance(block.get("n"), int):
            raise CoderRecordError(f"{RECORD_PATH}: раздел «{split}» должен содержать число публикаций n")
        names = [k for k in block if k != "n"]
        bad = [k for k in names if not isinstance(block[k], (int, float)) or not -1.0 <= float(block[k]) <= 1.0]
        if bad:
            raise CoderRecordError(f"{RECORD_PATH}: в разделе «{split}» не альфа: {', '.join(bad)}")
        if variables is not None and names != variables:
            raise CoderRecordError(f"{RECORD_PATH}: раздел «{split}» называет другие переменные")
        variables = names
    return dict(data)


def uses_packaged_codebook(codebook: Codebook) -> bool:
    """Whether a project codes with the packaged codebook (the same test the coder makes before its learned layer)."""
    return codebook.path == str(DEFAULT_PATH)


def coder_validation(codebook: Codebook) -> dict[str, Any]:
    """What the methods section reports for a project coding with `codebook`: the packaged record with
    `applies: true`, or, for the project's own codebook, `applies: false` and the version the figures are for."""
    record = coder_record()
    if uses_packaged_codebook(codebook):
        return {"applies": True, **copy.deepcopy(record)}  # the cached record stays as packaged
    return {"applies": False, "codebook_version": record["codebook_version"], "project_codebook_version": codebook.version}
