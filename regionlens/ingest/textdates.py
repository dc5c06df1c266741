"""Publication dates written in the text itself: agency datelines, date lines in the head and foot.

Where a date may stand decides whether it is the publication date. Only the head (the title and the first
lines) and the foot (the last lines) are read: that is where sites and agencies print it («МОСКВА, 25 октября.
/ТАСС/.», «19 апреля 2023, 12:06», «Опубликовано: 16.05.2010»). A date in the body is what the story is
about — a text on 1945 mentions 9 May 1945 — so body dates are never used. Inside the head and foot a date
still has to look like a stamp, not part of a sentence: it is rejected after a preposition («до 19 апреля
2023»), when a lower-case word follows it («9 мая 2015 года ветераны возложили…»), at the end of a long
line after running text («…провели встречу в Минске 19 мая 2022 года.»), or after a word that makes it a
version or a number («версия 1.2.2019», «№ 12.05.2021»).

Year-less stamps («МИНСК, 14 янв – РИА Новости», «12 студзеня», «10:13, 18 May») get their year only from
a year the caller knows from elsewhere in the record (the URL); with none they give no date. Taking the
ingest year would date every archive text to this year, and taking a year from the body would date it to
the year the story is about — both are worse than «undated», which the ingest report counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from regionlens.ingest.dates import month_number

HEAD_LINES = 6  # the title plus the first lines of the text
HEAD_CHARS = 700
FOOT_LINES = 4
FOOT_CHARS = 400
MIN_YEAR = 1990  # no online outlet in the corpus published before this; earlier years are what a story is about
SENTENCE_CHARS = 80  # a longer line with three lower-case words before its date is running text, not a stamp
FUTURE_SLACK = timedelta(hours=14)
_SPAN = 20_000  # characters read at each end of a long text (head and foot need far fewer)  # a stamp in the furthest time zone east may be «tomorrow» in UTC

_W = r"[^\W\d_]"
_MONTH = rf"({_W}{{3,12}})\.?"
_DAY = r"(\d{1,2})"
_YEAR = r"((?:19|20)\d{2})"
_CLOCK = r"(\d{1,2}):(\d{2})"
_YEAR_TAIL = r"(?:\s*(?:г\.|года|год|г(?![\w])))?"
# Full dates; each names its groups d, m (word or number), y and, optionally, hh/mm after or before.
_FULL: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<![\w.,])(?P<d>\d{{1,2}})\s*(?P<mw>{_W}{{3,12}})\.?,?\s+(?P<y>(?:19|20)\d{{2}}){_YEAR_TAIL}"),
    re.compile(rf"(?<![\w.])(?P<mw>{_W}{{3,12}})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d{{2}})(?![\d])"),
    re.compile(rf"(?<![\w.,])(?P<y>(?:19|20)\d{{2}}),\s+(?P<d>\d{{1,2}})\s+(?P<mw>{_W}{{3,12}})\.?(?![\w])"),
    re.compile(r"(?<![\w.,/+\-])(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)(?!\.\d)" + _YEAR_TAIL),
    re.compile(r"(?<![\w.,/+\-])(?P<d>\d{1,2})/(?P<mn>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])"),
    re.compile(r"(?<![\w.,/+\-])(?P<y>(?:19|20)\d{2})-(?P<mn>\d{2})-(?P<d>\d{2})(?![\d\-])"),
)
_YEARLESS = re.compile(rf"(?<![\w.,])(?P<d>\d{{1,2}})\s+(?P<mw>{_W}{{3,12}})\.?(?!\s*,?\s*(?:19|20)\d{{2}})(?![\w])")
# English datelines name the month first: «MOSCOW, January 28. /TASS/.»
_YEARLESS_MD = re.compile(r"(?<![\w.,])(?P<mw>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?![\d:])(?!,?\s*(?:19|20)\d{2})")
# …and BelTA puts the date first: «1 февраля, Минск /Корр. БЕЛТА/.», «20 мая, Гродна /… - БЕЛТА/.»
_CITY_AFTER = re.compile(r"\s*,\s*[A-ZА-ЯЁІЎ][\w\-]+(?:\s+[A-ZА-ЯЁІЎ][\w\-]+)?\s*[/(]")
_TIME_AFTER = re.compile(rf"\s*(?:,|\||•|·|–|—|-)?\s*(?:в\s+|at\s+)?{_CLOCK}(?![\d:])(?:\s*[ap]\.?m\b\.?)?", re.I)
_TIME_BEFORE = re.compile(rf"{_CLOCK}\s*(?:,|\||•|·|–|—|-)?\s*$")
_MARKER = re.compile(
    r"(?:^|[\s|•·])(?:date|дата(?:\s+публикации|\s+размещения)?|опубликовано|публикация|published|posted|"
    r"последнее\s+обновление|обновлено|updated|апублiкавана|апублікавана|дата\s+публікацыі)\s*:?\s*$",
    re.I,
)
# A city in capitals (with an optional region in brackets), a comma, then the date: the agency dateline.
_DATELINE = re.compile(r"^\s*[A-ZА-ЯЁІЎ][A-ZА-ЯЁІЎ\-\s]{1,40}(?:\s*\([^)]{0,40}\))?\s*,\s*$")
# A city in ordinary case followed by a year-less date and a full stop («Смоленск, 12 ноября. Сегодня…»).
_CITY_LINE = re.compile(r"^\s*[A-ZА-ЯЁІЎ][a-zа-яёіў\-]{2,30}(?:\s+[A-ZА-ЯЁІЎa-zа-яёіў\-]{2,30})?\s*,\s*$")
_PREPOSITIONS = frozenset(
    "в во с со до по к ко на от из после перед между около к началу концу середине "
    "since until till by from to before after between around ў з да па ад на пасля перад".split()
)
_NUMBERISH = frozenset("версия версии version ver v вер № no nr номер тел телефон phone tel факс fax".split())
_FILLER = re.compile(r"^\s*(?:г\.|года|год|г(?![\w]))")


def plausible(when: datetime, now: datetime) -> bool:
    """A found date can be a publication date: not before `MIN_YEAR`, not after the ingest time."""
    return when.year >= MIN_YEAR and when <= now + FUTURE_SLACK


@dataclass(frozen=True, slots=True)
class TextDate:
    """A date found in a text and where: `dateline`, `marker` (a «Дата:»-like label), `head` or `foot`."""

    when: datetime
    where: str


@dataclass(frozen=True, slots=True)
class _Hit:
    day: int
    month: int
    year: int | None
    clock: time
    where: str
    strength: int  # 0 marker, 1 dateline, 2 plain stamp


def _nonblank(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def _lines(title: str, text: str) -> tuple[list[str], list[str]]:
    """Head and foot lines, each a bounded number of characters, without overlap.

    A long text is cut to its two ends first, so the work per record does not grow with the text."""
    if len(text) > 4 * _SPAN:
        first, last = _nonblank(text[:_SPAN]), _nonblank(text[-_SPAN:])
        lines = first[:HEAD_LINES] + last[-FOOT_LINES:]
    else:
        lines = _nonblank(text)
    head: list[str] = [title.strip()] if title.strip() else []
    used = sum(len(x) for x in head)
    taken = 0
    for ln in lines[:HEAD_LINES]:
        if used >= HEAD_CHARS:
            break
        head.append(ln[: HEAD_CHARS - used] if used + len(ln) > HEAD_CHARS else ln)
        used += len(ln)
        taken += 1
    foot: list[str] = []
    used = 0
    for ln in reversed(lines[taken:][-FOOT_LINES:]):
        if used >= FOOT_CHARS:
            break
        foot.insert(0, ln[-(FOOT_CHARS - used):] if used + len(ln) > FOOT_CHARS else ln)
        used += len(ln)
    return head, foot


def _previous_word(line: str, start: int) -> str:
    """The word before the date as written (case kept: a capital after a comma is a city or an agency)."""
    words = re.findall(r"[\w№]+", line[:start][-30:])
    return words[-1] if words else ""


def _clock(line: str, start: int, end: int) -> tuple[time, int]:
    """A time right after the date («19 апреля 2023, 12:06», «16.05.2010 12:06») or right before it
    («10:13, 18 May»); midnight if none. Returns the time and the end of what the stamp covers."""
    after = _TIME_AFTER.match(line, end)
    found = after or _TIME_BEFORE.search(line[:start])
    if found is None:
        return time(), end
    hour, minute = int(found.group(1)), int(found.group(2))
    if re.search(r"p\.?m", found.group(0), re.I) and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return time(), end
    return time(hour, minute), (after.end() if after else end)


def _stamp_like(line: str, start: int, end: int) -> bool:
    """A date printed as a stamp, not a date inside a sentence of the story."""
    previous = _previous_word(line, start)
    if previous.lower() in _PREPOSITIONS or previous.lower() in _NUMBERISH:
        return False
    if len(line) > SENTENCE_CHARS and len(re.findall(r"(?<![\w.])[^\W\d_A-ZА-ЯЁІЎ][^\W\d_]+", line[:start])) >= 3:
        return False  # the end of a sentence of the story («…провели встречу в Минске 19 мая 2022 года.»)
    _, stamp_end = _clock(line, start, end)
    rest = _FILLER.sub("", line[stamp_end:], count=1)
    rest = re.sub(r"^[\s,.;:|•·–—\-)(/]+", "", rest)
    word = re.match(r"[^\W\d_]+", rest)
    return not (word and word.group(0)[0].islower())


def _month(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("mw"):
        return month_number(groups["mw"])
    value = int(groups["mn"])
    return value if 1 <= value <= 12 else None


def _line_hits(line: str, where: str) -> list[_Hit]:
    hits: list[tuple[int, _Hit]] = []
    covered: list[tuple[int, int]] = []
    for pattern in _FULL:
        for m in pattern.finditer(line):
            month = _month(m)
            if month is None or any(a < m.end() and m.start() < b for a, b in covered):
                continue
            strength = _strength(line, m.start())
            if strength == 2 and not _stamp_like(line, m.start(), m.end()):
                continue
            clock, _ = _clock(line, m.start(), m.end())
            covered.append((m.start(), m.end()))
            hits.append((m.start(), _Hit(int(m.group("d")), month, int(m.group("y")), clock, where, strength)))
    yearless = [*_YEARLESS.finditer(line), *(m for m in _YEARLESS_MD.finditer(line) if _strength(line, m.start()) == 1)]
    for m in yearless:
        month = month_number(m.group("mw"))
        if month is None or any(a <= m.start() < b for a, b in covered):
            continue
        strength = _strength(line, m.start())
        if strength == 2 and not line[: m.start()].strip() and _CITY_AFTER.match(line, m.end()):
            strength = 1
        if not _stamp_like(line, m.start(), m.end()):
            continue
        if strength == 2 and not _short_stamp(line, m.start(), m.end()):
            continue
        clock, _ = _clock(line, m.start(), m.end())
        hits.append((m.start(), _Hit(int(m.group("d")), month, None, clock, where, strength)))
    return [h for _, h in sorted(hits, key=lambda x: x[0])]


def _strength(line: str, start: int) -> int:
    prefix = line[:start]
    if _MARKER.search(prefix):
        return 0
    if _DATELINE.match(prefix) or _CITY_LINE.match(prefix):
        return 1
    return 2


def _short_stamp(line: str, start: int, end: int) -> bool:
    """A year-less date outside a dateline counts only as a line of its own (with a time at most):
    «15:00, 28 июня», «12 студзеня»; in running text «On 15 March, the PM…» it is the story's date."""
    _, stamp_end = _clock(line, start, end)
    before = _TIME_BEFORE.search(line[:start])
    head = line[: before.start()] if before else line[:start]
    tail = line[stamp_end:]
    return not re.search(r"\w", head) and len(re.findall(r"\w+", tail)) <= 3


