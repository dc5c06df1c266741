"""The time zone in which dates are shown and months are counted.

Timestamps are stored in UTC; calendar units (days, months) are taken in the
users' zone, Moscow/Minsk time (UTC+3) unless REGIONLENS_TZ says otherwise, so
a publication at 01:00 on the 1st is not counted in the previous month.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Europe/Moscow"


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def display_tz() -> ZoneInfo:
    return _zone(os.environ.get("REGIONLENS_TZ", DEFAULT_TZ))


def day_start(day: date) -> datetime:
    """Midnight of a calendar day in the users' zone, as UTC (how timestamps are stored)."""
    return datetime.combine(day, time.min, display_tz()).astimezone(UTC)


def period_bounds(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    """A user's «from … to …» period as [start, end) timestamps: both days are included, as in the web and API.

    `date_to` 2023-03-31 means the whole of 31 March in the users' zone, so the
    exclusive end is midnight of 1 April; the CLI, dashboard and API all read a
    period this way.
    """
    start = day_start(date_from) if date_from is not None else None
    end = day_start(date_to + timedelta(days=1)) if date_to is not None else None
    return start, end
