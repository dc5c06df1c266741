"""HTML pages: trafilatura keeps the article and drops navigation, ads and teaser blocks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from regionlens.ingest.documents import make_document, too_big
from regionlens.ingest.htmldates import find_meta_date
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions


def iter_html_file(path: Path, label: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    guard = too_big(path, opts, bytes_per_char=10)  # markup outweighs text
    if guard:
        yield BadRecord(label, guard.reason)
        return
    yield extract_html(path.read_bytes(), f"{label}:1", opts, ext_id=path.stem)


def extract_html(data: bytes | str, origin: str, opts: ReadOptions, *, url: str | None = None, ext_id: str | None = None) -> RawDocument | BadRecord:
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        extracted = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            date_extraction_params=set_date_params(extensive=False),  # its date is not used (htmldates.py)
        )
        doc = extracted.as_dict() if extracted is not None and not isinstance(extracted, dict) else extracted
    except Exception as exc:  # trafilatura/lxml raise assorted errors on broken markup
        return BadRecord(origin, f"не удалось разобрать HTML: {exc}")
    if not isinstance(doc, dict) or not (doc.get("text") or "").strip():
        return BadRecord(origin, "пустой текст: в странице не найден основной текст")
    # the markup's declared date only; text and URL dates are read later (regionlens.ingest.dating)
    published_at = find_meta_date(data, opts.default_tz, datetime.now(UTC))
    meta = {k: doc[k] for k in ("author", "description", "categories", "tags") if doc.get(k)}
    return make_document(
        str(doc["text"]),
        origin,
        opts,
        title=str(doc.get("title") or ""),
        url=doc.get("url") or url,
        published_at=published_at,
        source=doc.get("sitename") or doc.get("hostname"),
        language=doc.get("language"),
        ext_id=ext_id,
        meta=meta,
        date_source="meta",
    )
