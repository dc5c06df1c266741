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

from sqlalchemy import Connection, Table, and_, delete, func, not_, select

from regionlens import __version__
from regionlens.coding.codebook import Codebook
from regionlens.coding.coder import code_text
from regionlens.coding.metadata import SourceMeta
from regionlens.store.evidence import RuleKey, pack, remember, rule_ids, rule_key, sliced_surface
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
    """The one-shot record for a stored document (what workers compute; pure and picklable).

    The learned layer was trained on media publications; official documents and survey answers are coded by
    the rules alone (on programmes and agreements its media-trained topic weights add spheres the text lacks)."""
    meta = SourceMeta(url=doc.get("url"), source=doc.get("source_name"), level=doc.get("level"), country=doc.get("country"))
    result = code_text(doc["text"], doc.get("title") or "", codebook=codebook, lang=doc.get("language"),
                       source_country=doc.get("country"), meta=meta, learned=(doc.get("kind") or "media") == "media")
    evidence = [e.to_dict() for e in result.evidence]
    title, text = doc.get("title") or "", doc["text"]
    # Positions whose surface the reader could not rebuild from the title or text: only these keep it stored.
    own = [i for i, e in enumerate(evidence) if not sliced_surface(e, title, text)]
    return {"id": doc["id"], "values": result.values, "evidence": evidence, "own_surface": own}


def _json_dumps() -> Callable[[Any], str]:
    """`json.dumps(value, ensure_ascii=False)` without building an encoder per call (18 calls per document).

    The C encoder is made once with the exact settings of that call (separators ", " and ": ", NaN allowed),
    so the stored text stays byte-identical; without the C accelerator the reused pure-Python encoder is used.
    """
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    # No circular-reference markers: the values and evidence are plain trees built by the coder.
    chunks = make(None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(chunks(value, 0))


_dumps = _json_dumps()

CODE_COLUMNS = ("document_id", "variable", "coder", "value", "codebook_version", "evidence", "coded_at")
MENTION_COLUMNS = ("document_id", "region_code", "start", "end", "surface", "field")
RUN_COLUMNS = ("document_id", "coder", "codebook_version", "codebook_hash", "software_version", "coded_at")


def _insert_sql(conn: Connection, table: Table, columns: tuple[str, ...]) -> str:
    """A positional INSERT for the driver's own executemany (quoting `start`/`end` as the dialect needs).

    The project back ends are sqlite3 (qmark) and psycopg (format); both take `?` or `%s` with tuples.
    """
    quote = conn.dialect.identifier_preparer
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    return (f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) "
            f"VALUES ({', '.join([mark] * len(columns))})")


