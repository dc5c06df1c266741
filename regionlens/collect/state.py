"""Collection state in the project database (schema v10): what a rerun must not repeat, and what `--status` shows.

Per URL the outcome is written after its document is stored, so a run killed in between refetches the page
and the store's own uniqueness (source + URL, content hash) keeps the article once. A feed's or sitemap's
ETag and Last-Modified are written only after every URL it listed has an outcome: a 304 in the next run
must never hide an article that was listed but not yet handled.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from regionlens.collect.urls import url_key
from regionlens.ingest.records import RawDocument
from regionlens.store.schema import collect_channels, collect_sources, collect_urls, documents, sources

# URL outcomes. Every one but FAILED and PENDING is final: the URL is never fetched again. PENDING is written
# just before a record goes to the store; the next run confirms it (the document is there) or fetches again.
STORED, FROM_FEED, DUPLICATE, DISALLOWED, REFUSED, FAILED = "stored", "feed", "duplicate", "disallowed", "refused", "failed"
PENDING = "pending"
FINAL = (STORED, FROM_FEED, DUPLICATE, DISALLOWED, REFUSED)
STALE_AFTER = timedelta(days=3)  # a monitored outlet that published nothing new for this long needs a look
QUERY_CHUNK = 500


def _upsert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> None:
    if not rows:
        return
    insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    stmt = insert(table)
    updates = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=updates), list(rows))


def _aware(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything here is UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


# ---- sources -------------------------------------------------------------------------------------------


def due_source_ids(engine: Engine, now: datetime) -> set[int]:
    """Sources whose next run is due (or that never ran)."""
    with engine.connect() as conn:
        waiting = {r[0] for r in conn.execute(select(collect_sources.c.source_id, collect_sources.c.next_due_at))
                   if r[1] is not None and _aware(r[1]) > now}  # type: ignore[operator]
        return {r[0] for r in conn.execute(select(sources.c.id))} - waiting


def start_source(engine: Engine, source_id: int, now: datetime) -> None:
    with engine.begin() as conn:
        row = conn.execute(select(collect_sources.c.source_id).where(collect_sources.c.source_id == source_id)).first()
        if row is None:
            conn.execute(collect_sources.insert().values(source_id=source_id, first_run_at=now, last_started_at=now))
        else:
            conn.execute(collect_sources.update().where(collect_sources.c.source_id == source_id)
                         .values(last_started_at=now))


@dataclass(slots=True)
class RunOutcome:
    """What a source's run gives the state table."""

    started: datetime
    listed: int
    added: int
    failed: int
    error: str | None  # why its feeds or sitemaps (or the whole source) failed; None when they were read


def finish_source(engine: Engine, source_id: int, outcome: RunOutcome, interval: timedelta, now: datetime) -> None:
    c = collect_sources.c
    values: dict[str, Any] = {
        "last_finished_at": now, "next_due_at": outcome.started + interval, "last_listed": outcome.listed,
        "last_new": outcome.added, "last_failed": outcome.failed, "last_error": outcome.error,
        "runs": c.runs + 1, "total_new": c.total_new + outcome.added,
    }
    if outcome.error is None:
        values["last_ok_at"] = now
    if outcome.added:
        values["last_new_at"] = now
    with engine.begin() as conn:
        conn.execute(collect_sources.update().where(c.source_id == source_id).values(**values))


# ---- feeds and sitemaps ---------------------------------------------------------------------------------


def validators(engine: Engine, url: str) -> dict[str, str]:
    """Conditional-request headers from the last complete read of a feed or sitemap."""
    with engine.connect() as conn:
        row = conn.execute(select(collect_channels.c.etag, collect_channels.c.last_modified)
                           .where(collect_channels.c.url_hash == url_key(url))).first()
    headers: dict[str, str] = {}
    if row is not None and row[0]:
        headers["If-None-Match"] = row[0]
    if row is not None and row[1]:
        headers["If-Modified-Since"] = row[1]
    return headers


@dataclass(slots=True)
class ChannelRead:
    """One feed or sitemap read in this run."""

    url: str
    kind: str  # "feed" | "sitemap"
    status: int | None
    etag: str | None
    last_modified: str | None
    error: str | None


def save_channels(engine: Engine, source_id: int, reads: Iterable[ChannelRead], now: datetime, *,
                  keep_validators: bool) -> None:
    """Record the reads; their validators only when every URL they listed has an outcome (`keep_validators`)."""
    rows = []
    for r in reads:
        row: dict[str, Any] = {"url_hash": url_key(r.url), "source_id": source_id, "url": r.url, "kind": r.kind,
                               "checked_at": now, "http_status": r.status, "error": r.error}
        rows.append(row)
    with engine.begin() as conn:
        _upsert(conn, collect_channels, rows, ["url_hash"])
        for r in reads:
            if keep_validators and r.error is None and r.status == 200:
                conn.execute(collect_channels.update().where(collect_channels.c.url_hash == url_key(r.url))
                             .values(etag=r.etag, last_modified=r.last_modified))
            elif not keep_validators or r.error is not None:
                conn.execute(collect_channels.update().where(collect_channels.c.url_hash == url_key(r.url))
                             .values(etag=None, last_modified=None))


