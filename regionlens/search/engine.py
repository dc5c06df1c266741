"""Running a parsed query against the project database (FTS5 or PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from regionlens.search.kwic import KwicLine, kwic
from regionlens.search.query import Node, QueryError, parse_query, positive_patterns, to_fts5, to_tsquery
from regionlens.store.timezone import display_tz

COUNT_KEYS = ("level", "country", "month", "year", "region", "source", "language")


@dataclass(slots=True)
class Filters:
    level: str | None = None
    country: str | None = None
    region: str | None = None
    source: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None


@dataclass(slots=True)
class Hit:
    id: int
    title: str
    url: str | None
    published_at: datetime | None
    source: str | None
    level: str | None
    country: str | None
    region_code: str | None
    language: str | None
    lines: list[KwicLine] = field(default_factory=list)


# Above this many full-text matches the newest are found by walking the (published_at, id, source_id) index
# and probing the match list, instead of reading every matching row to sort it (12 s for a common lemma at
# a million publications). Below it, reading the few matching rows is the cheaper plan.
INDEX_WALK_MIN = 2000
DATE_INDEX = "ix_documents_published_source"


def _fts(engine: Engine, node: Node) -> tuple[str, dict[str, Any]]:
    if engine.dialect.name == "sqlite":
        return "d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q)", {"q": to_fts5(node)}
    return "d.lemmas_tsv @@ to_tsquery('simple', :q)", {"q": to_tsquery(node)}


def _where(engine: Engine, node: Node, filters: Filters) -> tuple[str, dict[str, Any]]:
    """The full-text condition and the filters over `documents d` alone; source attributes are checked as
    `d.source_id IN (…)`, so a count or a page never has to join the wide rows with sources."""
    clause, params = _fts(engine, node)
    parts = [clause]
    source_parts = []
    for name, column in (("level", "level"), ("country", "country"), ("region", "region_code"), ("source", "name")):
        value = getattr(filters, name)
        if value:
            source_parts.append(f"{column} = :{name}")
            params[name] = value
    if source_parts:
        parts.append(f"d.source_id IN (SELECT id FROM sources WHERE {' AND '.join(source_parts)})")
    if filters.date_from:
        parts.append("d.published_at >= :date_from")
        params["date_from"] = filters.date_from
    if filters.date_to:
        parts.append("d.published_at < :date_to")
        params["date_to"] = filters.date_to
    return " AND ".join(parts), params


def _run(engine: Engine, sql: str, params: dict[str, Any]) -> list[Any]:
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params).mappings())
    except DBAPIError as exc:  # the generated syntax is valid; this guards engine limits
        raise QueryError(f"поисковый индекс не принял запрос: {exc.orig}") from exc


def _match_count(engine: Engine, node: Node) -> int | None:
    """Documents matching the full-text query alone, from the FTS5 index (SQLite; None on PostgreSQL, whose
    planner chooses between the GIN bitmap and the date index itself)."""
    if engine.dialect.name != "sqlite":
        return None
    n = _run(engine, "SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH :q", {"q": to_fts5(node)})
    return int(n[0]["n"])


def _walk_index(engine: Engine, node: Node) -> bool:
    """Whether a query matches enough documents that walking the date index beats sorting the matches."""
    n = _match_count(engine, node)
    return n is not None and n >= INDEX_WALK_MIN


def search(
    engine: Engine, query: str, *, filters: Filters | None = None, limit: int = 20, offset: int = 0, context: int = 60
) -> tuple[int, list[Hit]]:
    """Total number of matching documents and one page of hits with KWIC lines, newest first."""
    node = parse_query(query)
    filters = filters or Filters()
    where, params = _where(engine, node, filters)
    matches = _match_count(engine, node)
    table = f"documents d INDEXED BY {DATE_INDEX}" if matches is not None and matches >= INDEX_WALK_MIN else "documents d"
    if matches is not None and filters == Filters():
        total = matches  # every indexed row is a document (external-content FTS5 kept in step by triggers)
    else:
        total = _run(engine, f"SELECT count(*) AS n FROM {table} WHERE {where}", params)[0]["n"]
    page = _run(
        engine,
        f"SELECT d.id FROM {table} WHERE {where} ORDER BY d.published_at DESC, d.id DESC LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset},
    )
    ids = [int(r["id"]) for r in page]
    rows = {
        int(r["id"]): r
        for r in _run(
            engine,
            "SELECT d.id, d.title, d.text, d.url, d.published_at, d.language, s.name AS source, s.level, s.country, "
            "s.region_code FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id IN "
            f"({', '.join(str(i) for i in ids) or 'NULL'})",
            {},
        )
    }
    patterns = positive_patterns(node)
    hits = []
    for r in (rows[i] for i in ids if i in rows):
        lines = kwic(r["title"] + "\n" + r["text"], patterns, width=context, lang=r["language"])
        hits.append(
            Hit(r["id"], r["title"], r["url"], _as_dt(r["published_at"]), r["source"], r["level"], r["country"],
                r["region_code"], r["language"], lines)
        )
    return total, hits


def count_by(engine: Engine, query: str, keys: list[str], *, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Matching documents counted by the given keys (level, country, month, year, region, source, language).

    The database groups by source and a time stamp, so a common lemma at a million publications returns a
    few thousand groups, not every matching row. Months and years are taken in the display time zone: a
    publication's UTC month is its local month unless it lies within the zone's largest offset of a month's
    end or start, so the stamp is the UTC month, and only inside those few hours around a month boundary the
    UTC hour (or minute, for a zone with a fractional offset), converted here exactly — no hour (minute)
    straddles a month boundary of such a zone. Without month or year keys no time stamp is grouped at all.
    """
    bad = [k for k in keys if k not in COUNT_KEYS]
    if bad or not keys:
        raise QueryError(f"неизвестный ключ группировки {', '.join(bad) or '(пусто)'}; допустимы: {', '.join(COUNT_KEYS)}")
    node = parse_query(query)
    where, params = _where(engine, node, filters or Filters())
    width = 13 if _whole_hour_zone() else 16
    timed = "month" in keys or "year" in keys
    stamp = _stamp_sql(engine, width) if timed else "NULL"
    language = "language" in keys
    table = f"documents d INDEXED BY {DATE_INDEX}" if not language and _walk_index(engine, node) else "documents d"
    group = ", ".join(([stamp] if timed else []) + ["d.source_id"] + (["d.language"] if language else []))
    rows = _run(
        engine,
        f"SELECT {stamp} AS stamp, d.source_id, {'d.language' if language else 'NULL'} AS language, count(*) AS n "
        f"FROM {table} WHERE {where} GROUP BY {group}",
        params,
    )
    with engine.connect() as conn:
        source_of = {r.id: r for r in conn.execute(text("SELECT id, name, level, country, region_code FROM sources"))}
    months: dict[str | None, tuple[str | None, int | None]] = {}
    counter: Counter[tuple[Any, ...]] = Counter()
    for r in rows:
        raw = r["stamp"]
        month = months.get(raw)
        if month is None:
            month = months[raw] = _month_of(raw, width)
        src = source_of.get(r["source_id"])
        values = {
            "level": src.level if src else None, "country": src.country if src else None,
            "region": src.region_code if src else None, "source": src.name if src else None,
            "language": r["language"], "month": month[0], "year": month[1],
        }
        counter[tuple(values[k] for k in keys)] += int(r["n"])
    return [
        {**dict(zip(keys, key, strict=True)), "count": n}
        for key, n in sorted(counter.items(), key=lambda kv: tuple(str(v) for v in kv[0]))
    ]


