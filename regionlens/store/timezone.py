"""The time zone in which dates are shown and months are counted.

Timestamps are stored in UTC; calendar units (days, months) are taken in the
users' zone, Moscow/Minsk time (UTC+3) unless REGIONLENS_TZ says otherwise, so
a publication at 01:00 on the 1st is not counted in the previous month.
"""

from __future__ import annotations

import os
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Europe/Moscow"


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def display_tz() -> ZoneInfo:
    return _zone(os.environ.get("REGIONLENS_TZ", DEFAULT_TZ))
