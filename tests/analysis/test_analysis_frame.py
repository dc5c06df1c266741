"""The frame contract: clear errors, records → frame, reprint filtering."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from regionlens.analysis.frame import FrameError, frame_from_records, validate_frame, without_reprints

SOURCES: list[dict[str, Any]] = [
    {"name": "Агентство", "country": "RU", "level": "federal", "region_code": None, "output_per_month": 9000},
    {"name": "Смоленский вестник", "country": "RU", "level": "regional", "region_code": "RU-SMO", "output_per_month": 900},
    {"name": "Гомельский край", "country": "BY", "level": "regional", "region_code": "BY-HO"},
]
DOCS: list[dict[str, Any]] = [
    {"id": "a", "source": "Агентство", "published_at": "2022-06-01T10:00:00+03:00", "title": "t", "url": "u",
     "union": 1, "substantive": 1, "topics": ["ECON"], "actors": ["FED"], "regions": [], "reprint_of": None},
    {"id": "b", "source": "Смоленский вестник", "published_at": "2022-06-01T15:00:00+03:00",
     "codes": {"union": 1, "interregional": 1, "regions": ["RU-SMO", "BY-VI"], "tone": 1, "genre": "NEWS"},
     "reprint_of": "a"},
    {"id": "c", "source": "Гомельский край", "published_at": "2022-06-02T09:00:00+03:00", "union": 0},
]


def test_missing_columns_are_all_named_in_russian() -> None:
    frame = frame_from_records(DOCS, SOURCES).drop(columns=["tone", "border"])
    with pytest.raises(FrameError) as err:
        validate_frame(frame)
    assert "нет обязательных столбцов" in str(err.value)
    assert "tone" in str(err.value) and "border" in str(err.value)


def test_records_become_a_valid_frame() -> None:
    frame = validate_frame(frame_from_records(DOCS, SOURCES))
    row = frame.set_index("id")
    assert row.loc["b", "level"] == "regional" and row.loc["b", "region_code"] == "RU-SMO"
    assert row.loc["b", "regions"] == ["RU-SMO", "BY-VI"] and row.loc["b", "interregional"] == 1
    assert bool(row.loc["b", "border"]) and bool(row.loc["c", "border"]) and not bool(row.loc["a", "border"])
    assert row.loc["b", "reprint_of"] == "a" and row.loc["a", "reprint_of"] is None
    assert row.loc["a", "cluster_id"] == row.loc["b", "cluster_id"] is not None
    assert row.loc["c", "cluster_id"] is None
    assert pd.isna(row.loc["c", "output_per_month"]) and row.loc["a", "output_per_month"] == 9000.0
    assert str(frame["published_at"].dt.tz) == "UTC"
    assert row.loc["c", "topics"] == [] and row.loc["c", "tone"] == 0


def test_without_reprints_keeps_originals() -> None:
    frame = frame_from_records(DOCS, SOURCES)
    assert list(without_reprints(frame)["id"]) == ["a", "c"]


def test_empty_and_tiny_frames_are_analysed_without_effects() -> None:
    from regionlens.analysis import analyze

    empty = frame_from_records([], SOURCES)
    assert [f.key for f in analyze(empty).findings] == ["corpus"]
    tiny = analyze(frame_from_records(DOCS, SOURCES))
    assert {f.severity for f in tiny.findings} == {"info"}
    assert tiny.section("network").tables["pairs"]["publications"].sum() == 1


def test_default_partner_pairs_are_the_gazetteer_neighbours() -> None:
    from regionlens.analysis.network import ADJACENT_PAIRS
    from regionlens.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    pairs = {(r.code, n) for r in gaz.regions if r.country == "RU" for n in r.neighbours if n.startswith("BY-")}
    assert set(ADJACENT_PAIRS) == pairs
