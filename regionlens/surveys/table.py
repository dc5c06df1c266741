"""Reading a CSV or XLSX table as text cells with spreadsheet row numbers.

Surveys and statistics arrive as spreadsheets people typed by hand, so every
cell is kept as text and checked by the caller: an error can then name the
file, the row as the user sees it (header = row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

MAX_CELL_CHARS = 1_000_000  # a survey answer or a statistics cell; a longer one is a broken file
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")  # PostgreSQL text cannot hold NUL


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem in an input table, located as the user sees the file."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", строка {self.row}"
        if self.column is not None:
            where += f", столбец «{self.column}»"
        return f"{where}: {self.message}"


class TableFileError(ValueError):
    """The file cannot be used at all (missing, unreadable, wrong columns); lists every problem."""

    def __init__(self, errors: list[CellError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass(slots=True)
class Table:
    file: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number in the file, column → text)


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        if best is None:
            raise TableFileError([CellError(file, None, None, "не удалось определить кодировку файла")]) from None
        return str(best)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _CONTROL.sub("", str(value)).strip()


def _too_long(grid: list[list[str]], name: str) -> None:
    for number, row in enumerate(grid, start=1):
        for index, cell in enumerate(row):
            if len(cell) > MAX_CELL_CHARS:
                raise TableFileError([CellError(name, number, f"№{index + 1}",
                                                f"ячейка длиннее {MAX_CELL_CHARS:,} символов — файл повреждён?".replace(",", " "))])


def _read_xlsx(file: Path, name: str) -> list[list[str]]:
    import openpyxl

    from regionlens.ingest.zipguard import check_zip

    reason = check_zip(file)
    if reason:
        raise TableFileError([CellError(name, None, None, reason)])
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # corrupt or not an Office file
        raise TableFileError([CellError(name, None, None, f"не удалось открыть книгу Excel: {exc}")]) from exc
    try:
        if not book.worksheets:
            raise TableFileError([CellError(name, None, None, "в книге Excel нет листов с данными")])
        return [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    except TableFileError:
        raise
    except Exception as exc:  # damaged sheet XML inside a valid ZIP
        raise TableFileError([CellError(name, None, None, f"не удалось прочитать лист Excel: {exc}")]) from exc
    finally:
        book.close()


def _read_csv(text: str, name: str) -> list[list[str]]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # long cells are reported below with their row, not as csv.Error
    try:
        return [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise TableFileError([CellError(name, None, None, f"битый файл CSV: {exc}")]) from exc
    finally:
        csv.field_size_limit(limit)


def read_table(path: str | Path) -> Table:
    """All non-empty rows of the first sheet (XLSX) or of a CSV/TSV file (delimiter sniffed)."""
    file = Path(path)
    name = str(file)
    if not file.exists():
        raise TableFileError([CellError(name, None, None, "файл не найден")])
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        grid = _read_xlsx(file, name)
    elif suffix in (".csv", ".tsv", ".txt"):
        grid = _read_csv(_decode(file.read_bytes(), name), name)
    else:
        raise TableFileError([CellError(name, None, None, f"неподдерживаемый формат «{suffix}»; нужен CSV или XLSX")])
    _too_long(grid, name)
    if not grid or not any(grid[0]):
        raise TableFileError([CellError(name, 1, None, "нет строки заголовков")])
    header = [h.strip() for h in grid[0]]
    while header and not header[-1]:
        header.pop()
    problems = [CellError(name, 1, f"№{i + 1}", "пустое название столбца") for i, h in enumerate(header) if not h]
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            problems.append(CellError(name, 1, h, "столбец повторяется"))
        seen.add(h)
    if problems:
        raise TableFileError(problems)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw_row in enumerate(grid[1:], start=2):
        if not any(c for c in raw_row):
            continue
        cells = {h: (raw_row[i] if i < len(raw_row) else "") for i, h in enumerate(header)}
        rows.append((number, cells))
    return Table(name, header, rows)


def parse_number(text: str) -> float | None:
    """A number as people type it (decimal comma, spaces as thousand separators); None when not a number."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # nan, inf and 1e999 are not answers or statistics
