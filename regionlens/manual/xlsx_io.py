"""Offline coding: a job as an XLSX workbook (one sheet per coder) and its import back.

Coders without the web application fill a spreadsheet; drop-down lists
(data validation) keep single values within the codebook, and the import
checks every cell again, because spreadsheets let anything through. An error
names the sheet, row and column as the coder sees them, and a row with an
error is not saved, so the fixed file can simply be imported again.

Exports carry no values at all — not even the coder's own — so one coder's
file never shows another's codes; pass `coders` to write one coder's sheet only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine, select

from regionlens.coding.codebook import Codebook
from regionlens.manual.jobs import get_job, job_units_of, write_annotations
from regionlens.manual.values import AnnotationError, check_value
from regionlens.safe_cells import neutralise
from regionlens.store.schema import documents

JOB_SHEET = "_задание"
LISTS_SHEET = "_списки"
FIXED = ("document_id", "position", "title", "text")
MAX_CELL = 32000
BAD_TITLE = set('[]:*?/\\')
NO_LABELS = ("-", "—", "нет", "none")  # a multi-label cell saying «no label» (an empty cell is missing)


@dataclass(slots=True)
class ImportReport:
    saved: int = 0
    errors: list[str] = field(default_factory=list)


def sheet_title(coder: str, taken: set[str]) -> str:
    """A valid, unique worksheet name for a coder (Excel: ≤ 31 characters, no []:*?/\\)."""
    base = "".join("_" if ch in BAD_TITLE else ch for ch in coder).strip("'")[:31] or "coder"
    title, n = base, 1
    while title.lower() in taken or title in (JOB_SHEET, LISTS_SHEET):
        n += 1
        title = f"{base[:28]}~{n}"
    taken.add(title.lower())
    return title


def _allowed(book: Codebook, variable: str) -> list[Any]:
    var = book.variables[variable]
    if var.values:
        return list(var.values)
    from regionlens.gazetteer import load_gazetteer

    return sorted(r.code for r in load_gazetteer().regions)


def _write_lists(wb: Workbook, book: Codebook, variables: list[str]) -> dict[str, str]:
    ws = wb.create_sheet(LISTS_SHEET)
    refs: dict[str, str] = {}
    for col, var in enumerate(variables, 1):
        ws.cell(row=1, column=col, value=var)
        values = _allowed(book, var)
        for row, v in enumerate(values, 2):
            ws.cell(row=row, column=col, value=v)
        letter = get_column_letter(col)
        refs[var] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return refs


def _validation(book: Codebook, variable: str, ref: str) -> DataValidation:
    var = book.variables[variable]
    if var.type == "multi":
        # Several labels go in one cell («a; b»): the list only suggests, the import checks.
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=False)
        dv.promptTitle = variable
        dv.prompt = "Несколько меток — через «; »"
        dv.showInputMessage = True
        return dv
    dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True)
    dv.errorTitle = variable
    dv.error = "Выберите значение из списка"
    return dv


def export_job_xlsx(engine: Engine, job_id: int | str, path: str | Path, coders: list[str] | None = None, *,
                    codebook: Codebook) -> Path:
    """Write the job (or only `coders`' sheets) to `path`, its lists from the project's `codebook`; returns the path."""
    job = get_job(engine, job_id)
    book = codebook
    variables: list[str] = job["variables"]
    plan = job_units_of(engine, job["id"])
    chosen = coders if coders is not None else job["coders"]
    unknown = [c for c in chosen if c not in plan]
    if not chosen:
        raise LookupError("Не выбран ни один кодировщик для выгрузки.")
    if unknown:
        raise LookupError(f"В задании «{job['name']}» нет кодировщиков: {', '.join(unknown)}")
    ids = sorted({d for c in chosen for d in plan[c]})
    with engine.connect() as conn:
        docs = {int(r.id): r for r in conn.execute(select(documents.c.id, documents.c.title, documents.c.text)
                                                   .where(documents.c.id.in_(ids)))} if ids else {}
    wb = Workbook()
    info = wb.active
    assert info is not None
    info.title = JOB_SHEET
    info.append(["job_id", job["id"]])
    info.append(["job", neutralise(job["name"])])
    info.append(["codebook_version", job["config"].get("codebook_version", book.version)])
    info.append(["sheet", "coder"])
    refs = _write_lists(wb, book, variables)
    taken: set[str] = set()
    for coder in chosen:
        title = sheet_title(coder, taken)
        info.append([neutralise(title), neutralise(coder)])
        ws = wb.create_sheet(title)
        header = [*FIXED, *variables]
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for pos, doc_id in enumerate(plan[coder], 1):
            doc = docs[doc_id]
            text = doc.text if len(doc.text) <= MAX_CELL else doc.text[:MAX_CELL] + " […]"
            ws.append([doc_id, pos, neutralise(doc.title or ""), neutralise(text)])
        last = max(2, len(plan[coder]) + 1)
        for i, var in enumerate(variables, len(FIXED) + 1):
            letter = get_column_letter(i)
            dv = _validation(book, var, refs[var])
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
            ws.column_dimensions[letter].width = 16
        ws.column_dimensions["C"].width = 40
        ws.column_dimensions["D"].width = 80
        for row in ws.iter_rows(min_row=2, min_col=4, max_col=4):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "C2"
    info.sheet_state = "hidden"
    wb.active = 2 if len(wb.sheetnames) > 2 else 0
    out = Path(path)
    wb.save(out)
    return out


def _sheet_coders(wb: Any, coders: list[str]) -> dict[str, str]:
    """Sheet title → coder, from the service sheet; sheets named like a coder also count."""
    out: dict[str, str] = {}
    if JOB_SHEET in wb.sheetnames:
        rows = list(wb[JOB_SHEET].iter_rows(values_only=True))
        started = False
        for row in rows:
            if row and row[0] == "sheet":
                started = True
                continue
            if started and row and row[0] is not None and len(row) > 1 and row[1] is not None:
                out[_unquote(str(row[0]))] = _unquote(str(row[1]))
    for c in coders:
        if c in wb.sheetnames:
            out.setdefault(c, c)
    return out


def _unquote(text: str) -> str:
    """Undo `neutralise` on names written to the service sheet."""
    return text[1:] if text.startswith("'") else text


def _cell(raw: Any) -> Any:
    if isinstance(raw, str):
        raw = raw.strip()
        if raw.startswith("'"):
            raw = raw[1:].strip()
        return raw or None
    return raw


def import_job_xlsx(engine: Engine, job_id: int | str, path: str | Path, *, codebook: Codebook) -> ImportReport:
    """Check and store every coder sheet of a filled workbook against the project's `codebook`.

    Each error names sheet, row and column."""
    job = get_job(engine, job_id)
    book = codebook
    variables: list[str] = job["variables"]
    plan = job_units_of(engine, job["id"])
    report = ImportReport()
    try:
        wb = load_workbook(Path(path), read_only=True, data_only=True)
    except Exception as exc:  # not a zip, not a workbook, unreadable
        report.errors.append(f"{path}: не удалось прочитать файл XLSX: {exc}")
        return report
    mapping = _sheet_coders(wb, job["coders"])
    for title in wb.sheetnames:
        if title in (JOB_SHEET, LISTS_SHEET):
            continue
        coder = mapping.get(title)
        if coder not in plan:
            report.errors.append(f"лист «{title}»: нет такого кодировщика в задании «{job['name']}»; лист пропущен")
            continue
        report.saved += _import_sheet(engine, job, book, variables, wb[title], title, coder, set(plan[coder]), report)
    wb.close()
    return report


def _import_sheet(engine: Engine, job: dict[str, Any], book: Codebook, variables: list[str], ws: Any, title: str,
                  coder: str, assigned: set[int], report: ImportReport) -> int:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    names = [str(h).strip() if h is not None else "" for h in (header or [])]
    where = f"лист «{title}»"
    missing = [c for c in ("document_id", *variables) if c not in names]
    if missing:
        report.errors.append(f"{where}: нет столбцов {', '.join('«' + m + '»' for m in missing)}; лист пропущен")
        return 0
    col = {n: names.index(n) for n in ("document_id", *variables)}
    batch: dict[int, dict[str, Any]] = {}
    for row_no, row in enumerate(rows, 2):
        cells = list(row) + [None] * (len(names) - len(row))
        if all(_cell(c) is None for c in cells):
            continue
        raw_id = _cell(cells[col["document_id"]])
        try:
            doc_id = int(raw_id) if raw_id is not None and not isinstance(raw_id, bool) else None
        except (TypeError, ValueError):
            doc_id = None
        if doc_id is None or doc_id not in assigned:
            report.errors.append(f"{where}, строка {row_no}, столбец «document_id»: публикация {raw_id} "
                                 f"не назначена кодировщику «{coder}»")
            continue
        clean: dict[str, Any] = {}
        bad = False
        for var in variables:
            value = _cell(cells[col[var]])
            if value is None:
                continue
            if book.variables[var].type == "multi" and str(value).lower() in NO_LABELS:
                value = []
            try:
                clean[var] = check_value(book.variables[var], value)
            except AnnotationError as exc:
                report.errors.append(f"{where}, строка {row_no}, столбец «{var}»: {exc.detail}")
                bad = True
        if not bad and clean:
            batch[doc_id] = clean
    write_annotations(engine, job["id"], coder, batch)
    return len(batch)
