"""The dashboard fact tables (schema v5): codes and reprints flattened for fast GROUP BYs.

Codes are stored one JSON value per (document, variable), which is right for
auditing but means parsing millions of JSON strings for every figure. The
dashboard instead reads `dash_docs` (one row per coded media publication with
integer flags), `dash_topics` and `dash_regions`, and month cubes summed from
them — overall and, for region and topic filters, per region and per topic
(the facet cubes, schema v6). They are derived data: they
are rebuilt incrementally from documents coded since the last refresh, and the
reprint flags and source levels are re-synchronised whenever the reprints table
or the registry changed, so a stale dashboard can only lag, never drift.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, and_, case, delete, func, insert, inspect, select, update

from regionlens.dashboard import increments
from regionlens.dashboard.cube_frames import FACET_CUBES, FACT_COLUMNS, facet_frames, make_facts, records
from regionlens.store.schema import (
    codes,
    coding_runs,
    dash_cube,
    dash_cube_pair,
    dash_cube_region,
    dash_cube_topic,
    dash_docs,
    dash_fcube,
    dash_regions,
    dash_topics,
    documents,
    meta,
    metadata,
    reprints,
    sources,
)
from regionlens.store.timezone import display_tz

AUTO = "auto"
BATCH = 5000
VARIABLES = ("union", "substantive", "problem", "tone", "topics", "regions")
STAMP_KEYS = ("dashboard_coded_at", "dashboard_runs", "dashboard_reprints", "dashboard_sources")
CHECK_EVERY_S = 5.0

_checked: dict[str, float] = {}
_check_lock = threading.Lock()


def as_utc(value: Any) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite drops the zone on the way back)."""
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def month_of(value: Any) -> str | None:
    """«YYYY-MM» in the display time zone, as the analysis frame counts months."""
    when = as_utc(value)
    return when.astimezone(display_tz()).strftime("%Y-%m") if when else None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _read_stamp(conn: Connection) -> dict[str, str]:
    rows = conn.execute(select(meta.c.key, meta.c.value).where(meta.c.key.in_(STAMP_KEYS))).all()
    return {str(k): str(v) for k, v in rows}


def _write_stamp(conn: Connection, stamp: dict[str, str]) -> None:
    for key, value in stamp.items():
        if conn.execute(select(meta.c.key).where(meta.c.key == key)).first():
            conn.execute(update(meta).where(meta.c.key == key).values(value=value))
        else:
            conn.execute(insert(meta).values(key=key, value=value))


def current_stamp(conn: Connection) -> dict[str, str]:
    """What the fact tables depend on: newest coding run and their number, the reprint set, the registry's levels."""
    coded_at = conn.execute(select(func.max(coding_runs.c.coded_at)).where(coding_runs.c.coder == AUTO)).scalar()
    when = as_utc(coded_at)
    runs = conn.execute(select(func.count()).select_from(coding_runs).where(coding_runs.c.coder == AUTO)).scalar()
    n, total = conn.execute(
        select(func.count(), func.coalesce(func.sum(reprints.c.original_id - reprints.c.document_id), 0))
    ).one()
    digest = hashlib.sha256()
    for row in conn.execute(select(sources.c.id, sources.c.level, sources.c.country).order_by(sources.c.id)):
        digest.update(f"{row[0]}|{row[1]}|{row[2]};".encode())
    return {
        "dashboard_coded_at": when.isoformat() if when else "",
        "dashboard_runs": str(runs),  # falls when documents are deleted (their facts go by cascade, the cubes must follow)
        "dashboard_reprints": f"{n}:{total}",
        "dashboard_sources": digest.hexdigest()[:32],
    }


def _changed_ids(conn: Connection, since: datetime | None) -> Iterator[list[int]]:
    """Ids of documents coded by `auto` after `since` (all when None), in keyset batches."""
    last = 0
    while True:
        query = select(coding_runs.c.document_id).where(coding_runs.c.coder == AUTO, coding_runs.c.document_id > last)
        if since is not None:
            query = query.where(coding_runs.c.coded_at > since)
        ids = [int(i) for i in conn.execute(query.order_by(coding_runs.c.document_id).limit(BATCH)).scalars()]
        if not ids:
            return
        last = ids[-1]
        yield ids


