"""Dynamics and the information gap: numbers by hand and scipy, planted demo regions recovered."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from regionlens.analysis.frame import frame_from_demo
from regionlens.demo.extras import generate_extras
from regionlens.demo.generator import generate_demo
from regionlens.messages.labels import region_name
from regionlens.stats import (
    cagr,
    dynamics,
    gap_section,
    information_gap,
    media_attention,
    parse_indicators,
    partner_shares,
    per_capita,
    region_shares,
)


def _frame(rows: list[tuple[str, str, int, str, float]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["region_code", "partner", "year", "indicator", "value"])
    return df.assign(unit=None, source=None)


def test_growth_index_and_cagr() -> None:
    df = _frame([("RU-SMO", "BY", 2020, "t", 100.0), ("RU-SMO", "BY", 2021, "t", 110.0),
                 ("RU-SMO", "BY", 2023, "t", 133.1)])
    dyn = dynamics(df).set_index("year")
    assert np.isnan(dyn.loc[2020, "growth"]) and dyn.loc[2021, "growth"] == pytest.approx(0.10)
    assert np.isnan(dyn.loc[2023, "growth"])  # 2022 is missing: no one-year growth
    assert dyn.loc[2023, "index"] == pytest.approx(133.1)
    based = dynamics(df, base_year=2021).set_index("year")
    assert based.loc[2023, "index"] == pytest.approx(133.1 / 110 * 100)
    row = cagr(df).iloc[0]
    assert row["cagr"] == pytest.approx((133.1 / 100) ** (1 / 3) - 1)
    assert row["cagr"] == pytest.approx(0.1, abs=1e-9)


def test_shares_and_per_capita() -> None:
    df = _frame([("RU-SMO", "BY", 2021, "t", 30.0), ("RU-SMO", "KZ", 2021, "t", 10.0),
                 ("RU-BRY", "BY", 2021, "t", 90.0), ("RU-SMO", "ALL", 2021, "population", 1_000_000.0)])
    ps = partner_shares(df).set_index(["region_code", "partner"])["partner_share"]
    assert ps[("RU-SMO", "BY")] == pytest.approx(0.75) and ps[("RU-BRY", "BY")] == pytest.approx(1.0)
    rs = region_shares(df).set_index(["region_code", "partner"])["region_share"]
    assert rs[("RU-SMO", "BY")] == pytest.approx(0.25)
    pc = per_capita(df, per=100_000)
    assert set(pc["region_code"]) == {"RU-SMO"}  # no population for RU-BRY
    assert pc.set_index("partner").loc["BY", "per_capita"] == pytest.approx(3.0)


def _media(rows: list[tuple[str, list[str], int]]) -> pd.DataFrame:
    return pd.DataFrame([{"id": str(i), "published_at": pd.Timestamp(f"{y}-05-01", tz="UTC"), "union": 1, "interregional": 1,
                          "substantive": s, "regions": regs} for i, (y, regs, s) in enumerate(rows)]
                        ).assign(published_at=lambda d: d["published_at"])


def test_media_attention_counts_interregional_mentions_per_year() -> None:
    media = pd.DataFrame({
        "id": ["1", "2", "3", "4"],
        "published_at": pd.to_datetime(["2021-03-01", "2021-06-01", "2022-01-01", "2021-01-01"], utc=True),
        "union": [1, 1, 1, 1], "interregional": [1, 1, 1, 0], "substantive": [1, 0, 1, 1],
        "regions": [["RU-SMO", "BY-VI"], ["RU-SMO"], ["RU-SMO"], ["RU-SMO"]],
    })
    att = media_attention(media).set_index(["region_code", "year"])
    assert att.loc[("RU-SMO", 2021), "attention"] == 2
    assert att.loc[("RU-SMO", 2021), "substantive_share"] == pytest.approx(0.5)
    assert att.loc[("BY-VI", 2021), "attention"] == 1


def test_gap_spearman_matches_scipy() -> None:
    regions = ["RU-SMO", "RU-BRY", "RU-PSK", "BY-VI", "BY-HO"]
    ties_values = [50.0, 40.0, 30.0, 20.0, 10.0]
    mentions = [1, 5, 2, 4, 3]
    ind = _frame([(r, "BY", 2021, "trade", v) for r, v in zip(regions, ties_values, strict=True)])
    media = pd.DataFrame([{"id": f"{r}{k}", "published_at": pd.Timestamp("2021-05-01", tz="UTC"), "union": 1,
                           "interregional": 1, "substantive": 0, "regions": [r]}
                          for r, n in zip(regions, mentions, strict=True) for k in range(n)])
    gap = information_gap(ind, media, "trade")
    ref = stats.spearmanr(ties_values, mentions)
    assert gap.rho == pytest.approx(ref.statistic) and gap.p_value == pytest.approx(ref.pvalue)
    quadrant = gap.by_region.set_index("region_code")["quadrant"]
    assert quadrant["RU-SMO"] == "under_communicated"  # most trade, fewest publications
    assert quadrant["BY-VI"] == "declarative"


@pytest.fixture(scope="module")
def demo_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    media = tmp_path_factory.mktemp("media")
    generate_demo(media, seed=5, n_docs=1500)
    extras = tmp_path_factory.mktemp("extras")
    generate_extras(extras, seed=5, media_dir=media)
    return media, extras


def test_planted_under_communicated_regions_are_recovered(demo_dirs: tuple[Path, Path]) -> None:
    media_dir, extras_dir = demo_dirs
    parsed = parse_indicators(extras_dir / "indicators.csv")
    assert parsed.errors == []
    section, findings = gap_section(parsed.frame, frame_from_demo(media_dir), "trade_turnover")
    quadrants = section.tables["quadrants"].set_index("region_code")["quadrant"]
    assert set(quadrants[quadrants == "under_communicated"].index) == {"RU-YAR", "RU-SVE"}
    truth = json.loads((extras_dir / "ground_truth_extras.json").read_text(encoding="utf-8"))
    assert quadrants[truth["declarative"][0]] == "declarative"
    assert section.stats["under_communicated"][:2] in (["RU-YAR", "RU-SVE"], ["RU-SVE", "RU-YAR"])
    assert section.chart is not None and section.chart.kind == "scatter"
    under = next(f for f in findings if f.key == "gap_under_communicated")
    # regions named as readers know them, not by code
    assert region_name("RU-YAR", "ru") in under.text_ru and region_name("RU-SVE", "en") in under.text_en
    assert "RU-YAR" not in under.text_ru and under.recommendations_ru
    assert any(f.key == "gap_correlation" and f.p_value is not None for f in findings)


@pytest.mark.parametrize(("seed", "n_docs"), [(1, 800), (9, 1000)])
def test_planted_gap_holds_for_other_media_corpora(tmp_path: Path, seed: int, n_docs: int) -> None:
    generate_demo(tmp_path / "m", seed=seed, n_docs=n_docs)
    generate_extras(tmp_path / "x", seed=seed, media_dir=tmp_path / "m")
    gap = information_gap(parse_indicators(tmp_path / "x" / "indicators.csv").frame, frame_from_demo(tmp_path / "m"),
                          "trade_turnover")
    under = gap.by_region.loc[gap.by_region["quadrant"] == "under_communicated", "region_code"]
    assert set(under) == {"RU-YAR", "RU-SVE"}
