"""CSV/TSV: encoding and delimiter detected on a sample, rows streamed by the csv module."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from regionlens.ingest.columns import ColumnMapping, MappingError, resolve_mapping
from regionlens.ingest.encoding import UnknownEncoding, detect_file, repair_lines
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions, record_from_row, too_long

DELIMITERS = ",;\t|"


class _CsvReader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...



def sniff_delimiter(sample: str, default: str = ",") -> str:
    """csv.Sniffer first; if it fails or picks a character absent from the header, count in the header."""
    lines = sample.splitlines()
    header = lines[0] if lines else ""
    head = "\n".join(lines[:50])
    try:
        found = csv.Sniffer().sniff(head, delimiters=DELIMITERS).delimiter
        if found in header:
            return found
    except csv.Error:
        pass
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else default


def _unique_headers(row: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for index, name in enumerate(row):
        name = name.strip().lstrip("\ufeff") or f"column_{index + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return out


def iter_delimited(
    path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions
) -> Iterator[RawDocument | BadRecord]:
    try:
        encoding = detect_file(path)
    except UnknownEncoding as exc:
        yield BadRecord(label, str(exc))
        return
    csv.field_size_limit(max(opts.max_field_chars + 1, 131072))
    # surrogateescape + repair_lines: a file that mixes UTF-8 and cp1251 lines is read to the end
    errors = "replace" if encoding.replace("_", "-").startswith("utf-16") else "surrogateescape"
    with path.open("r", encoding=encoding, errors=errors, newline="") as fh:
        try:
            sample = fh.read(64 * 1024)
            fh.seek(0)
            delimiter = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(sample)
            reader = csv.reader(repair_lines(fh, encoding), delimiter=delimiter)
            yield from _rows(reader, label, mapping, opts)
        except UnicodeDecodeError:
            yield BadRecord(label, f"неизвестная кодировка: файл не читается как {encoding} целиком")


def _rows(reader: _CsvReader, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    headers: list[str] | None = None
    resolved: ColumnMapping | None = None
    last_line = 0
    while True:
        start = last_line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            last_line = reader.line_num
            if "field larger" in str(exc):
                yield BadRecord(f"{label}:{start}", too_long("", opts.max_field_chars))
            else:
                yield BadRecord(f"{label}:{start}", f"битая строка CSV: {exc}")
            continue
        last_line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if headers is None:
            headers = _unique_headers(row)
            try:
                resolved = resolve_mapping(headers, mapping)
            except MappingError as exc:
                yield BadRecord(f"{label}:{start}", str(exc))
                return
            continue
        assert resolved is not None
        values = dict(zip(headers, row, strict=False))
        if len(row) > len(headers):
            values["_extra"] = " | ".join(row[len(headers) :])
        yield record_from_row(values, resolved, f"{label}:{start}", opts)
