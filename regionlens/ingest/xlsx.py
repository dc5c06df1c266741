"""XLSX via openpyxl in read-only mode (rows streamed from the sheet XML)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from regionlens.ingest.columns import ColumnMapping, MappingError, resolve_mapping
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions, as_text, is_blank, record_from_row
from regionlens.ingest.zipguard import check_zip


def iter_xlsx(path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    """Every sheet whose header maps is read; sheets without a text column are skipped silently
    unless no sheet maps at all (then one BadRecord explains why)."""
    reason = check_zip(path)
    if reason:
        yield BadRecord(label, reason)
        return
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        yield BadRecord(label, f"не удалось открыть XLSX: {exc}")
        return
    try:
        problems: list[str] = []
        mapped_any = False
        for sheet in book.worksheets:
            headers: list[str] | None = None
            resolved: ColumnMapping | None = None
            try:
                for row_no, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if all(is_blank(v) for v in row):
                        continue
                    origin = f"{label}:{sheet.title}:{row_no}"
                    if headers is None:
                        headers = [as_text(v).strip() if not is_blank(v) else f"column_{i + 1}" for i, v in enumerate(row)]
                        try:
                            resolved = resolve_mapping(headers, mapping)
                        except MappingError as exc:
                            problems.append(f"лист «{sheet.title}»: {exc}")
                            break
                        mapped_any = True
                        continue
                    assert resolved is not None
                    values: dict[str, Any] = dict(zip(headers, row, strict=False))
                    yield record_from_row(values, resolved, origin, opts)
            except Exception as exc:  # damaged sheet XML: report and go on with other sheets
                yield BadRecord(f"{label}:{sheet.title}", f"не удалось прочитать лист: {exc}")
        if not mapped_any:
            yield BadRecord(label, "; ".join(problems) or "в книге нет листов с данными")
    finally:
        book.close()
