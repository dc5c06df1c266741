"""Reprint stage: near-duplicate clusters over the whole project, stored for analysis.

Documents stream in publication order in bounded batches, so the detector's
time windows see them as they were published; undated documents stream first, in id order, so each is
compared with every dated one (see `regionlens.reprints.detect`). The result replaces the stored
clusters in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.engine import Engine

from regionlens.reprints import find_reprints
from regionlens.reprints.scope import record_reprint_run
from regionlens.store.project import Project
from regionlens.store.schema import documents, reprints, sources

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(slots=True)
class ReprintReport:
    """What a reprint run looked at and found, for the user: how many publications were checked, how many
    of them had no date (compared with all others, but unable to be an original), how many ended up in
    clusters and how many clusters have no dated copy and so no known original."""

    checked: int = 0
    undated: int = 0
    clustered: int = 0
    clusters: int = 0
    unknown_originals: int = 0


def count_documents(engine: Engine) -> tuple[int, int]:
    """(all documents, undated documents): what a run will check."""
    d = documents.c
    with engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
        undated = int(conn.execute(select(func.count()).where(d.published_at.is_(None))).scalar_one())
    return total, undated


def store_links(project: Project, links: Iterable[Any], report: ReprintReport | None, *, checked: int,
                threshold: float, window_days: int) -> int:
    """Replace the stored clusters with `links` (ReprintLink) and record the run's scope in one transaction;
    fill `report`. Every publication is compared, dated or not, so the scope is not «dated only»."""
    rows = [
        {"document_id": int(cast(int, link.doc_id)), "cluster_id": int(link.cluster_id),
         "original_id": int(cast(int, link.original_id)), "similarity": float(link.similarity),
         "original_known": 1 if link.original_known else 0}
        for link in links
    ]
    with project.engine.begin() as conn:
        conn.execute(delete(reprints))
        for i in range(0, len(rows), 5000):
            conn.execute(insert(reprints), rows[i : i + 5000])
        record_reprint_run(conn, checked, threshold=threshold, window_days=window_days, dated_only=False)
    if report is not None:
        report.clustered = len(rows)
        report.clusters = len({r["cluster_id"] for r in rows})
        report.unknown_originals = len({r["cluster_id"] for r in rows if not r["original_known"]})
    return len(rows)


def as_stream_time(stored: datetime) -> datetime:
    """A stored publication time as the detector sees it: UTC (SQLite drops the zone), not before 1970."""
    return max(stored if stored.tzinfo else stored.replace(tzinfo=UTC), EPOCH)


def after_key(when: Any, ident: int) -> ColumnElement[bool]:
    """Documents after (published_at, id) in stream order; `when` as stored, so the date index is used."""
    d = documents.c
    return (d.published_at > when) | ((d.published_at == when) & (d.id > ident))


def before_key(when: Any, ident: int) -> ColumnElement[bool]:
    """Documents before (published_at, id) in stream order."""
    d = documents.c
    return (d.published_at < when) | ((d.published_at == when) & (d.id < ident))


def undated_rows(engine: Engine, batch_size: int) -> Iterator[list[Any]]:
    """Undated documents (id, title, text, level) in id order, `batch_size` at a time."""
    last = 0
    while True:
        query = (
            select(documents.c.id, documents.c.title, documents.c.text, sources.c.level)
            .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
            .where(documents.c.published_at.is_(None), documents.c.id > last)
            .order_by(documents.c.id)
            .limit(batch_size)
        )
        with engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        yield list(rows)
        last = rows[-1].id


def _stream(project: Project, batch_size: int, progress: Callable[[int], None] | None) -> Iterator[tuple[Any, str, datetime | None, str]]:
    for batch in undated_rows(project.engine, batch_size):
        for r in batch:
            yield r.id, f"{r.title}\n{r.text}", None, r.level or "unknown"
        if progress is not None:
            progress(len(batch))
    last_key: tuple[Any, int] | None = None
    while True:
        query = (
            select(documents.c.id, documents.c.title, documents.c.text, documents.c.published_at, sources.c.level)
            .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
            .where(documents.c.published_at.is_not(None))
            .order_by(documents.c.published_at, documents.c.id)
            .limit(batch_size)
        )
        if last_key is not None:
            query = query.where(after_key(*last_key))
        with project.engine.connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return
        for r in rows:
            yield r.id, f"{r.title}\n{r.text}", as_stream_time(r.published_at), r.level or "unknown"
        last_key = (rows[-1].published_at, rows[-1].id)
        if progress is not None:
            progress(len(rows))


def detect_reprints(
    project: Project, *, threshold: float = 0.7, window_days: int = 7, batch_size: int = 2000,
    progress: Callable[[int], None] | None = None, report: ReprintReport | None = None,
) -> int:
    """Find reprint clusters among all documents, dated or not; returns the number of documents in clusters.

    `report`, if given, is filled with what was checked and found."""
    checked, undated = count_documents(project.engine)
    if report is not None:
        report.checked, report.undated = checked, undated
    links = find_reprints(_stream(project, batch_size, progress), threshold=threshold, window_days=window_days)
    return store_links(project, links, report, checked=checked, threshold=threshold, window_days=window_days)
