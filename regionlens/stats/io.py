"""Regional statistics files (CSV/XLSX, long or wide) → checked indicator rows → the `indicators` table.

Long form: region_code, partner, year, indicator, value[, unit, source, population].
Wide form: region_code, partner, indicator[, unit, source] and one column per year (2021, 2022 …).
A population column is stored as the indicator `population` (partner `ALL`) so per-capita
figures can be computed for any indicator later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, and_, delete, insert, select

from regionlens.store.schema import indicators
from regionlens.surveys.table import CellError, TableFileError, parse_number, read_table

COLUMNS = ["region_code", "partner", "year", "indicator", "value", "unit", "source"]
POPULATION = "population"
ALL_PARTNERS = "ALL"
ALIASES = {
    "region_code": ("region_code", "region", "регион", "код региона", "код_региона"),
    "partner": ("partner", "партнер", "партнёр", "страна-партнер", "страна-партнёр"),
    "year": ("year", "год"),
    "indicator": ("indicator", "name", "показатель"),
    "value": ("value", "значение"),
    "unit": ("unit", "единица", "ед. изм.", "единица измерения"),
    "source": ("source", "источник"),
    "population": ("population", "население", "численность населения"),
}
YEAR_MIN, YEAR_MAX = 1900, 2100
# Column widths of the indicators table: PostgreSQL refuses a longer value and with it the whole file.
WIDTHS = {"partner": 40, "indicator": 200, "unit": 64}


@dataclass(slots=True)
class ParsedIndicators:
    frame: pd.DataFrame  # COLUMNS
    errors: list[CellError] = field(default_factory=list)


def _canonical(header: list[str]) -> dict[str, str]:
    """Input header → canonical field name, for the headers that are known fields."""
    out: dict[str, str] = {}
    for h in header:
        key = h.strip().lower().replace("ё", "е")
        for name, aliases in ALIASES.items():
            if key in {a.replace("ё", "е") for a in aliases}:
                out[h] = name
    return out


def _year(text: str) -> int | None:
    value = parse_number(text)
    if value is None or not value.is_integer() or not YEAR_MIN <= value <= YEAR_MAX:
        return None
    return int(value)


def parse_indicators(path: str | Path) -> ParsedIndicators:
    """Read a long or wide statistics file; bad cells are reported and their rows left out."""
    from regionlens.gazetteer.gazetteer import is_valid_code

    table = read_table(path)
    file = table.file
    canon = _canonical(table.header)
    fields = set(canon.values())
    year_cols = [h for h in table.header if h not in canon and _year(h) is not None]
    wide = "value" not in fields and bool(year_cols)
    problems: list[CellError] = []
    required = ["region_code", "partner", "indicator"] + ([] if wide else ["year", "value"])
    for name in required:
        if name not in fields:
            problems.append(CellError(file, 1, name, "нет обязательного столбца"
                                      + (" (или столбцов с годами для широкого формата)" if name == "value" else "")))
    for h in table.header:
        if h not in canon and not (wide and h in year_cols):
            problems.append(CellError(file, 1, h, "неизвестный столбец (ожидаются region_code, partner, year, indicator, "
                                                  "value, unit, source, population или годы в широком формате)"))
    if problems:
        raise TableFileError(problems)
    col = {v: k for k, v in canon.items()}
    rows: list[dict[str, object]] = []
    errors: list[CellError] = []
    for number, cells in table.rows:
        row_errors: list[CellError] = []
        region = cells[col["region_code"]].strip()
        if not is_valid_code(region):
            row_errors.append(CellError(file, number, col["region_code"], f"неизвестный код региона «{region}»"))
        partner = cells[col["partner"]].strip()
        if not partner:
            row_errors.append(CellError(file, number, col["partner"], "не указан партнёр"))
        name = cells[col["indicator"]].strip()
        if not name:
            row_errors.append(CellError(file, number, col["indicator"], "не указано название показателя"))
        unit = cells[col["unit"]].strip() if "unit" in col else ""
        for field_name, cell in (("partner", partner), ("indicator", name), ("unit", unit)):
            if len(cell) > WIDTHS[field_name]:
                row_errors.append(CellError(file, number, col[field_name], f"значение длиннее {WIDTHS[field_name]} символов"))
        source = cells[col["source"]].strip() if "source" in col else ""
        pairs: list[tuple[int, str, str]] = []  # (year, value text, column of the value)
        if wide:
            pairs = [(int(_year(h) or 0), cells[h], h) for h in year_cols]
        else:
            year = _year(cells[col["year"]])
            if year is None:
                row_errors.append(CellError(file, number, col["year"], f"год «{cells[col['year']]}» — не год (ожидается 4 цифры)"))
            else:
                pairs = [(year, cells[col["value"]], col["value"])]
        out: list[dict[str, object]] = []
        for year, text, column in pairs:
            if not text.strip():
                continue
            value = parse_number(text)
            if value is None:
                row_errors.append(CellError(file, number, column, f"значение «{text}» — не число"))
                continue
            out.append({"region_code": region, "partner": partner, "year": year, "indicator": name,
                        "value": value, "unit": unit or None, "source": source or None})
        if "population" in col and cells[col["population"]].strip():
            pop = parse_number(cells[col["population"]])
            if pop is None or pop <= 0:
                row_errors.append(CellError(file, number, col["population"], f"население «{cells[col['population']]}» — не положительное число"))
            else:
                for year, _, _ in pairs:
                    out.append({"region_code": region, "partner": ALL_PARTNERS, "year": year, "indicator": POPULATION,
                                "value": pop, "unit": "чел.", "source": source or None})
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.extend(out)
    frame = pd.DataFrame(rows, columns=COLUMNS).drop_duplicates(["region_code", "partner", "year", "indicator"], keep="last")
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return ParsedIndicators(frame.reset_index(drop=True), errors)


def store_indicators(engine: Engine, frame: pd.DataFrame) -> int:
    """Upsert by (region, partner, year, indicator) in one transaction; returns rows written."""
    records = frame.to_dict(orient="records")
    with engine.begin() as conn:
        for rec in records:
            conn.execute(delete(indicators).where(and_(
                indicators.c.region_code == rec["region_code"], indicators.c.partner == rec["partner"],
                indicators.c.year == int(rec["year"]), indicators.c.name == rec["indicator"])))
        if records:
            conn.execute(insert(indicators), [
                {"region_code": r["region_code"], "partner": r["partner"], "year": int(r["year"]), "name": r["indicator"],
                 "value": float(r["value"]), "unit": r["unit"], "source": r["source"]} for r in records])
    return len(records)


def import_indicators(engine: Engine, path: str | Path) -> ParsedIndicators:
    """Parse a statistics file and store its valid rows; the errors of the others are returned."""
    parsed = parse_indicators(path)
    store_indicators(engine, parsed.frame)
    return parsed


def load_indicators(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(indicators.c.region_code, indicators.c.partner, indicators.c.year,
                                   indicators.c.name.label("indicator"), indicators.c.value, indicators.c.unit,
                                   indicators.c.source)).mappings().all()
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return frame
