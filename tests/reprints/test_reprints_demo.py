"""Reprint detection against the demo corpus's ground truth (planted agency reprints)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from regionlens.analysis.frame import frame_from_demo
from regionlens.demo import generate_demo
from regionlens.reprints import find_reprints


def test_planted_reprints_are_recovered_with_their_originals(tmp_path: Path) -> None:
    generate_demo(tmp_path, seed=7, n_docs=2500)
    corpus = [json.loads(line) for line in (tmp_path / "corpus.jsonl").open(encoding="utf-8")]
    truth = {r["id"]: r["reprint_of"] for r in map(json.loads, (tmp_path / "ground_truth.jsonl").open(encoding="utf-8"))}
    levels = dict(zip(*(frame_from_demo(tmp_path)[c] for c in ("id", "level")), strict=True))
    records = sorted(
        ((c["id"], f"{c['title']}\n{c['text']}", pd.Timestamp(c["published_at"]).to_pydatetime(), levels[c["id"]])
         for c in corpus),
        key=lambda r: r[2],
    )
    links = find_reprints(records)
    predicted = {link.doc_id: link.original_id for link in links if link.doc_id != link.original_id}
    planted = {k: v for k, v in truth.items() if v}
    assert len(planted) > 100
    hits = sum(predicted.get(k) == v for k, v in planted.items())
    assert hits / len(planted) >= 0.9
    assert hits / len(predicted) >= 0.85
