"""The shared statistics agree with scipy/statsmodels computed directly on small tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.stats.contingency import association
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from regionlens.analysis.stats import chi_square, holm, mean_ci, two_proportion_test, wilson_ci

TABLE = pd.DataFrame([[30, 12, 8, 0], [14, 25, 9, 0], [6, 7, 21, 0]], index=["RU", "BY", "union"],
                     columns=["ECON", "CULT", "POL", "INFO"])


def test_chi_square_matches_scipy_and_drops_empty_columns() -> None:
    res = chi_square(TABLE)
    chi2, p, dof, _ = stats.chi2_contingency(TABLE.iloc[:, :3].values, correction=False)
    assert res.chi2 == pytest.approx(chi2)
    assert res.p_value == pytest.approx(p)
    assert res.dof == dof == 4
    assert res.cramers_v == pytest.approx(association(TABLE.iloc[:, :3].values, method="cramer"))
    assert list(res.residuals.columns) == ["ECON", "CULT", "POL"]


def test_adjusted_residuals_match_statsmodels() -> None:
    res = chi_square(TABLE)
    expected = Table(TABLE.iloc[:, :3].values.astype(float)).standardized_resids
    np.testing.assert_allclose(res.residuals.values, np.asarray(expected), rtol=1e-9)


def test_degenerate_table_gives_nan_not_error() -> None:
    res = chi_square(pd.DataFrame([[5, 3]], index=["RU"], columns=["ECON", "POL"]))
    assert np.isnan(res.chi2) and np.isnan(res.cramers_v)


@pytest.mark.parametrize(("k", "n"), [(0, 20), (3, 40), (17, 30), (250, 1000), (40, 40)])
def test_wilson_interval_matches_statsmodels(k: int, n: int) -> None:
    low, high = wilson_ci(k, n)
    ref_low, ref_high = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert float(low) == pytest.approx(ref_low, abs=1e-12)
    assert float(high) == pytest.approx(ref_high, abs=1e-12)


@pytest.mark.parametrize(("k1", "n1", "k2", "n2"), [(45, 100, 25, 100), (10, 300, 9, 280), (400, 900, 350, 1000)])
def test_two_proportion_z_matches_statsmodels(k1: int, n1: int, k2: int, n2: int) -> None:
    res = two_proportion_test(k1, n1, k2, n2)
    z, p = proportions_ztest([k1, k2], [n1, n2])
    assert res.z == pytest.approx(z)
    assert res.p_value == pytest.approx(p)
    assert res.diff == pytest.approx(k1 / n1 - k2 / n2)
    assert res.diff_low < res.diff < res.diff_high


def test_holm_matches_statsmodels() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.2, 0.001])
    np.testing.assert_allclose(holm(p), multipletests(p, method="holm")[1])


def test_mean_ci_is_the_t_interval() -> None:
    x = np.array([1, 0, 0, 1, -1, 1, 0, 1, 1, 0], dtype=float)
    m, low, high = mean_ci(x)
    ref = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert m == pytest.approx(x.mean())
    assert (low, high) == pytest.approx(ref)
