"""Ingest stage: readers → text analysis → source attribution → idempotent insert.

Each batch is one transaction: a crash loses at most the batch in flight, and a
rerun skips what is already stored (content hash, source + URL), so nothing is
duplicated or half-written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from regionlens.ingest.clean import scrub_surrogates
from regionlens.ingest.readers import count_units, iter_path
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.sources.registry import SourceResolver
from regionlens.store.documents import content_hash, insert_documents
from regionlens.store.project import Project
from regionlens.text import analyse

KINDS = ("media", "official", "survey")
# What the database says about a record's content (not about itself: a lost connection still ends the run,
# and the rerun resumes idempotently).
REFUSED = (DataError, IntegrityError, ProgrammingError, UnicodeError, ValueError)
MAX_EXT_ID = 200  # documents.ext_id is VARCHAR(200); PostgreSQL refuses longer values and with them the whole batch


@dataclass(slots=True)
class IngestSummary:
    files: list[str] = field(default_factory=list)
    read: int = 0
    added: int = 0
    duplicates: int = 0
    unattributed: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    by_file: dict[str, dict[str, int]] = field(default_factory=dict)


def document_row(doc: RawDocument, source_id: int | None, source_key: str, now: datetime) -> dict[str, Any]:
    """The stored form of a raw record, with its language and lemma stream."""
    title = doc.title or ""
    body = analyse(doc.text, doc.language if doc.language in ("ru", "be", "uk", "en") else None)
    lemmas = body.lemma_text()
    if title:
        lemmas = analyse(title, body.lang).lemma_text() + " " + lemmas
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


def _flush(project: Project, batch: list[dict[str, Any]], summary: IngestSummary, stats: dict[str, int]) -> None:
    """Store one batch in one transaction; if the database refuses it, store its records one by one,
    so a record the database cannot take is reported instead of losing the batch and ending the run."""
    if not batch:
        return
    refused = 0
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
                summary.bad.append(BadRecord(row.get("origin") or "?", f"база данных не приняла запись: {reason}"))
                refused += 1
    summary.added += added
    summary.duplicates += len(batch) - added - refused
    stats["added"] += added
    stats["bad"] += refused


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
) -> IngestSummary:
    """Read every path and store its documents; bad records are collected, never fatal."""
    summary = IngestSummary()
    resolver = SourceResolver(project.engine)
    now = datetime.now(UTC)
    for path in paths:
        name = str(path)
        summary.files.append(name)
        stats = summary.by_file.setdefault(name, {"read": 0, "added": 0, "bad": 0})
        total = count_units(path)
        batch: list[dict[str, Any]] = []
        done = 0
        for item in iter_path(path, mapping, default_tz=default_tz, kind=kind):
            done += 1
            if isinstance(item, BadRecord):
                summary.bad.append(item)
                stats["bad"] += 1
            else:
                summary.read += 1
                stats["read"] += 1
                explicit = source or item.source
                source_id = resolver.resolve(explicit, item.url)
                if source_id is None:
                    summary.unattributed += 1
                key = str(source_id) if source_id is not None else (explicit or "")
                try:
                    batch.append(document_row(item, source_id, key, now))
                except Exception as exc:  # one record's analysis must not stop the batch
                    summary.bad.append(BadRecord(item.origin, f"ошибка обработки текста: {exc}"))
                    stats["bad"] += 1
                if len(batch) >= batch_size:
                    _flush(project, batch, summary, stats)
                    batch = []
            if progress is not None:
                progress(done, total)
        _flush(project, batch, summary, stats)
    return summary
