"""PDF and XLSX outputs and the build entry point."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from regionlens.analysis.result import AnalysisResult, Section
from regionlens.report import (
    ReportFormatError,
    build_report,
    parse_formats,
    render_html,
    render_pdf,
    render_xlsx,
)
from regionlens.report.xlsx import sheet_name

INJECTIONS = ["=1+2", "+7 (495) cmd", "-5 sessions", "@SUM(A1:A2)", "=HYPERLINK(\"http://evil\")"]


def test_pdf_has_pages_and_cyrillic_text(result: AnalysisResult, tmp_path: Path) -> None:
    path = render_pdf(render_html(result, "ru", charts="png"), tmp_path / "sub" / "r.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Методика" in text and "Основные выводы" in text
    assert "Смоленская область" in text
    assert f"2 / {len(reader.pages)}" in text  # page numbers from @page
    assert not list(tmp_path.glob("sub/*.part"))


def sheet_of(wb: Any, contents: str, section_title: str, n: int) -> str:
    """The n-th sheet the contents sheet lists for a section."""
    rows = [r for r in wb[contents].iter_rows(min_row=3, values_only=True) if r[1] == section_title]
    return str(rows[n - 1][0])


def test_xlsx_has_summary_and_a_sheet_per_table(result: AnalysisResult, tmp_path: Path) -> None:
    path = render_xlsx(result, tmp_path / "r.xlsx", "ru")
    wb = load_workbook(path)
    tables = [(s.key, name) for s in result.sections for name in s.tables]
    assert wb.sheetnames[:2] == ["Содержание", "Сводка"]
    assert len(wb.sheetnames) == 2 + len(tables) + 4  # + sources, validation, reliability, examples
    assert {"Источники", "Надёжность", "Проверка кодирования", "Примеры публикаций"} <= set(wb.sheetnames)
    cited = wb["Примеры публикаций"]
    assert [c.value for c in cited[1]] == ["id", "заголовок", "источник", "дата", "ссылка"]
    assert {cited.cell(row=r, column=1).value for r in range(2, cited.max_row + 1)} == set(result.corpus["examples"])
    assert cited["B4"].value.startswith("'=HYPERLINK")  # a hostile title stays text
    listed = [row[0] for row in wb["Содержание"].iter_rows(min_row=3, values_only=True)]
    assert listed == wb.sheetnames[1:]  # the contents sheet lists every other sheet, in order
    assert all(len(name) <= 31 and "_" not in name for name in wb.sheetnames)
    ws = wb[sheet_of(wb, "Содержание", result.sections[0].title_ru, 1)]
    assert [c.value for c in ws[1]] == ["уровень", "страна", "публикаций", "межрегиональное сотрудничество, доля"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert ws["A2"].value == "федеральный"
    assert ws["C2"].value == 12345 and ws["C2"].number_format == "#,##0"
    assert ws["D2"].value == pytest.approx(0.224) and ws["D2"].number_format == "0.0%"
    summary = wb["Сводка"]
    texts = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    for finding in result.findings:
        assert finding.text_ru in texts
    assert "Мониторинг освещения межрегионального сотрудничества России и Беларуси" in texts


def test_xlsx_in_english(result: AnalysisResult, tmp_path: Path) -> None:
    wb = load_workbook(render_xlsx(result, tmp_path / "r.xlsx", "en"))
    assert wb.sheetnames[:2] == ["Contents", "Summary"]
    assert wb[sheet_of(wb, "Contents", result.sections[0].title_en, 1)]["A2"].value == "federal"


def test_xlsx_neutralises_formulas(result: AnalysisResult, tmp_path: Path) -> None:
    result.sections.append(
        Section("inject", "Заголовки", "Titles", {"titles": pd.DataFrame({"title": INJECTIONS, "n": range(5)})})
    )
    result.findings[0].examples = ["=cmd|' /C calc'!A0"]
    wb = load_workbook(render_xlsx(result, tmp_path / "r.xlsx", "ru"))
    ws = wb[sheet_of(wb, "Содержание", "Заголовки", 1)]
    cells = [ws.cell(row=i, column=1) for i in range(2, 2 + len(INJECTIONS))]
    assert [c.value for c in cells] == ["'" + s for s in INJECTIONS]
    assert all(c.data_type == "s" for c in cells)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@"))), cell.value


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    long = "очень_длинное_имя_раздела_и_таблицы_" * 2
    names = [sheet_name(raw, taken) for raw in (long, long, "a[b]:c*?/d\\e", "'x'", "Summary", "summary")]
    assert all(0 < len(n) <= 31 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")
    assert names[3] == "x"


def test_build_report_writes_requested_formats(result: AnalysisResult, tmp_path: Path) -> None:
    written = build_report(result, tmp_path / "out", lang="en", formats="html,xlsx", basename="monitor")
    assert set(written) == {"html", "xlsx"}
    assert written["html"] == tmp_path / "out" / "monitor.html"
    html = written["html"].read_text(encoding="utf-8")
    assert "<h2>Methods</h2>" in html and "<svg" in html
    assert not (tmp_path / "out" / "monitor.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["monitor.html", "monitor.xlsx"]


def test_build_report_all_formats(result: AnalysisResult, tmp_path: Path) -> None:
    written = build_report(result, tmp_path)
    assert set(written) == {"html", "pdf", "xlsx"}
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert "Методика" in written["html"].read_text(encoding="utf-8")


def test_format_list_is_validated() -> None:
    assert parse_formats("pdf, html,pdf") == ("pdf", "html")
    assert parse_formats(["XLSX"]) == ("xlsx",)
    with pytest.raises(ReportFormatError, match="Неизвестный формат"):
        parse_formats("html,docx")
    with pytest.raises(ReportFormatError):
        parse_formats("")
