"""Shared tail of the one-file-one-document readers (.txt, .html, .pdf, .docx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from regionlens.ingest.clean import clean_line, clean_text
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions, too_long


def too_big(path: Path, opts: ReadOptions, bytes_per_char: int = 4) -> BadRecord | None:
    """Refuse before reading: a file this large cannot give a text under the limit anyway."""
    if path.stat().st_size > opts.max_field_chars * bytes_per_char + 1_000_000:
        return BadRecord(str(path.name), too_long("text", opts.max_field_chars))
    return None


def make_document(
    text: str,
    origin: str,
    opts: ReadOptions,
    *,
    title: str = "",
    url: str | None = None,
    published_at: datetime | None = None,
    source: str | None = None,
    language: str | None = None,
    ext_id: str | None = None,
    meta: dict[str, Any] | None = None,
    date_source: str | None = None,
) -> RawDocument | BadRecord:
    """`date_source` labels a date the reader found in the file's markup or properties ("meta");
    a date without a label is the record's own."""
    if len(text) > opts.max_field_chars:
        return BadRecord(origin, too_long("text", opts.max_field_chars))
    text = clean_text(text)
    if not text:
        return BadRecord(origin, "пустой текст")
    return RawDocument(
        text=text,
        title=clean_line(title),
        url=url or None,
        published_at=published_at,
        source=source or None,
        language=language or None,
        kind=opts.kind or "media",
        ext_id=ext_id,
        origin=origin,
        meta=meta or {},
        date_source=(date_source or "record") if published_at is not None else None,
    )
