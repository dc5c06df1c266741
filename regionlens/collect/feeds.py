"""RSS and Atom feeds as article listings, read by the same parser as `regionlens ingest URL`.

Feeds in the wild declare their encoding in the HTTP header only (cp1251 without an XML declaration
is common in Russian regional CMSs); the XML parser then guesses UTF-8 and garbles every letter, so the
header's charset is applied here before parsing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from regionlens.collect.listing import Listed
from regionlens.collect.urls import normalise_url, scheme_problem
from regionlens.ingest.feeds import iter_feed_bytes
from regionlens.ingest.records import BadRecord
from regionlens.ingest.rows import ReadOptions

_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def header_charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def with_header_charset(data: bytes, content_type: str | None) -> bytes:
    """The feed as UTF-8 when only the HTTP header names its encoding; unchanged otherwise."""
    charset = header_charset(content_type)
    if not charset or charset in ("utf-8", "utf8") or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return data
    if _DECLARED.match(data[:200]):
        return data  # the document's own declaration wins, as XML says
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data  # a wrong header: let the parser guess


def feed_listing(data: bytes, content_type: str | None, label: str, opts: ReadOptions) -> Iterator[Listed | BadRecord]:
    """Every entry of a feed that links to an http(s) page, with the feed's own record kept."""
    for item in iter_feed_bytes(with_header_charset(data, content_type), label, opts):
        if isinstance(item, BadRecord):
            yield item
            continue
        if not item.url or scheme_problem(item.url):
            yield BadRecord(item.origin, f"запись ленты без адреса статьи http(s): {item.url or 'адрес не указан'}")
            continue
        yield Listed(url=normalise_url(item.url), channels={"feed"}, feed_doc=item, published_at=item.published_at)
