"""Public entry point: a path (file or folder) or a feed URL → validated raw records.

The iterator never raises for bad content; it yields BadRecord and goes on, so the pipeline can
store the good records and report the rest. It raises only for a path that does not exist.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from regionlens.ingest.columns import ColumnMapping
from regionlens.ingest.dating import date_document
from regionlens.ingest.delimited import iter_delimited
from regionlens.ingest.docxfile import iter_docx_file
from regionlens.ingest.feeds import iter_feed_file, iter_feed_url
from regionlens.ingest.htmlpage import iter_html_file
from regionlens.ingest.jsonl import RawLine, iter_json, iter_jsonl, jsonl_lines, jsonl_record
from regionlens.ingest.parquet import iter_parquet
from regionlens.ingest.pdf import iter_pdf_file
from regionlens.ingest.plaintext import iter_text_file
from regionlens.ingest.records import KINDS, BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions

log = logging.getLogger(__name__)

Record = RawDocument | BadRecord
_Tabular = Callable[[Path, str, ColumnMapping | None, ReadOptions], Iterator[Record]]
_Single = Callable[[Path, str, ReadOptions], Iterator[Record]]


def _xlsx(path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[Record]:
    from regionlens.ingest.xlsx import iter_xlsx  # openpyxl import is slow; only when needed

    return iter_xlsx(path, label, mapping, opts)


TABULAR: dict[str, _Tabular] = {
    ".jsonl": iter_jsonl,
    ".ndjson": iter_jsonl,
    ".json": iter_json,
    ".csv": iter_delimited,
    ".tsv": iter_delimited,
    ".tab": iter_delimited,
    ".xlsx": _xlsx,
    ".xlsm": _xlsx,
    ".parquet": iter_parquet,
    ".pq": iter_parquet,
}
SINGLE: dict[str, _Single] = {
    ".txt": iter_text_file,
    ".text": iter_text_file,
    ".html": iter_html_file,
    ".htm": iter_html_file,
    ".xhtml": iter_html_file,
    ".pdf": iter_pdf_file,
    ".docx": iter_docx_file,
    ".rss": iter_feed_file,
    ".atom": iter_feed_file,
    ".xml": iter_feed_file,
}
SUPPORTED: frozenset[str] = frozenset(TABULAR) | frozenset(SINGLE)
LINE_FILES = (".jsonl", ".ndjson")  # read line by line: `iter_path_lines` can hand their lines to other processes


def is_url(path: str | Path) -> bool:
    return isinstance(path, str) and path.lower().startswith(("http://", "https://"))


def iter_path(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    default_tz: str = "Europe/Moscow",
    max_field_chars: int = 5_000_000,
    kind: str | None = None,
) -> Iterator[RawDocument | BadRecord]:
    """Read a file, a folder (recursively: files of a folder in name order, then its subfolders;
    hidden files skipped) or an http(s) feed URL.

    `kind` is the default for every record; a kind column in tabular data wins over it.
    `mapping` may name only some columns; the others are still auto-detected."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"неизвестный вид документов «{kind}»; допустимые: {', '.join(KINDS)}")
    opts = ReadOptions(default_tz=default_tz, max_field_chars=max_field_chars, kind=kind)
    if is_url(path):
        return _dated(iter_feed_url(str(path), opts), opts)
    root = Path(path)
    if not root.exists():
        raise FileNotFoundError(f"путь не найден: {root}")
    if root.is_dir():
        return _dated(_iter_dir(root, mapping, opts), opts)
    return _dated(_iter_file(root, root.name, mapping, opts), opts)


def _dated(records: Iterator[Record], opts: ReadOptions) -> Iterator[Record]:
    """Every reader's records pass here, so an undated one gets its date from text or URL the same way."""
    for record in records:
        yield date_document(record, opts.default_tz) if isinstance(record, RawDocument) else record


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and not name.startswith("~$"):  # ~$ = Office lock files
                yield Path(folder) / name