def _rebuild(conn: Connection, ids: list[int]) -> int:
    conn.execute(delete(dash_topics).where(dash_topics.c.document_id.in_(ids)))
    conn.execute(delete(dash_regions).where(dash_regions.c.document_id.in_(ids)))
    conn.execute(delete(dash_docs).where(dash_docs.c.document_id.in_(ids)))
    docs = conn.execute(
        select(documents.c.id, documents.c.published_at, documents.c.source_id, sources.c.level, sources.c.country)
        .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
        .where(documents.c.id.in_(ids), documents.c.kind == "media")
    ).all()
    values: dict[int, dict[str, Any]] = {}
    for doc_id, variable, value in conn.execute(
        select(codes.c.document_id, codes.c.variable, codes.c.value)
        .where(codes.c.document_id.in_(ids), codes.c.coder == AUTO, codes.c.variable.in_(VARIABLES))
    ):
        try:
            values.setdefault(int(doc_id), {})[str(variable)] = json.loads(value)
        except ValueError:
            continue  # a damaged code counts as absent rather than stopping the dashboard
    doc_rows, topic_rows, region_rows = [], [], []
    for doc_id, published, source_id, level, country in docs:
        v = values.get(int(doc_id), {})
        doc_rows.append({
            "document_id": doc_id, "published_at": as_utc(published), "month": month_of(published),
            "source_id": source_id, "level": level or "unknown", "country": country or "unknown",
            "is_union": 1 if _int(v.get("union")) else 0, "substantive": 1 if _int(v.get("substantive")) else 0,
            "problem": 1 if _int(v.get("problem")) else 0, "tone": max(-1, min(1, _int(v.get("tone")))), "reprint": 0,
        })
        topic_rows += [{"document_id": doc_id, "topic": t} for t in dict.fromkeys(_list(v.get("topics")))]
        region_rows += [{"document_id": doc_id, "region_code": r} for r in dict.fromkeys(_list(v.get("regions")))]
    for table, rows in ((dash_docs, doc_rows), (dash_topics, topic_rows), (dash_regions, region_rows)):
        if rows:
            conn.execute(insert(table), rows)
    return len(doc_rows)


def _sync_reprints(conn: Connection) -> None:
    conn.execute(update(dash_docs).values(reprint=0))
    flagged = select(reprints.c.document_id).where(reprints.c.original_id != reprints.c.document_id)
    conn.execute(update(dash_docs).where(dash_docs.c.document_id.in_(flagged)).values(reprint=1))


def _sync_sources(conn: Connection) -> None:
    for source_id, level, country in conn.execute(select(sources.c.id, sources.c.level, sources.c.country)).all():
        conn.execute(
            update(dash_docs)
            .where(and_(dash_docs.c.source_id == source_id,
                        (dash_docs.c.level != level) | (dash_docs.c.country != country)))
            .values(level=level, country=country)
        )


def union_sums(union: Any) -> list[Any]:
    """The cube's sum columns over union publications (`union` is the 0/1 flag expression)."""
    d = dash_docs.c

    def only(expr: Any) -> Any:
        return case((union == 1, expr))

    return [
        func.coalesce(func.sum(union), 0).label("n"),
        func.coalesce(func.sum(d.substantive * union), 0).label("substantive"),
        func.coalesce(func.sum(d.problem * union), 0).label("problem"),
        func.coalesce(func.sum(d.tone * union), 0).label("tone_sum"),
        func.coalesce(func.sum(d.tone * d.tone * union), 0).label("tone_sq"),
        func.coalesce(func.sum(case((d.tone < 0, union), else_=0)), 0).label("negative"),
        func.coalesce(func.sum(d.reprint * union), 0).label("reprints"),
        func.max(only(d.document_id)).label("ex_any"),
        func.max(only(case((d.substantive == 1, d.document_id)))).label("ex_substantive"),
        func.max(only(case((d.problem == 1, d.document_id)))).label("ex_problem"),
        func.max(only(case((d.tone < 0, d.document_id)))).label("ex_negative"),
    ]


SUM_NAMES = ("n", "substantive", "problem", "tone_sum", "tone_sq", "negative", "reprints",
             "ex_any", "ex_substantive", "ex_problem", "ex_negative")


