"""Reprint detection partitioned by time window, so chunks run in parallel and memory stays bounded.

The dated stream is cut into chunks of at most `chunk_days` or `max_docs`; each
chunk also receives the `window_days` before it as context. A reprint pair is never further apart
than `window_days`, so every pair the serial detector confirms is confirmed in
the chunk that holds its later publication, against the same LSH contents:
both run the one loop `regionlens.reprints.detect.confirm_pairs`. Chunks
return a spanning forest of their confirmed pairs and the best similarity of
each clustered publication; the lead joins them with a union-find over the global stream position and
builds clusters with the serial detector's `clusters_of`. Only clustered
documents are remembered, never the whole corpus.

Undated documents hold the first stream positions, as in the serial stream. One task owns them (their
pairs among themselves); every dated chunk gets them all as context ahead of its date window — they never
leave the index, as in the serial run — so each dated publication meets the same index contents in both.
A worker computes the undated signatures once and keeps them for its later chunks.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Engine, select

from regionlens.pipeline.reprints import (
    ReprintReport,
    after_key,
    as_stream_time,
    before_key,
    count_documents,
    store_links,
    undated_rows,
)
from regionlens.reprints.detect import (
    LEVEL_RANK,
    NUM_PERM,
    SEED,
    ReprintLink,
    Signer,
    UnionFind,
    clusters_of,
    confirm_pairs,
    text_signature,
)
from regionlens.store.project import Project, make_engine
from regionlens.store.schema import documents, sources

# (global position, id, text, published_at (None: undated), level rank, counts: confirm pairs ending here)
Record = tuple[int, Hashable, str, datetime | None, int, bool]
Node = tuple[Hashable, datetime | None, int]  # id, published_at, level rank


@dataclass(slots=True)
class ChunkResult:
    """What a chunk confirmed, reduced to what the clusters need: a spanning forest of its pairs (the same
    connected components), each clustered publication's best similarity, and the publications themselves."""

    edges: list[tuple[int, int]]
    best: dict[int, float]
    nodes: dict[int, Node]


def chunk_pairs(records: list[Record], threshold: float, window_days: int, num_perm: int = NUM_PERM,
                seed: int = SEED, signatures: dict[int, Any] | None = None) -> ChunkResult:
    """Confirmed pairs whose later publication is owned by this chunk (`confirm_pairs`, the serial loop).

    `signatures` caches signatures of undated records by position across a worker's chunks."""
    sign: Signer | None = None
    if signatures is not None:
        cache = signatures

        def sign(pos: int, text: str, when: datetime | None) -> np.ndarray | None:
            if when is not None:
                return text_signature(text or "", num_perm, seed)
            if pos not in cache:
                cache[pos] = text_signature(text or "", num_perm, seed)
            return cache[pos]  # type: ignore[no-any-return]

    found = confirm_pairs(((pos, text, when, owned) for pos, _doc_id, text, when, _rank, owned in records),
                          threshold, window_days, num_perm, seed, sign)
    meta = {pos: (doc_id, when, rank) for pos, doc_id, _t, when, rank, _o in records}
    return ChunkResult(found.edges, found.best, {p: meta[p] for p in found.best})


def _cut(items: Iterable[Any], when_of: Callable[[Any], datetime], chunk_days: int, window_days: int,
         max_docs: int) -> Iterator[tuple[list[Any], list[Any]]]:
    """Date-ordered items cut into (context, owned) pairs: at most `chunk_days` or `max_docs` owned items,
    each chunk preceded by the items of the `window_days` before its first owned item.

    Only owned items count towards `max_docs`: on a burst day (15,000 publications at once) the context
    alone can exceed the cap, and counting it cut one-publication chunks that each recomputed the whole
    context — the reason the first million-publication run did not finish.
    """
    span = timedelta(days=window_days)
    context: list[Any] = []
    owned: list[Any] = []
    recent: deque[Any] = deque()  # the last `window_days` of items, as context for the next chunk
    end: datetime | None = None
    for item in items:
        when = when_of(item)
        if end is not None and (when >= end or len(owned) >= max_docs):
            yield context, owned
            owned = []
            end = None
        while recent and when_of(recent[0]) < when - span:
            recent.popleft()
        if end is None:
            end = when + timedelta(days=chunk_days)
            context = list(recent)
        owned.append(item)
        recent.append(item)
    if owned:
        yield context, owned