def _iter_dir(root: Path, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[Record]:
    for file in _walk(root):
        yield from _iter_file(file, file.relative_to(root).as_posix(), mapping, opts)


def _iter_file(path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[Record]:
    suffix = path.suffix.lower()
    try:
        if suffix in SUPPORTED and path.stat().st_size == 0:
            yield BadRecord(label, "пустой файл")
        elif suffix in TABULAR:
            yield from TABULAR[suffix](path, label, mapping, opts)
        elif suffix in SINGLE:
            yield from SINGLE[suffix](path, label, opts)
        else:
            yield BadRecord(label, f"неподдерживаемый формат «{suffix or path.name}»")
    except Exception as exc:
        yield file_failure(label, exc)


def _iter_lines(path: Path, label: str, opts: ReadOptions) -> Iterator[RawLine | BadRecord]:
    """`_iter_file` of a JSON Lines file, its lines undecoded."""
    try:
        if path.stat().st_size == 0:
            yield BadRecord(label, "пустой файл")
        else:
            yield from jsonl_lines(path, label, opts)
    except Exception as exc:
        yield file_failure(label, exc)


def file_failure(label: str, exc: Exception) -> BadRecord:
    """The report for a file whose reading failed: the rest of the file is skipped, the folder goes on."""
    if isinstance(exc, OSError | MemoryError | RecursionError | zipfile.BadZipFile):
        # a file vanished, is unreadable or exhausts a parser: report it and go on with the folder
        return BadRecord(label, f"не удалось прочитать файл: {exc}")
    # a parser bug on odd input must not stop a folder of thousands of files
    log.error("ошибка при чтении %s", label, exc_info=exc)
    return BadRecord(label, f"внутренняя ошибка при чтении файла ({type(exc).__name__}: {exc}); остаток файла пропущен")


@dataclass(frozen=True, slots=True)
class FileAbort:
    """A line whose reading failed the way that ends its file in `iter_path`: the report, and the rest of
    the file is to be skipped."""

    bad: BadRecord


def iter_path_lines(
    path: str | Path,
    mapping: ColumnMapping | None = None,
    *,
    default_tz: str = "Europe/Moscow",
    max_field_chars: int = 5_000_000,
    kind: str | None = None,
) -> Iterator[RawDocument | BadRecord | RawLine]:
    """`iter_path`, except that the lines of JSON Lines files come undecoded (`RawLine`), for `read_line`
    to turn into exactly the record `iter_path` yields — in another process, so parsing runs in parallel."""
    if is_url(path) or not Path(path).is_file() or Path(path).suffix.lower() not in LINE_FILES:
        yield from iter_path(path, mapping, default_tz=default_tz, max_field_chars=max_field_chars, kind=kind)
        return
    if kind is not None and kind not in KINDS:
        raise ValueError(f"неизвестный вид документов «{kind}»; допустимые: {', '.join(KINDS)}")
    opts = ReadOptions(default_tz=default_tz, max_field_chars=max_field_chars, kind=kind)
    root = Path(path)
    yield from _iter_lines(root, root.name, opts)


def read_line(line: RawLine, mapping: ColumnMapping | None, opts: ReadOptions,
              resolved: dict[tuple[str, ...], ColumnMapping | str]) -> RawDocument | BadRecord | FileAbort:
    """The record `iter_path` yields for this line, dated the same way; `resolved` caches column mappings."""
    try:
        record = jsonl_record(line, mapping, opts, resolved)
    except Exception as exc:
        return FileAbort(file_failure(line.origin.rpartition(":")[0], exc))
    return date_document(record, opts.default_tz) if isinstance(record, RawDocument) else record


def count_units(path: str | Path) -> int | None:
    """Quick estimate of the number of records (for a progress bar); None when unknown."""
    if is_url(path):
        return None
    root = Path(path)
    if not root.exists():
        return None
    if root.is_dir():
        return sum(_count_file(f) or 1 for f in _walk(root))
    return _count_file(root)


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def _count_file(path: Path) -> int | None:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            return _count_lines(path)
        if suffix in (".csv", ".tsv", ".tab"):
            return max(_count_lines(path) - 1, 0)  # multi-line cells make this an upper bound
        if suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            try:
                rows = [ws.max_row for ws in book.worksheets]
            finally:
                book.close()
            return None if any(r is None for r in rows) else sum(max(int(r) - 1, 0) for r in rows)
        if suffix in SINGLE and suffix not in (".rss", ".atom", ".xml"):
            return 1
    except Exception:  # an estimate must never break the import it decorates
        return None
    return None
