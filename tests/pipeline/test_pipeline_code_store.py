"""The coding write path stores exactly what SQLAlchemy Core stored before it bypassed Core for speed.

`write_results` hands tuples to the driver (executemany on SQLite, COPY on PostgreSQL); these tests rebuild
the expected rows the plain way (json.dumps per value and per variable's evidence) and compare them
value for value, including text that COPY must escape (tabs, newlines, backslashes, quotes) and the raw
storage form of the timestamp.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, delete, insert, select, update

from regionlens.coding.codebook import load_codebook
from regionlens.pipeline.code import code_document, code_project, write_results
from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.evidence import read_evidence
from regionlens.store.project import Project
from regionlens.store.schema import codes, coding_runs, documents, mentions, sources

DOCS = [
    {"id": "tab", "title": "Гродно\tи «Смоленск»: \\ косая черта",
     "text": "Делегация Смоленской\tобласти приехала в Гродненскую\nобласть. Подписано соглашение о поставках "
             "техники, товарооборот вырос на 12%. Губернатор сказал: \"это \\ важный шаг\".", "date": "2023-03-01"},
    {"id": "plain", "title": "Витебск и Псков договорились о туризме",
     "text": "Витебский облисполком и администрация Псковской области обсудили маршруты для туристов.",
     "date": "2023-03-02"},
    {"id": "none", "title": "Дождь", "text": "Синоптики обещают дождь и ветер.", "date": "2023-03-03"},
]


def _ingest(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS), encoding="utf-8")
    assert ingest_paths(project, [path]).added == len(DOCS)
    with project.engine.begin() as conn:  # ingest normalises whitespace; put the tab back for COPY to escape
        conn.execute(update(documents).where(documents.c.id == 1).values(text=DOCS[0]["text"]))


def _expected(project: Project) -> tuple[set[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Codes and mentions as the former Core write built them, from a fresh coding of the stored documents."""
    book = load_codebook()
    with project.engine.connect() as conn:
        docs = [dict(r) for r in conn.execute(
            select(documents.c.id, documents.c.title, documents.c.text, documents.c.language, sources.c.country)
            .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
            .order_by(documents.c.id)).mappings()]
    code_rows: set[tuple[Any, ...]] = set()
    mention_rows: list[tuple[Any, ...]] = []
    for doc in docs:
        r = code_document(doc, book)
        by_var: dict[str, list[dict[str, Any]]] = {}
        for ev in r["evidence"]:
            by_var.setdefault(ev["variable"], []).append(ev)
            if ev["variable"] == "regions":
                mention_rows.append((r["id"], str(ev["value"]), ev["start"], ev["end"], ev.get("surface") or "",
                                     ev.get("field", "text")))
        for var, value in r["values"].items():
            code_rows.add((r["id"], var, "auto", json.dumps(value, ensure_ascii=False), book.version,
                           json.dumps(by_var.get(var, []), ensure_ascii=False)))
    return code_rows, mention_rows


def _stored(project: Project) -> tuple[set[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Stored codes with their evidence read back (compact since schema 11) and serialised as Core did."""
    with project.engine.connect() as conn:
        rows = conn.execute(
            select(codes.c.document_id, codes.c.variable, codes.c.coder, codes.c.value, codes.c.codebook_version,
                   codes.c.evidence, documents.c.title, documents.c.text)
            .join(documents, documents.c.id == codes.c.document_id).where(codes.c.coder == "auto")).all()
        evidence = read_evidence(conn, [(r.evidence, r.title, r.text) for r in rows])
        stored_codes = {(*tuple(r)[:5], json.dumps(ev, ensure_ascii=False)) for r, ev in zip(rows, evidence, strict=True)}
        stored_mentions = [tuple(r) for r in conn.execute(
            select(mentions.c.document_id, mentions.c.region_code, mentions.c.start, mentions.c.end,
                   mentions.c.surface, mentions.c.field).order_by(mentions.c.id))]
    return stored_codes, stored_mentions


def test_stored_rows_equal_the_plain_core_rows(project: Project, tmp_path: Path) -> None:
    _ingest(project, tmp_path)
    assert code_project(project, load_codebook(), batch_size=2).coded == len(DOCS)
    want_codes, want_mentions = _expected(project)
    got_codes, got_mentions = _stored(project)
    assert got_codes == want_codes
    assert got_mentions == want_mentions  # same rows in the same insertion order
    surfaces = [m[4] for m in got_mentions]
    assert any("\t" in s for s in surfaces)  # COPY's escaping was exercised
    assert any("\\" in c[5] for c in got_codes)  # a backslash inside stored evidence JSON
    with project.engine.connect() as conn:
        raw = [json.loads(e) for e in conn.execute(select(codes.c.evidence).where(codes.c.coder == "auto")).scalars()]
    items = [item for r in raw for item in r]
    assert items and all(isinstance(i, list) and len(i) == 3 for i in items)  # rule id, start, end: no strings


def test_timestamp_is_stored_as_core_stores_it(project: Project, tmp_path: Path) -> None:
    """coded_at bypasses Core's type processing: its raw form must match a row Core writes itself."""
    _ingest(project, tmp_path)
    book = load_codebook()
    code_project(project, book)
    with project.engine.begin() as conn:
        conn.execute(insert(codes).values(document_id=1, variable="union", coder="core-ref", value="1",
                                          codebook_version=book.version, evidence="[]",
                                          coded_at=datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)))
        raw = {coder: text for coder, text in conn.execute(
            select(codes.c.coder, cast(codes.c.coded_at, String)).where(codes.c.document_id == 1,
                                                                          codes.c.variable == "union"))}
        run_at = conn.execute(select(coding_runs.c.coded_at)).scalars().all()
        code_at = conn.execute(select(codes.c.coded_at).where(codes.c.coder == "auto")).scalars().all()

    def shape(text: str) -> str:
        return re.sub(r"\d+", "9", text)  # the layout (separators, time zone suffix), not the digits

    assert shape(raw["auto"]) == shape(raw["core-ref"])
    assert len(set(run_at)) == 1 and set(code_at) == set(run_at)  # one timestamp per batch, read back by Core
    assert isinstance(run_at[0], datetime)


def test_recoding_replaces_rows_written_by_any_earlier_run(project: Project, tmp_path: Path) -> None:
    """Writing a batch again (a worker retry, a changed codebook) replaces codes, mentions and runs."""
    _ingest(project, tmp_path)
    book = load_codebook()
    with project.engine.connect() as conn:
        docs = [dict(r) for r in conn.execute(
            select(documents.c.id, documents.c.title, documents.c.text, documents.c.language)).mappings()]
    results = [code_document(d, book) for d in docs]
    write_results(project, results, book)
    first = _stored(project)
    write_results(project, results, book)
    assert _stored(project) == first  # replaced in place, in the same order
    with project.engine.begin() as conn:  # a partial earlier state: codes without a run marker
        conn.execute(delete(coding_runs))
    write_results(project, results[:1], book)
    again = _stored(project)
    assert again[0] == first[0] and sorted(again[1]) == sorted(first[1])  # the rewritten mentions come last
    with project.engine.connect() as conn:
        assert len(conn.execute(select(coding_runs.c.document_id)).all()) == 1
