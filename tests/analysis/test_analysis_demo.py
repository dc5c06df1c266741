"""The real target: the demo corpus's ground truth carries planted effects, its null twin none."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from regionlens.analysis import AnalysisConfig, AnalysisResult, Event, analyze, contrast_table, reciprocity
from regionlens.analysis.frame import frame_from_demo, validate_frame
from regionlens.demo import generate_demo
from regionlens.demo.generator import forum_of
from regionlens.demo.places import BORDER_PAIRS

YEARS = (2021, 2022, 2023)


def _config() -> AnalysisConfig:
    events = []
    for y in YEARS:
        f = forum_of(y)
        start = date(y, f.month, f.day)
        events.append(Event(f"Форум регионов {y}", f"Forum of Regions {y}", start, start + timedelta(days=f.days - 1)))
    return AnalysisConfig(events=events, border_pairs=BORDER_PAIRS)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, AnalysisResult]:
    out: Path = tmp_path_factory.mktemp("demo")
    generate_demo(out, seed=2022, n_docs=5000, years=YEARS)
    frame = validate_frame(frame_from_demo(out))
    return frame, analyze(frame, _config())


@pytest.fixture(scope="module")
def demo_null(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, AnalysisResult]:
    out: Path = tmp_path_factory.mktemp("demo_null")
    generate_demo(out, seed=2022, n_docs=5000, years=YEARS, null=True)
    frame = validate_frame(frame_from_demo(out))
    return frame, analyze(frame, _config())


def test_demo_planted_findings_fire(demo: tuple[pd.DataFrame, AnalysisResult]) -> None:
    frame, result = demo
    keys = {f.key for f in result.findings if f.severity != "info"}
    expected = {"substantive_level_gap", "problem_country_gap", "problem_avoidance:BY", "event_driven",
                "low_original_content:regional", "topic_divergence"}
    expected |= {f"border_reciprocity:{a}/{b}" if a.startswith("RU") else f"border_reciprocity:{b}/{a}"
                 for a, b in BORDER_PAIRS}
    assert expected <= keys
    ids = set(frame["id"])
    for f in result.findings:
        assert set(f.examples) <= ids


def test_demo_effect_sizes_match_the_plant(demo: tuple[pd.DataFrame, AnalysisResult]) -> None:
    frame, result = demo
    c = contrast_table(frame).set_index(["index", "by"])
    # federal 45 % vs regional/local 25 % substantive; RU 10 % vs BY 4 % problem
    assert c.loc[("substantive", "level_group"), "diff"] == pytest.approx(0.20, abs=0.05)
    assert c.loc[("problem", "country"), "diff"] == pytest.approx(0.06, abs=0.03)
    rec = reciprocity(frame, border_pairs=BORDER_PAIRS).set_index(["ru_region", "by_region"])
    assert rec.loc[("RU-SMO", "BY-VI"), "ru_to_by_ratio"] == pytest.approx(3.0, rel=0.35)
    assert 1 / rec.loc[("RU-BRY", "BY-HO"), "ru_to_by_ratio"] == pytest.approx(2.0, rel=0.35)
    peaks = result.section("timeseries").stats["peak_months"]
    assert set(peaks) <= {f"{y}-{forum_of(y).month:02d}" for y in YEARS} and peaks
    reprints = result.section("reprints").tables["by_level"].set_index("level")
    assert reprints.loc["regional", "reprint_share"] == pytest.approx(0.30, abs=0.06)


def test_demo_null_gives_only_neutral_information(demo_null: tuple[pd.DataFrame, AnalysisResult]) -> None:
    _, result = demo_null
    assert [f.key for f in result.findings if f.severity != "info"] == []
