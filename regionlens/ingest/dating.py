"""The one place that decides a publication's date and where it came from.

Order, strongest first:

1. ``record`` — the date the input itself gives (a date column, a feed's pubDate);
2. ``meta`` — what the file's markup or properties declare (HTML meta tags and JSON-LD, DOCX/PDF
   properties); the readers that see the markup fill it in and label it;
3. ``text`` — a dateline or a date stamp in the head or foot of the text (`regionlens.ingest.textdates`);
4. ``url`` — a date in the article's address (`regionlens.ingest.urldates`).

A publisher's stated date beats one read from the page, and the visible stamp beats the address, which
often holds only a month or the date a page was filed. Dates read from text or address are checked for
plausibility (not before 1990, not after the ingest time); record dates are the user's data and kept.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from regionlens.ingest.records import RawDocument
from regionlens.ingest.textdates import find_text_date
from regionlens.ingest.urldates import find_url_date, url_year

DATE_SOURCES: tuple[str, ...] = ("record", "meta", "text", "url")


def date_document(doc: RawDocument, default_tz: str, now: datetime | None = None) -> RawDocument:
    """Give an undated record the best date its text or URL carries, and label every date's source.

    A URL that names only a month (/2020/11/) dates the record to the 1st and says so in
    ``meta["date_precision"] = "month"``: monthly dynamics stay right, the day is not invented silently.
    """
    if doc.published_at is not None:
        doc.date_source = doc.date_source or "record"
        return doc
    now = now or datetime.now(UTC)
    year_hint, month_hint = url_year(doc.url, now)
    found = find_text_date(doc.title, doc.text, now=now, tz=default_tz, year_hint=year_hint, month_hint=month_hint)
    if found is not None:
        doc.published_at, doc.date_source = found.when, "text"
        return doc
    from_url = find_url_date(doc.url, now)
    if from_url is not None:
        doc.published_at = datetime.combine(from_url.as_date(), datetime.min.time(), tzinfo=ZoneInfo(default_tz))
        doc.date_source = "url"
        if from_url.precision != "day":
            doc.meta["date_precision"] = from_url.precision
    return doc
