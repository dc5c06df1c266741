"""Running a parsed query against the project database (FTS5 or PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

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


def _where(engine: Engine, node: Node, filters: Filters) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    if engine.dialect.name == "sqlite":
        clause = "d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q)"
        params["q"] = to_fts5(node)
    else:
        clause = "d.lemmas_tsv @@ to_tsquery('simple', :q)"
        params["q"] = to_tsquery(node)
    parts = [clause]
    for name, column in (("level", "s.level"), ("country", "s.country"), ("region", "s.region_code"), ("source", "s.name")):
        value = getattr(filters, name)
        if value:
            parts.append(f"{column} = :{name}")
            params[name] = value
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


def search(
    engine: Engine, query: str, *, filters: Filters | None = None, limit: int = 20, offset: int = 0, context: int = 60
) -> tuple[int, list[Hit]]:
    """Total number of matching documents and one page of hits with KWIC lines, newest first."""
    node = parse_query(query)
    where, params = _where(engine, node, filters or Filters())
    base = f"FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE {where}"
    total = _run(engine, f"SELECT count(*) AS n {base}", params)[0]["n"]
    rows = _run(
        engine,
        "SELECT d.id, d.title, d.text, d.url, d.published_at, d.language, s.name AS source, s.level, s.country, "
        f"s.region_code {base} ORDER BY d.published_at DESC, d.id DESC LIMIT :limit OFFSET :offset",
        {**params, "limit": limit, "offset": offset},
    )
    patterns = positive_patterns(node)
    hits = []
    for r in rows:
        lines = kwic(r["title"] + "\n" + r["text"], patterns, width=context, lang=r["language"])
        hits.append(
            Hit(r["id"], r["title"], r["url"], _as_dt(r["published_at"]), r["source"], r["level"], r["country"],
                r["region_code"], r["language"], lines)
        )
    return total, hits


def count_by(engine: Engine, query: str, keys: list[str], *, filters: Filters | None = None) -> list[dict[str, Any]]:
    """Matching documents counted by the given keys (level, country, month, year, region, source, language)."""
    bad = [k for k in keys if k not in COUNT_KEYS]
    if bad or not keys:
        raise QueryError(f"неизвестный ключ группировки {', '.join(bad) or '(пусто)'}; допустимы: {', '.join(COUNT_KEYS)}")
    node = parse_query(query)
    where, params = _where(engine, node, filters or Filters())
    rows = _run(
        engine,
        f"SELECT d.published_at, d.language, s.level, s.country, s.region_code, s.name AS source "
        f"FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE {where}",
        params,
    )
    counter: Counter[tuple[Any, ...]] = Counter()
    for r in rows:
        when = _as_dt(r["published_at"])
        values = {
            "level": r["level"], "country": r["country"], "region": r["region_code"], "source": r["source"],
            "language": r["language"],
            "month": when.strftime("%Y-%m") if when else None, "year": when.year if when else None,
        }
        counter[tuple(values[k] for k in keys)] += 1
    return [
        {**dict(zip(keys, key, strict=True)), "count": n}
        for key, n in sorted(counter.items(), key=lambda kv: tuple(str(v) for v in kv[0]))
    ]


def _as_dt(value: Any) -> datetime | None:
    """Stored UTC (SQLite drops the zone) shown in the display time zone."""
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(display_tz())
