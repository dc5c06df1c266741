"""Survey statistics against pingouin and scipy on small data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from regionlens.surveys.schema import Ranking, Scale, SurveySchema
from regionlens.surveys.stats import (
    compare_countries,
    cronbach_alpha,
    item_stats,
    kendall_w,
    mann_whitney,
    open_answer_topics,
    reversed_items,
    scale_scores,
)


def _likert(seed: int, n: int = 25, k: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    latent = rng.normal(3, 1, n)
    data = np.clip(np.rint(latent[:, None] + rng.normal(0, 0.8, (n, k))), 1, 5)
    return pd.DataFrame(data, columns=[f"q{i}" for i in range(k)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cronbach_alpha_matches_pingouin(seed: int) -> None:
    items = _likert(seed)
    items.iloc[3, 1] = np.nan  # listwise deletion must drop this respondent
    alpha, n = cronbach_alpha(items)
    expected, _ci = pg.cronbach_alpha(data=items, nan_policy="listwise")
    assert n == len(items) - 1
    assert alpha == pytest.approx(expected, abs=1e-9)


def test_reverse_keyed_items_are_flipped_before_alpha() -> None:
    items = _likert(4)
    items["q3"] = 6 - items["q3"]  # stored reversed, as a questionnaire would
    scale = Scale("s", ("q0", "q1", "q2", "q3"), 1, 5, ("q3",))
    flipped = reversed_items(items, scale)
    assert flipped["q3"].tolist() == (6 - items["q3"]).tolist()
    alpha_raw, _ = cronbach_alpha(items)
    alpha_fixed, _ = cronbach_alpha(flipped)
    assert alpha_fixed > alpha_raw
    assert alpha_fixed == pytest.approx(pg.cronbach_alpha(data=flipped)[0], abs=1e-9)


def _friedman(ranks: np.ndarray) -> float:
    return float(stats.friedmanchisquare(*ranks.T).statistic)


def test_kendall_w_without_ties_matches_formula_and_friedman() -> None:
    rng = np.random.default_rng(7)
    m, n = 9, 5
    ranks = np.array([rng.permutation(n) + 1 for _ in range(m)], dtype=float)
    w = kendall_w(pd.DataFrame(ranks))
    totals = ranks.sum(axis=0)
    s = ((totals - totals.mean()) ** 2).sum()
    assert w.w == pytest.approx(12 * s / (m**2 * (n**3 - n)))
    assert w.chi2 == pytest.approx(_friedman(ranks))
    assert w.p_value == pytest.approx(stats.friedmanchisquare(*ranks.T).pvalue)
    assert (w.m, w.n, w.df) == (m, n, n - 1)


def test_kendall_w_with_ties_matches_friedman_tie_correction() -> None:
    scores = np.array([[1, 2, 2, 4], [1, 3, 2, 4], [2, 2, 1, 3], [1, 2, 3, 3], [1, 1, 2, 4]], dtype=float)
    w = kendall_w(pd.DataFrame(scores))
    assert w.chi2 == pytest.approx(_friedman(scores))
    assert 0 < w.w < 1


def test_kendall_w_perfect_agreement_is_one() -> None:
    ranks = pd.DataFrame([[1, 2, 3, 4]] * 6)
    assert kendall_w(ranks).w == pytest.approx(1.0)


def test_mann_whitney_matches_scipy_and_pingouin() -> None:
    a = pd.Series([4, 5, 5, 4, 3, 5, 4.5, 2])
    b = pd.Series([2, 3, 3, 4, 2, 1, 3, np.nan])
    u, p, r = mann_whitney(a, b)
    ref = stats.mannwhitneyu(a, b.dropna(), alternative="two-sided")
    assert u == pytest.approx(ref.statistic)
    assert p == pytest.approx(ref.pvalue)
    table = pg.mwu(a, b.dropna(), alternative="two-sided")
    assert r == pytest.approx(float(table["RBC"].iloc[0]))
    assert p == pytest.approx(float(table["p_val"].iloc[0]))


def test_compare_countries_uses_reverse_keyed_scale_scores() -> None:
    frame = pd.DataFrame({
        "country": ["RU"] * 5 + ["BY"] * 5,
        "a": [2, 3, 2, 3, 2, 5, 4, 5, 4, 5], "b": [2, 2, 3, 3, 2, 4, 5, 4, 5, 5], "c": [4, 4, 3, 3, 4, 1, 2, 1, 1, 2],
    }, dtype=object)
    frame[["a", "b", "c"]] = frame[["a", "b", "c"]].astype(float)
    scale = Scale("coop", ("a", "b", "c"), 1, 5, ("c",))
    schema = SurveySchema("t", scales=(scale,))
    (res,) = compare_countries(frame, schema)
    scores = scale_scores(frame, scale)
    ref = stats.mannwhitneyu(scores[:5], scores[5:], alternative="two-sided")
    assert res.u == pytest.approx(ref.statistic)
    assert res.p_value == pytest.approx(ref.pvalue)
    assert res.r_rb == pytest.approx(-1.0)  # every Belarusian score is above every Russian one
    assert res.mean_b > res.mean_a


def test_item_stats_numbers() -> None:
    frame = pd.DataFrame({"x": [1.0, 2.0, 2.0, 5.0, np.nan], "y": [3.0, 3.0, 4.0, 4.0, 4.0]})
    schema = SurveySchema("t", scales=(Scale("s", ("x", "y")),), rankings=(Ranking("r", ("x", "y")),))
    table = item_stats(frame, schema)
    x = table.loc[(table["group"] == "s") & (table["item"] == "x")].iloc[0]
    assert x["n"] == 4
    assert x["mean"] == pytest.approx(2.5)
    assert x["sd"] == pytest.approx(np.std([1, 2, 2, 5], ddof=1))
    assert x["median"] == pytest.approx(2.0)
    assert x["distribution"] == "1: 1; 2: 2; 5: 1"


def test_open_answers_are_coded_with_the_codebook() -> None:
    frame = pd.DataFrame({"why": ["Не хватает стажировок и обмена студентами между университетами.",
                                  "Логистика и пограничные процедуры тормозят поставки, нужна транспортная инфраструктура.",
                                  "Университеты и студенты мало участвуют.", None]})
    topics = open_answer_topics(frame, SurveySchema("t", open=("why",)))
    edu = topics.loc[topics["topic"] == "EDU"].iloc[0]
    assert edu["answers"] == 2
    assert edu["share"] == pytest.approx(2 / 3)
    assert "TRANS" in set(topics["topic"])
