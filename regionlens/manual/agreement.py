"""Agreement between human coders on long data (unit, coder, variable, value).

Krippendorff's alpha is the headline (any number of coders, missing values,
four levels of measurement) with a bootstrap 95% CI over units; the
alpha and bootstrap code is `regionlens.validation.reliability`, the same
that validates the automatic coder, so both report identical numbers. Percent
agreement, Fleiss' kappa and Cohen's kappa are added because reviewers ask
for them, computed by statsmodels and scikit-learn. Multi-label variables are
split into one binary variable per label, plus a summary row (mean label
alpha), as content analysts report them.
"""

from __future__ import annotations

import csv
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from regionlens.coding.codebook import Codebook
from regionlens.manual.values import AnnotationError, check_value, split_labels
from regionlens.validation.reliability import DRAWS, SEED, alpha, bootstrap_alphas, bootstrap_matrix, ci

LEVELS = ("nominal", "ordinal", "interval", "ratio")
COLUMNS = ("unit", "coder", "variable", "value")
RELY, TENTATIVE = 0.800, 0.667
TABLE_COLUMNS = ["variable", "label", "level", "n_units", "n_coders", "alpha", "ci_low", "ci_high", "agreement",
                 "fleiss_kappa", "cohen_kappa", "verdict", "verdict_en"]
PAIR_COLUMNS = ["variable", "label", "coder_a", "coder_b", "n_units", "agreement", "cohen_kappa"]


class LongDataError(ValueError):
    """Long reliability data that cannot be read; the message names the row and column."""


def verdict(value: float, lang: str = "ru") -> str:
    """Krippendorff's standards: rely on alpha ≥ .800, tentative conclusions from .667, otherwise do not use."""
    texts = {"ru": ("можно опираться", "только предварительные выводы", "нельзя использовать", "недостаточно данных"),
             "en": ("reliable", "tentative conclusions only", "do not use", "not enough data")}[lang]
    if value is None or math.isnan(value):
        return texts[3]
    if value >= RELY:
        return texts[0]
    if value >= TENTATIVE:
        return texts[1]
    return texts[2]


# ---------------------------------------------------------------- reading


def read_long_csv(path: str | Path) -> pd.DataFrame:
    """unit, coder, variable, value from CSV (comma or semicolon); empty values are missing and dropped."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LongDataError(f"{file}: не удалось прочитать файл (нужен CSV в UTF-8): {exc}") from exc
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise LongDataError(f"{file}, строка 1: нет столбцов {', '.join('«' + m + '»' for m in missing)}; "
                            f"нужны столбцы {', '.join(COLUMNS)}")
    idx = {c: header.index(c) for c in COLUMNS}
    rows: list[dict[str, Any]] = []
    for line_no, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        rec: dict[str, Any] = {}
        for c in COLUMNS:
            cell = row[idx[c]].strip() if idx[c] < len(row) else ""
            if not cell and c != "value":
                raise LongDataError(f"{file}, строка {line_no}, столбец «{c}»: пустое значение")
            rec[c] = cell
        if rec["value"] == "":
            continue
        rec["row"] = line_no
        rows.append(rec)
    if not rows:
        raise LongDataError(f"{file}: нет ни одного значения")
    return pd.DataFrame(rows, columns=[*COLUMNS, "row"])


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            f = float(value.replace(",", "."))
        except ValueError:
            return value
        return int(f) if f.is_integer() else f
    return value


def _where(rec: dict[str, Any]) -> str:
    if rec.get("row") is not None and not (isinstance(rec["row"], float) and math.isnan(rec["row"])):
        return f"строка {int(rec['row'])}"
    return f"единица {rec['unit']}, кодировщик {rec['coder']}"


def normalise(long_df: pd.DataFrame, codebook: Codebook | None = None) -> dict[str, dict[tuple[Any, str], Any]]:
    """variable → (unit, coder) → value, checked against the codebook where it defines the variable.

    A multi-label value may come as a list, as «a; b», or as one row per label."""
    out: dict[str, dict[tuple[Any, str], Any]] = defaultdict(dict)
    multi: set[str] = set()
    for rec in long_df.to_dict("records"):
        var = str(rec["variable"])
        value = rec["value"]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        key = (rec["unit"], str(rec["coder"]))
        spec = codebook.variables.get(var) if codebook else None
        if spec is not None:
            try:
                value = check_value(spec, value)
            except AnnotationError as exc:
                raise LongDataError(f"{_where(rec)}, столбец «value»: {exc}") from exc
        elif isinstance(value, list | tuple | set):
            value = sorted({str(v) for v in value})
        else:
            value = _number(value)
        if isinstance(value, list):
            multi.add(var)
            out[var][key] = sorted(set(out[var].get(key, [])) | set(value))
        elif key in out[var] and out[var][key] != value:
            raise LongDataError(f"{_where(rec)}: у единицы {rec['unit']} два разных значения «{var}» "
                                f"от кодировщика {rec['coder']}")
        else:
            out[var][key] = value
    return dict(out)


# ---------------------------------------------------------------- statistics


def _matrix(values: dict[tuple[Any, str], Any]) -> tuple[list[str], list[Any], list[list[Any]]]:
    """Coders × pairable units (units with at least two values), None where missing."""
    coders = sorted({c for _, c in values})
    by_unit: dict[Any, dict[str, Any]] = defaultdict(dict)
    for (u, c), v in values.items():
        by_unit[u][c] = v
    units = sorted((u for u, cs in by_unit.items() if len(cs) >= 2), key=str)
    data = [[by_unit[u].get(c) for u in units] for c in coders]
    return coders, units, data


def percent_agreement(data: list[list[Any]]) -> float:
    """Share of agreeing pairs of values within units, over all pairable units."""
    agree = total = 0
    for u in range(len(data[0]) if data else 0):
        vals = [row[u] for row in data if row[u] is not None]
        for a, b in itertools.combinations(vals, 2):
            total += 1
            agree += a == b
    return agree / total if total else math.nan


def fleiss(data: list[list[Any]]) -> tuple[float, int]:
    """Fleiss' kappa over the units coded by the largest number of coders (it needs equal raters per unit)."""
    from statsmodels.stats.inter_rater import fleiss_kappa

    counts = [sum(row[u] is not None for row in data) for u in range(len(data[0]) if data else 0)]
    if not counts:
        return math.nan, 0
    k = max(counts)
    units = [u for u, n in enumerate(counts) if n == k]
    cats = sorted({row[u] for row in data for u in units if row[u] is not None}, key=str)
    if k < 2 or len(cats) < 2 or len(units) < 2:
        return math.nan, len(units)
    table = np.array([[sum(row[u] == c for row in data if row[u] is not None) for c in cats] for u in units])
    return float(fleiss_kappa(table, method="fleiss")), len(units)


