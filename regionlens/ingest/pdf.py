"""PDF text via pypdf; scanned PDFs without a text layer come out as «пустой текст»."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from regionlens.ingest.documents import make_document
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions, too_long


def iter_pdf_file(path: Path, label: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    import pypdf

    origin = f"{label}:1"
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            yield BadRecord(origin, "PDF защищён паролем")
            return
        pages: list[str] = []
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            size += len(text)
            if size > opts.max_field_chars:
                yield BadRecord(origin, too_long("text", opts.max_field_chars))
                return
            pages.append(text)
        info = reader.metadata
        title = (info.title if info else None) or ""
        created = info.creation_date if info else None
    except Exception as exc:  # pypdf raises many error types for damaged files
        yield BadRecord(origin, f"не удалось прочитать PDF: {exc}")
        return
    published_at: datetime | None = None
    if isinstance(created, datetime):
        published_at = created if created.tzinfo else created.replace(tzinfo=ZoneInfo(opts.default_tz))
    yield make_document(
        "\n\n".join(pages),
        origin,
        opts,
        title=str(title) or path.stem,
        published_at=published_at,
        date_source="meta",
        ext_id=path.stem,
        meta={"pages": len(pages)},
    )
