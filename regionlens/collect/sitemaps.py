"""Sitemaps for backfill: sitemap indexes, URL sets and Google News sitemaps, plain or gzipped.

Parsed incrementally with lxml (a sitemap may hold 50,000 URLs in 50 MB), namespace-agnostic (sites
mix the 0.84 and 0.9 namespaces, or omit them), tolerant of broken markup, with entities and network
access off so a hostile file cannot reach outside itself.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from regionlens.collect.listing import Listed
from regionlens.collect.urls import normalise_url, scheme_problem
from regionlens.ingest.dates import parse_date
from regionlens.messages.numbers import fmt_count


class SitemapError(ValueError):
    """The file is not a sitemap we can read; the message is Russian."""


@dataclass(slots=True)
class Sitemap:
    """A parsed sitemap: an index lists further sitemaps, a URL set lists articles."""

    children: list[tuple[str, datetime | None]] = field(default_factory=list)  # (sitemap URL, lastmod)
    articles: list[Listed] = field(default_factory=list)
    skipped: int = 0  # entries without a usable http(s) <loc>


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _date(value: str | None, default_tz: str) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        return parse_date(value.strip(), default_tz)
    except ValueError:
        return None  # a malformed lastmod must not drop the entry


def gunzip(data: bytes, limit: int) -> bytes:
    """A gzipped sitemap decompressed, refusing more than `limit` bytes (a small file can inflate to gigabytes)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
        try:
            while chunk := fh.read(1 << 16):
                out.write(chunk)
                if out.tell() > limit:
                    raise SitemapError(f"карта сайта после распаковки больше {fmt_count(limit)} байт")
        except (OSError, EOFError, zlib.error) as exc:
            raise SitemapError(f"повреждённый архив gzip: {exc}") from exc
    return out.getvalue()


def parse_sitemap(data: bytes, limit: int, default_tz: str = "Europe/Moscow") -> Sitemap:
    """Children of a sitemap index, or the articles of a URL set (with news:title and publication date)."""
    body = gunzip(data, limit)
    result = Sitemap()
    kind = ""
    entries = etree.iterparse(io.BytesIO(body), events=("start", "end"), recover=True, resolve_entities=False,
                              no_network=True, huge_tree=False, remove_comments=True)
    fields: dict[str, str] = {}
    try:
        for event, element in entries:
            name = _local(element.tag)
            if event == "start":
                if not kind and name in ("sitemapindex", "urlset"):
                    kind = name
                elif name in ("url", "sitemap"):
                    fields = {}
                continue
            if name in ("loc", "lastmod", "title", "publication_date"):
                fields.setdefault(name, (element.text or "").strip())
            elif name in ("url", "sitemap"):
                _take(result, name, fields, default_tz)
                element.clear()
    except etree.XMLSyntaxError as exc:
        if not (result.children or result.articles):
            raise SitemapError(f"не удалось разобрать XML карты сайта: {exc}") from exc
    if not kind:
        raise SitemapError("это не карта сайта: нет элемента <urlset> или <sitemapindex>")
    return result


def _take(result: Sitemap, name: str, fields: dict[str, str], default_tz: str) -> None:
    loc = fields.get("loc", "")
    if not loc or scheme_problem(loc):
        result.skipped += 1
        return
    lastmod = _date(fields.get("lastmod"), default_tz)
    if name == "sitemap":
        result.children.append((loc, lastmod))
        return
    result.articles.append(Listed(url=normalise_url(loc), channels={"sitemap"}, title=fields.get("title", ""),
                                  published_at=_date(fields.get("publication_date"), default_tz), lastmod=lastmod))
