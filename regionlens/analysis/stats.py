"""The small set of tests every analysis shares, computed the textbook way.

Kept together so that findings quote exactly the statistic a section reports,
and so the tests can compare each one with scipy/statsmodels directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

Z95 = float(stats.norm.ppf(0.975))


def wilson_ci(k: np.ndarray | float, n: np.ndarray | float, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval: stays inside [0, 1] and behaves at small n and extreme shares."""
    k_arr = np.asarray(k, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k_arr / n_arr
        denom = 1 + z**2 / n_arr
        centre = (p + z**2 / (2 * n_arr)) / denom
        half = z * np.sqrt(p * (1 - p) / n_arr + z**2 / (4 * n_arr**2)) / denom
    return centre - half, centre + half


@dataclass(frozen=True, slots=True)
class TwoProp:
    p1: float
    p2: float
    n1: int
    n2: int
    diff: float
    z: float
    p_value: float
    diff_low: float
    diff_high: float


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> TwoProp:
    """Pooled two-proportion z-test (as statsmodels proportions_ztest) with a Wald CI for p1 − p2."""
    if n1 == 0 or n2 == 0:
        nan = float("nan")
        return TwoProp(nan, nan, n1, n2, nan, nan, nan, nan, nan)
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se0 = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p1 - p2) / se0 if se0 > 0 else 0.0
    p_value = float(2 * stats.norm.sf(abs(z))) if se0 > 0 else 1.0
    se = np.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return TwoProp(p1, p2, n1, n2, p1 - p2, float(z), p_value, p1 - p2 - Z95 * se, p1 - p2 + Z95 * se)


def mean_ci(values: np.ndarray, z: float | None = None) -> tuple[float, float, float]:
    """Mean with a t interval (the tone mean: −1/0/1 scores, n is large in practice)."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(x.mean())
    if n < 2:
        return m, float("nan"), float("nan")
    se = float(x.std(ddof=1) / np.sqrt(n))
    t = float(stats.t.ppf(0.975, n - 1)) if z is None else z
    return m, m - t * se, m + t * se


@dataclass(frozen=True, slots=True)
class ChiSquare:
    chi2: float
    dof: int
    p_value: float
    cramers_v: float
    n: int
    residuals: pd.DataFrame


def chi_square(table: pd.DataFrame) -> ChiSquare:
    """Chi-square test of independence with adjusted standardised residuals and Cramér's V.

    Empty rows/columns are dropped first (they carry no information and make
    expected counts zero). Residuals beyond ±1.96 mark the cells that differ.
    """
    t = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0].astype(float)
    if t.shape[0] < 2 or t.shape[1] < 2:
        return ChiSquare(float("nan"), 0, float("nan"), float("nan"), int(t.values.sum()), t * np.nan)
    chi2, p, dof, expected = stats.chi2_contingency(t.values, correction=False)
    n = t.values.sum()
    row = t.sum(axis=1).values[:, None] / n
    col = t.sum(axis=0).values[None, :] / n
    adj = (t.values - expected) / np.sqrt(expected * (1 - row) * (1 - col))
    v = float(np.sqrt(chi2 / (n * (min(t.shape) - 1))))
    return ChiSquare(float(chi2), int(dof), float(p), v, int(n), pd.DataFrame(adj, index=t.index, columns=t.columns))


def holm(p_values: np.ndarray) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (many pairs/events are tested at once)."""
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    order = np.argsort(p)
    m = len(p)
    adj = np.empty(m)
    running = 0.0
    for rank, idx in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[idx]))
        adj[idx] = running
    return adj


def share_table(frame: pd.DataFrame, by: list[str], column: str) -> pd.DataFrame:
    """n, k, share and Wilson CI of a 0/1 column per group."""
    g = frame.groupby(by, observed=True, dropna=False)[column].agg(["size", "sum"]).reset_index()
    g = g.rename(columns={"size": "n", "sum": "k"})
    g["share"] = g["k"] / g["n"]
    low, high = wilson_ci(g["k"].to_numpy(), g["n"].to_numpy())
    g["ci_low"], g["ci_high"] = low, high
    return g