def _rebuild_cubes(conn: Connection) -> None:
    """Recompute the four cubes from the fact tables (a few GROUP BYs; seconds at a million publications).

    Rebuilt whole rather than patched: deleted publications leave the facts by
    cascade, and re-summing cells is cheaper than tracking which ones changed.
    """
    d = dash_docs.c
    for table in (dash_cube, dash_cube_topic, dash_cube_region, dash_cube_pair):
        conn.execute(delete(table))
    cell = (d.month, d.source_id, d.level, d.country)
    conn.execute(insert(dash_cube).from_select(
        ["month", "source_id", "level", "country", "n_all", *SUM_NAMES],
        select(*cell, func.count(), *union_sums(d.is_union)).group_by(*cell)))
    t = dash_topics.c
    conn.execute(insert(dash_cube_topic).from_select(
        ["topic", "month", "source_id", "level", "country", "n", "ex_any"],
        select(t.topic, *cell, func.count(), func.max(d.document_id))
        .select_from(dash_docs.join(dash_topics, t.document_id == d.document_id))
        .where(d.is_union == 1).group_by(t.topic, *cell)))
    r = dash_regions.c
    keys = (d.month, d.level, d.country)
    conn.execute(insert(dash_cube_region).from_select(
        ["region_code", "month", "level", "country", *SUM_NAMES],
        select(r.region_code, *keys, *union_sums(d.is_union))
        .select_from(dash_docs.join(dash_regions, r.document_id == d.document_id))
        .where(d.is_union == 1).group_by(r.region_code, *keys)))
    ru, by = dash_regions.alias("ru"), dash_regions.alias("by")
    conn.execute(insert(dash_cube_pair).from_select(
        ["ru", "by", "month", "level", "country", "n", "ex_any"],
        select(ru.c.region_code, by.c.region_code, *keys, func.count(), func.max(d.document_id))
        .select_from(dash_docs.join(ru, ru.c.document_id == d.document_id).join(by, by.c.document_id == d.document_id))
        .where(d.is_union == 1, ru.c.region_code.like("RU-%"), by.c.region_code.like("BY-%"))
        .group_by(ru.c.region_code, by.c.region_code, *keys)))


def _fetch(conn: Connection, query: Any, columns: list[str]) -> pd.DataFrame:
    """A parameterless SELECT through the driver's cursor, in the refresh's transaction.

    SQLAlchemy Row objects cost more than the query itself at millions of rows
    (pandas probes each one for attributes).
    """
    cursor = conn.connection.cursor()
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect)))
        return pd.DataFrame(cursor.fetchall(), columns=columns)
    finally:
        cursor.close()


def _rebuild_facet_cubes(conn: Connection) -> None:
    """The facet cubes of the whole corpus (see `cube_frames.facet_frames`)."""
    for table in FACET_CUBES:
        conn.execute(delete(table))
    d, r, t = dash_docs.c, dash_regions.c, dash_topics.c
    facts = make_facts(_fetch(conn, select(*[d[c] for c in FACT_COLUMNS]).order_by(d.document_id), FACT_COLUMNS),
                       _fetch(conn, select(r.document_id, r.region_code), ["document_id", "region_code"]),
                       _fetch(conn, select(t.document_id, t.topic), ["document_id", "topic"]))
    for table, frame in facet_frames(facts):
        rows = records(frame)
        if rows:  # an empty executemany would be one INSERT without values
            conn.execute(insert(table), rows)


def _facet_tables_created(conn: Connection) -> bool:
    """Create the facet cubes if missing and say so (a database moved to v6 before they were part of it)."""
    if inspect(conn).has_table(dash_fcube.name):
        return False
    metadata.create_all(conn, tables=list(FACET_CUBES), checkfirst=True)
    return True


LOCK_KEY = 7_310_522  # pg_advisory_xact_lock key of the dashboard refresh


