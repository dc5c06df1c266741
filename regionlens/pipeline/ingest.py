"""Ingest stage: readers → text analysis → source attribution → idempotent insert.

Each batch is one transaction: a crash loses at most the batch in flight, and a
rerun skips what is already stored (content hash, source + URL), so nothing is
duplicated or half-written.

With `workers > 1` the work is split three ways, roughly a third of the CPU time
each: the main thread reads, parses and resolves sources; spawned processes run
the text analysis (language, lemmas, content hash); a writer thread stores the
batches (SQLite's insert with its FTS5 trigger, or the PostgreSQL round trips,
run without the GIL). Every record still passes through the same in-order
replay as in the serial run, so batch boundaries, ids, bad-record reports and
the summary are those of the serial run.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from regionlens.ingest.clean import scrub_surrogates
from regionlens.ingest.readers import count_units, iter_path
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.sources.by_domain import domain_source
from regionlens.sources.catalogue import Catalogue
from regionlens.sources.registry import SourceResolver
from regionlens.store.documents import content_hash, index_lemmas, insert_documents
from regionlens.store.project import Project
from regionlens.text import analyse

KINDS = ("media", "official", "survey")
# What the database says about a record's content (not about itself: a lost connection still ends the run,
# and the rerun resumes idempotently).
REFUSED = (DataError, IntegrityError, ProgrammingError, UnicodeError, ValueError)
CHUNK_DOCS = 200  # records per task sent to a worker: large enough to amortise the pickling round trip
CHUNKS_PER_WORKER = 3  # tasks queued per worker; bounds memory to a few hundred records per worker
MAX_EXT_ID = 200  # documents.ext_id is VARCHAR(200); PostgreSQL refuses longer values and with them the whole batch


@dataclass(slots=True)
class IngestSummary:
    files: list[str] = field(default_factory=list)
    read: int = 0
    added: int = 0
    duplicates: int = 0
    unattributed: int = 0
    # good records by where their date came from (record, meta, text, url), and those with none
    date_sources: dict[str, int] = field(default_factory=dict)
    undated: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    by_file: dict[str, dict[str, int]] = field(default_factory=dict)


def document_row(doc: RawDocument, source_id: int | None, source_key: str, now: datetime) -> dict[str, Any]:
    """The stored form of a raw record, with its language and lemma stream."""
    title = doc.title or ""
    body = analyse(doc.text, doc.language if doc.language in ("ru", "be", "uk", "en") else None)
    lemmas = index_lemmas(title, body)
    meta = dict(doc.meta)
    ext_id = scrub_surrogates(doc.ext_id) if doc.ext_id is not None else None  # file stems of undecodable names
    if ext_id is not None and len(ext_id) > MAX_EXT_ID:
        meta["ext_id_full"], ext_id = ext_id, ext_id[:MAX_EXT_ID]
    return {
        "source_id": source_id,
        "ext_id": ext_id,
        "url": doc.url,
        "title": title,
        "text": doc.text,
        "published_at": doc.published_at.astimezone(UTC) if doc.published_at else None,
        "date_source": doc.date_source if doc.published_at else None,
        "language": body.lang,
        "kind": doc.kind if doc.kind in KINDS else "media",
        "content_hash": content_hash(source_key, doc.url, title, doc.text),
        "origin": scrub_surrogates(doc.origin),  # undecodable file names arrive as surrogate escapes
        "meta": scrub_surrogates(json.dumps(meta, ensure_ascii=False, default=str)) if meta else None,
        "lemmas": lemmas,
        "ingested_at": now,
    }


def _file_of(origin: str) -> str:
    head, sep, tail = origin.rpartition(":")
    return head if sep and tail.isdigit() else origin


def _store(project: Project, batch: list[dict[str, Any]]) -> tuple[int, list[BadRecord]]:
    """Store one batch in one transaction; if the database refuses it, store its records one by one,
    so a record the database cannot take is reported instead of losing the batch and ending the run.
    Returns how many rows were added and the refused records."""
    if not batch:
        return 0, []
    refused: list[BadRecord] = []
    try:
        with project.engine.begin() as conn:
            added = insert_documents(conn, batch)
    except REFUSED:
        added = 0
        for row in batch:
            try:
                with project.engine.begin() as conn:
                    added += insert_documents(conn, [row])
            except REFUSED as exc:
                reason = getattr(exc, "orig", None) or exc
                refused.append(BadRecord(row.get("origin") or "?", f"база данных не приняла запись: {reason}"))
    return added, refused


def _count(summary: IngestSummary, stats: dict[str, int], size: int, added: int, refused: int) -> None:
    summary.added += added
    summary.duplicates += size - added - refused
    stats["added"] += added
    stats["bad"] += refused


def _flush(project: Project, batch: list[dict[str, Any]], summary: IngestSummary, stats: dict[str, int]) -> None:
    """Store one batch now and count it."""
    added, refused = _store(project, batch)
    summary.bad.extend(refused)
    _count(summary, stats, len(batch), added, len(refused))


def _row_or_error(doc: RawDocument, source_id: int | None, source_key: str, now: datetime) -> dict[str, Any] | str:
    """`document_row`, or the Russian reason why this one record could not be analysed."""
    try:
        return document_row(doc, source_id, source_key, now)
    except Exception as exc:  # one record's analysis must not stop the batch
        return f"ошибка обработки текста: {exc}"


@dataclass(slots=True)
class _FileStart:
    name: str
    total: int | None


@dataclass(slots=True)
class _FileEnd:
    pass


@dataclass(slots=True)
class _Resolved:
    """A good record with its source already resolved (the resolver stays in the lead process)."""

    doc: RawDocument
    source_id: int | None
    key: str

    def job(self) -> tuple[RawDocument, int | None, str]:
        return self.doc, self.source_id, self.key


_Unit = _FileStart | _FileEnd | BadRecord | _Resolved


def _units(
    paths: Iterable[str | Path], resolver: SourceResolver, source: str | None, mapping: Any, default_tz: str,
    kind: str | None,
) -> Iterator[_Unit]:
    """Everything the lead reads, in input order: file boundaries, bad records and resolved documents."""
    for path in paths:
        yield _FileStart(str(path), count_units(path))
        for item in iter_path(path, mapping, default_tz=default_tz, kind=kind):
            yield item if isinstance(item, BadRecord) else _resolved(item, resolver, source)
        yield _FileEnd()


def _resolved(item: RawDocument, resolver: SourceResolver, source: str | None) -> _Resolved:
    """The record's source: the one named, else its URL's domain; registry first, then the catalogue."""
    explicit = source or item.source or domain_source(item.url)
    source_id = resolver.resolve(explicit, item.url)
    if source_id is None and explicit:  # kept, so the page can say which outlet the registry lacks
        item.meta["unregistered_source"] = explicit
    return _Resolved(item, source_id, str(source_id) if source_id is not None else (explicit or ""))


class _Replay:
    """Applies units and their analysis results to the summary and the store in input order.

    Both the serial and the parallel run go through here, which is what makes their stored
    rows, batch boundaries, reports and progress calls the same. With a `writer` thread a batch
    is stored while the next one is assembled (SQLite and the PostgreSQL driver release the GIL
    while they work); one batch at most is in flight, its refused records are put back in the
    report where the serial run would have put them.
    """

    def __init__(self, project: Project, summary: IngestSummary, batch_size: int,
                 progress: Callable[[int, int | None], None] | None, writer: ThreadPoolExecutor | None = None) -> None:
        self.project, self.summary, self.batch_size, self.progress = project, summary, batch_size, progress
        self.writer = writer
        self.stats: dict[str, int] = {}
        self.batch: list[dict[str, Any]] = []
        self.done = 0
        self.total: int | None = None
        self.storing: tuple[Future[tuple[int, list[BadRecord]]], int, dict[str, int], int] | None = None

    def take(self, unit: _Unit, result: dict[str, Any] | str | None = None) -> None:
        summary = self.summary
        if isinstance(unit, _FileStart):
            summary.files.append(unit.name)
            self.stats = summary.by_file.setdefault(unit.name, {"read": 0, "added": 0, "bad": 0})
            self.batch, self.done, self.total = [], 0, unit.total
            return
        if isinstance(unit, _FileEnd):
            self._close_batch()
            return
        self.done += 1
        if isinstance(unit, BadRecord):
            summary.bad.append(unit)
            self.stats["bad"] += 1
        else:
            summary.read += 1
            self.stats["read"] += 1
            if unit.source_id is None:
                summary.unattributed += 1
            if isinstance(result, dict):
                self.batch.append(result)
                if result["published_at"] is None:
                    summary.undated += 1
                else:
                    by = str(result["date_source"])
                    summary.date_sources[by] = summary.date_sources.get(by, 0) + 1
            else:
                summary.bad.append(BadRecord(unit.doc.origin, result or "ошибка обработки текста"))
                self.stats["bad"] += 1
            if len(self.batch) >= self.batch_size:
                self._close_batch()
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _close_batch(self) -> None:
        batch, self.batch = self.batch, []
        if self.writer is None:
            _flush(self.project, batch, self.summary, self.stats)
            return
        self.settle()
        if batch:
            self.storing = (self.writer.submit(_store, self.project, batch), len(batch), self.stats, len(self.summary.bad))

    def settle(self) -> None:
        """Wait for the batch being stored and count it; its refused records go where the serial run reports them."""
        if self.storing is None:
            return
        future, size, stats, at = self.storing
        self.storing = None
        added, refused = future.result()
        self.summary.bad[at:at] = refused
        _count(self.summary, stats, size, added, len(refused))


def _init_worker() -> None:
    """Ctrl-C is the lead's to handle (it stops the pool), so workers ignore it; and a worker leaves as soon
    as the lead is gone, because an idle pool worker would otherwise wait for work forever after a SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True, name="lead-watch").start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _analyse_chunk(jobs: list[tuple[RawDocument, int | None, str]], now: datetime) -> list[dict[str, Any] | str]:
    """Worker side: the stored rows (or error reasons) of a chunk of records, in its order."""
    return [_row_or_error(doc, source_id, key, now) for doc, source_id, key in jobs]