def _stamp_sql(engine: Engine, width: int) -> str:
    """The UTC month of `d.published_at`, or its UTC hour (minute) when that lies close enough to a month's
    end or start for the display zone's offset to move it into the neighbouring month."""
    late, early = _boundary_hours()
    if engine.dialect.name == "sqlite":
        utc = "d.published_at"  # stored as 'YYYY-MM-DD HH:MM:SS…' in UTC
        day, hour, month, fine = (f"substr({utc}, 9, 2)", f"substr({utc}, 12, 2)", f"substr({utc}, 1, 7)",
                                  f"substr({utc}, 1, {width})")
    else:
        utc = "(d.published_at AT TIME ZONE 'UTC')"
        day, hour, month = f"to_char({utc}, 'DD')", f"to_char({utc}, 'HH24')", f"to_char({utc}, 'YYYY-MM')"
        fine = f"to_char({utc}, '{'YYYY-MM-DD HH24' if width == 13 else 'YYYY-MM-DD HH24:MI'}')"
    # days 28–31 from hour `late` on hold every month's last hours; day 01 before hour `early` its first ones
    return (f"CASE WHEN ({day} >= '28' AND {hour} >= '{late:02d}') OR ({day} = '01' AND {hour} < '{early:02d}') "
            f"THEN {fine} ELSE {month} END")


def _boundary_hours() -> tuple[int, int]:
    """(24 − the zone's largest eastward offset, its largest westward offset), in whole hours rounded outwards."""
    return _offset_window(display_tz())


@lru_cache(maxsize=8)
def _offset_window(zone: ZoneInfo) -> tuple[int, int]:
    """Offsets probed every third day from 1970 to 2040 (once per zone; every offset in tzdata lasts longer);
    the window is widened by an hour on each side as a margin."""
    start = datetime(1970, 1, 1, tzinfo=UTC)
    offsets = {zone.utcoffset((start + timedelta(days=i)).astimezone(zone)) or timedelta(0) for i in range(0, 25568, 3)}
    east = max(max(offsets), timedelta(0))
    west = max(-min(offsets), timedelta(0))
    hour = timedelta(hours=1)
    late = 24 - min(24, -(-east // hour) + (1 if east else 0))
    early = min(24, -(-west // hour) + (1 if west else 0))
    return late, early


def _month_of(stamp: str | None, width: int) -> tuple[str | None, int | None]:
    """(month 'YYYY-MM', year) in the display zone of a grouped stamp: a UTC month is already local (see
    `count_by`); a UTC hour or minute is converted."""
    if not stamp:
        return None, None
    if len(stamp) == 7:
        return stamp, int(stamp[:4])
    when = _stamp_dt(stamp, width)
    return (when.strftime("%Y-%m"), when.year) if when else (None, None)


def _whole_hour_zone() -> bool:
    """Whether the display zone's offset from UTC is a whole number of hours from 1970 on (probed monthly)."""
    return _whole_hours(display_tz())


@lru_cache(maxsize=8)
def _whole_hours(zone: ZoneInfo) -> bool:
    """Probed once per zone, not on every count."""
    probes = (datetime(year, month, 1, tzinfo=UTC) for year in range(1970, 2040) for month in range(1, 13))
    return all((zone.utcoffset(p.astimezone(zone)) or timedelta(0)) % timedelta(hours=1) == timedelta(0)
               for p in probes)


def _stamp_dt(stamp: str | None, width: int) -> datetime | None:
    """A grouped UTC hour ('YYYY-MM-DD HH') or minute in the display time zone."""
    if not stamp:
        return None
    fmt = "%Y-%m-%d %H" if width == 13 else "%Y-%m-%d %H:%M"
    return datetime.strptime(stamp[:width], fmt).replace(tzinfo=UTC).astimezone(display_tz())


def _as_dt(value: Any) -> datetime | None:
    """Stored UTC (SQLite drops the zone) shown in the display time zone."""
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(display_tz())
