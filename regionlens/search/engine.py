"""Running a parsed query against the project database (FTS5 or PostgreSQL): pages of hits and counts by key.

The filters are `regionlens.filters.Filters`, written as SQL by `regionlens.filters.sql` over the
documents table (any kind of document, coded or not); the queries around them are hand-written because
they name the date index SQLite should walk for common lemmas.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from regionlens.filters import DEFAULT_KIND, Filters
from regionlens.filters.sql import DOCUMENTS, as_sql_text, condition
from regionlens.search.kwic import KwicLine, kwic
from regionlens.search.query import Node, QueryError, parse_query, positive_patterns, to_fts5, to_tsquery
from regionlens.store.timezone import display_tz

COUNT_KEYS = ("level", "country", "month", "year", "region", "source", "language")


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
        return "documents.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q)", {"q": to_fts5(node)}
    return "documents.lemmas_tsv @@ to_tsquery('simple', :q)", {"q": to_tsquery(node)}


def _where(engine: Engine, node: Node, filters: Filters) -> tuple[str, dict[str, Any]]:
    """The full-text condition and the filters over `documents` alone (regionlens.filters.sql writes them;
    source attributes are checked as `documents.source_id IN (…)`, so a count or a page never has to join
    the wide rows with sources)."""
    clause, params = _fts(engine, node)
    if filters.kind == DEFAULT_KIND and _media_only(engine):
        # Same selection without reading each match's wide row for its kind: the date index walk stays
        # covering (published_at, id, source_id) in the usual project that holds media alone.
        filters = replace(filters, kind=None)
    filtered, filter_params = as_sql_text(condition(filters, on=DOCUMENTS), engine.dialect)
    return f"{clause} AND {filtered}", {**params, **filter_params}


_media_checked: dict[str, tuple[int | None, bool]] = {}


def _media_only(engine: Engine) -> bool:
    """Whether the project holds no document of another kind; remembered until a document is added (the
    newest id, read from the primary key, says so), since a kind is set once, at ingest."""
    key = str(engine.url)
    with engine.connect() as conn:
        newest = conn.execute(text("SELECT max(id) FROM documents")).scalar()
        seen = _media_checked.get(key)
        if seen is not None and seen[0] == newest:
            return seen[1]
        other = conn.execute(text("SELECT 1 FROM documents WHERE kind <> :kind LIMIT 1"), {"kind": DEFAULT_KIND}).first()
    _media_checked[key] = (newest, other is None)
    return other is None


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
    table = f"documents INDEXED BY {DATE_INDEX}" if matches is not None and matches >= INDEX_WALK_MIN else "documents"
    if matches is not None and (filters == Filters(kind=None) or (filters == Filters() and _media_only(engine))):
        total = matches  # every indexed row is a document (external-content FTS5 kept in step by triggers)
    else:
        total = _run(engine, f"SELECT count(*) AS n FROM {table} WHERE {where}", params)[0]["n"]
    page = _run(
        engine,
        f"SELECT documents.id FROM {table} WHERE {where} ORDER BY documents.published_at DESC, documents.id DESC "
        "LIMIT :limit OFFSET :offset",
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
    table = f"documents INDEXED BY {DATE_INDEX}" if not language and _walk_index(engine, node) else "documents"
    group = ", ".join(([stamp] if timed else []) + ["documents.source_id"] + (["documents.language"] if language else []))
    rows = _run(
        engine,
        f"SELECT {stamp} AS stamp, documents.source_id, {'documents.language' if language else 'NULL'} AS language, "
        "count(*) AS n "
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
    """The UTC month of `documents.published_at`, or its UTC hour (minute) when that lies close enough to a month's
    end or start for the display zone's offset to move it into the neighbouring month."""
    late, early = _boundary_hours()
    if engine.dialect.name == "sqlite":
        utc = "documents.published_at"  # stored as 'YYYY-MM-DD HH:MM:SS…' in UTC
        day, hour, month, fine = (f"substr({utc}, 9, 2)", f"substr({utc}, 12, 2)", f"substr({utc}, 1, 7)",
                                  f"substr({utc}, 1, {width})")
    else:
        utc = "(documents.published_at AT TIME ZONE 'UTC')"
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