# ---- article URLs ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Known:
    """What the store already says about a batch of listed URLs."""

    done: set[str]  # final outcome, or the source already has a document at this URL
    attempts: dict[str, int]  # failed before: how many runs tried


def known_urls(engine: Engine, source_id: int, urls: Sequence[str], *, confirm: bool = True) -> Known:
    """Which URLs need no fetch, and how often the others were tried.

    A PENDING URL whose record is in the store was stored by a run that was killed before it could say so:
    it counts as done, and with `confirm` (not in a dry run) it is marked as stored (it was, by that run)."""
    known = Known(set(), {})
    pending: dict[str, tuple[str, int]] = {}  # listed URL → (the record's URL, attempts)
    with engine.connect() as conn:
        for i in range(0, len(urls), QUERY_CHUNK):
            part = list(urls[i : i + QUERY_CHUNK])
            by_key = {url_key(u): u for u in part}
            for key, status, attempts, final in conn.execute(
                select(collect_urls.c.url_hash, collect_urls.c.status, collect_urls.c.attempts, collect_urls.c.final_url)
                .where(collect_urls.c.url_hash.in_(list(by_key)))
            ):
                url = by_key[key]
                if status in FINAL:
                    known.done.add(url)
                else:
                    known.attempts[url] = int(attempts)
                    if status == PENDING:
                        pending[url] = (final or url, int(attempts))
            known.done.update(_stored(conn, source_id, part))
    confirmed = [u for u, (record_url, _) in pending.items() if u in known.done or record_url in known.done]
    waiting = {record_url for u, (record_url, _) in pending.items() if u not in confirmed}
    if waiting:
        with engine.connect() as conn:
            present = _stored(conn, source_id, sorted(waiting))
        confirmed += [u for u, (record_url, _) in pending.items() if record_url in present and u not in confirmed]
    if confirmed and confirm:
        with engine.begin() as conn:
            for i in range(0, len(confirmed), QUERY_CHUNK):
                keys = [url_key(u) for u in confirmed[i : i + QUERY_CHUNK]]
                conn.execute(collect_urls.update().where(collect_urls.c.url_hash.in_(keys))
                             .values(status=STORED, listing=None))
    if confirmed:
        known.done.update(confirmed)
        for u in confirmed:
            known.attempts.pop(u, None)
    return known


def _stored(conn: Connection, source_id: int, urls: Sequence[str]) -> set[str]:
    """Which of these URLs the source already has a document at."""
    found: set[str] = set()
    for i in range(0, len(urls), QUERY_CHUNK):
        part = list(urls[i : i + QUERY_CHUNK])
        found.update(conn.execute(select(documents.c.url).where(
            and_(documents.c.source_id == source_id, documents.c.url.in_(part)))).scalars())
    return found


def pending_retries(engine: Engine, source_id: int) -> list[tuple[str, int, RawDocument | None]]:
    """URLs that failed for a passing reason in earlier runs, or whose storing a killed run did not confirm:
    (URL, runs tried, the feed's record if any). They are looked at again even when no feed lists them any
    more (a 304 would hide them otherwise)."""
    with engine.connect() as conn:
        rows = conn.execute(select(collect_urls.c.url, collect_urls.c.attempts, collect_urls.c.listing)
                            .where(collect_urls.c.source_id == source_id,
                                   collect_urls.c.status.in_((FAILED, PENDING)))).all()
    return [(r[0], int(r[1]), listing_from_json(r[2])) for r in rows]


def listing_to_json(doc: RawDocument | None) -> str | None:
    if doc is None:
        return None
    return json.dumps({"text": doc.text, "title": doc.title, "url": doc.url, "ext_id": doc.ext_id,
                       "language": doc.language, "kind": doc.kind, "meta": doc.meta,
                       "published_at": doc.published_at.isoformat() if doc.published_at else None},
                      ensure_ascii=False, default=str)


def listing_from_json(raw: str | None) -> RawDocument | None:
    if not raw:
        return None
    data = json.loads(raw)
    when = data.pop("published_at", None)
    return RawDocument(**data, published_at=datetime.fromisoformat(when) if when else None, origin=data.get("url") or "")


@dataclass(slots=True)
class UrlOutcome:
    url: str
    status: str  # one of STORED … FAILED
    http_status: int | None
    reason: str | None
    final_url: str | None
    attempts: int
    listing: str | None = None  # JSON of the feed's record, kept while status is FAILED


def record_urls(engine: Engine, source_id: int, outcomes: Sequence[UrlOutcome], now: datetime) -> None:
    rows = [{"url_hash": url_key(o.url), "source_id": source_id, "url": o.url, "status": o.status,
             "http_status": o.http_status, "reason": o.reason, "final_url": o.final_url, "attempts": o.attempts,
             "first_seen_at": now, "fetched_at": now, "listing": o.listing if o.status in (FAILED, PENDING) else None}
            for o in outcomes]
    with engine.begin() as conn:
        for i in range(0, len(rows), QUERY_CHUNK):
            part = rows[i : i + QUERY_CHUNK]
            insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
            stmt = insert(collect_urls)
            updates = {c: stmt.excluded[c] for c in part[0] if c not in ("url_hash", "first_seen_at")}
            conn.execute(stmt.on_conflict_do_update(index_elements=["url_hash"], set_=updates), part)


