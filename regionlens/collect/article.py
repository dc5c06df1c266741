"""An article page as a record: trafilatura's text, title, date and author, the feed's record when the page fails.

The page is the better record (full text, its own title and date); the feed's record is the fallback,
marked in `meta.text_from`, so an analyst can tell a one-sentence teaser from an article.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from urllib.parse import urljoin, urlsplit

from regionlens.collect.feeds import header_charset
from regionlens.collect.fetch import Fetched
from regionlens.collect.listing import Listed
from regionlens.collect.urls import normalise_url, scheme_problem
from regionlens.ingest.htmlpage import extract_html
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions

HTML_TYPES = ("text/html", "application/xhtml+xml")
_LINK = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_REL_CANONICAL = re.compile(rb"""\brel\s*=\s*["']?\s*canonical\b""", re.IGNORECASE)
_HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def canonical_url(page: bytes, final_url: str) -> str:
    """The page's `<link rel=canonical>` when it stays on the same site, else the URL the redirects ended at.

    Same site only: a regional outlet reprinting an agency story often points its canonical link at
    the agency, and the reprint must stay this outlet's URL (reprints are data)."""
    head = page[:65536]
    for link in _LINK.finditer(head):
        tag = link.group(0)
        if not _REL_CANONICAL.search(tag):
            continue
        href = _HREF.search(tag)
        if not href:
            continue
        raw = next(g for g in href.groups() if g is not None).decode("utf-8", errors="replace").strip()
        target = urljoin(final_url, raw)
        if not scheme_problem(target) and _site(target) == _site(final_url):
            return normalise_url(target)
    return normalise_url(final_url)


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _decoded(fetched: Fetched) -> bytes | str:
    """The page as text when the HTTP header names its charset (trafilatura otherwise guesses from the bytes)."""
    body = fetched.body or b""
    charset = header_charset(fetched.headers.get("content-type"))
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return body


def page_record(listed: Listed, fetched: Fetched, source: str, opts: ReadOptions) -> RawDocument | BadRecord:
    """The article from its page, or a BadRecord saying why the page gave none."""
    content_type = (fetched.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if content_type and content_type not in HTML_TYPES:
        return BadRecord(listed.url, f"страница не HTML ({content_type})")
    url = canonical_url(fetched.body or b"", fetched.final_url)
    doc = extract_html(_decoded(fetched), listed.url, opts, url=url)
    if isinstance(doc, BadRecord):
        return doc
    doc.url, doc.source = url, source
    feed = listed.feed_doc
    if not doc.title:
        doc.title = listed.title or (feed.title if feed else "")
    doc.published_at = _best_date(doc.published_at, listed.dated())
    if feed is not None:
        doc.ext_id = doc.ext_id or feed.ext_id
        for key in ("author", "tags"):
            if key in feed.meta and key not in doc.meta:
                doc.meta[key] = feed.meta[key]
    doc.meta.update(text_from="page", listed_in=sorted(listed.channels), listed_url=listed.url)
    return doc


def _best_date(page: datetime | None, listing: datetime | None) -> datetime | None:
    """The page's date (trafilatura's, usually a bare day), or the feed's timestamp of that same day.

    trafilatura reduces dates to days; a feed's pubDate has the time, which the timelines and reprint
    detection (who published first) need. A listing date of another day is not the page's date and is ignored."""
    if page is None or listing is None:
        return page or listing
    if page.time() == time(0) and page.tzinfo is not None and listing.astimezone(page.tzinfo).date() == page.date():
        return listing
    return page


def feed_record(listed: Listed, source: str, why: str) -> RawDocument | None:
    """The feed's own record of the article (title and description), when the page gave nothing."""
    feed = listed.feed_doc
    if feed is None:
        return None
    feed.url, feed.source, feed.origin = listed.url, source, listed.url
    feed.meta.update(text_from="feed", page_problem=why, listed_in=sorted(listed.channels), listed_url=listed.url)
    return feed
