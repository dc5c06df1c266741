"""The report's tables as a workbook: a summary sheet with the findings, then one sheet per table.

Cells keep real numbers (with number formats) so analysts can recompute, and
text that a spreadsheet would execute (= + - @ …) is neutralised: publication
titles come from the open web.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from regionlens.analysis.result import AnalysisResult
from regionlens.messages.numbers import fmt_date, fmt_period, is_missing
from regionlens.report.charts import ChartError, chart_png
from regionlens.report.i18n import Strings, check_lang, load_strings
from regionlens.report.tables import (
    NAME_COLUMNS,
    Kind,
    column_kind,
    float_digits,
    format_stat,
    reader_columns,
    records_frame,
)
from regionlens.report.view import SEVERITY_ORDER
from regionlens.safe_cells import neutralise

log = logging.getLogger(__name__)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5A96")
TITLE_FONT = Font(bold=True, size=14, color="123D66")
WRAP = Alignment(wrap_text=True, vertical="top")
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
MAX_WIDTH = 60


def sheet_name(raw: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤31 chars, no []:*?/\\, no edge apostrophes; case-insensitive uniqueness.

    Names come from the dictionaries, written to fit; a longer one (an unknown table) is cut at a word.
    """
    base = " ".join(BAD_SHEET_CHARS.sub(" ", raw.replace(": ", " – ")).split()).strip("'").strip() or "sheet"
    if len(base) > 31:
        base = base[:31].rsplit(" ", 1)[0].rstrip(",;:—- ") or base[:31]
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f"~{n}"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _number_format(kind: Kind, digits: int, lang: str) -> str | None:
    return {
        "share": "0.0%",
        "p": "0.000",
        "int": "#,##0",
        "float": "0." + "0" * digits,
        "date": "DD.MM.YYYY" if lang == "ru" else "YYYY-MM-DD",
        "month": "MM.YYYY" if lang == "ru" else "YYYY-MM",
    }.get(kind)


def _cell_value(value: Any, strings: Strings) -> Any:
    """A Python value openpyxl can store, translated and neutralised."""
    if isinstance(value, (list, tuple, set)):
        value = ", ".join(str(strings.value(v)) for v in value)
    elif isinstance(value, dict):
        value = "; ".join(f"{k}: {v}" for k, v in value.items())
    elif is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Period):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, str):
        return neutralise(strings.value(value))
    if isinstance(value, (bool, int, float)):
        return value
    return neutralise(str(value))


def _set(cell: Cell, value: Any) -> None:
    """Strings are stored as strings: openpyxl would otherwise turn «=…» into a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = ws.cell(row=row, column=col)
        _set(cell, neutralise(label))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _fit(ws: Worksheet) -> None:
    """Column widths from the longest line in each column, capped so long titles wrap."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            text = str(cell.value)
            if isinstance(cell.value, float):
                text = f"{cell.value:.3f}"
            longest = max((len(line) for line in text.splitlines()), default=0)
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), MAX_WIDTH)


def write_table(ws: Worksheet, df: pd.DataFrame, strings: Strings, scope: str | None = None) -> None:
    """A flat table from A1 with a styled, frozen, filterable header row and per-column number formats."""
    table = reader_columns(df, strings.lang)
    _header(ws, 1, [strings.column(c, scope) for c in table.columns])
    for col_idx, col in enumerate(table.columns, start=1):
        series = table[col]
        kind = column_kind(col, series)
        fmt = _number_format(kind, float_digits(col, series) if kind == "float" else 2, strings.lang)
        for row_idx, value in enumerate(series.tolist(), start=2):
            cell = ws.cell(row=row_idx, column=col_idx)
            if col in NAME_COLUMNS and isinstance(value, str):
                value = strings.column(value)
            stored = _cell_value(value, strings)
            _set(cell, stored)
            if fmt and isinstance(stored, (int, float, date)) and not isinstance(stored, bool):
                cell.number_format = fmt
    ws.freeze_panes = "A2"
    if len(table.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(table) + 1, 2)}"
    _fit(ws)


def _summary(ws: Worksheet, result: AnalysisResult, strings: Strings) -> None:
    lang = strings.lang
    corpus = result.corpus
    _set(ws.cell(row=1, column=1), neutralise(str(corpus.get(f"report_title_{lang}") or strings.t("report_title"))))
    ws.cell(row=1, column=1).font = TITLE_FONT
    facts: list[tuple[str, Any]] = [
        (strings.t("period"), fmt_period(corpus.get("period_from"), corpus.get("period_to"), lang)),
        (strings.t("publications_total"), corpus.get("publications")),
        (strings.t("generated"), fmt_date(corpus.get("generated_at") or date.today(), lang)),
        (strings.t("methods_codebook"), str(corpus.get("codebook_version") or strings.t("not_specified"))),
        (strings.t("methods_software"), str(corpus.get("software_version") or strings.t("not_specified"))),
    ]
    for i, (label, value) in enumerate(facts, start=2):
        _set(ws.cell(row=i, column=1), label)
        cell = ws.cell(row=i, column=2)
        _set(cell, _cell_value(value, strings))
        if isinstance(value, int):
            cell.number_format = "#,##0"
    start = len(facts) + 3
    labels = [strings.t(k) for k in ("key", "severity", "finding_text", "finding_numbers", "finding_test",
                                     "p_value", "examples", "recommendations")]
    labels[0] = "№"
    _header(ws, start, labels)
    findings = sorted(result.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))
    for row, f in enumerate(findings, start=start + 1):
        recs = f.recommendations_ru if lang == "ru" else (f.recommendations_en or f.recommendations_ru)
        values: list[Any] = [
            row - start,
            strings.t(f"severity_{f.severity}"),
            f.text_ru if lang == "ru" else (f.text_en or f.text_ru),
            "\n".join(f"{strings.column(k)}: {format_stat(k, v, strings)}" for k, v in f.numbers.items()),
            str(strings.value(f.test)) if f.test else None,
            float(f.p_value) if f.p_value is not None and not is_missing(f.p_value) else None,
            ", ".join(f.examples),
            "\n".join(recs),
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            _set(cell, neutralise(value) if isinstance(value, str) else value)
            cell.alignment = WRAP
            if col == 6 and value is not None:
                cell.number_format = "0.0000"
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    ws.auto_filter.ref = f"A{start}:{get_column_letter(len(labels))}{max(start + len(findings), start + 1)}"
    _fit(ws)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 24)


