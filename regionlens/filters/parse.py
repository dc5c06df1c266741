"""What a person typed → `Filters`, with one validation for the CLI, the web pages and the API.

Each layer only maps its own argument names onto the canonical keys (`PARAMS`)
and says how the parameter is called where the person typed it (`--from` on
the command line, `date_from` in a URL); the values are checked here, once.
A bad value raises `FilterError` naming that parameter; the message is in
Russian and each layer renders it in the reader's language with
`regionlens.messages.translate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from regionlens.filters.model import ANY_KIND, DEFAULT_KIND, FLAGS, KINDS, TOPICS, Filters
from regionlens.gazetteer.gazetteer import Gazetteer, load_gazetteer
from regionlens.sources.model import COUNTRIES, LEVELS

PARAMS = ("date_from", "date_to", "country", "level", "region", "source_region", "source_id", "topic", "language",
          "kind", "union", "flag")
_REGION_RE = re.compile(r"^(RU|BY)-[A-Za-z]{1,20}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}$")
# Dates a filter may name: wide enough for any archive, narrow enough that a day's bounds in any time zone
# (and the day after the last) stay inside what datetime and the databases can hold.
FIRST_DATE, LAST_DATE = date(1800, 1, 1), date(2200, 12, 31)
MAX_SOURCE_ID = 2**31 - 1  # sources.id is an INTEGER column (32 bits in PostgreSQL)
_YES, _NO = ("1", "true", "yes", "on", "да"), ("", "0", "false", "no", "off", "нет")


class FilterError(ValueError):
    """A filter value that cannot be used; `param` is the canonical key, the message names it as typed."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True, slots=True)
class Names:
    """How a layer's user typed each parameter (`--from` for date_from on the command line), for messages."""

    typed: Mapping[str, str] = field(default_factory=dict)
    prefix: str = "Параметр "

    def bare(self, key: str) -> str:
        return self.typed.get(key, key)

    def label(self, key: str) -> str:
        return f"{self.prefix}{self.bare(key)}"


URL_NAMES = Names()  # the web pages and the API: «Параметр date_from: …»


def _known_regions() -> dict[str, str]:
    """Gazetteer codes by lower-case spelling, so «ru-smo» in a hand-typed URL still works."""
    return _codes_of(load_gazetteer())


@lru_cache(maxsize=2)
def _codes_of(gazetteer: Gazetteer) -> dict[str, str]:
    """Built once per gazetteer object (a new one is loaded when regions.yaml is edited)."""
    return {code.lower(): code for code in gazetteer.codes()}


def _date(key: str, name: str, raw: str) -> date:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise FilterError(key, f"{name}: «{raw[:40]}» — не дата; нужен формат ГГГГ-ММ-ДД") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise FilterError(key, f"{name}: дата {raw} вне допустимого диапазона "
                               f"({FIRST_DATE.isoformat()} — {LAST_DATE.isoformat()})")
    return day


def _region(key: str, name: str, raw: str) -> str:
    region = _known_regions().get(raw.lower())
    if region is None or not _REGION_RE.match(region):
        raise FilterError(key, f"{name}: «{raw[:40]}» — не код региона (например, RU-SMO или BY-VI)")
    return region


def _source_id(name: str, raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 20 or not 0 < int(raw) <= MAX_SOURCE_ID:
        raise FilterError("source_id", f"{name}: «{raw[:40]}» — не номер источника "
                                       f"(нужно целое от 1 до {MAX_SOURCE_ID})")
    return int(raw)


def _choice(key: str, name: str, raw: str, allowed: tuple[str, ...]) -> str:
    """One of a fixed list of codes; the message says what kind of value it is and lists the allowed ones."""
    if raw in allowed:
        return raw
    shown, listed = raw[:40], ", ".join(allowed)
    message = {
        "country": f"{name}: неизвестная страна «{shown}»; допустимы: {listed}",
        "level": f"{name}: неизвестный уровень «{shown}»; допустимы: {listed}",
        "topic": f"{name}: неизвестная тема «{shown}»; допустимы: {listed}",
        "kind": f"{name}: неизвестный вид документов «{shown}»; допустимы: {listed}",
    }.get(key, f"{name}: неизвестное значение «{shown}»; допустимы: {listed}")
    raise FilterError(key, message)


def _flag(name: str, raw: str) -> bool:
    value = raw.lower()
    if value not in _YES + _NO:
        raise FilterError("union", f"{name}: «{raw[:40]}» — не да/нет (1 или 0)")
    return value in _YES


def parse_filters(values: Mapping[str, str | None], *, names: Names = URL_NAMES) -> Filters:
    """Filters from raw values under the canonical keys (`PARAMS`); empty values mean «no restriction».

    `names` says how the layer's user typed each parameter, for the error message. Keys outside
    `PARAMS` are left to the caller. Raises FilterError on the first bad value.
    """
    name = names.label
    raw = {key: (values.get(key) or "").strip() for key in PARAMS}
    date_from = _date("date_from", name("date_from"), raw["date_from"]) if raw["date_from"] else None
    date_to = _date("date_to", name("date_to"), raw["date_to"]) if raw["date_to"] else None
    if date_from and date_to and date_from > date_to:
        raise FilterError("date_from",
                          f"Начало периода ({names.bare('date_from')}) позже его конца ({names.bare('date_to')})")
    country = raw["country"] or None
    if country is not None:
        country = _choice("country", name("country"), country.upper() if country.upper() in ("RU", "BY") else country,
                          COUNTRIES)
    level = _choice("level", name("level"), raw["level"].lower(), LEVELS) if raw["level"] else None
    topic = _choice("topic", name("topic"), raw["topic"].upper(), TOPICS) if raw["topic"] else None
    kind = _choice("kind", name("kind"), raw["kind"].lower(), (*KINDS, ANY_KIND)) if raw["kind"] else DEFAULT_KIND
    flag = _choice("flag", name("flag"), raw["flag"].lower(), FLAGS) if raw["flag"] else None
    language = raw["language"].lower() or None
    if language is not None and not _LANGUAGE_RE.match(language):
        raise FilterError("language", f"{name('language')}: «{raw['language'][:40]}» — не код языка (ru, be, en …)")
    return Filters(
        date_from=date_from, date_to=date_to, country=country, level=level,
        region=_region("region", name("region"), raw["region"]) if raw["region"] else None,
        source_region=_region("source_region", name("source_region"), raw["source_region"])
        if raw["source_region"] else None,
        source_id=_source_id(name("source_id"), raw["source_id"]) if raw["source_id"] else None,
        topic=topic, language=language, kind=None if kind == ANY_KIND else kind,
        union=_flag(name("union"), raw["union"]) if raw["union"] else False, flag=flag,
    )
