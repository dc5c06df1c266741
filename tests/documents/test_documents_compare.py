"""Profile comparison statistics against scipy on small data."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.spatial.distance import cosine as scipy_cosine
from scipy.spatial.distance import jensenshannon

from regionlens.analysis.frame import TOPICS
from regionlens.documents.compare import compare_profiles, js_divergence, shares, topic_matrix


def test_js_divergence_matches_scipy() -> None:
    rng = np.random.default_rng(3)
    for _ in range(5):
        p, q = rng.integers(0, 9, 12).astype(float), rng.integers(0, 9, 12).astype(float)
        assert np.sqrt(js_divergence(p, q)) == pytest.approx(jensenshannon(p, q, base=2), abs=1e-9)
    assert js_divergence(np.array([1.0, 0]), np.array([0, 1.0])) == pytest.approx(1.0)
    rows = js_divergence(np.array([[1.0, 1, 0], [2, 0, 0]]), np.array([[1.0, 1, 0], [0, 0, 3]]))
    assert rows.tolist() == pytest.approx([0.0, 1.0])


def test_topic_matrix_counts_each_topic_once_per_publication() -> None:
    m = topic_matrix([["ECON", "ECON", "EDU"], [], ["UNKNOWN", "POL"]])
    assert m.shape == (3, len(TOPICS))
    assert m[0, TOPICS.index("ECON")] == 1 and m[0].sum() == 2 and m[1].sum() == 0 and m[2].sum() == 1


def test_compare_profiles_numbers_and_permutation_p_against_scipy() -> None:
    rng = np.random.default_rng(11)
    a = [list(rng.choice(["ECON", "ENERGY", "EDU"], size=2, replace=False)) for _ in range(15)]
    b = [list(rng.choice(["ECON", "POL", "CULT", "EDU"], size=2, replace=False)) for _ in range(40)]
    res = compare_profiles(a, b, n_perm=2000, seed=1)
    ca, cb = topic_matrix(a).sum(axis=0), topic_matrix(b).sum(axis=0)
    assert res.js_distance == pytest.approx(jensenshannon(ca, cb, base=2))
    assert res.cosine == pytest.approx(1 - scipy_cosine(shares(ca), shares(cb)))
    assert res.share_a.sum() == pytest.approx(1.0)

    xa, xb = topic_matrix(a), topic_matrix(b)

    def statistic(x: np.ndarray, y: np.ndarray, axis: int) -> np.ndarray:
        return js_divergence(x.sum(axis=axis), y.sum(axis=axis))

    ref = stats.permutation_test((xa, xb), statistic, permutation_type="independent", n_resamples=4000,
                                 alternative="greater", vectorized=True, axis=0, rng=np.random.default_rng(2))
    assert ref.statistic == pytest.approx(res.js_divergence)
    assert res.p_value == pytest.approx(ref.pvalue, abs=0.01)


def test_same_distribution_is_not_significant() -> None:
    rng = np.random.default_rng(5)
    topics = ["ECON", "EDU", "CULT", "POL"]
    a = [list(rng.choice(topics, size=2, replace=False)) for _ in range(60)]
    b = [list(rng.choice(topics, size=2, replace=False)) for _ in range(60)]
    res = compare_profiles(a, b, n_perm=999, seed=0)
    assert res.p_value > 0.05
    assert 1 / 1000 <= res.p_value <= 1
