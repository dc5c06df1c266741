"""What a feed or a sitemap says about one article, before its page is read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from regionlens.ingest.records import RawDocument


@dataclass(slots=True)
class Listed:
    """One article URL as listed by a source's feeds and sitemaps (merged when several list it)."""

    url: str  # normalised (urls.normalise_url): the key within a run
    channels: set[str] = field(default_factory=set)  # "feed", "sitemap"
    feed_doc: RawDocument | None = None  # the feed's record: kept when the page cannot be read
    title: str = ""  # a news sitemap's title
    published_at: datetime | None = None  # the feed's or news sitemap's date
    lastmod: datetime | None = None

    def merge(self, other: Listed) -> None:
        """The same article from another channel: keep the richest of each field."""
        self.channels |= other.channels
        if self.feed_doc is None or (other.feed_doc is not None and len(other.feed_doc.text) > len(self.feed_doc.text)):
            self.feed_doc = other.feed_doc or self.feed_doc
        self.title = self.title or other.title
        self.published_at = self.published_at or other.published_at
        if other.lastmod and (self.lastmod is None or other.lastmod > self.lastmod):
            self.lastmod = other.lastmod

    def dated(self) -> datetime | None:
        """The most specific date the listing gives (publication before modification)."""
        return self.published_at or (self.feed_doc.published_at if self.feed_doc else None) or self.lastmod
