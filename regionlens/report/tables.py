"""Tables and statistics as the reader sees them: translated headers and values, numbers per language.

The kind of a column is read from its name first (`*_share` is a share,
`p`/`p_value` a p-value, as the analyses name them) and from its dtype second,
so any analysis table renders correctly without report code. HTML shows the
formatted strings; XLSX keeps raw numbers and uses `kind` to pick a number format.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from regionlens.messages.numbers import (
    MISSING,
    fmt_date,
    fmt_month,
    fmt_number,
    fmt_p,
    fmt_percent,
    is_missing,
)
from regionlens.report.i18n import Strings

Kind = Literal["share", "p", "int", "float", "date", "month", "text"]

NAME_COLUMNS = {"variable", "indicator", "statistic"}  # cells that name a codebook variable or a measure
P_NAMES = {"p", "p_value", "pvalue", "p_adj", "p_adjusted", "p_corrected", "q_value"}


def is_share_name(name: str) -> bool:
    return name == "share" or name.endswith("_share")


def is_p_name(name: str) -> bool:
    return name in P_NAMES or name.endswith("_p") or name.endswith("_p_value") or name.endswith("_pvalue")


def is_year_name(name: str) -> bool:
    return name == "year" or name.endswith("_year")


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """A meaningful index becomes columns and MultiIndex headers are joined, so every table is flat."""
    out = df.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" / ".join(str(p) for p in col if str(p) != "") for col in out.columns]
    if isinstance(out.index, pd.MultiIndex) or out.index.name is not None:
        out = out.reset_index()
    out.columns = [str(c) for c in out.columns]
    return out


def column_kind(name: str, series: pd.Series) -> Kind:
    lowered = name.lower()
    if is_share_name(lowered):
        return "share"
    if is_p_name(lowered):
        return "p"
    if pd.api.types.is_bool_dtype(series) or is_year_name(lowered):
        return "text"  # years are labels: «2022», never «2 022»
    if pd.api.types.is_datetime64_any_dtype(series):
        return "month" if "month" in lowered else "date"
    if pd.api.types.is_integer_dtype(series):
        return "int"
    if pd.api.types.is_float_dtype(series):
        values = series.dropna()
        if len(values) and all(float(v).is_integer() for v in values) and not lowered.startswith(("alpha", "mean")):
            return "int"
        return "float"
    if isinstance(series.dtype, pd.PeriodDtype):
        return "month" if str(series.dtype.freq.freqstr).startswith("M") else "text"
    return "text"


def float_digits(name: str, series: pd.Series | None = None) -> int:
    """Three decimals for coefficients that live in [-1, 1] (alpha, V, kappa), two otherwise."""
    if series is not None:
        values = pd.to_numeric(series, errors="coerce").dropna()
        if len(values) and float(values.abs().max()) <= 1.0:
            return 3
    return 3 if name.lower().startswith(("alpha", "kappa", "cramer")) else 2


def format_value(value: Any, kind: Kind, strings: Strings, digits: int = 2) -> str:
    """One cell as text in the report's language."""
    lang = strings.lang
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(strings.value(v)) for v in value) or MISSING
    if isinstance(value, dict):
        return "; ".join(f"{strings.column(k)}: {format_value(v, auto_kind(str(k), v), strings)}" for k, v in value.items())
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return strings.t("word_yes") if value else strings.t("word_no")
    if kind == "share":
        return fmt_percent(value, lang)
    if kind == "p":
        return fmt_p(value, lang, prefix=False)
    if kind == "int" and not isinstance(value, str):
        return fmt_number(value, lang, 0)
    if kind == "float" and not isinstance(value, str):
        return fmt_number(value, lang, digits)
    if kind == "month":
        return fmt_month(value, lang)
    if kind == "date":
        return fmt_date(value, lang)
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(strings.value(value))


def auto_kind(name: str, value: Any) -> Kind:
    """The kind of a single named statistic (stats and finding numbers have no dtype)."""
    lowered = name.lower()
    if isinstance(value, bool) or not isinstance(value, (int, float)) and not hasattr(value, "item"):
        return "text"
    if is_share_name(lowered):
        return "share"
    if is_p_name(lowered):
        return "p"
    if is_year_name(lowered):
        return "text"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "text"
    if isinstance(value, int) or (not math.isnan(number) and number.is_integer() and abs(number) >= 1 and "alpha" not in lowered):
        return "int"
    return "float"


def format_stat(name: str, value: Any, strings: Strings) -> str:
    kind = auto_kind(name, value)
    digits = 3 if kind == "float" and abs(float(value)) < 1 else 2
    return format_value(value, kind, strings, digits)