def iter_chunks(records: Iterable[tuple[Hashable, str, datetime | None, str]], chunk_days: int, window_days: int,
                max_docs: int = 20000) -> Iterator[list[Record]]:
    """In-memory records (undated first, then in date order) as chunks of `chunk_pairs` records: one chunk
    owning the undated ones, then date chunks (undated and date context first, then owned)."""
    ranked = [(pos, doc_id, text, when, LEVEL_RANK.get(str(level).lower(), 9))
              for pos, (doc_id, text, when, level) in enumerate(records)]
    undated = [r for r in ranked if r[3] is None]
    if undated:
        yield [(*r, True) for r in undated]
    dated = [r for r in ranked if r[3] is not None]
    for context, owned in _cut(dated, lambda r: r[3], chunk_days, window_days, max_docs):
        yield [(*r, False) for r in undated] + [(*r, False) for r in context] + [(*r, True) for r in owned]


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    """What a worker reads from the store: keys (published_at as stored, id) from `first` to `last`,
    the first `n_context` of them context, at global positions from `first_pos` on; before them the
    `n_undated` undated documents (positions 0…), as context — or, with `first` None, owned: the
    undated task."""

    first: tuple[Any, int] | None
    last: tuple[Any, int] | None
    first_pos: int
    n_context: int
    n_owned: int
    n_undated: int = 0


def _stored_keys(engine: Engine, batch_size: int, start: int = 0) -> Iterator[tuple[int, Any, int, datetime]]:
    """(position, stored published_at, id, published_at in UTC) in stream order, from the
    (published_at, source_id) index alone: the lead never reads a text. Positions begin at `start`
    (after the undated documents)."""
    last: tuple[Any, int] | None = None
    pos = start
    d = documents.c
    while True:
        query = select(d.published_at, d.id).where(d.published_at.is_not(None)).order_by(d.published_at, d.id)
        if last is not None:
            query = query.where(after_key(*last))
        with engine.connect() as conn:
            rows = conn.execute(query.limit(batch_size)).all()
        if not rows:
            return
        for stored, ident in rows:
            yield pos, stored, int(ident), as_stream_time(stored)
            pos += 1
        last = (rows[-1][0], int(rows[-1][1]))


def plan_chunks(engine: Engine, chunk_days: int, window_days: int, max_docs: int,
                batch_size: int = 20000, n_undated: int = 0) -> Iterator[ChunkPlan]:
    """The chunks of the stored stream, cut exactly as `iter_chunks` cuts the same records in memory."""
    if n_undated:
        yield ChunkPlan(None, None, 0, 0, n_undated, n_undated)
    keys = _stored_keys(engine, batch_size, n_undated)
    for context, owned in _cut(keys, lambda k: k[3], chunk_days, window_days, max_docs):
        head = context[0] if context else owned[0]
        yield ChunkPlan((head[1], head[2]), (owned[-1][1], owned[-1][2]), head[0], len(context), len(owned),
                        n_undated)


def read_undated(engine: Engine, expected: int, owned: bool) -> list[Record]:
    """The undated documents at positions 0…, in id order, as the serial stream has them."""
    rows = [r for batch in undated_rows(engine, 20000) for r in batch]
    if len(rows) != expected:
        raise RuntimeError(_CHANGED)
    return [(i, r.id, f"{r.title}\n{r.text}", None, LEVEL_RANK.get(str(r.level or "unknown").lower(), 9), owned)
            for i, r in enumerate(rows)]


_CHANGED = ("Публикации изменились во время поиска перепечаток (загрузка или удаление); "
            "запустите regionlens reprints ещё раз после её окончания.")


