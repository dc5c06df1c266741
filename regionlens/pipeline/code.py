"""Coding stage over a project: incremental, and again whenever the codebook changes.

A document counts as coded by `auto` when its coding run records the current
codebook hash; changing the codebook file makes every document due again.
Codes, region mentions and the run marker of a batch are written in one
transaction, so an interrupted run resumes without duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, not_, select

from regionlens import __version__
from regionlens.coding.codebook import Codebook, load_codebook
from regionlens.coding.coder import code_text
from regionlens.store.project import Project
from regionlens.store.schema import codes, coding_runs, documents, mentions, sources

AUTO = "auto"


@dataclass(slots=True)
class CodingSummary:
    coded: int = 0
    failed: int = 0
    errors: list[str] | None = None


def _pending(codebook_hash: str) -> Any:
    # A correlated NOT EXISTS probes the (document_id, coder) primary key per document; NOT IN over a
    # million-row subquery makes PostgreSQL materialise and rescan it.
    done = select(coding_runs.c.document_id).where(
        and_(coding_runs.c.document_id == documents.c.id, coding_runs.c.coder == AUTO,
             coding_runs.c.codebook_hash == codebook_hash)
    )
    return not_(done.exists())


def count_pending(project: Project, codebook: Codebook) -> int:
    with project.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(documents).where(_pending(codebook.hash))).scalar_one())


def code_document(doc: dict[str, Any], codebook: Codebook) -> dict[str, Any]:
    """The one-shot record for a stored document (what workers compute; pure and picklable)."""
    result = code_text(doc["text"], doc.get("title") or "", codebook=codebook, lang=doc.get("language"),
                       source_country=doc.get("country"))
    return {"id": doc["id"], "values": result.values, "evidence": [e.to_dict() for e in result.evidence]}


def _write(conn: Connection, results: list[dict[str, Any]], codebook: Codebook, now: datetime) -> None:
    ids = [r["id"] for r in results]
    conn.execute(delete(codes).where(codes.c.document_id.in_(ids), codes.c.coder == AUTO))
    conn.execute(delete(mentions).where(mentions.c.document_id.in_(ids)))
    conn.execute(delete(coding_runs).where(coding_runs.c.document_id.in_(ids), coding_runs.c.coder == AUTO))
    code_rows, mention_rows, run_rows = [], [], []
    for r in results:
        by_var: dict[str, list[dict[str, Any]]] = {}
        for ev in r["evidence"]:
            by_var.setdefault(ev["variable"], []).append(ev)
            if ev["variable"] == "regions":
                mention_rows.append(
                    {"document_id": r["id"], "region_code": str(ev["value"]), "start": ev["start"], "end": ev["end"],
                     "surface": ev.get("surface") or "", "field": ev.get("field", "text")}
                )
        for var, value in r["values"].items():
            code_rows.append(
                {"document_id": r["id"], "variable": var, "coder": AUTO, "value": json.dumps(value, ensure_ascii=False),
                 "codebook_version": codebook.version, "evidence": json.dumps(by_var.get(var, []), ensure_ascii=False),
                 "coded_at": now}
            )
        run_rows.append(
            {"document_id": r["id"], "coder": AUTO, "codebook_version": codebook.version, "codebook_hash": codebook.hash,
             "software_version": __version__, "coded_at": now}
        )
    if code_rows:
        conn.execute(insert(codes), code_rows)
    if mention_rows:
        conn.execute(insert(mentions), mention_rows)
    conn.execute(insert(coding_runs), run_rows)


def write_results(project: Project, results: list[dict[str, Any]], codebook: Codebook) -> None:
    """Store `code_document` results in one transaction: the single write path for serial, process and Dask runs."""
    if not results:  # a batch of only failed documents: nothing to replace
        return
    with project.engine.begin() as conn:
        _write(conn, results, codebook, datetime.now(UTC))


def iter_pending(project: Project, codebook: Codebook, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Batches of documents still to code, by keyset pagination (bounded memory)."""
    last = 0
    while True:
        with project.engine.connect() as conn:
            batch = [
                dict(r)
                for r in conn.execute(
                    select(documents.c.id, documents.c.title, documents.c.text, documents.c.language, sources.c.country)
                    .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
                    .where(_pending(codebook.hash), documents.c.id > last)
                    .order_by(documents.c.id)
                    .limit(batch_size)
                ).mappings()
            ]
        if not batch:
            return
        last = batch[-1]["id"]
        yield batch


def code_project(
    project: Project,
    codebook: Codebook | None = None,
    *,
    batch_size: int = 500,
    map_batch: Callable[[list[dict[str, Any]], Codebook], Iterable[dict[str, Any]]] | None = None,
    progress: Callable[[int], None] | None = None,
) -> CodingSummary:
    """Code every document not yet coded with this codebook; `map_batch` lets workers do the coding."""
    book = codebook or load_codebook()
    summary = CodingSummary(errors=[])
    for batch in iter_pending(project, book, batch_size):
        if map_batch is None:
            results = []
            for doc in batch:
                try:
                    results.append(code_document(doc, book))
                except Exception as exc:  # one bad document must not stop the run
                    summary.failed += 1
                    assert summary.errors is not None
                    summary.errors.append(f"документ {doc['id']}: {exc}")
        else:
            results = list(map_batch(batch, book))
        write_results(project, results, book)
        summary.coded += len(results)
        if progress is not None:
            progress(len(batch))
    return summary
