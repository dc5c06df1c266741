"""Planted effects in synthetic frames are recovered; a frame without effects yields no effect findings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest
from analysis_synth import NULL, Plant, make_frame
from scipy import stats

from regionlens.analysis import (
    AnalysisConfig,
    AnalysisResult,
    Event,
    analyze,
    contrast_table,
    event_windows,
    level_models,
    peak_months,
    reciprocity,
    reprint_shares,
    topic_counts,
    volume_table,
    without_reprints,
)

EVENTS = [Event(f"Форум {y}", f"Forum {y}", date(y, 6, 25), date(y, 6, 27)) for y in (2021, 2022, 2023)]
CONFIG = AnalysisConfig(events=EVENTS)


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return make_frame(5000, Plant(), seed=1)


@pytest.fixture(scope="module")
def null() -> pd.DataFrame:
    return make_frame(5000, NULL, seed=2)


@pytest.fixture(scope="module")
def planted_result(planted: pd.DataFrame) -> AnalysisResult:
    return analyze(planted, CONFIG)


def _warnings(result: AnalysisResult) -> set[str]:
    return {f.key for f in result.findings if f.severity != "info"}


def test_substantive_gap_is_recovered_and_fires(planted: pd.DataFrame, planted_result: AnalysisResult) -> None:
    c = contrast_table(planted)
    row = c.loc[(c["index"] == "substantive") & (c["by"] == "level_group")].iloc[0]
    assert row["diff"] == pytest.approx(0.20, abs=0.05)
    f = next(f for f in planted_result.findings if f.key == "substantive_level_gap")
    assert f.p_value is not None and f.p_value < 0.001
    assert f.numbers["diff"] == pytest.approx(row["diff"])
    assert len(f.examples) == 3 and set(f.examples) <= set(planted["id"])
    sub = planted.set_index("id").loc[f.examples]
    assert (sub["substantive"] == 0).all() and sub["level"].isin(["regional", "local"]).all()
    assert "против" in f.text_ru and "%" in f.text_ru and "," in f.text_ru and f.recommendations_ru
    assert "against" in f.text_en and f.recommendations_en


def test_level_models_agree_on_direction(planted: pd.DataFrame, null: pd.DataFrame) -> None:
    models = level_models(planted)
    assert set(models["model"].str.split(" ").str[0]) == {"mixed", "GEE"}
    regional = models.loc[models["term"] == "regional"]
    assert (regional["odds_ratio"] < 0.6).all() and (regional["p_value"] < 0.001).all()
    assert (regional["ci_low"] < regional["odds_ratio"]).all() and (regional["odds_ratio"] < regional["ci_high"]).all()
    # planted 25 % vs 45 %: OR = (0.25/0.75)/(0.45/0.55) ≈ 0.41
    assert float(regional["odds_ratio"].iloc[0]) == pytest.approx(0.41, abs=0.1)
    flat = level_models(null)
    assert (flat.loc[flat["term"] == "regional", "ci_low"] < 1).all()
    assert (flat.loc[flat["term"] == "regional", "ci_high"] > 1).all()


def test_null_frame_gives_only_neutral_information(null: pd.DataFrame) -> None:
    result = analyze(null, CONFIG)
    assert _warnings(result) == set()
    assert {f.key for f in result.findings} >= {"corpus"}


def test_all_effect_rules_fire_on_the_planted_frame(planted_result: AnalysisResult) -> None:
    keys = _warnings(planted_result)
    expected = {"substantive_level_gap", "problem_country_gap", "problem_avoidance:BY", "event_driven",
                "low_original_content:regional", "low_original_content:local", "topic_divergence",
                "national_voice:RU", "national_voice:BY", "border_reciprocity:RU-SMO/BY-VI",
                "border_reciprocity:RU-BRY/BY-HO"}
    assert expected <= keys
    for f in planted_result.findings:
        assert f.text_ru and f.text_en and f.test
        if f.severity != "info":
            assert f.p_value is not None and f.examples and f.recommendations_ru and f.recommendations_en


def test_peaks_are_found_at_planted_months(planted: pd.DataFrame) -> None:
    series = peak_months(planted, k=2.0)
    peaks = {m.strftime("%Y-%m") for m in series.loc[series["peak"], "month"]}
    assert peaks == {"2022-06", "2023-06"}
    assert series["union_share"].between(0, 1).all()


def test_event_windows_rate_test(planted: pd.DataFrame) -> None:
    ev = event_windows(planted, EVENTS).set_index("event_en")
    assert ev.loc["Forum 2022", "rate_ratio"] > 2 and ev.loc["Forum 2022", "p_holm"] < 0.001
    assert ev.loc["Forum 2021", "p_holm"] > 0.01     # no peak planted in 2021
    # the exact conditional test, recomputed by hand for one event
    day = planted["published_at"].dt.tz_localize(None).dt.normalize()
    row = ev.loc["Forum 2023"]
    inside = np.zeros(len(planted), dtype=bool)
    for _, r in ev.iterrows():
        inside |= ((day >= r["window_from"]) & (day <= r["window_to"])).to_numpy()
    n_base = int(planted.loc[~inside, "union"].sum())
    span = (day.max() - day.min()).days + 1
    base_days = span - int(ev["days"].sum())
    p = stats.binomtest(int(row["union"]), int(row["union"]) + n_base, row["days"] / (row["days"] + base_days),
                        alternative="greater").pvalue
    assert row["p_value"] == pytest.approx(p)


def test_reciprocity_asymmetry_is_recovered(planted: pd.DataFrame, null: pd.DataFrame) -> None:
    rec = reciprocity(planted).set_index(["ru_region", "by_region"])
    for pair in [("RU-SMO", "BY-VI"), ("RU-BRY", "BY-HO"), ("RU-PSK", "BY-MA")]:
        assert rec.loc[pair, "ru_to_by_ratio"] == pytest.approx(3.0, rel=0.35)
        assert rec.loc[pair, "dominant_side"] == pair[0]
    flat = reciprocity(null).set_index(["ru_region", "by_region"])
    for pair in [("RU-SMO", "BY-VI"), ("RU-BRY", "BY-HO")]:
        assert flat.loc[pair, "ru_to_by_ratio"] == pytest.approx(1.0, abs=0.35)
        assert flat.loc[pair, "p_holm"] > 0.01


def test_topic_divergence_statistic(planted: pd.DataFrame, planted_result: AnalysisResult) -> None:
    counts = topic_counts(planted, "country").loc[["BY", "RU"]]
    chi2, p, dof, _ = stats.chi2_contingency(counts.values, correction=False)
    s = planted_result.section("topics").stats
    assert s["country_chi2"] == pytest.approx(chi2) and s["country_dof"] == dof
    assert s["country_cramers_v"] > 0.1
    f = next(f for f in planted_result.findings if f.key == "topic_divergence")
    assert "ECON" in f.numbers["ru_topics"] and "CULT" in f.numbers["by_topics"]


def test_volume_counts_and_output_normalisation(planted: pd.DataFrame) -> None:
    t = volume_table(planted, "year")
    row = t.loc[(t["period"] == "2022") & (t["level"] == "regional") & (t["country"] == "BY")].iloc[0]
    year = planted.loc[(planted["published_at"].dt.year == 2022) & (planted["level"] == "regional")
                       & (planted["country"] == "BY")]
    assert row["publications"] == len(year) and row["union"] == int(year["union"].sum())
    output = year.groupby("source")["output_per_month"].first().sum()
    assert row["union_per_1000_output"] == pytest.approx(1000 * year["union"].sum() / (output * 12))
    orig = without_reprints(year)
    assert row["union_originals"] == int(orig["union"].sum()) < row["union"]
    assert volume_table(planted, "month")["union"].sum() == planted["union"].sum()


def test_reprint_shares(planted: pd.DataFrame) -> None:
    t = reprint_shares(planted).set_index("level")
    assert t.loc["regional", "reprint_share"] == pytest.approx(0.3, abs=0.05)
    assert t.loc["federal", "reprint_share"] == 0.0
    assert (t["original_share"] + t["reprint_share"]).eq(1).all()


def test_result_is_json_ready(planted_result: AnalysisResult) -> None:
    data = json.loads(json.dumps(planted_result.to_json(), default=str))
    keys = {s["key"] for s in data["sections"]}
    assert keys == {"volume", "topics", "indices", "timeseries", "network", "reprints", "voice"}
    for s in planted_result.sections:
        assert s.chart is None or s.chart.table in s.tables


def test_thresholds_file_controls_rules(planted: pd.DataFrame, tmp_path) -> None:
    import yaml

    from regionlens.analysis.findings import DEFAULT_THRESHOLDS

    data = yaml.safe_load(DEFAULT_THRESHOLDS.read_text(encoding="utf-8"))
    data["substantive_level_gap"]["min_diff"] = 0.5
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = analyze(planted, replace(CONFIG, thresholds_path=path))
    assert "substantive_level_gap" not in _warnings(result)


def test_models_and_full_analysis_are_fast_on_5000_rows(planted: pd.DataFrame) -> None:
    import time

    start = time.process_time()
    level_models(planted)
    models = time.process_time() - start
    start = time.process_time()
    analyze(planted, CONFIG)
    total = time.process_time() - start
    assert models < 10 and total < 20, (models, total)   # CPU-seconds (a loaded machine cannot inflate them); a few
