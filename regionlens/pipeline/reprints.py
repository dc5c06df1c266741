"""Reprint stage: near-duplicate clusters over the whole project, stored for analysis.

Documents stream in publication order in bounded batches, so the detector's
time windows see them as they were published; the result replaces the stored
clusters in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, insert, select

from regionlens.pipeline.reprint_record import record_reprint_run
from regionlens.reprints import find_reprints
from regionlens.store.project import Project
from regionlens.store.schema import documents, reprints, sources

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


def _stream(project: Project, batch_size: int, progress: Callable[[int], None] | None) -> Iterator[tuple[Any, str, datetime, str]]:
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
    progress: Callable[[int], None] | None = None,
) -> int:
    """Find reprint clusters among dated documents; returns the number of documents in clusters."""
    seen = [0]

    def counted(stream: Iterator[tuple[Any, str, datetime, str]]) -> Iterator[tuple[Any, str, datetime, str]]:
        for item in stream:
            seen[0] += 1
            yield item

    links = find_reprints(counted(_stream(project, batch_size, progress)), threshold=threshold, window_days=window_days)
    rows = [
        {"document_id": int(cast(int, link.doc_id)), "cluster_id": int(link.cluster_id),
         "original_id": int(cast(int, link.original_id)),
         "similarity": float(link.similarity)}
        for link in links
    ]
    with project.engine.begin() as conn:
        conn.execute(delete(reprints))
        for i in range(0, len(rows), 5000):
            conn.execute(insert(reprints), rows[i : i + 5000])
        record_reprint_run(conn, seen[0], threshold=threshold, window_days=window_days)
    return len(rows)
