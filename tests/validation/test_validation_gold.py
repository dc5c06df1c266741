"""The default coder against the development gold set: the acceptance targets of issue 3."""

from __future__ import annotations

from pathlib import Path

from regionlens.validation.validate import TARGETS, validate_gold_file

GOLD = Path(__file__).resolve().parents[2] / "gold"


def test_default_coder_meets_targets_on_dev_gold() -> None:
    paths = sorted(GOLD.glob("dev_gold_*.jsonl"))
    assert paths, "нет файлов gold/dev_gold_*.jsonl"
    report = validate_gold_file(list(paths), draws=200)
    assert report.n >= 50
    failed = {v: round(r.alpha, 3) for v, r in report.variables.items() if not r.alpha >= TARGETS[v]}
    assert not failed, failed
