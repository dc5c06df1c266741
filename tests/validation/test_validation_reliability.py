"""Krippendorff's alpha, its bootstrap CI and multi-label agreement."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest

from regionlens.validation.reliability import (
    alpha,
    bootstrap_alphas,
    bootstrap_matrix,
    multilabel_reliability,
    scalar_reliability,
)

N = None
# Krippendorff (2011), «Computing Krippendorff's Alpha-Reliability», nominal example: 4 coders, 12 units, missing data.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def _np(data: list[list[int | None]]) -> np.ndarray:
    return np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)


def test_published_nominal_example() -> None:
    assert alpha(K2011, "nominal") == pytest.approx(0.743, abs=0.0005)


def test_bootstrap_formula_equals_package_on_the_full_sample() -> None:
    ones = np.ones((1, 12))
    assert bootstrap_alphas(K2011, "nominal", ones)[0] == pytest.approx(krippendorff.alpha(reliability_data=_np(K2011), level_of_measurement="nominal"))
    gold = [1, 0, -1, 1, 1, 0, 0, 1, -1, 1, 0, 1]
    auto = [1, 0, 0, 1, 0, 0, 1, 1, -1, 1, 0, 1]
    direct = krippendorff.alpha(reliability_data=[gold, auto], level_of_measurement="ordinal")
    assert alpha([gold, auto], "ordinal") == pytest.approx(direct)
    assert bootstrap_alphas([gold, auto], "ordinal", ones)[0] == pytest.approx(direct)
    assert alpha([gold, auto], "nominal") == pytest.approx(krippendorff.alpha(reliability_data=[gold, auto], level_of_measurement="nominal"))


def test_bootstrap_is_seeded_and_brackets_alpha() -> None:
    gold = [0, 1] * 20 + [1, 1, 0, 0]
    auto = [0, 1] * 20 + [0, 1, 1, 0]
    first = scalar_reliability("union", gold, auto)
    again = scalar_reliability("union", gold, auto)
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert first.ci_low <= first.alpha <= first.ci_high
    assert first.n == 44 and first.agreement == pytest.approx(42 / 44)
    assert bootstrap_matrix(10, draws=5).sum(axis=1).tolist() == [10.0] * 5


def test_perfect_and_undefined_agreement() -> None:
    assert alpha([[0, 1, 1, 0], [0, 1, 1, 0]]) == 1.0
    assert math.isnan(alpha([[1, 1, 1], [1, 1, 1]]))


def test_multilabel_per_label_binary() -> None:
    gold = [["ECON"], ["ECON", "IND"], [], ["CULT"], ["IND"]]
    auto = [["ECON"], ["ECON"], ["CULT"], ["CULT"], ["IND"]]
    r = multilabel_reliability("topics", gold, auto)
    by = {s.label: s for s in r.labels}
    assert (by["ECON"].tp, by["ECON"].fp, by["ECON"].fn) == (2, 0, 0)
    assert (by["IND"].tp, by["IND"].fn) == (1, 1)
    assert (by["CULT"].tp, by["CULT"].fp) == (1, 1)
    assert r.micro_f1 == pytest.approx(2 * 4 / (2 * 4 + 1 + 1))
    assert by["ECON"].alpha == 1.0
    assert by["IND"].alpha == pytest.approx(alpha([[0, 1, 0, 0, 1], [0, 0, 0, 0, 1]]))
    assert r.alpha == pytest.approx(np.mean([s.alpha for s in r.labels]))
    assert r.set_agreement == pytest.approx(3 / 5)
