"""Krippendorff's alpha with a unit bootstrap, and agreement for multi-label variables.

Alpha itself comes from the `krippendorff` package (the reference
implementation users cite). The bootstrap needs thousands of alphas, so it
uses the same coincidence-matrix formula on precomputed per-unit
coincidences: a draw is a weighted sum of unit matrices, which is exact and
fast. Multi-label variables (regions, topics, actors) are split into one
binary variable per label, as content analysts usually report them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import krippendorff
import numpy as np

DRAWS = 1000
SEED = 20220101


def alpha(data: Sequence[Sequence[Any]], level: str = "nominal") -> float:
    """Alpha for reliability data (coders × units; None = missing) via the krippendorff package."""
    values = sorted({v for row in data for v in row if v is not None}, key=_order_key)
    if len(values) < 2:
        return math.nan
    index = {v: i for i, v in enumerate(values)}
    numeric = np.array([[np.nan if v is None else float(index[v] if level == "nominal" else v) for v in row] for row in data])
    try:
        return float(krippendorff.alpha(reliability_data=numeric, level_of_measurement=level,  # type: ignore[arg-type]
                                        value_domain=[float(index[v] if level == "nominal" else v) for v in values]))
    except (ValueError, ZeroDivisionError):
        return math.nan


def _order_key(v: Any) -> tuple[int, Any]:
    return (0, v) if isinstance(v, int | float) else (1, str(v))


def _unit_coincidences(data: Sequence[Sequence[Any]], values: list[Any]) -> np.ndarray:
    """units × V × V coincidences contributed by each pairable unit."""
    index = {v: i for i, v in enumerate(values)}
    n_units = len(data[0]) if data else 0
    out = np.zeros((n_units, len(values), len(values)))
    for u in range(n_units):
        vals = [index[row[u]] for row in data if row[u] is not None]
        m = len(vals)
        if m < 2:
            continue
        for i, a in enumerate(vals):
            for j, b in enumerate(vals):
                if i != j:
                    out[u, a, b] += 1.0 / (m - 1)
    return out


def _delta(values: list[Any], n: np.ndarray, level: str) -> np.ndarray:
    v = len(values)
    if level == "nominal":
        return 1.0 - np.eye(v)
    if level == "ordinal":
        cum = np.concatenate([[0.0], np.cumsum(n)])
        d = np.zeros((v, v))
        for c in range(v):
            for k in range(v):
                lo, hi = min(c, k), max(c, k)
                d[c, k] = (cum[hi + 1] - cum[lo] - (n[c] + n[k]) / 2.0) ** 2
        return d
    x = np.array([float(a) for a in values])
    return np.subtract.outer(x, x) ** 2


def _alpha_from(o: np.ndarray, values: list[Any], level: str) -> float:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return math.nan
    d = _delta(values, n_c, level)
    d_o = (o * d).sum()
    d_e = (np.outer(n_c, n_c) * d).sum()
    if d_e == 0:
        return math.nan
    return float(1.0 - (n - 1) * d_o / d_e)


def bootstrap_matrix(n_units: int, draws: int = DRAWS, seed: int = SEED) -> np.ndarray:
    """draws × units counts of how often each unit is drawn (resampling units with replacement)."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n_units, size=(draws, n_units))
    counts = np.zeros((draws, n_units))
    for d in range(draws):
        counts[d] = np.bincount(idx[d], minlength=n_units)
    return counts


def bootstrap_alphas(data: Sequence[Sequence[Any]], level: str, weights: np.ndarray) -> np.ndarray:
    values = sorted({v for row in data for v in row if v is not None}, key=_order_key)
    if len(values) < 2 or not data:
        return np.full(len(weights), math.nan)
    units = _unit_coincidences(data, values)
    flat = units.reshape(units.shape[0], -1)
    sums = (weights @ flat).reshape(len(weights), len(values), len(values))
    return np.array([_alpha_from(o, values, level) for o in sums])


def ci(samples: np.ndarray) -> tuple[float, float]:
    good = samples[~np.isnan(samples)]
    if not len(good):
        return math.nan, math.nan
    return float(np.percentile(good, 2.5)), float(np.percentile(good, 97.5))


