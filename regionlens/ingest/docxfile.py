"""DOCX via python-docx: paragraphs and table cells; title/created from core properties."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from regionlens.ingest.documents import make_document
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions
from regionlens.ingest.zipguard import check_zip


def iter_docx_file(path: Path, label: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    origin = f"{label}:1"
    reason = check_zip(path)
    if reason:
        yield BadRecord(origin, reason)
        return
    import docx

    try:
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs if p.text.strip()]
        for table in document.tables:
            for row in table.rows:
                cells = [c.text.strip() for c in row.cells if c.text.strip()]
                if cells:
                    parts.append(" | ".join(dict.fromkeys(cells)))  # merged cells repeat their text
        props = document.core_properties
        title, created, author = props.title or "", props.created, props.author or ""
    except Exception as exc:  # python-docx/lxml raise assorted errors on damaged files
        yield BadRecord(origin, f"не удалось прочитать DOCX: {exc}")
        return
    published_at = None
    if isinstance(created, datetime):
        # OOXML stores W3CDTF in UTC; python-docx drops the zone
        published_at = created if created.tzinfo else created.replace(tzinfo=UTC)
    yield make_document(
        "\n\n".join(parts),
        origin,
        opts,
        title=title or path.stem,
        published_at=published_at,
        date_source="meta",
        ext_id=path.stem,
        meta={"author": author} if author else {},
    )
