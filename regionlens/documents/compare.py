"""Comparing topic priority profiles: Jensen–Shannon divergence, cosine, and a permutation test.

A profile is the share of each topic among all topic labels of a group of
publications. Whether two groups differ more than chance is judged by shuffling
the group labels of the pooled publications (each publication keeps its own
topics), so no distributional assumption is needed and a set of five documents
is not treated as if it were five thousand labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from regionlens.analysis.frame import TOPICS


def topic_matrix(topic_lists: Sequence[Sequence[str]], topics: Sequence[str] = TOPICS) -> np.ndarray:
    """Publications × topics label counts (a publication counts each of its topics once)."""
    index = {t: i for i, t in enumerate(topics)}
    out = np.zeros((len(topic_lists), len(topics)))
    for row, labels in enumerate(topic_lists):
        for t in set(labels):
            if t in index:
                out[row, index[t]] = 1
    return out


def shares(counts: np.ndarray) -> np.ndarray:
    """Normalise counts along the last axis; an all-zero row stays zero."""
    total = counts.sum(axis=-1, keepdims=True)
    return np.divide(counts, total, out=np.zeros_like(counts, dtype=float), where=total > 0)


def js_divergence(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Jensen–Shannon divergence in bits, row-wise (its square root is scipy's jensenshannon(base=2))."""
    p, q = shares(np.asarray(p, float)), shares(np.asarray(q, float))
    m = (p + q) / 2

    def kl(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        ratio = np.divide(a, b, out=np.ones_like(a), where=(a > 0) & (b > 0))
        return (a * np.log2(ratio)).sum(axis=-1)

    return np.clip(0.5 * kl(p, m) + 0.5 * kl(q, m), 0.0, 1.0)


def cosine(p: np.ndarray, q: np.ndarray) -> float:
    p, q = np.asarray(p, float), np.asarray(q, float)
    norm = float(np.linalg.norm(p) * np.linalg.norm(q))
    return float(p @ q / norm) if norm else float("nan")


@dataclass(frozen=True, slots=True)
class Comparison:
    n_a: int
    n_b: int
    share_a: np.ndarray
    share_b: np.ndarray
    js_distance: float
    js_divergence: float
    cosine: float
    p_value: float
    n_perm: int


def compare_profiles(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]], *, n_perm: int = 2000, seed: int = 0,
                     topics: Sequence[str] = TOPICS) -> Comparison:
    """Profiles of two groups of publications and the permutation p-value of their JS divergence.

    p = (1 + #{permuted ≥ observed}) / (1 + n_perm): shuffling which publications
    belong to which group, with group sizes kept.
    """
    xa, xb = topic_matrix(a, topics), topic_matrix(b, topics)
    ca, cb = xa.sum(axis=0), xb.sum(axis=0)
    observed = float(js_divergence(ca, cb))
    pooled = np.vstack([xa, xb])
    total = pooled.sum(axis=0)
    n_small = min(len(a), len(b))
    p_value = float("nan")
    if n_perm > 0 and n_small > 0 and ca.sum() > 0 and cb.sum() > 0:
        rng = np.random.default_rng(seed)
        picks = np.stack([rng.permutation(len(pooled))[:n_small] for _ in range(n_perm)])
        small = pooled[picks].sum(axis=1)
        perm = js_divergence(small, total - small)
        p_value = float((1 + np.count_nonzero(perm >= observed - 1e-12)) / (1 + n_perm))
    return Comparison(len(a), len(b), shares(ca), shares(cb), float(np.sqrt(observed)), observed,
                      cosine(shares(ca), shares(cb)), p_value, n_perm)


def topic_differences(comp: Comparison, topics: Sequence[str] = TOPICS) -> pd.DataFrame:
    return pd.DataFrame({"topic": list(topics), "share_a": comp.share_a, "share_b": comp.share_b,
                         "diff": comp.share_a - comp.share_b})
