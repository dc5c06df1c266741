"""Publication dates a page declares in its markup: meta tags, itemprop attributes, JSON-LD.

These are what the outlet's CMS states about the article, so they come before anything read from the
visible text. Modification dates (`article:modified_time`, `dateModified`) are not publication dates and
are ignored; so is any date the parser cannot read. trafilatura's own date guess (htmldate) is not used:
it falls back on the URL and the page text, which `regionlens.ingest.dating` reads later, in its order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from regionlens.ingest.dates import parse_date
from regionlens.ingest.textdates import plausible

# meta name/property values that state the publication date, strongest first
META_KEYS: tuple[str, ...] = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publication_date", "dc.date.issued", "dcterms.issued",
    "sailthru.date", "parsely-pub-date", "date",
)


def _json_ld_dates(node: Any) -> Iterator[str]:
    """Every `datePublished` in a JSON-LD block, through @graph and nested objects."""
    if isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            yield value
        for child in node.values():
            if isinstance(child, dict | list):
                yield from _json_ld_dates(child)
    elif isinstance(node, list):
        for child in node:
            yield from _json_ld_dates(child)


def _candidates(data: bytes | str) -> Iterator[str]:
    import lxml.html

    try:
        tree = lxml.html.fromstring(data)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    for key in META_KEYS:
        if key in metas:
            yield metas[key]
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        value = el.get("datetime") or el.get("content") or (el.text or "").strip()
        if value:
            yield value
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            yield from _json_ld_dates(json.loads(script.text or ""))
        except (ValueError, RecursionError):
            continue
    for el in tree.xpath("//time[@pubdate]"):
        value = el.get("datetime")
        if value:
            yield value
    # the first machine-readable <time> of the article or its header: where CMSs print the publication date
    for el in tree.xpath("(//article//time[@datetime] | //header//time[@datetime] | //main//time[@datetime])[1]"):
        value = el.get("datetime")
        if value:
            yield value


def find_meta_date(data: bytes | str, default_tz: str, now: datetime) -> datetime | None:
    """The first readable, plausible publication date the page's markup declares."""
    for raw in _candidates(data):
        try:
            when = parse_date(raw, default_tz)
        except ValueError:
            continue
        if plausible(when, now):
            return when
    return None
