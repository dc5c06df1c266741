"""RSS/Atom files and feed URLs via feedparser."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from regionlens.ingest.clean import clean_line, html_to_text
from regionlens.ingest.dates import parse_date
from regionlens.ingest.documents import make_document
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions

MAX_FEED_BYTES = 50 * 1024 * 1024
FETCH_TIMEOUT = 30


def fetch(url: str) -> bytes:
    """Fetch with a timeout and a size cap (feedparser's own fetching has neither)."""
    request = urllib.request.Request(url, headers={"User-Agent": "regionlens/feed-reader"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:  # noqa: S310 - http(s) checked by caller
        data: bytes = response.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise ValueError(f"лента больше {MAX_FEED_BYTES // (1024 * 1024)} МБ")
    return data


def iter_feed_url(url: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    try:
        data = fetch(url)
    except Exception as exc:  # network errors come in many types
        yield BadRecord(url, f"не удалось загрузить ленту: {exc}")
        return
    yield from iter_feed_bytes(data, url, opts)


def iter_feed_file(path: Path, label: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    if path.stat().st_size > MAX_FEED_BYTES:
        yield BadRecord(label, f"лента больше {MAX_FEED_BYTES // (1024 * 1024)} МБ")
        return
    yield from iter_feed_bytes(path.read_bytes(), label, opts)


def _entry_date(entry: Any, opts: ReadOptions) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime(*tuple(parsed)[:6]).replace(tzinfo=UTC)  # feedparser normalises to UTC
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            return parse_date(str(raw), opts.default_tz)  # may raise: caller reports it
    return None


def iter_feed_bytes(data: bytes, label: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield BadRecord(label, f"не удалось разобрать ленту: {problem}" if problem else "в ленте нет записей")
        return
    feed = parsed.feed
    source = clean_line(str(feed.get("title") or "")) or None
    language = (feed.get("language") or "").split("-")[0].lower() or None
    for index, entry in enumerate(parsed.entries, start=1):
        origin = f"{label}:{index}"
        body = ""
        if entry.get("content"):
            body = max((c.get("value") or "" for c in entry.content), key=len)
        summary = entry.get("summary") or ""
        if len(summary) > len(body):
            body = summary
        try:
            published_at = _entry_date(entry, opts)
        except ValueError as exc:
            yield BadRecord(origin, str(exc))
            continue
        title = html_to_text(str(entry.get("title") or ""))
        text = html_to_text(body)
        meta: dict[str, Any] = {}
        if not text:  # headline-only feeds: keep the entry, flag that the text is the title
            text, meta["text_is_title"] = title, True
        if entry.get("author"):
            meta["author"] = str(entry.author)
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        if tags:
            meta["tags"] = tags
        yield make_document(
            text,
            origin,
            opts,
            title=title,
            url=entry.get("link"),
            published_at=published_at,
            source=source,
            language=language,
            ext_id=entry.get("id") or None,
            meta=meta,
        )
