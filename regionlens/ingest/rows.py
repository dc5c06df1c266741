"""Turn one mapped row (CSV, JSONL, XLSX, Parquet) into a RawDocument or a BadRecord."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from regionlens.ingest.clean import clean_line, clean_text
from regionlens.ingest.columns import ColumnMapping
from regionlens.ingest.dates import parse_date
from regionlens.ingest.firstline import first_line_title
from regionlens.ingest.records import KINDS, BadRecord, RawDocument
from regionlens.messages.numbers import fmt_count

_KIND_WORDS: dict[str, str] = {
    "media": "media", "сми": "media", "публикация": "media", "статья": "media",
    "official": "official", "официальный": "official", "официальныйдокумент": "official", "документ": "official",
    "survey": "survey", "опрос": "survey", "анкета": "survey", "ответ": "survey",
}


@dataclass(slots=True, frozen=True)
class ReadOptions:
    """Caller settings every reader needs."""

    default_tz: str = "Europe/Moscow"
    max_field_chars: int = 5_000_000
    kind: str | None = None


def too_long(field: str, limit: int) -> str:
    return f"поле {field} длиннее {fmt_count(limit)} символов" if field else f"поле длиннее {fmt_count(limit)} символов"


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def as_text(value: Any) -> str:
    """Cell values that are numbers (ids, years) must not turn into «123.0»."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _meta_value(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value, unescape_html=True)
    if isinstance(value, bool | int | float | list | dict):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return as_text(value)


def normalise_kind(value: Any) -> str | None:
    key = "".join(ch for ch in str(value).lower() if ch.isalnum())
    return _KIND_WORDS.get(key)


def record_from_row(row: Mapping[str, Any], mapping: ColumnMapping, origin: str, opts: ReadOptions) -> RawDocument | BadRecord:
    """Validate and clean one row; never raises for bad values."""
    cols = mapping.columns()
    for column, value in row.items():
        if isinstance(value, str) and len(value) > opts.max_field_chars:
            name = next((f for f, c in cols.items() if c == column), column)
            return BadRecord(origin, too_long(name, opts.max_field_chars))

    def get(name: str) -> Any:
        column = cols.get(name)
        value = row.get(column) if column is not None else None
        return None if is_blank(value) else value

    raw_text = get("text")
    text = clean_text(as_text(raw_text), unescape_html=True) if raw_text is not None else ""
    if not text:
        return BadRecord(origin, "пустой текст")
    published_at = None
    raw_date = get("date")
    if raw_date is not None:
        try:
            published_at = parse_date(raw_date, opts.default_tz)
        except ValueError as exc:
            return BadRecord(origin, str(exc))
    kind = opts.kind or "media"
    raw_kind = get("kind")
    if raw_kind is not None:
        found = normalise_kind(raw_kind)
        if found is None:
            return BadRecord(origin, f"неизвестный вид документа «{raw_kind}» (ожидается {', '.join(KINDS)})")
        kind = found
    title, url, source, ext_id, language = (get(n) for n in ("title", "url", "source", "id", "language"))
    mapped = set(cols.values())
    meta = {str(k): _meta_value(v) for k, v in row.items() if k not in mapped and not is_blank(v)}
    if title is None and "title" not in cols and kind != "survey":  # no title field: the headline is the first line
        title, text = first_line_title(text)
    return RawDocument(
        text=text,
        title=clean_line(as_text(title), unescape_html=True) if title else "",
        url=clean_line(as_text(url)) or None if url is not None else None,
        published_at=published_at,
        source=clean_line(as_text(source), unescape_html=True) or None if source is not None else None,
        language=clean_line(as_text(language)).lower() or None if language is not None else None,
        kind=kind,
        ext_id=clean_line(as_text(ext_id)) or None if ext_id is not None else None,
        origin=origin,
        meta=meta,
    )