def _valid(day: int, month: int, year: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_text_date(title: str, text: str, *, now: datetime, tz: str, year_hint: int | None = None,
                   month_hint: int | None = None) -> TextDate | None:
    """The publication date printed in the head or foot of a text, or None.

    Order: a labelled date («Дата:», «date», «Опубликовано») and an agency dateline before a plain date
    stamp; the head before the foot; within each, the first. `year_hint` (and `month_hint`) come from the
    URL and complete a year-less stamp; without them a year-less stamp gives no date.
    """
    head, foot = _lines(title, text)
    hits = [h for ln in head for h in _line_hits(ln, "head")] + [h for ln in foot for h in _line_hits(ln, "foot")]
    zone = ZoneInfo(tz)
    ranked = sorted(enumerate(hits), key=lambda p: (p[1].strength, p[0]))
    for _, hit in ranked:
        year = hit.year if hit.year is not None else _complete_year(hit.month, year_hint, month_hint)
        day = _valid(hit.day, hit.month, year) if year is not None and year >= MIN_YEAR else None
        if day is None:
            continue
        when = datetime.combine(day, hit.clock, tzinfo=zone)
        if not plausible(when, now):
            continue
        where = {0: "marker", 1: "dateline"}.get(hit.strength, hit.where)
        return TextDate(when, where)
    return None


def _complete_year(month: int, year_hint: int | None, month_hint: int | None) -> int | None:
    """The year of a year-less stamp from the URL's year; a December stamp under a January URL is the
    year before (a story filed on 31 December, its page dated in January)."""
    if year_hint is None:
        return None
    if month_hint == 1 and month == 12:
        return year_hint - 1
    return year_hint
