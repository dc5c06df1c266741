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

from sqlalchemy import Connection
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from regionlens.ingest.clean import scrub_surrogates
from regionlens.ingest.jsonl import RawLine
from regionlens.ingest.readers import FileAbort, count_units, iter_path, iter_path_lines, read_line
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions
from regionlens.sources.by_domain import domain_source
from regionlens.sources.catalogue import Catalogue, catalogue_at
from regionlens.sources.registry import NeedsRegistration, SourceResolver
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


WRITER_CACHE_KIB = 131_072  # SQLite page cache of the storing connection (the default is 2 MB)


def _bulk_cache(conn: Connection) -> None:
    """A larger page cache for the connection that stores batches: each batch inserts into the content-hash,
    URL and date indexes and the full-text index at scattered places, and with the default 2 MB cache at a
    million publications most of those pages are read back from the operating system on every batch."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")


def _store(project: Project, batch: list[dict[str, Any]]) -> tuple[int, list[BadRecord]]:
    """Store one batch in one transaction; if the database refuses it, store its records one by one,
    so a record the database cannot take is reported instead of losing the batch and ending the run.
    Returns how many rows were added and the refused records."""
    if not batch:
        return 0, []
    refused: list[BadRecord] = []
    try:
        with project.engine.begin() as conn:
            _bulk_cache(conn)
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

    @property
    def origin(self) -> str:
        return self.doc.origin


@dataclass(slots=True)
class _Parsed:
    """A record a worker read, resolved and analysed (its row or error reason travels beside it)."""

    origin: str
    source_id: int | None


@dataclass(slots=True)
class _Pending:
    """A record whose source the lead must resolve when its turn comes (a catalogued outlet seen for the
    first time gets its source row then, in input order, as in the serial run)."""

    doc: RawDocument


_Unit = _FileStart | _FileEnd | BadRecord | _Resolved
_ParallelUnit = _Unit | RawLine | _Pending


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

    def take(self, unit: _Unit | _Parsed, result: dict[str, Any] | str | None = None) -> None:
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
                summary.bad.append(BadRecord(unit.origin, result or "ошибка обработки текста"))
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


@dataclass(slots=True)
class _Reading:
    """What reading a record needs besides the record: the same in the lead and in every worker."""

    mapping: Any
    opts: ReadOptions
    source: str | None
    resolver: SourceResolver  # a snapshot: it never adds source rows (NeedsRegistration instead)
    columns: dict[tuple[str, ...], Any] = field(default_factory=dict)  # column mappings by key set (a cache)


_READING: _Reading | None = None


def _init_worker(reading: _Reading | None = None) -> None:
    """Ctrl-C is the lead's to handle (it stops the pool), so workers ignore it; and a worker leaves as soon
    as the lead is gone, because an idle pool worker would otherwise wait for work forever after a SIGKILL."""
    global _READING
    _READING = reading
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True, name="lead-watch").start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


_Job = tuple[RawDocument, int | None, str] | RawLine
# What a worker returns per job: a resolved record's row or error reason; for a line, its bad-record report,
# the end of its file, the analysed record, or the record itself when the lead must resolve its source.
_Outcome = dict[str, Any] | str | BadRecord | FileAbort | tuple[_Parsed, dict[str, Any] | str] | RawDocument


def _read_job(line: RawLine, reading: _Reading, now: datetime) -> _Outcome:
    """One line read, dated, resolved and analysed exactly as the serial run does it."""
    record = read_line(line, reading.mapping, reading.opts, reading.columns)
    if not isinstance(record, RawDocument):
        return record
    try:
        unit = _resolved(record, reading.resolver, reading.source)
    except NeedsRegistration:
        return record
    return _Parsed(unit.origin, unit.source_id), _row_or_error(*unit.job(), now)


def _work(jobs: list[_Job], reading: _Reading | None, catalogued: dict[str, int] | None, now: datetime) -> list[_Outcome]:
    """The outcomes of a chunk's jobs, in its order (run by a worker, or by the lead when a chunk cannot travel)."""
    if catalogued and reading is not None:
        reading.resolver.learn(catalogued)
    out: list[_Outcome] = []
    for job in jobs:
        if isinstance(job, RawLine):
            if reading is None:  # pragma: no cover - lines are only sent with a reading context
                raise RuntimeError("рабочий процесс запущен без параметров чтения")
            out.append(_read_job(job, reading, now))
        else:
            out.append(_row_or_error(*job, now))
    return out


def _work_chunk(jobs: list[_Job], catalogued: dict[str, int] | None, now: datetime) -> list[_Outcome]:
    """Worker side of `_work`, with the reading context the initializer gave."""
    return _work(jobs, _READING, catalogued, now)


_Chunk = tuple[list[_ParallelUnit], "Future[list[_Outcome]] | None", dict[str, int] | None]