@dataclass(slots=True)
class LabelStats:
    label: str
    tp: int
    fp: int
    fn: int
    alpha: float

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else math.nan

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else math.nan

    @property
    def f1(self) -> float:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else math.nan


@dataclass(slots=True)
class VariableReliability:
    variable: str
    level: str
    n: int
    alpha: float
    ci_low: float
    ci_high: float
    agreement: float
    labels: list[LabelStats] = field(default_factory=list)
    micro_f1: float = math.nan
    pooled_alpha: float = math.nan
    set_agreement: float = math.nan
    mean_jaccard: float = math.nan


def scalar_reliability(variable: str, gold: list[Any], auto: list[Any], level: str = "nominal",
                       weights: np.ndarray | None = None) -> VariableReliability:
    data = [list(gold), list(auto)]
    a = alpha(data, level)
    w = weights if weights is not None else bootstrap_matrix(len(gold))
    lo, hi = ci(bootstrap_alphas(data, level, w))
    pairs = [(g, x) for g, x in zip(gold, auto, strict=True) if g is not None and x is not None]
    agree = sum(1 for g, x in pairs if g == x) / len(pairs) if pairs else math.nan
    return VariableReliability(variable, level, len(pairs), a, lo, hi, agree)


def multilabel_reliability(variable: str, gold: Sequence[Sequence[str] | None], auto: Sequence[Sequence[str] | None],
                           weights: np.ndarray | None = None) -> VariableReliability:
    """Each label as a binary variable: label alphas (mean is the headline), micro F1, set agreement."""
    units = [i for i, (g, x) in enumerate(zip(gold, auto, strict=True)) if g is not None and x is not None]
    g_sets = [set(gold[i] or []) for i in units]
    a_sets = [set(auto[i] or []) for i in units]
    labels = sorted(set().union(*g_sets, *a_sets)) if units else []
    w = weights[:, units] if weights is not None else bootstrap_matrix(len(units))
    stats: list[LabelStats] = []
    boot: list[np.ndarray] = []
    for label in labels:
        g = [int(label in s) for s in g_sets]
        x = [int(label in s) for s in a_sets]
        tp = sum(1 for p, q in zip(g, x, strict=True) if p and q)
        fp = sum(1 for p, q in zip(g, x, strict=True) if q and not p)
        fn = sum(1 for p, q in zip(g, x, strict=True) if p and not q)
        stats.append(LabelStats(label, tp, fp, fn, alpha([g, x], "nominal")))
        boot.append(bootstrap_alphas([g, x], "nominal", w))
    label_alphas = [s.alpha for s in stats if not math.isnan(s.alpha)]
    mean_alpha = float(np.mean(label_alphas)) if label_alphas else math.nan
    if boot:
        with np.errstate(all="ignore"):
            stacked = np.vstack(boot)
            valid = ~np.isnan(stacked)
            means = np.where(valid.any(axis=0), np.nansum(stacked, axis=0) / np.maximum(valid.sum(axis=0), 1), np.nan)
        lo, hi = ci(means)
    else:
        lo = hi = math.nan
    tp = sum(s.tp for s in stats)
    fp = sum(s.fp for s in stats)
    fn = sum(s.fn for s in stats)
    micro = 2 * tp / (2 * tp + fp + fn) if (2 * tp + fp + fn) else math.nan
    pooled_g = [int(lab in s) for s in g_sets for lab in labels]
    pooled_x = [int(lab in s) for s in a_sets for lab in labels]
    pooled = alpha([pooled_g, pooled_x], "nominal") if labels else math.nan
    exact = sum(1 for p, q in zip(g_sets, a_sets, strict=True) if p == q) / len(units) if units else math.nan
    jac = [len(p & q) / len(p | q) if p | q else 1.0 for p, q in zip(g_sets, a_sets, strict=True)]
    return VariableReliability(
        variable, "nominal (per label)", len(units), mean_alpha, lo, hi, exact, stats, micro, pooled, exact,
        float(np.mean(jac)) if jac else math.nan,
    )