def cohen_pairs(coders: list[str], data: list[list[Any]]) -> list[dict[str, Any]]:
    """Cohen's kappa and agreement for every pair of coders on the units both coded."""
    from sklearn.metrics import cohen_kappa_score

    out = []
    for (i, a), (j, b) in itertools.combinations(enumerate(coders), 2):
        pairs = [(x, y) for x, y in zip(data[i], data[j], strict=True) if x is not None and y is not None]
        n = len(pairs)
        agree = sum(x == y for x, y in pairs) / n if n else math.nan
        kappa = math.nan
        if n >= 2 and len({str(v) for p in pairs for v in p}) >= 2:
            with np.errstate(all="ignore"):
                kappa = float(cohen_kappa_score([str(x) for x, _ in pairs], [str(y) for _, y in pairs]))
        out.append({"coder_a": a, "coder_b": b, "n_units": n, "agreement": agree, "cohen_kappa": kappa})
    return out


def _nanmean(xs: Iterable[float]) -> float:
    good = [x for x in xs if x is not None and not math.isnan(x)]
    return float(np.mean(good)) if good else math.nan


def _scalar_row(variable: str, label: str, level: str, coders: list[str], data: list[list[Any]],
                weights: np.ndarray) -> tuple[dict[str, Any], list[dict[str, Any]], np.ndarray]:
    n_units = len(data[0]) if data else 0
    a = alpha(data, level) if n_units else math.nan
    boot = bootstrap_alphas(data, level, weights) if n_units else np.full(len(weights), math.nan)
    lo, hi = ci(boot)
    pairs = cohen_pairs(coders, data) if n_units else []
    row = {"variable": variable, "label": label, "level": level, "n_units": n_units, "n_coders": len(coders),
           "alpha": a, "ci_low": lo, "ci_high": hi, "agreement": percent_agreement(data) if n_units else math.nan,
           "fleiss_kappa": fleiss(data)[0] if n_units else math.nan,
           "cohen_kappa": _nanmean(p["cohen_kappa"] for p in pairs),
           "verdict": verdict(a), "verdict_en": verdict(a, "en")}
    return row, [{"variable": variable, "label": label, **p} for p in pairs], boot


def _level(variable: str, codebook: Codebook | None, levels: dict[str, str]) -> str:
    if variable in levels:
        return levels[variable]
    spec = codebook.variables.get(variable) if codebook else None
    return "ordinal" if spec is not None and spec.type == "ordinal" else "nominal"