def read_chunk(engine: Engine, plan: ChunkPlan) -> list[Record]:
    """The dated records of a planned chunk, read by the worker itself (the lead ships only keys)."""
    if plan.first is None or plan.last is None:
        return read_undated(engine, plan.n_undated, owned=True)
    d = documents.c
    query = (
        select(d.id, d.title, d.text, d.published_at, sources.c.level)
        .select_from(documents.outerjoin(sources, sources.c.id == d.source_id))
        .where(d.published_at >= plan.first[0], d.published_at <= plan.last[0],  # a range the index can seek
               ~after_key(*plan.last), ~before_key(*plan.first))
        .order_by(d.published_at, d.id)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    if len(rows) != plan.n_context + plan.n_owned:
        raise RuntimeError(_CHANGED)
    return [
        (plan.first_pos + i, r.id, f"{r.title}\n{r.text}", as_stream_time(r.published_at),
         LEVEL_RANK.get(str(r.level or "unknown").lower(), 9), i >= plan.n_context)
        for i, r in enumerate(rows)
    ]


_ENGINE: Engine | None = None
_UNDATED: list[Record] | None = None  # this worker's copy of the undated records (context of every dated chunk)
_UNDATED_SIGS: dict[int, Any] = {}


def _init_reader(db_url: str) -> None:
    global _ENGINE
    _ENGINE = make_engine(db_url)


def _chunk_from_store(plan: ChunkPlan, threshold: float, window_days: int) -> tuple[ChunkResult, int]:
    global _UNDATED
    if _ENGINE is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("рабочий процесс не подключён к базе проекта")
    records = read_chunk(_ENGINE, plan)
    if plan.first is None or not plan.n_undated:
        return chunk_pairs(records, threshold, window_days), plan.n_owned
    if _UNDATED is None:
        _UNDATED = read_undated(_ENGINE, plan.n_undated, owned=False)
    result = chunk_pairs(_UNDATED + records, threshold, window_days, signatures=_UNDATED_SIGS)
    if _UNDATED and _UNDATED[0][2]:  # signatures cached now: keep the undated records without their texts
        _UNDATED = [(pos, doc_id, "", when, rank, owned) for pos, doc_id, _text, when, rank, owned in _UNDATED]
    return result, plan.n_owned


def merge_chunks(results: Iterable[ChunkResult]) -> list[ReprintLink]:
    """Clusters from the pairs of all chunks, numbered and rooted exactly like `find_reprints` (`clusters_of`)."""
    uf = UnionFind()
    best: dict[int, float] = {}
    nodes: dict[int, Node] = {}
    for res in results:
        nodes.update(res.nodes)
        for a, b in res.edges:
            uf.union(a, b)
        for p, sim in res.best.items():
            best[p] = max(best.get(p, 0.0), sim)
    return clusters_of(uf, best, nodes.__getitem__)


def detect_reprints_parallel(
    project: Project, *, workers: int = 2, threshold: float = 0.7, window_days: int = 7, chunk_days: int = 30,
    max_docs: int = 20000, progress: Callable[[int], None] | None = None, report: ReprintReport | None = None,
) -> int:
    """`detect_reprints` with time-window chunks over local processes; stores the same clusters.

    The lead walks only the date index and sends each worker the key range of its chunk; the worker
    reads its texts from the store, so the lead's memory holds keys and confirmed pairs, never texts.
    `max_docs` caps the owned publications of a chunk; each chunk also recomputes the signatures of its
    `window_days` of context, which stays small beside 20,000 owned publications except on burst days.
    """
    results: list[ChunkResult] = []
    total, n_undated = count_documents(project.engine)
    if report is not None:
        report.checked, report.undated = total, n_undated
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_reader,
                             initargs=(project.db_url,)) as pool:
        in_flight: set[Future[tuple[ChunkResult, int]]] = set()

        def drain(until: int) -> None:
            nonlocal in_flight
            while len(in_flight) > until:
                done, pending = wait(in_flight, return_when="FIRST_COMPLETED")
                for future in done:
                    result, n_owned = future.result()
                    results.append(result)
                    if progress is not None:
                        progress(n_owned)
                in_flight = set(pending)

        for plan in plan_chunks(project.engine, chunk_days, window_days, max_docs, n_undated=n_undated):
            in_flight.add(pool.submit(_chunk_from_store, plan, threshold, window_days))
            drain(2 * workers)
        drain(0)
    return store_links(project, merge_chunks(results), report, checked=total, threshold=threshold,
                       window_days=window_days)
