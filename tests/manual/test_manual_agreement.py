"""Agreement statistics on long data against published examples and the reference packages."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from regionlens.coding.codebook import load_codebook
from regionlens.manual.agreement import (
    LongDataError,
    analyse_long,
    read_long_csv,
    reliability_table,
    verdict,
)

# Krippendorff (2011), «Computing Krippendorff's Alpha-Reliability», section C: 4 observers, 12 units, missing data.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def _long(matrix: Sequence[Sequence[object]], variable: str = "v") -> pd.DataFrame:
    rows = [{"unit": u, "coder": f"c{c}", "variable": variable, "value": v}
            for c, row in enumerate(matrix) for u, v in enumerate(row) if v is not None]
    return pd.DataFrame(rows)


def test_krippendorff_2011_worked_example() -> None:
    data = _long(K2011)
    expected = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for level, value in expected.items():
        row = reliability_table(data, levels={"v": level}, draws=200).iloc[0]
        assert round(row["alpha"], 3) == value
        assert row["level"] == level
        assert row["ci_low"] <= row["alpha"] <= row["ci_high"]
    row = reliability_table(data, draws=200).iloc[0]
    assert row["n_units"] == 11  # unit 12 has a single value: not pairable
    assert row["verdict"] == "только предварительные выводы" and row["verdict_en"] == "tentative conclusions only"


def _random_codes(seed: int, coders: int, units: int, cats: int, missing: float) -> list[list[int | None]]:
    rng = random.Random(seed)
    truth = [rng.randrange(cats) for _ in range(units)]
    return [[None if rng.random() < missing else (t if rng.random() < 0.7 else rng.randrange(cats)) for t in truth]
            for _ in range(coders)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_statistics_equal_the_reference_packages(seed: int) -> None:
    matrix = _random_codes(seed, coders=4, units=60, cats=3, missing=0.15)
    table, pairs = analyse_long(_long(matrix), draws=100)
    row = table.iloc[0]
    ref = np.array([[np.nan if v is None else float(v) for v in r] for r in matrix])
    assert row["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=ref, level_of_measurement="nominal"))
    # Cohen's kappa per pair on the units both coded
    for (i, j) in itertools.combinations(range(4), 2):
        both = [(a, b) for a, b in zip(matrix[i], matrix[j], strict=True) if a is not None and b is not None]
        k = cohen_kappa_score([a for a, _ in both], [b for _, b in both])
        got = pairs[(pairs.coder_a == f"c{i}") & (pairs.coder_b == f"c{j}")].iloc[0]
        assert got["cohen_kappa"] == pytest.approx(k)
        assert got["n_units"] == len(both)
    assert row["cohen_kappa"] == pytest.approx(pairs["cohen_kappa"].mean())
    # Fleiss' kappa over the units every coder coded
    full = [u for u in range(60) if all(r[u] is not None for r in matrix)]
    counts, _ = aggregate_raters(np.array([[matrix[c][u] for c in range(4)] for u in full]))
    assert row["fleiss_kappa"] == pytest.approx(fleiss_kappa(counts, method="fleiss"))
    # percent agreement: agreeing pairs among all pairs within units
    agree = total = 0
    for u in range(60):
        vals = [r[u] for r in matrix if r[u] is not None]
        for a, b in itertools.combinations(vals, 2):
            total += 1
            agree += a == b
    assert row["agreement"] == pytest.approx(agree / total)


def test_ordinal_tone_by_default_and_override() -> None:
    matrix = _random_codes(9, coders=3, units=50, cats=3, missing=0.1)
    tone = [[None if v is None else v - 1 for v in r] for r in matrix]  # -1, 0, 1
    data = _long(tone, "tone")
    book = load_codebook()
    ref = np.array([[np.nan if v is None else float(v) for v in r] for r in tone])
    ordinal = reliability_table(data, book, draws=50).iloc[0]
    assert ordinal["level"] == "ordinal"
    assert ordinal["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=ref, level_of_measurement="ordinal"))
    interval = reliability_table(data, book, levels={"tone": "interval"}, draws=50).iloc[0]
    assert interval["alpha"] == pytest.approx(krippendorff.alpha(reliability_data=ref, level_of_measurement="interval"))


def test_multi_label_rows_per_label() -> None:
    rows = []
    rng = random.Random(4)
    truth = {u: sorted(rng.sample(["ECON", "CULT", "EDU"], rng.randrange(0, 3))) for u in range(40)}
    for u, labels in truth.items():
        rows.append({"unit": u, "coder": "a", "variable": "topics", "value": labels})
        noisy = set(labels) ^ ({"EDU"} if u % 4 == 0 else set())
        rows.append({"unit": u, "coder": "b", "variable": "topics", "value": sorted(noisy)})
    table = reliability_table(pd.DataFrame(rows), load_codebook(), draws=100)
    assert list(table["label"]) == ["", "ECON", "EDU", "CULT"]
    by = table.set_index("label")
    for label in ("ECON", "CULT"):
        assert by.loc[label, "alpha"] == pytest.approx(1.0) and by.loc[label, "agreement"] == 1.0
    a = [int("EDU" in truth[u]) for u in range(40)]
    b = [int(("EDU" in truth[u]) != (u % 4 == 0)) for u in range(40)]
    assert by.loc["EDU", "alpha"] == pytest.approx(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"))
    assert by.loc["", "alpha"] == pytest.approx((2 + by.loc["EDU", "alpha"]) / 3)
    assert by.loc["", "agreement"] == pytest.approx(30 / 40)  # whole sets agree on 30 of 40 units


def test_verdict_thresholds() -> None:
    assert verdict(0.8) == "можно опираться" and verdict(0.8, "en") == "reliable"
    assert verdict(0.7999) == "только предварительные выводы" and verdict(0.667) == "только предварительные выводы"
    assert verdict(0.6669) == "нельзя использовать" and verdict(0.1, "en") == "do not use"
    assert verdict(math.nan) == "недостаточно данных"


def test_read_long_csv_and_errors(tmp_path: Path) -> None:
    good = tmp_path / "long.csv"
    good.write_text('unit,coder,variable,value\n1,a,union,1\n1,b,union,0\n2,a,union,1\n2,b,union,\n'
                    '1,a,topics,ECON\n1,a,topics,POL\n1,b,topics,"ECON; POL"\n', encoding="utf-8")
    data = read_long_csv(good)
    assert len(data) == 6 and list(data["row"]) == [2, 3, 4, 6, 7, 8]
    table = reliability_table(data, load_codebook(), draws=20).set_index(["variable", "label"])
    assert table.loc[("union", ""), "n_units"] == 1
    assert table.loc[("topics", "POL"), "n_units"] == 1 and table.loc[("topics", "POL"), "agreement"] == 1.0
    (tmp_path / "semi.csv").write_text("unit;coder;variable;value\n1;a;union;1\n", encoding="utf-8")
    assert read_long_csv(tmp_path / "semi.csv").iloc[0].to_dict() == {
        "unit": "1", "coder": "a", "variable": "union", "value": "1", "row": 2}

    (tmp_path / "cols.csv").write_text("unit,rater,variable,value\n1,a,union,1\n", encoding="utf-8")
    with pytest.raises(LongDataError, match="строка 1: нет столбцов «coder»"):
        read_long_csv(tmp_path / "cols.csv")
    (tmp_path / "empty.csv").write_text("unit,coder,variable,value\n1,a,union,1\n2,,union,1\n", encoding="utf-8")
    with pytest.raises(LongDataError, match="строка 3, столбец «coder»: пустое значение"):
        read_long_csv(tmp_path / "empty.csv")
    (tmp_path / "bad.csv").write_text("unit,coder,variable,value\n1,a,tone,1\n1,b,tone,5\n", encoding="utf-8")
    with pytest.raises(LongDataError, match="строка 3, столбец «value»: переменная «tone»: значение 5 не входит"):
        reliability_table(read_long_csv(tmp_path / "bad.csv"), load_codebook())
    (tmp_path / "twice.csv").write_text("unit,coder,variable,value\n1,a,union,1\n1,a,union,0\n", encoding="utf-8")
    with pytest.raises(LongDataError, match="строка 3: у единицы 1 два разных значения «union»"):
        reliability_table(read_long_csv(tmp_path / "twice.csv"), load_codebook())


def test_variables_outside_the_codebook_and_numeric_levels(tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    lines = ["unit,coder,variable,value"]
    for c, row in enumerate(K2011):
        lines += [f"{u},c{c},score,{v}" for u, v in enumerate(row) if v is not None]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_long_csv(path)
    assert round(reliability_table(data, load_codebook(), levels={"score": "interval"}, draws=20).iloc[0]["alpha"], 3) == 0.849
    with pytest.raises(LongDataError, match="неизвестный уровень"):
        reliability_table(data, levels={"score": "cardinal"})
