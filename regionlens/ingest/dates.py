"""Date parsing for the formats Russian and Belarusian sources actually use.

dateutil knows no Russian or Belarusian month names, so those are matched here; it is kept
only as a last resort for English free-form strings.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MONTH_FORMS: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "студзень", "студзеня", "січень", "січня", "january"),
    2: ("февраль", "февраля", "люты", "лютага", "лютий", "лютого", "february"),
    3: ("март", "марта", "сакавік", "сакавіка", "березень", "березня", "march"),
    4: ("апрель", "апреля", "красавік", "красавіка", "квітень", "квітня", "april"),
    5: ("май", "мая", "травень", "траўня", "травня", "may"),
    6: ("июнь", "июня", "чэрвень", "чэрвеня", "червень", "червня", "june"),
    7: ("июль", "июля", "ліпень", "ліпеня", "липень", "липня", "july"),
    8: ("август", "августа", "жнівень", "жніўня", "серпень", "серпня", "august"),
    9: ("сентябрь", "сентября", "верасень", "верасня", "вересень", "вересня", "september", "sept"),
    10: ("октябрь", "октября", "кастрычнік", "кастрычніка", "жовтень", "жовтня", "october"),
    11: ("ноябрь", "ноября", "лістапад", "лістапада", "листопад", "листопада", "november"),
    12: ("декабрь", "декабря", "снежань", "снежня", "грудень", "грудня", "december"),
}


def month_number(word: str) -> int | None:
    """A full form or an abbreviation of at least three letters («мар», «сент», «Mar»)."""
    word = word.lower().rstrip(".").replace("ё", "е")
    if len(word) < 3:
        return None
    found = {m for m, forms in _MONTH_FORMS.items() for f in forms if f == word or f.startswith(word)}
    return found.pop() if len(found) == 1 else None


_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?![\d:])")
_ZONE = re.compile(r"(?:\s|^)(?:(utc|gmt|z|мск|msk)|(?:utc|gmt)?([+-])(\d{1,2}):?(\d{2})?)\s*$", re.I)
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$")
_NUMERIC_YMD = re.compile(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$")
_WORD_DMY = re.compile(r"^(\d{1,2})\s*([^\W\d_]+)\.?\s+(\d{4})$")
_WORD_MDY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2})\s+(\d{4})$")
_NOISE = re.compile(r"\b(?:года|год|г|в|at|um|о)\b\.?", re.I)
_WEEKDAY = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun|пн|вт|ср|чт|пт|сб|вс|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)[a-zа-я]*\.?,?\s+",
    re.I,
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"неизвестный часовой пояс «{name}»") from exc


def _aware(value: datetime, default_tz: str) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=_zone(default_tz))


def _fail(value: object, why: str = "") -> ValueError:
    return ValueError(f"не удалось разобрать дату «{value}»" + (f": {why}" if why else ""))


def _from_number(number: float, original: object) -> datetime:
    """Excel serials (days since 1899-12-30) and Unix timestamps in seconds or milliseconds."""
    if 10_000 <= number < 100_000:
        return _EXCEL_EPOCH + timedelta(days=number)
    if 1e11 <= number < 1e14:
        number /= 1000
    if 1e8 <= number < 1e11:
        return datetime.fromtimestamp(number, tz=UTC)
    raise _fail(original, "число не похоже ни на дату Excel, ни на отметку времени Unix")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _build(original: str, y: int, m: int, d: int, clock: time, tz: timezone | ZoneInfo | None) -> datetime:
    try:
        return datetime.combine(date(y, m, d), clock, tzinfo=tz)
    except ValueError as exc:
        raise _fail(original, "такой даты нет") from exc


def _parse_text(original: str) -> datetime | None:
    s = original.strip().lower().replace("ё", "е")
    s = _WEEKDAY.sub("", s)
    tz: timezone | ZoneInfo | None = None
    zone = _ZONE.search(s)
    if zone:
        if zone.group(1):
            tz = ZoneInfo("Europe/Moscow") if zone.group(1) in ("мск", "msk") else UTC
        else:
            minutes = int(zone.group(3)) * 60 + int(zone.group(4) or 0)
            tz = timezone(timedelta(minutes=-minutes if zone.group(2) == "-" else minutes))
        s = s[: zone.start()]
    clock = time()
    found = _TIME.search(s)
    if found:
        hour, minute, second = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise _fail(original, "такого времени нет")
        clock = time(hour, minute, second)
        s = s[: found.start()] + " " + s[found.end() :]
    s = _NOISE.sub(" ", s).replace(",", " ")
    s = " ".join(s.split())
    if m := _NUMERIC_DMY.match(s):
        return _build(original, _year(m.group(3)), int(m.group(2)), int(m.group(1)), clock, tz)
    if m := _NUMERIC_YMD.match(s):
        return _build(original, int(m.group(1)), int(m.group(2)), int(m.group(3)), clock, tz)
    if m := _WORD_DMY.match(s):
        month = month_number(m.group(2))
        if month:
            return _build(original, int(m.group(3)), month, int(m.group(1)), clock, tz)
    if m := _WORD_MDY.match(s):
        month = month_number(m.group(1))
        if month:
            return _build(original, int(m.group(3)), month, int(m.group(2)), clock, tz)
    return None


def parse_date(value: object, default_tz: str = "Europe/Moscow") -> datetime:
    """Parse one date cell/field into an aware datetime; naive values get `default_tz`.

    Raises ValueError with a Russian message naming the value, so readers can report it.
    """
    if isinstance(value, datetime):
        return _aware(value, default_tz)
    if isinstance(value, date):
        return _aware(datetime.combine(value, time()), default_tz)
    if isinstance(value, bool):
        raise _fail(value)
    if isinstance(value, int | float):
        return _aware(_from_number(float(value), value), default_tz)
    if not isinstance(value, str):
        raise _fail(value, f"неожиданный тип {type(value).__name__}")
    return _parse_string(value.strip(), default_tz)


@lru_cache(maxsize=8192)
def _parse_string(text: str, default_tz: str) -> datetime:
    """Exports repeat the same date strings thousands of times; results are immutable, so cache them."""
    if not text:
        raise ValueError("пустая дата")
    if re.fullmatch(r"\d{8}", text) and text[:2] in ("19", "20"):
        try:
            return _aware(datetime.strptime(text, "%Y%m%d"), default_tz)
        except ValueError as exc:
            raise _fail(text, "такой даты нет") from exc
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text) and not re.fullmatch(r"\d{1,2}[.,]\d{1,2}", text):
        return _aware(_from_number(float(text.replace(",", ".")), text), default_tz)
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return _aware(datetime.fromisoformat(iso), default_tz)
    except ValueError:
        pass
    if text.isascii() and re.match(r"^[A-Za-z]{3},", text) or re.search(r"\s[+-]\d{4}$|\s(?:GMT|UT)$", text):
        try:
            return _aware(email.utils.parsedate_to_datetime(text), default_tz)
        except (TypeError, ValueError, IndexError):
            pass
    parsed = _parse_text(text)
    if parsed is not None:
        return _aware(parsed, default_tz)
    if text.isascii() and re.search(r"\d{4}", text):
        from dateutil import parser as dateutil_parser

        try:
            return _aware(dateutil_parser.parse(text, dayfirst=True), default_tz)
        except (ValueError, OverflowError):
            pass
    raise _fail(text)