_Chunk = tuple[list[_Unit], "Future[list[dict[str, Any] | str]] | None"]


def _replay_chunk(replay: _Replay, chunk: _Chunk, now: datetime) -> None:
    units, future = chunk
    try:
        analysed = future.result() if future is not None else []
    except BrokenProcessPool as exc:
        raise RuntimeError("Процесс анализа текстов аварийно завершился. Сохранённые пачки остаются в базе; "
                           "повторный запуск той же команды продолжит загрузку без повторов.") from exc
    except Exception:  # a record that cannot travel to a worker (pickling): analyse the chunk here instead
        analysed = [_row_or_error(*u.job(), now) for u in units if isinstance(u, _Resolved)]
    results = iter(analysed)
    for unit in units:
        replay.take(unit, next(results) if isinstance(unit, _Resolved) else None)


def _run_parallel(units: Iterator[_Unit], replay: _Replay, workers: int, now: datetime) -> None:
    """Read ahead while the workers analyse; replay chunks strictly in order as their results arrive.

    At most `workers * CHUNKS_PER_WORKER` chunks are in flight, so memory stays bounded whatever the
    file size, and a crash loses only those chunks, the batch being stored and the one being assembled
    (the rerun resumes idempotently).
    """
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker)
    pending: deque[_Chunk] = deque()
    limit = workers * CHUNKS_PER_WORKER
    try:
        chunk: list[_Unit] = []
        jobs: list[tuple[RawDocument, int | None, str]] = []
        for unit in units:
            chunk.append(unit)
            if isinstance(unit, _Resolved):
                jobs.append(unit.job())
            if len(jobs) >= CHUNK_DOCS:
                pending.append((chunk, pool.submit(_analyse_chunk, jobs, now)))
                chunk, jobs = [], []
                while len(pending) > limit:
                    _replay_chunk(replay, pending.popleft(), now)
        if chunk:
            pending.append((chunk, pool.submit(_analyse_chunk, jobs, now) if jobs else None))
        while pending:
            _replay_chunk(replay, pending.popleft(), now)
        replay.settle()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ingest_paths(
    project: Project,
    paths: Iterable[str | Path],
    *,
    mapping: Any = None,
    source: str | None = None,
    kind: str | None = None,
    default_tz: str = "Europe/Moscow",
    batch_size: int = 500,
    progress: Callable[[int, int | None], None] | None = None,
    workers: int = 1,
    catalogue: Catalogue | None = None,
) -> IngestSummary:
    """Read every path and store its documents; bad records are collected, never fatal.

    `workers > 1` analyses the texts in that many spawned processes and stores batches from a writer
    thread; what is stored and reported is the same as with `workers=1`, in the same order.
    Sources come from the registry, else from `catalogue` (the shipped one by default).
    """
    if workers < 1:
        raise ValueError("Число рабочих процессов должно быть не меньше 1 (--workers N).")
    summary = IngestSummary()
    now = datetime.now(UTC)
    units = _units(paths, SourceResolver(project.engine, catalogue), source, mapping, default_tz, kind)
    if workers == 1:
        replay = _Replay(project, summary, batch_size, progress)
        for unit in units:
            replay.take(unit, _row_or_error(*unit.job(), now) if isinstance(unit, _Resolved) else None)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer:
            _run_parallel(units, _Replay(project, summary, batch_size, progress, writer), workers, now)
    return summary


def ingest_records(
    project: Project,
    records: Iterable[RawDocument | BadRecord],
    *,
    label: str,
    source: str | None = None,
    batch_size: int = 500,
) -> IngestSummary:
    """Records read elsewhere (the collector's article pages) through the same analysis, source attribution and
    idempotent batched store as files; `label` names them in the summary as a file name would."""
    summary = IngestSummary()
    now = datetime.now(UTC)
    resolver = SourceResolver(project.engine)
    replay = _Replay(project, summary, batch_size, None)
    replay.take(_FileStart(label, None))
    for item in records:
        if isinstance(item, BadRecord):
            replay.take(item)
        else:
            unit = _resolved(item, resolver, source)
            replay.take(unit, _row_or_error(*unit.job(), now))
    replay.take(_FileEnd())
    return summary
