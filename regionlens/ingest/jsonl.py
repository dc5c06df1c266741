"""JSON Lines: one object per line, read line by line so size never matters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from regionlens.ingest.columns import ColumnMapping, MappingError, resolve_mapping
from regionlens.ingest.encoding import UnknownEncoding, decode_bytes
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions, record_from_row
from regionlens.messages.numbers import fmt_count

DEEP_JSON = "слишком глубокая вложенность JSON (тысячи вложенных скобок); запись пропущена"


def _max_line_bytes(opts: ReadOptions) -> int:
    # 4 bytes per character at most in UTF-8, plus room for the other fields
    return opts.max_field_chars * 4 + 1_000_000


@dataclass(frozen=True, slots=True)
class RawLine:
    """One non-blank line of a JSON Lines file, not yet decoded: what `ingest --workers N` ships to a
    worker process, so decoding, JSON parsing and mapping run there instead of in the lead."""

    origin: str
    raw: bytes


def jsonl_lines(path: Path, label: str, opts: ReadOptions) -> Iterator[RawLine | BadRecord]:
    """The file's non-blank lines in order (byte-order mark dropped), a giant line reported instead."""
    limit = _max_line_bytes(opts)
    with path.open("rb") as fh:
        line_no = 0
        while True:
            raw = fh.readline(limit)
            if not raw:
                return
            line_no += 1
            origin = f"{label}:{line_no}"
            if len(raw) >= limit and not raw.endswith(b"\n"):
                while chunk := fh.readline(limit):  # skip the rest of the giant line without keeping it
                    if chunk.endswith(b"\n"):
                        break
                yield BadRecord(origin, f"строка длиннее {fmt_count(limit)} байт")
                continue
            if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            yield RawLine(origin, raw)


def jsonl_record(line: RawLine, mapping: ColumnMapping | None, opts: ReadOptions,
                 resolved: dict[tuple[str, ...], ColumnMapping | str]) -> RawDocument | BadRecord:
    """One line decoded, parsed and mapped; `resolved` caches the mapping per distinct key set."""
    try:
        text = line.raw.decode("utf-8")
    except UnicodeDecodeError:
        try:  # archives glued from several exports: one line in cp1251 or koi8-r among UTF-8 ones
            text = decode_bytes(line.raw)
        except UnknownEncoding:
            return BadRecord(line.origin, "строка не в кодировке UTF-8, и её кодировку не удалось определить")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return BadRecord(line.origin, f"битая строка JSON: {exc.msg} (позиция {exc.pos + 1})")
    except RecursionError:
        return BadRecord(line.origin, DEEP_JSON)
    return next(_object_record(obj, line.origin, mapping, opts, resolved))


def iter_jsonl(path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    resolved: dict[tuple[str, ...], ColumnMapping | str] = {}
    for line in jsonl_lines(path, label, opts):
        yield line if isinstance(line, BadRecord) else jsonl_record(line, mapping, opts, resolved)


def _object_record(
    obj: object,
    origin: str,
    mapping: ColumnMapping | None,
    opts: ReadOptions,
    resolved: dict[tuple[str, ...], ColumnMapping | str],
) -> Iterator[RawDocument | BadRecord]:
    """Map one decoded JSON object; the mapping is cached per distinct key set."""
    if not isinstance(obj, dict):
        yield BadRecord(origin, f"ожидался объект JSON, а получен {type(obj).__name__}")
        return
    keys = tuple(obj)
    if keys not in resolved:
        try:
            resolved[keys] = resolve_mapping(list(keys), mapping)
        except MappingError as exc:
            resolved[keys] = str(exc).replace("колонк", "пол").replace("Укажите её", "Укажите его")
    found = resolved[keys]
    if isinstance(found, str):
        yield BadRecord(origin, found)
    else:
        yield record_from_row(obj, found, origin, opts)


def iter_json(path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    """A .json file: an array of objects, an object wrapping one, or a single object."""
    if path.stat().st_size > 200 * 1024 * 1024:
        yield BadRecord(label, "файл JSON больше 200 МБ; сохраните его как JSON Lines (.jsonl)")
        return
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield BadRecord(label, "файл JSON не в кодировке UTF-8")
        return
    except RecursionError:
        yield BadRecord(label, DEEP_JSON.replace("запись пропущена", "файл пропущен"))
        return
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # really JSON Lines with a .json name
            yield from iter_jsonl(path, label, mapping, opts)
        else:
            yield BadRecord(f"{label}:{exc.lineno}", f"битый JSON: {exc.msg} (строка {exc.lineno}, столбец {exc.colno})")
        return
    if isinstance(data, dict):
        for key in ("documents", "items", "articles", "data", "records", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    items = data if isinstance(data, list) else [data]
    resolved: dict[tuple[str, ...], ColumnMapping | str] = {}
    for index, obj in enumerate(items, start=1):
        yield from _object_record(obj, f"{label}:{index}", mapping, opts, resolved)