class _Lead:
    """The lead's side of a parallel run: resolves in input order what the workers could not, and replays."""

    def __init__(self, replay: _Replay, resolver: SourceResolver, reading: _Reading, now: datetime) -> None:
        self.replay, self.resolver, self.reading, self.now = replay, resolver, reading, now
        self.skipping = False  # the rest of a file after a reading failure that ends it (as `iter_path` does)

    def replay_chunk(self, chunk: _Chunk) -> None:
        units, future, catalogued = chunk
        jobs: list[_Job] = [u if isinstance(u, RawLine) else u.job() for u in units if isinstance(u, _Resolved | RawLine)]
        try:
            outcomes = future.result() if future is not None else []
        except BrokenProcessPool as exc:
            raise RuntimeError("Процесс анализа текстов аварийно завершился. Сохранённые пачки остаются в базе; "
                               "повторный запуск той же команды продолжит загрузку без повторов.") from exc
        except Exception:  # a record that cannot travel to a worker (pickling): do the chunk here instead
            outcomes = _work(jobs, self.reading, catalogued, self.now)
        results = iter(outcomes)
        for unit in units:
            outcome = next(results) if isinstance(unit, _Resolved | RawLine) else None
            if isinstance(unit, _FileStart | _FileEnd):
                self.skipping = False
                self.replay.take(unit)
            elif self.skipping:
                continue
            elif isinstance(unit, _Pending):
                self._take_record(unit.doc)
            elif isinstance(unit, RawLine):
                self._take_outcome(outcome)
            else:
                self.replay.take(unit, outcome if isinstance(outcome, dict | str) else None)
        self.reading.resolver.learn(self.resolver.catalogued)

    def _take_outcome(self, outcome: _Outcome | None) -> None:
        if isinstance(outcome, FileAbort):
            self.replay.take(outcome.bad)
            self.skipping = True
        elif isinstance(outcome, BadRecord):
            self.replay.take(outcome)
        elif isinstance(outcome, RawDocument):
            self._take_record(outcome)
        elif isinstance(outcome, tuple):
            self.replay.take(*outcome)

    def _take_record(self, doc: RawDocument) -> None:
        unit = _resolved(doc, self.resolver, self.reading.source)
        self.replay.take(unit, _row_or_error(*unit.job(), self.now))


def _parallel_units(paths: Iterable[str | Path], reading: _Reading, default_tz: str, kind: str | None) -> Iterator[_ParallelUnit]:
    """`_units` for the parallel run: JSON Lines come as undecoded lines for the workers to read; other
    records are resolved here against the snapshot, or left for the lead's turn when that would add a source."""
    for path in paths:
        yield _FileStart(str(path), count_units(path))
        for item in iter_path_lines(path, reading.mapping, default_tz=default_tz, kind=kind):
            if isinstance(item, BadRecord | RawLine):
                yield item
                continue
            try:
                yield _resolved(item, reading.resolver, reading.source)
            except NeedsRegistration:
                yield _Pending(item)
        yield _FileEnd()


def _run_parallel(units: Iterator[_ParallelUnit], lead: _Lead, workers: int) -> None:
    """Read ahead while the workers read and analyse; replay chunks strictly in order as their results arrive.

    At most `workers * CHUNKS_PER_WORKER` chunks are in flight, so memory stays bounded whatever the
    file size, and a crash loses only those chunks, the batch being stored and the one being assembled
    (the rerun resumes idempotently).
    """
    reading = lead.reading
    worker_reading = _Reading(reading.mapping, reading.opts, reading.source, reading.resolver.snapshot())
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(worker_reading,))
    pending: deque[_Chunk] = deque()
    limit = workers * CHUNKS_PER_WORKER
    sent = len(reading.resolver.catalogued)  # catalogued outlets the workers know of

    def submit(chunk: list[_ParallelUnit], jobs: list[_Job]) -> None:
        nonlocal sent
        news = None
        if len(reading.resolver.catalogued) != sent:
            news, sent = dict(reading.resolver.catalogued), len(reading.resolver.catalogued)
        pending.append((chunk, pool.submit(_work_chunk, jobs, news, lead.now) if jobs else None, news))

    try:
        chunk: list[_ParallelUnit] = []
        jobs: list[_Job] = []
        for unit in units:
            chunk.append(unit)
            if isinstance(unit, _Resolved):
                jobs.append(unit.job())
            elif isinstance(unit, RawLine):
                jobs.append(unit)
            if len(jobs) >= CHUNK_DOCS:
                submit(chunk, jobs)
                chunk, jobs = [], []
                while len(pending) > limit:
                    lead.replay_chunk(pending.popleft())
        if chunk:
            submit(chunk, jobs)
        while pending:
            lead.replay_chunk(pending.popleft())
        lead.replay.settle()
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
    Sources come from the registry, else from `catalogue` (the project's: the file named in regionlens.yaml,
    else the shipped one).
    """
    if workers < 1:
        raise ValueError("Число рабочих процессов должно быть не меньше 1 (--workers N).")
    summary = IngestSummary()
    now = datetime.now(UTC)
    resolver = SourceResolver(project.engine, catalogue if catalogue is not None else catalogue_at(project.catalogue_path))
    if workers == 1:
        replay = _Replay(project, summary, batch_size, progress)
        for unit in _units(paths, resolver, source, mapping, default_tz, kind):
            replay.take(unit, _row_or_error(*unit.job(), now) if isinstance(unit, _Resolved) else None)
    else:
        reading = _Reading(mapping, ReadOptions(default_tz=default_tz, kind=kind), source, resolver.snapshot())
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-writer") as writer:
            lead = _Lead(_Replay(project, summary, batch_size, progress, writer), resolver, reading, now)
            _run_parallel(_parallel_units(paths, reading, default_tz, kind), lead, workers)
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
    resolver = SourceResolver(project.engine, catalogue_at(project.catalogue_path))
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