# ---- status -------------------------------------------------------------------------------------------


def collection_status(engine: Engine, now: datetime | None = None) -> list[dict[str, Any]]:
    """Per source with a feed or a sitemap: its last run, new items, failures, next due time and staleness.

    `stale` is a Russian reason or None (with `stale_kind` and `stale_since`, see `Stale`): the last run
    could not read the source's feeds, or nothing new came for STALE_AFTER although runs went on (a moved
    feed, a dead site, a changed CMS)."""
    now = now or datetime.now(UTC)
    c, u = collect_sources.c, collect_urls.c
    with engine.connect() as conn:
        failures: dict[int, int] = {int(r[0]): int(r[1]) for r in conn.execute(
            select(u.source_id, func.count()).where(u.status == FAILED).group_by(u.source_id))}
        refused: dict[int, int] = {int(r[0]): int(r[1]) for r in conn.execute(select(u.source_id, func.count()).where(u.status.in_((REFUSED, DISALLOWED)))
                                    .group_by(u.source_id))}
        rows = conn.execute(
            select(sources.c.id, sources.c.name, sources.c.feed_url, sources.c.sitemap_url, collect_sources)
            .select_from(sources.outerjoin(collect_sources, c.source_id == sources.c.id))
            .where((sources.c.feed_url.is_not(None)) | (sources.c.sitemap_url.is_not(None)))
            .order_by(sources.c.name)
        ).mappings().all()
        last_reasons = _last_reasons(conn)
    out = []
    for r in rows:
        item = {k: r[k] for k in ("id", "name", "feed_url", "sitemap_url", "last_listed", "last_new", "last_failed",
                                   "last_error", "runs", "total_new")}
        for k in ("first_run_at", "last_started_at", "last_finished_at", "last_ok_at", "last_new_at", "next_due_at"):
            item[k] = _aware(r[k])
        item["runs"] = item["runs"] or 0
        item["total_new"] = item["total_new"] or 0
        item["pending_failures"] = int(failures.get(r["id"], 0))
        item["refused"] = int(refused.get(r["id"], 0))
        item["recent_failures"] = last_reasons.get(r["id"], [])
        found = staleness(item, now)
        item["stale"] = found.reason if found else None
        item["stale_kind"] = found.kind if found else None
        item["stale_since"] = found.since if found else None
        out.append(item)
    return out


def _last_reasons(conn: Connection, per_source: int = 5) -> dict[int, list[dict[str, Any]]]:
    """The latest few failures per source with their reasons."""
    u = collect_urls.c
    rows = conn.execute(select(u.source_id, u.url, u.status, u.reason, u.fetched_at)
                        .where(u.status.in_((FAILED, REFUSED, DISALLOWED))).order_by(u.fetched_at.desc())
                        .limit(per_source * 200)).all()
    out: dict[int, list[dict[str, Any]]] = {}
    for source_id, url, status, reason, when in rows:
        items = out.setdefault(int(source_id), [])
        if len(items) < per_source:
            items.append({"url": url, "status": status, "reason": reason, "at": _aware(when)})
    return out


@dataclass(frozen=True, slots=True)
class Stale:
    """Why a monitored source needs a look: `kind` is "unreadable" (its feeds or sitemaps failed on the last
    run; `since` = the last good read, if any), "quiet" (nothing new since `since`) or "never" (nothing new
    since the first run on `since`). Pages word it in their language; `reason` is the Russian wording."""

    kind: str
    since: datetime | None
    detail: str | None = None  # the last run's error (Russian), for "unreadable"

    @property
    def reason(self) -> str:
        day = f"{self.since:%Y-%m-%d}" if self.since else ""
        if self.kind == "unreadable":
            when = f" (последнее удачное чтение {day})" if self.since else " (ни одного удачного чтения)"
            return f"ленты не читаются: {self.detail}{when}"
        if self.kind == "quiet":
            return f"нет новых публикаций с {day}"
        return f"ни одной новой публикации с первого запуска {day}"


def staleness(item: dict[str, Any], now: datetime) -> Stale | None:
    """Whether a monitored source needs a look (see Stale), from its `collection_status` row."""
    if not item["runs"]:
        return None
    if item["last_error"]:
        return Stale("unreadable", item["last_ok_at"], item["last_error"])
    newest = item["last_new_at"]
    if newest is None:
        first = item["first_run_at"]
        return Stale("never", first) if first is not None and now - first >= STALE_AFTER else None
    return Stale("quiet", newest) if now - newest >= STALE_AFTER else None


def stale_reason(item: dict[str, Any], now: datetime) -> str | None:
    """`staleness` in Russian words, or None."""
    found = staleness(item, now)
    return found.reason if found else None
