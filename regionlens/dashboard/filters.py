"""The dashboard filter set, parsed from a query string.

Kept separate from the pages so that the REST API and the web pages read the
same filter parameters with the same validation and the same Russian errors.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

from regionlens.gazetteer.gazetteer import load_gazetteer
from regionlens.sources.model import COUNTRIES, LEVELS

FILTER_KEYS = ("date_from", "date_to", "country", "level", "region", "source_id", "topic")
TOPICS = ("ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO")
_REGION_RE = re.compile(r"^(RU|BY)-[A-Za-z]{1,20}$")
# Dates a filter may name: wide enough for any archive, narrow enough that a day's bounds in any time zone
# (and the day after the last) stay inside what datetime and the databases can hold.
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2200, 12, 31)
MAX_SOURCE_ID = 2**31 - 1  # sources.id is an INTEGER column (32 bits in PostgreSQL)


@lru_cache(maxsize=1)
def _KNOWN_REGIONS() -> dict[str, str]:  # noqa: N802 - a cached constant
    """Gazetteer codes by lower-case spelling, so «ru-smo» in a hand-typed URL still works."""
    return {code.lower(): code for code in load_gazetteer().codes()}


@dataclass(frozen=True, slots=True)
class Filters:
    """Which publications a figure is computed over; None means «no restriction»."""

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    level: str | None = None
    region: str | None = None
    source_id: int | None = None
    topic: str | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in asdict(self).values())

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as query parameters, so a link keeps the current view."""
        out: dict[str, str] = {}
        for key, value in asdict(self).items():
            if value is not None:
                out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out


def _date(key: str, raw: str) -> date:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"Параметр {key}: «{raw[:40]}» — не дата; нужен формат ГГГГ-ММ-ДД") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"Параметр {key}: дата {raw} вне допустимого диапазона "
                         f"({FIRST_DATE.isoformat()} — {LAST_DATE.isoformat()})")
    return day


def filters_from_query(params: Mapping[str, str]) -> Filters:
    """Filters from query parameters; empty values are ignored, unknown keys are left to the caller.

    Raises ValueError with a Russian message naming the parameter on a bad value.
    """
    raw = {key: (params.get(key) or "").strip() for key in FILTER_KEYS}
    date_from = _date("date_from", raw["date_from"]) if raw["date_from"] else None
    date_to = _date("date_to", raw["date_to"]) if raw["date_to"] else None
    if date_from and date_to and date_from > date_to:
        raise ValueError("Начало периода (date_from) позже его конца (date_to)")
    country = raw["country"] or None
    if country is not None:
        if country.upper() in ("RU", "BY"):
            country = country.upper()
        if country not in COUNTRIES:
            raise ValueError(f"Параметр country: неизвестная страна «{country}»; допустимы: {', '.join(COUNTRIES)}")
    level = raw["level"].lower() or None
    if level is not None and level not in LEVELS:
        raise ValueError(f"Параметр level: неизвестный уровень «{raw['level']}»; допустимы: {', '.join(LEVELS)}")
    region = raw["region"] or None
    if region is not None:
        region = _KNOWN_REGIONS().get(region.lower(), region)
        if not _REGION_RE.match(region):
            raise ValueError(f"Параметр region: «{raw['region']}» — не код региона (например, RU-SMO или BY-VI)")
    source_id: int | None = None
    if raw["source_id"]:
        if (not raw["source_id"].isascii() or not raw["source_id"].isdigit() or len(raw["source_id"]) > 20
                or not 0 < int(raw["source_id"]) <= MAX_SOURCE_ID):
            raise ValueError(f"Параметр source_id: «{raw['source_id'][:40]}» — не номер источника "
                             f"(нужно целое от 1 до {MAX_SOURCE_ID})")
        source_id = int(raw["source_id"])
    topic = raw["topic"].upper() or None
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"Параметр topic: неизвестная тема «{raw['topic']}»; допустимы: {', '.join(TOPICS)}")
    return Filters(date_from, date_to, country, level, region, source_id, topic)