def _lock(conn: Connection) -> None:
    """Serialise refreshes (several web workers may notice staleness at once) before reading the stamp.

    PostgreSQL gets a transaction advisory lock; SQLite takes its write lock
    up front with a no-op write, so two refreshes queue instead of deadlocking.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
    else:
        conn.execute(update(meta).where(meta.c.key == "schema_version").values(value=meta.c.value))


def refresh_facts(engine: Engine, *, full: bool = False) -> int:
    """Bring the fact tables up to date; returns the number of publications rebuilt.

    Call after coding or reprint detection (the dashboard also calls it lazily).
    `full` rebuilds everything, e.g. after documents were deleted by hand.
    On SQLite the cubes follow the changed publications cell by cell (`regionlens.dashboard.increments`);
    they are summed whole on the first refresh, after a registry edit, when most publications changed,
    and on PostgreSQL.
    """
    with engine.begin() as conn:
        _lock(conn)
        created = _facet_tables_created(conn)
        old = _read_stamp(conn)
        new = current_stamp(conn)
        if not full and not created and old == new:
            return 0
        if (not full and not created and old.get("dashboard_coded_at")
                and old.get("dashboard_sources") == new["dashboard_sources"] and increments.supported(conn)):
            rebuilt = _refresh_cells(conn, as_utc(old["dashboard_coded_at"]),
                                     old.get("dashboard_coded_at") != new["dashboard_coded_at"])
            if rebuilt is not None:
                _write_stamp(conn, new)
                return rebuilt
        since = None
        if full or not old.get("dashboard_coded_at"):
            conn.execute(delete(dash_topics))
            conn.execute(delete(dash_regions))
            conn.execute(delete(dash_docs))
        else:
            since = as_utc(old["dashboard_coded_at"])
        rebuilt = 0
        if full or old.get("dashboard_coded_at") != new["dashboard_coded_at"]:
            for ids in _changed_ids(conn, since):
                rebuilt += _rebuild(conn, ids)
        _sync_reprints(conn)
        if old.get("dashboard_sources") != new["dashboard_sources"]:
            _sync_sources(conn)
        _rebuild_cubes(conn)
        _rebuild_facet_cubes(conn)
        _write_stamp(conn, new)
    return rebuilt


WHOLE_SHARE = 0.25  # above this share of the publications changed, summing the cubes whole is cheaper


def _refresh_cells(conn: Connection, since: datetime | None, coded: bool) -> int | None:
    """The fact rows of the publications coded since `since` and of those whose reprint flag changed, and the
    cube cells they leave and enter; None (nothing done) when so many changed that a whole rebuild is cheaper."""
    changed = [i for ids in _changed_ids(conn, since) for i in ids] if coded else []
    total = int(conn.execute(select(func.count()).select_from(dash_docs)).scalar_one())
    if len(changed) > max(5 * BATCH, WHOLE_SHARE * total):
        return None
    before = increments.read_facts(conn, changed)
    rebuilt = 0
    for i in range(0, len(changed), BATCH):
        rebuilt += _rebuild(conn, changed[i : i + BATCH])
    flagged, cleared = _reprint_changes(conn)
    flipped = sorted((flagged | cleared) - set(changed))
    before = increments.merge_facts(before, increments.read_facts(conn, flipped))
    for ids, value in ((sorted(flagged), 1), (sorted(cleared), 0)):
        for i in range(0, len(ids), BATCH):
            conn.execute(update(dash_docs).where(dash_docs.c.document_id.in_(ids[i : i + BATCH])).values(reprint=value))
    after = increments.read_facts(conn, [*changed, *flipped])
    months = increments.apply_changes(conn, before, after)
    increments.recompute_months(conn, months | increments.stale_months(conn))
    return rebuilt


def _reprint_changes(conn: Connection) -> tuple[set[int], set[int]]:
    """Publications in the fact table to flag as reprints, and those to unflag (what `_sync_reprints` does)."""
    should = {int(i) for i in conn.execute(
        select(reprints.c.document_id).where(reprints.c.original_id != reprints.c.document_id)).scalars()}
    now = {int(i) for i in conn.execute(select(dash_docs.c.document_id).where(dash_docs.c.reprint == 1)).scalars()}
    missing = sorted(should - now)
    present: set[int] = set()
    for i in range(0, len(missing), BATCH):
        present.update(int(x) for x in conn.execute(
            select(dash_docs.c.document_id).where(dash_docs.c.document_id.in_(missing[i : i + BATCH]))).scalars())
    return present, now - should


def ensure_facts(engine: Engine) -> None:
    """Refresh the fact tables if stale, checking at most every few seconds per database."""
    key = str(engine.url)
    now = time.monotonic()
    with _check_lock:
        if now - _checked.get(key, -CHECK_EVERY_S - 1) < CHECK_EVERY_S:
            return
        refresh_facts(engine)
        _checked[key] = time.monotonic()


def forget_checks() -> None:
    """Make the next ensure_facts look again (after this process changed codes, reprints or sources)."""
    with _check_lock:
        _checked.clear()
        _uncoded.clear()


_uncoded: dict[str, tuple[float, bool]] = {}


def uncoded_media(engine: Engine) -> bool:
    """Whether some media publication is missing from the facts (not coded yet), so a search must read the
    documents table to find it; looked up at most every few seconds per database, like ensure_facts."""
    ensure_facts(engine)
    key, now = str(engine.url), time.monotonic()
    with _check_lock:
        seen = _uncoded.get(key)
    if seen is not None and now - seen[0] < CHECK_EVERY_S:
        return seen[1]
    with engine.connect() as conn:
        missing = conn.execute(select(documents.c.id).where(
            documents.c.kind == "media", documents.c.id.not_in(select(dash_docs.c.document_id))).limit(1)).first()
    with _check_lock:
        _uncoded[key] = (time.monotonic(), missing is not None)
    return missing is not None