@dataclass(slots=True)
class DisplayTable:
    """A table ready for HTML: headers and cells as text, plus each column's kind for alignment."""

    name: str
    headers: list[str]
    kinds: list[Kind]
    rows: list[list[str]]
    total_rows: int = 0
    title: str = ""
    sheet: str = ""
    part: int = 0  # 1, 2 … when a wide table is split into column groups that repeat the key column

    @property
    def truncated(self) -> bool:
        return self.total_rows > len(self.rows)


def other_language_column(name: str, lang: str) -> bool:
    """`event_en` in a Russian report (and `_ru` in an English one): the same fact in the other language."""
    return name.endswith("_en" if lang == "ru" else "_ru")


def reader_columns(df: pd.DataFrame, lang: str, wanted: list[str] | None = None) -> pd.DataFrame:
    """The columns a reader sees: the wanted ones that exist (all when none), without the other language's."""
    full = flat(df)
    present = set(full.columns)
    cols = [c for c in (wanted or list(full.columns)) if c in present and not other_language_column(c, lang)
            and not (c.endswith(("_ru", "_en")) and c[:-3] in present)]  # `quadrant` is translated already
    return full[cols]


def display_table(
    name: str, df: pd.DataFrame, strings: Strings, max_rows: int | None = None, scope: str | None = None
) -> DisplayTable:
    """Formatted cells; `max_rows` keeps a long table readable in HTML/PDF (the XLSX has all rows)."""
    full = reader_columns(df, strings.lang)
    table = full if max_rows is None else full.head(max_rows)
    kinds: list[Kind] = []
    columns: list[list[str]] = []
    for col in table.columns:
        series = table[col]
        kind = column_kind(col, series)
        digits = float_digits(col, series) if kind == "float" else 2
        kinds.append(kind)
        if col in NAME_COLUMNS:
            columns.append([strings.column(v) if isinstance(v, str) else format_value(v, kind, strings) for v in series])
        else:
            columns.append([format_value(v, kind, strings, digits) for v in series.tolist()])
    rows = [list(r) for r in zip(*columns, strict=True)] if columns else []
    return DisplayTable(
        name=name, headers=[strings.column(c, scope) for c in table.columns], kinds=kinds, rows=rows,
        total_rows=len(full), title=strings.table_title(scope, name) if scope else "",
        sheet=(strings.sheet(scope, name) or "") if scope else "",
    )


# Characters of 8.5-pt DejaVu Sans that fit the A4 text column (178 mm), with cell padding counted.
LINE_CHARS = 100
CELL_PAD = 2
WRAP_AT = 16  # text cells wrap between words; a text column needs its longest word, about this much otherwise


def column_width(header: str, cells: list[str], kind: Kind) -> int:
    """Characters the column needs: numbers never wrap, text and headers wrap at word boundaries."""
    words = [len(w) for w in header.split()] or [1]
    body = max((len(c) for c in cells), default=1)
    if kind not in ("share", "p", "int", "float"):
        longest_word = max((len(w) for c in cells for w in c.split()), default=1)
        body = max(min(body, WRAP_AT), longest_word)
    return max(max(words), body) + CELL_PAD


def fit_width(table: DisplayTable, line_chars: int = LINE_CHARS) -> list[DisplayTable]:
    """One table, or column groups that each fit the page, every group repeating the leading label column."""
    widths = [column_width(h, [r[i] for r in table.rows], k) for i, (h, k) in enumerate(zip(table.headers, table.kinds, strict=True))]
    if sum(widths) <= line_chars or len(widths) <= 2:
        return [table]
    key = 1
    groups: list[list[int]] = []
    current: list[int] = []
    used = widths[0]
    for i in range(key, len(widths)):
        if current and used + widths[i] > line_chars:
            groups.append(current)
            current, used = [], widths[0]
        current.append(i)
        used += widths[i]
    if current:
        groups.append(current)
    parts = []
    for n, group in enumerate(groups, start=1):
        idx = [0, *group]
        parts.append(DisplayTable(
            name=table.name, headers=[table.headers[i] for i in idx], kinds=[table.kinds[i] for i in idx],
            rows=[[r[i] for i in idx] for r in table.rows], total_rows=table.total_rows, title=table.title,
            sheet=table.sheet, part=n))
    return parts


def records_frame(records: Any) -> pd.DataFrame | None:
    """Corpus facts (reliability, validation, sources) arrive as records or as {name: {field: value}}."""
    if records is None:
        return None
    if isinstance(records, pd.DataFrame):
        return records
    if isinstance(records, list):
        if not records:
            return None
        if all(isinstance(r, dict) for r in records):
            return pd.DataFrame.from_records(records)
        return None
    if isinstance(records, dict) and records:
        if all(isinstance(v, dict) for v in records.values()):
            frame = pd.DataFrame.from_dict(records, orient="index")
            frame.index.name = "variable"
            return frame.reset_index()
        return pd.DataFrame({"variable": list(records), "value": list(records.values())})
    return None