def _insert(conn: Connection, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Bulk insert in the current transaction: COPY on PostgreSQL, the driver's executemany elsewhere."""
    if not rows:
        return
    if conn.dialect.driver == "psycopg":
        # COPY through psycopg's own connection (same transaction): half the client CPU of a pipelined
        # executemany. psycopg adapts the values exactly as for an INSERT (text, int, timestamptz).
        raw = conn.connection.driver_connection
        assert raw is not None
        quote = conn.dialect.identifier_preparer
        sql = f"COPY {quote.format_table(table)} ({', '.join(quote.quote(c) for c in columns)}) FROM STDIN"
        with raw.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(_insert_sql(conn, table, columns), rows)


def _write(conn: Connection, results: list[dict[str, Any]], codebook: Codebook, now: datetime) -> dict[RuleKey, int]:
    """Replace the batch's codes, mentions and run markers; returns the evidence rules it stored anew.

    Evidence goes in the compact form of regionlens.store.evidence (rule ids and offsets).
    """
    # Rows go to the driver as tuples (executemany on SQLite, COPY on PostgreSQL): SQLAlchemy's per-row
    # parameter processing of ~20,000 dict rows per batch cost more CPU than the inserts themselves. The only typed value, coded_at, is
    # converted once with the column type's own bind processor, so the stored text is what Core would write.
    # The deletes stay unconditional: on never-coded documents they cost ~2 ms per 2,000 (measured), and
    # they take SQLite's write lock first, so two runs over the same documents still serialise cleanly.
    ids = [r["id"] for r in results]
    conn.execute(delete(codes).where(codes.c.document_id.in_(ids), codes.c.coder == AUTO))
    conn.execute(delete(mentions).where(mentions.c.document_id.in_(ids)))
    conn.execute(delete(coding_runs).where(coding_runs.c.document_id.in_(ids), coding_runs.c.coder == AUTO))
    bind = coding_runs.c.coded_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    stamp = bind(now) if bind is not None else now
    version, book_hash = codebook.version, codebook.hash
    mention_rows: list[tuple[Any, ...]] = []
    run_rows: list[tuple[Any, ...]] = []
    scalars: dict[tuple[type, Any], str] = {}

    def dumps(value: Any) -> str:
        kind = type(value)
        if kind is int or kind is str:  # 0, 1, "NEWS", "RU-SMO": a few distinct scalars across a batch
            text = scalars.get((kind, value))
            if text is None:
                text = scalars[(kind, value)] = _dumps(value)
            return text
        return _dumps(value)

    # per document: its values and, per variable, the evidence items with their rule keys and kept surfaces
    grouped: list[tuple[int, dict[str, Any], dict[str, tuple[list[dict[str, Any]], list[RuleKey], set[int]]]]] = []
    all_keys: set[RuleKey] = set()
    for r in results:
        doc = r["id"]
        own = r.get("own_surface")
        own_set = set(own) if own is not None else None  # results built elsewhere: keep every surface
        by_var: dict[str, tuple[list[dict[str, Any]], list[RuleKey], set[int]]] = {}
        for i, ev in enumerate(r["evidence"]):
            items, keys, kept = by_var.setdefault(ev["variable"], ([], [], set()))
            if own_set is None or i in own_set:
                kept.add(len(items))
            key = rule_key(ev, dumps)
            items.append(ev)
            keys.append(key)
            all_keys.add(key)
            if ev["variable"] == "regions":
                mention_rows.append((doc, str(ev["value"]), ev["start"], ev["end"], ev.get("surface") or "",
                                     ev.get("field", "text")))
        grouped.append((doc, r["values"], by_var))
        run_rows.append((doc, AUTO, version, book_hash, __version__, stamp))
    rule_of, new_rules = rule_ids(conn, all_keys)
    code_rows: list[tuple[Any, ...]] = []
    for doc, values, by_var in grouped:
        for var, value in values.items():
            group = by_var.get(var)
            evidence = pack(group[0], rule_of, group[1], group[2]) if group else "[]"
            code_rows.append((doc, var, AUTO, dumps(value), version, evidence, stamp))
    _insert(conn, codes, CODE_COLUMNS, code_rows)
    _insert(conn, mentions, MENTION_COLUMNS, mention_rows)
    _insert(conn, coding_runs, RUN_COLUMNS, run_rows)
    return new_rules


def write_results(project: Project, results: list[dict[str, Any]], codebook: Codebook) -> None:
    """Store `code_document` results in one transaction: the single write path for serial, process and Dask runs."""
    if not results:  # a batch of only failed documents: nothing to replace
        return
    with project.engine.begin() as conn:
        new_rules = _write(conn, results, codebook, datetime.now(UTC))
    remember(project.engine, new_rules)  # only now committed


def iter_pending(project: Project, codebook: Codebook, batch_size: int) -> Iterator[list[dict[str, Any]]]:
    """Batches of documents still to code, by keyset pagination (bounded memory)."""
    last = 0
    while True:
        with project.engine.connect() as conn:
            batch = [
                dict(r)
                for r in conn.execute(
                    select(documents.c.id, documents.c.title, documents.c.text, documents.c.language, documents.c.url,
                           documents.c.kind, sources.c.country, sources.c.level, sources.c.name.label("source_name"))
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
    book = codebook or project.codebook
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