def _chart_image(ws: Worksheet, png: bytes, column: int) -> None:
    from openpyxl.drawing.image import Image

    image = Image(io.BytesIO(png))
    image.width, image.height = image.width * 0.6, image.height * 0.6
    ws.add_image(image, f"{get_column_letter(column + 2)}2")


def _examples_frame(result: AnalysisResult) -> pd.DataFrame | None:
    """The publications every section and finding cites, so each figure can be traced from the workbook."""
    index = result.corpus.get("examples") or {}
    if not index:
        return None
    rows = [
        {"id": str(doc_id), "title": info.get("title"), "source": info.get("source"), "date": info.get("date"),
         "url": info.get("url")}
        for doc_id, info in index.items()
        if isinstance(info, dict)
    ]
    return pd.DataFrame.from_records(rows) if rows else None


def _contents(ws: Worksheet, rows: list[tuple[str, str, str]], strings: Strings) -> None:
    """The first sheet: every other sheet with the section it belongs to and what it holds."""
    _set(ws.cell(row=1, column=1), strings.t("contents_sheet"))
    ws.cell(row=1, column=1).font = TITLE_FONT
    _header(ws, 2, [strings.t("sheet_name"), strings.t("sheet_section"), strings.t("sheet_description")])
    for i, (sheet, section, description) in enumerate(rows, start=3):
        for col, value in enumerate((sheet, section, description), start=1):
            cell = ws.cell(row=i, column=col)
            _set(cell, neutralise(value))
            cell.alignment = WRAP
            if col == 1:
                cell.hyperlink = f"#'{sheet}'!A1"
    ws.freeze_panes = "A3"
    _fit(ws)


def render_xlsx(result: AnalysisResult, path: str | Path, lang: str = "ru", *, charts: bool = True) -> Path:
    """Write the workbook: contents, summary, one sheet per analysis table, then the corpus tables.

    Sheet names and descriptions come from the report dictionaries (`sheets`, `tables`), written to
    fit Excel's 31 characters; a table the dictionaries do not know is named «<section> <n>».
    """
    check_lang(lang)
    strings = load_strings(lang)
    wb = Workbook()
    taken: set[str] = set()
    contents = wb.active
    assert contents is not None
    contents.title = sheet_name(strings.t("contents_sheet"), taken)
    rows: list[tuple[str, str, str]] = []
    summary = wb.create_sheet(sheet_name(strings.t("summary_sheet"), taken))
    _summary(summary, result, strings)
    rows.append((summary.title, "", strings.t("summary_sheet_description")))
    for section in result.sections:
        title = section.title_ru if lang == "ru" else (section.title_en or section.title_ru)
        for n, (name, df) in enumerate(section.tables.items(), start=1):
            raw = strings.sheet(section.key, name) or f"{title.split(':')[0][:26]} {n}"
            ws = wb.create_sheet(sheet_name(raw, taken))
            write_table(ws, df, strings, scope=section.key)
            rows.append((ws.title, title, strings.table_title(section.key, name)))
            spec = section.chart
            if charts and spec is not None and spec.table == name and len(df):
                try:
                    _chart_image(ws, chart_png(spec, df, lang, dpi=110), ws.max_column)
                except ChartError as exc:
                    log.warning("section %s: chart not drawn: %s", section.key, exc)
    corpus_title = strings.t("methods")
    for key, table_key in (("sources_by_level_country", "sources"), ("validation", "validation"),
                           ("reliability", "reliability")):
        frame = records_frame(result.corpus.get(key))
        if frame is not None and not frame.empty:
            ws = wb.create_sheet(sheet_name(strings.sheet("corpus", table_key) or strings.t(f"{table_key}_sheet"), taken))
            write_table(ws, frame, strings)
            rows.append((ws.title, corpus_title, strings.table_title("corpus", table_key)))
    examples = _examples_frame(result)
    if examples is not None:
        ws = wb.create_sheet(sheet_name(strings.sheet("corpus", "examples") or strings.t("examples_sheet"), taken))
        write_table(ws, examples, strings)
        rows.append((ws.title, corpus_title, strings.table_title("corpus", "examples")))
    _contents(contents, rows, strings)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return out


__all__ = ["render_xlsx", "sheet_name", "write_table"]
