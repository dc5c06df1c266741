"""Offline coding: XLSX export with drop-down lists, filled with openpyxl, imported back with located errors."""

from __future__ import annotations

from pathlib import Path

from manual_corpus import add_small_corpus
from openpyxl import load_workbook
from sqlalchemy import update

from regionlens.manual.jobs import JobSpec, coder_values, create_job, get_unit, save_annotation
from regionlens.manual.xlsx_io import export_job_xlsx, import_job_xlsx
from regionlens.store.project import Project
from regionlens.store.schema import documents

VARS = ["union", "tone", "genre", "topics", "regions"]


def _job(project: Project) -> int:
    ids = add_small_corpus(project.engine)
    with project.engine.begin() as conn:  # a title that a spreadsheet would run as a formula
        conn.execute(update(documents).where(documents.c.id.in_(ids)).values(title="=HYPERLINK(\"http://x\")"))
    return create_job(project.engine, JobSpec("офлайн", VARS, ["anna", "boris/2"], sample_size=6, overlap=0.5, seed=4), codebook=project.codebook)


def _rows(ws) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    header = [c.value for c in ws[1]]
    return [dict(zip(header, [c.value for c in row], strict=False)) for row in ws.iter_rows(min_row=2)]


def test_export_has_a_sheet_per_coder_with_lists_and_no_values(project: Project, tmp_path: Path) -> None:
    job_id = _job(project)
    first = get_unit(project.engine, job_id, "anna", int(_first_id(project, job_id, "anna")))
    save_annotation(project.engine, job_id, "anna", first["document_id"], {"genre": "INTERVIEW"}, codebook=project.codebook)
    path = export_job_xlsx(project.engine, job_id, tmp_path / "job.xlsx", codebook=project.codebook)
    wb = load_workbook(path)
    coder_sheets = [s for s in wb.sheetnames if not s.startswith("_")]
    assert coder_sheets == ["anna", "boris_2"]  # «/» is not allowed in sheet names
    ws = wb["anna"]
    rows = _rows(ws)
    assert [c.value for c in ws[1]] == ["document_id", "position", "title", "text", *VARS]
    assert len(rows) == 5 and [r["position"] for r in rows] == [1, 2, 3, 4, 5]  # 3 shared + 2 of the other 3
    assert all(r["title"] == "'=HYPERLINK(\"http://x\")" for r in rows)  # neutralised
    assert all(r[v] is None for r in rows for v in VARS)  # no values exported, not even anna's own
    assert "INTERVIEW" not in {c.value for row in ws.iter_rows() for c in row}
    lists = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert set(lists) == {"E", "F", "G", "H", "I"}
    tone = wb["_списки"]
    tone_col = [c.value for c in tone["B"]]
    assert tone_col[:4] == ["tone", -1, 0, 1]
    assert lists["F"].formula1 == "'_списки'!$B$2:$B$4" and lists["F"].showErrorMessage
    assert not lists["H"].showErrorMessage  # multi-label cells take «a; b»: the list only suggests
    only_boris = export_job_xlsx(project.engine, job_id, tmp_path / "boris.xlsx", coders=["boris/2"], codebook=project.codebook)
    assert [s for s in load_workbook(only_boris).sheetnames if not s.startswith("_")] == ["boris_2"]


def _first_id(project: Project, job_id: int, coder: str) -> int:
    from regionlens.manual.jobs import next_unit

    unit = next_unit(project.engine, job_id, coder)
    assert unit is not None
    return int(unit["document_id"])


def test_round_trip(project: Project, tmp_path: Path) -> None:
    job_id = _job(project)
    path = export_job_xlsx(project.engine, job_id, tmp_path / "job.xlsx", codebook=project.codebook)
    wb = load_workbook(path)
    filled: dict[tuple[str, int], dict[str, object]] = {}
    for title, coder in (("anna", "anna"), ("boris_2", "boris/2")):
        ws = wb[title]
        header = [c.value for c in ws[1]]
        for i, row in enumerate(ws.iter_rows(min_row=2), 0):
            values = {"union": i % 2, "tone": (i % 3) - 1, "genre": ["NEWS", "interview"][i % 2],
                      "topics": "ECON; POL" if i % 2 else "-", "regions": "RU-SMO; by-vi"}
            for var, v in values.items():
                row[header.index(var)].value = v
            filled[(coder, int(row[0].value))] = values
    wb["anna"].cell(row=3, column=6).value = None  # a blank cell is a missing value
    wb.save(path)
    report = import_job_xlsx(project.engine, job_id, path, codebook=project.codebook)
    assert report.errors == [] and report.saved == 9
    long = coder_values(project.engine, job_id)
    assert len(long) == 9 * 5 - 1
    got = {(r["coder"], r["unit"], r["variable"]): r["value"] for r in long.to_dict("records")}
    for (coder, doc), values in filled.items():
        assert got[(coder, doc, "union")] == values["union"]
        assert got[(coder, doc, "genre")] == str(values["genre"]).upper()
        assert got[(coder, doc, "topics")] == ([] if values["topics"] == "-" else ["ECON", "POL"])
        assert got[(coder, doc, "regions")] == ["BY-VI", "RU-SMO"]
    # importing the same file again changes nothing (an upsert, not a duplicate)
    assert import_job_xlsx(project.engine, job_id, path, codebook=project.codebook).saved == 9
    assert len(coder_values(project.engine, job_id)) == 9 * 5 - 1


def test_import_errors_name_sheet_row_and_column(project: Project, tmp_path: Path) -> None:
    job_id = _job(project)
    path = export_job_xlsx(project.engine, job_id, tmp_path / "job.xlsx", codebook=project.codebook)
    wb = load_workbook(path)
    ws = wb["anna"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    for r in range(2, 6):
        ws.cell(row=r, column=col["union"]).value = 1
        ws.cell(row=r, column=col["tone"]).value = 0
    ws.cell(row=5, column=col["tone"]).value = 2
    ws.cell(row=3, column=col["topics"]).value = "ECON; SPACE"
    ws.cell(row=4, column=col["regions"]).value = "RU-XYZ"
    ws.cell(row=2, column=col["document_id"]).value = 999999
    wb.create_sheet("vera").append(["document_id", *header[1:]])
    wb.save(path)
    report = import_job_xlsx(project.engine, job_id, path, codebook=project.codebook)
    assert "лист «anna», строка 5, столбец «tone»: значение 2 не входит в допустимые -1, 0, 1" in report.errors
    assert "лист «anna», строка 3, столбец «topics»: метка SPACE не входит в допустимые ECON, IND, AGRI, TRANS, ENERGY, EDU, CULT, SOC, TOUR, SEC, POL, INFO" in report.errors
    assert any(e.startswith("лист «anna», строка 4, столбец «regions»: «RU-XYZ»") for e in report.errors)
    assert "лист «anna», строка 2, столбец «document_id»: публикация 999999 не назначена кодировщику «anna»" in report.errors
    assert any(e.startswith("лист «vera»: нет такого кодировщика") for e in report.errors)
    assert len(report.errors) == 5 and report.saved == 0  # every filled anna row has an error; boris's sheet is empty
    assert coder_values(project.engine, job_id).empty


def test_unreadable_file_is_an_error_not_a_crash(project: Project, tmp_path: Path) -> None:
    job_id = _job(project)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    report = import_job_xlsx(project.engine, job_id, bad, codebook=project.codebook)
    assert report.saved == 0 and "не удалось прочитать файл XLSX" in report.errors[0]