def _labels(variable: str, values: dict[tuple[Any, str], Any], codebook: Codebook | None) -> list[str]:
    seen = {lab for v in values.values() for lab in v}
    spec = codebook.variables.get(variable) if codebook else None
    known = [str(v) for v in spec.values] if spec is not None and spec.values else []
    return [lab for lab in known if lab in seen] + sorted(seen - set(known))


def analyse_long(long_df: pd.DataFrame, codebook: Codebook | None = None, *, levels: dict[str, str] | None = None,
                 draws: int = DRAWS, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-variable table, per-pair table); see `reliability_table`."""
    levels = dict(levels or {})
    bad = {v: lv for v, lv in levels.items() if lv not in LEVELS}
    if bad:
        raise LongDataError(f"неизвестный уровень измерения: {bad}; допустимы: {', '.join(LEVELS)}")
    table: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    for variable, values in sorted(normalise(long_df, codebook).items()):
        coders, units, data = _matrix(values)
        weights = bootstrap_matrix(len(units), draws, seed) if units else np.zeros((draws, 0))
        is_multi = any(isinstance(v, list) for v in values.values())
        if not is_multi:
            level = _level(variable, codebook, levels)
            if level != "nominal":
                odd = [v for row in data for v in row if v is not None and not isinstance(v, int | float)]
                if odd:
                    raise LongDataError(f"переменная «{variable}»: уровень {level} требует чисел, а есть значение «{odd[0]}»")
            row, p, _ = _scalar_row(variable, "", level, coders, data, weights)
            table.append(row)
            pairs += p
            continue
        label_rows, boots = [], []
        for label in _labels(variable, values, codebook):
            binary = [[None if v is None else int(label in v) for v in r] for r in data]
            row, p, boot = _scalar_row(variable, label, "nominal", coders, binary, weights)
            label_rows.append(row)
            boots.append(boot)
            pairs += p
        mean_alpha = _nanmean(r["alpha"] for r in label_rows)
        if boots:
            with np.errstate(all="ignore"):
                stacked = np.vstack(boots)
                valid = ~np.isnan(stacked)
                means = np.where(valid.any(axis=0), np.nansum(stacked, axis=0) / np.maximum(valid.sum(axis=0), 1), np.nan)
            lo, hi = ci(means)
        else:
            lo = hi = math.nan
        sets = [[None if v is None else tuple(v) for v in r] for r in data]
        table.append({"variable": variable, "label": "", "level": "nominal (per label)", "n_units": len(units),
                      "n_coders": len(coders), "alpha": mean_alpha, "ci_low": lo, "ci_high": hi,
                      "agreement": percent_agreement(sets) if units else math.nan,
                      "fleiss_kappa": _nanmean(r["fleiss_kappa"] for r in label_rows),
                      "cohen_kappa": _nanmean(r["cohen_kappa"] for r in label_rows),
                      "verdict": verdict(mean_alpha), "verdict_en": verdict(mean_alpha, "en")})
        table += label_rows
    return pd.DataFrame(table, columns=TABLE_COLUMNS), pd.DataFrame(pairs, columns=PAIR_COLUMNS)


def reliability_table(long_df: pd.DataFrame, codebook: Codebook | None = None, *, levels: dict[str, str] | None = None,
                      draws: int = DRAWS, seed: int = SEED) -> pd.DataFrame:
    """One row per variable (multi-label: a summary row with label "" and one row per label).

    Columns: variable, label, level, n_units (units with ≥ 2 values), n_coders, alpha, ci_low, ci_high
    (bootstrap 95%), agreement (share of agreeing pairs), fleiss_kappa (units with the most coders),
    cohen_kappa (mean over coder pairs), verdict (Russian), verdict_en. `levels` overrides the level
    of measurement per variable (tone is ordinal by default, everything else nominal)."""
    return analyse_long(long_df, codebook, levels=levels, draws=draws, seed=seed)[0]


def pairwise_table(long_df: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """Cohen's kappa and agreement for every pair of coders, per variable and label."""
    return analyse_long(long_df, codebook, draws=1)[1]


def split_multi_cells(long_df: pd.DataFrame, variables: Iterable[str]) -> pd.DataFrame:
    """Turn «a; b» strings of the given variables into lists (for CSVs without a codebook)."""
    names = set(variables)
    out = long_df.copy()
    out["value"] = [split_labels(v) if var in names and isinstance(v, str) else v
                    for var, v in zip(out["variable"], out["value"], strict=True)]
    return out
