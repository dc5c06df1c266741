"""Publication dates in article addresses: /2020/11/05/, /2020/11/, 20230831, 26112024.

Many CMSs put the publication day (or month) in the path. Only the path counts (not the host or the
query, where ids and tracking numbers live), a number must stand alone between separators, and the date
must exist, be no earlier than `MIN_YEAR` and no later than the ingest time. An eight-digit number read
both as yyyymmdd and as ddmmyyyy with two valid dates is ambiguous and gives nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from regionlens.ingest.textdates import MIN_YEAR, plausible

_YMD_PATH = re.compile(r"(?:^|/)((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/|$|[-_.])")
_YM_PATH = re.compile(r"(?:^|/)((?:19|20)\d{2})/(\d{1,2})(?=/|$)")
_YMD_DASHED = re.compile(r"(?<![\d])((?:19|20)\d{2})[-_.](\d{2})[-_.](\d{2})(?![\d])")
_EIGHT = re.compile(r"(?<![\d])(\d{8})(?![\d])")
_YEAR_ONLY = re.compile(r"(?:^|/)((?:19|20)\d{2})(?=/)")


@dataclass(frozen=True, slots=True)
class UrlDate:
    """A date read from a URL; `precision` is "day" or "month" (a /2020/11/ path names no day)."""

    year: int
    month: int
    day: int
    precision: str

    def as_date(self) -> date:
        return date(self.year, self.month, self.day)


def _ok(y: int, m: int, d: int, now: datetime) -> date | None:
    try:
        found = date(y, m, d)
    except ValueError:
        return None
    return found if plausible(datetime.combine(found, datetime.min.time(), tzinfo=now.tzinfo), now) else None


def _eight_digits(value: str, now: datetime) -> date | None:
    as_ymd = _ok(int(value[:4]), int(value[4:6]), int(value[6:]), now) if value[:2] in ("19", "20") else None
    as_dmy = _ok(int(value[4:]), int(value[2:4]), int(value[:2]), now) if value[4:6] in ("19", "20") else None
    if as_ymd and as_dmy and as_ymd != as_dmy:
        return None  # both readings exist: no way to tell
    return as_ymd or as_dmy


def find_url_date(url: str | None, now: datetime) -> UrlDate | None:
    """The publication date a URL path carries, or None."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for pattern in (_YMD_PATH, _YMD_DASHED):
        for m in pattern.finditer(path):
            found = _ok(int(m.group(1)), int(m.group(2)), int(m.group(3)), now)
            if found:
                return UrlDate(found.year, found.month, found.day, "day")
    for m in _EIGHT.finditer(path):
        found = _eight_digits(m.group(1), now)
        if found:
            return UrlDate(found.year, found.month, found.day, "day")
    for m in _YM_PATH.finditer(path):
        found = _ok(int(m.group(1)), int(m.group(2)), 1, now)
        if found:
            return UrlDate(found.year, found.month, 1, "month")
    return None


def url_year(url: str | None, now: datetime) -> tuple[int | None, int | None]:
    """The year (and month, if any) a URL names, to complete a year-less dateline; (None, None) if none."""
    found = find_url_date(url, now)
    if found is not None:
        return found.year, found.month
    if url:
        try:
            path = urlsplit(url).path
        except ValueError:
            return None, None
        for m in _YEAR_ONLY.finditer(path):
            year = int(m.group(1))
            if MIN_YEAR <= year <= now.year:
                return year, None
    return None, None
