"""Schema 11's compact store: evidence as rule ids and offsets, lemmas only in the full-text index.

The promise is "smaller, and nothing a reader sees changes": the publication page and the API show the
coder's own evidence dictionaries, search gives the same hits as the version-10 layout, and projects
created before keep working.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from regionlens.coding.codebook import load_codebook
from regionlens.dashboard.search import get_publication
from regionlens.pipeline.code import _write, code_document, code_project, write_results
from regionlens.pipeline.ingest import ingest_paths
from regionlens.search.engine import Filters, count_by, search
from regionlens.store.evidence import read_evidence
from regionlens.store.fts import indexed_lemmas, lemmas_only_in_index
from regionlens.store.migrations import LATEST, migrate
from regionlens.store.project import Project, make_engine, open_project
from regionlens.store.schema import codes, documents, evidence_rules
from regionlens.web.api.publications import document_codes

DOCS = [
    {"id": "a", "title": "Смоленщина и Витебская область договорились",
     "text": "Губернатор Смоленской области и председатель Витебского облисполкома подписали соглашение о "
             "поставках техники. Товарооборот вырос, сотрудничество регионов укрепляется.", "date": "2023-03-01"},
    {"id": "b", "title": "Гродно и Брянск: форум регионов",
     "text": "На форуме регионов Беларуси и России обсудили туризм и студенческие обмены. Студенты из Гомеля "
             "приедут в Брянск.", "date": "2023-04-02"},
    {"id": "c", "title": "Дождь", "text": "Синоптики обещают дождь и ветер, санкции не обсуждались.",
     "date": "2023-04-03"},
    {"id": "d", "title": "Союзное государство", "text": "Постоянный комитет Союзного государства обсудил "
     "программу интеграции; Витебской области выделены средства.", "date": "2023-05-04"},
]
QUERIES = ["смоленская область", '"Витебской области"', "сотрудничество AND (Гомель OR Брянск)", "форум регионов",
           "товарооборот NOT санкции", "губернатор", "студенты", "дождь", "регион*"]


def _ingest(project: Project, tmp_path: Path, docs: list[dict[str, Any]] = DOCS) -> None:
    path = tmp_path / f"docs-{len(docs)}.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    assert ingest_paths(project, [path]).added == len(docs)


def _texts(project: Project) -> list[dict[str, Any]]:
    with project.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(documents.c.id, documents.c.title, documents.c.text,
                                                     documents.c.language).order_by(documents.c.id)).mappings()]


def test_evidence_is_stored_compactly_and_read_back_as_the_coder_made_it(project: Project, tmp_path: Path) -> None:
    _ingest(project, tmp_path)
    book = load_codebook()
    code_project(project, book)
    want = {d["id"]: code_document(d, book)["evidence"] for d in _texts(project)}
    assert sum(len(v) for v in want.values()) > 10
    with project.engine.connect() as conn:
        raw = [str(r) for r in conn.execute(select(codes.c.evidence)).scalars()]
        n_rules = len(conn.execute(select(evidence_rules.c.id)).all())
    assert all(isinstance(item, list) for r in raw for item in json.loads(r))  # ids and offsets only
    assert not any("surface" in r or "pattern" in r for r in raw)
    assert 0 < n_rules <= sum(len(v) for v in want.values())
    for doc_id, items in want.items():
        pub = get_publication(project.engine, doc_id)
        assert pub is not None
        page = [e for c in pub.codes for e in c.evidence]
        assert sorted(page, key=json.dumps) == sorted(items, key=json.dumps)  # same dicts, surfaces included
        api = [e for c in document_codes(project.engine, doc_id) for e in c.evidence]
        assert sorted(api, key=json.dumps) == sorted(items, key=json.dumps)
        assert all(list(e) == ["variable", "value", "start", "end", "pattern", "rule", "field", "surface"] for e in api)


def test_surfaces_that_are_not_a_span_of_the_text_are_kept(project: Project, tmp_path: Path) -> None:
    """Results built without the coder's marker keep every surface; a surface unlike its span survives."""
    _ingest(project, tmp_path)
    book = load_codebook()
    doc = _texts(project)[0]
    result = code_document(doc, book)
    result.pop("own_surface")
    odd = dict(result["evidence"][0], surface="не из текста")
    result["evidence"][0] = odd
    result["evidence"].append({"variable": "genre", "value": "NEWS", "start": 0, "end": 0, "pattern": "x",
                               "rule": "model note", "field": "model", "surface": "признак модели"})
    result["values"].setdefault("genre", "NEWS")
    write_results(project, [result], book)
    pub = get_publication(project.engine, doc["id"])
    assert pub is not None
    shown = [e for c in pub.codes for e in c.evidence]
    assert odd in shown
    assert any(e["surface"] == "признак модели" and e["field"] == "model" for e in shown)


def test_evidence_written_before_version_11_reads_unchanged(project: Project, tmp_path: Path) -> None:
    _ingest(project, tmp_path)
    legacy = [{"variable": "union", "value": 1, "start": 0, "end": 5, "pattern": "союзный", "rule": "strong",
               "field": "title", "surface": "Союзн"}]
    with project.engine.begin() as conn:
        conn.execute(codes.insert().values(document_id=4, variable="union", coder="auto", value="1",
                                           codebook_version="1.0", evidence=json.dumps(legacy, ensure_ascii=False),
                                           coded_at=datetime(2022, 1, 1, tzinfo=UTC)))
    pub = get_publication(project.engine, 4)
    assert pub is not None and [c.evidence for c in pub.codes] == [legacy]
    assert [c.evidence for c in document_codes(project.engine, 4)] == [legacy]


def test_a_rolled_back_batch_leaves_no_unknown_rule_ids(project: Project, tmp_path: Path) -> None:
    """Rule ids are cached per engine only after their transaction commits."""
    _ingest(project, tmp_path)
    book = load_codebook()
    results = [code_document(d, book) for d in _texts(project)]
    with pytest.raises(RuntimeError), project.engine.begin() as conn:
        _write(conn, results, book, datetime.now(UTC))
        raise RuntimeError("batch failed after writing")
    with project.engine.connect() as conn:
        assert conn.execute(select(evidence_rules.c.id)).first() is None
    write_results(project, results, book)
    with project.engine.connect() as conn:
        rows = conn.execute(select(codes.c.evidence, documents.c.title, documents.c.text)
                            .join(documents, documents.c.id == codes.c.document_id)).all()
        expanded = read_evidence(conn, [tuple(r) for r in rows])  # raises KeyError on an unknown rule id
    assert sum(map(len, expanded)) == sum(len(r["evidence"]) for r in results)


def _hits(project: Project) -> list[tuple[str, int, list[int], list[str]]]:
    out = []
    for q in QUERIES:
        total, hits = search(project.engine, q, limit=50)
        filtered, _ = search(project.engine, q, filters=Filters(date_from=datetime(2023, 4, 1, tzinfo=UTC)))
        lines = [line.left + "|" + line.keyword + "|" + line.right for h in hits for line in h.lines]
        out.append((q, total, [h.id for h in hits], lines))
        out.append((q + " (from April)", filtered, [], []))
    out.append(("count-by", 0, [], [json.dumps(count_by(project.engine, "регион*", ["month", "country"]))]))
    return out


@pytest.fixture
def version_10(request: pytest.FixtureRequest, project: Project, tmp_path: Path) -> Iterator[Project]:
    """A twin project on the same back end whose schema stops at version 10 (lemmas in the rows)."""
    if project.engine.dialect.name == "sqlite":
        url = f"sqlite:///{tmp_path / 'v10.db'}"
        cleanup = None
    else:
        base = request.getfixturevalue("pg_server_url")
        name = "rl_v10_" + uuid.uuid4().hex[:10]
        admin = make_engine(base.rsplit("/", 1)[0] + "/postgres").execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.rsplit("/", 1)[0] + "/" + name

        def cleanup() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            admin.dispose()
    engine = make_engine(url)
    assert migrate(engine, target=10) == list(range(1, 11))
    yield Project(root=tmp_path, db_url=url, engine=engine)
    engine.dispose()
    if cleanup is not None:
        cleanup()


def test_lemmas_live_only_in_the_index_and_search_gives_the_same_hits(project: Project, version_10: Project,
                                                                      tmp_path: Path) -> None:
    """A new project keeps no lemma text in its rows, and finds what a version-10 project finds."""
    _ingest(project, tmp_path)
    _ingest(version_10, tmp_path)
    with project.engine.connect() as conn, version_10.engine.connect() as old:
        assert lemmas_only_in_index(conn) and not lemmas_only_in_index(old)
        assert conn.execute(text("SELECT count(*) FROM documents WHERE lemmas <> ''")).scalar() == 0
        assert old.execute(text("SELECT count(*) FROM documents WHERE lemmas = ''")).scalar() == 0
        assert len(indexed_lemmas(conn)) == len(DOCS)
        assert indexed_lemmas(conn) == indexed_lemmas(old)
    assert _hits(project) == _hits(version_10)


def _indexed(project: Project) -> dict[int, str]:
    with project.engine.connect() as conn:
        return indexed_lemmas(conn)


def test_deleting_a_publication_removes_it_from_the_index(project: Project, tmp_path: Path) -> None:
    """The contentless index is told the deleted row's exact tokens; a later row with the same id
    (SQLite reuses the highest) does not inherit the old hits."""
    _ingest(project, tmp_path)
    assert search(project.engine, "дождь")[0] == 1
    with project.engine.begin() as conn:
        conn.execute(documents.delete().where(documents.c.id == 4))  # the highest id
        conn.execute(documents.delete().where(documents.c.id == 3))
    assert search(project.engine, "дождь")[0] == 0
    assert search(project.engine, "союзный государство")[0] == 0
    _ingest(project, tmp_path, [{"id": "e", "title": "Погода", "text": "Солнечно и тепло.", "date": "2023-06-01"}])
    assert search(project.engine, "союзный государство")[0] == 0
    assert search(project.engine, "солнечно")[0] == 1
    with project.engine.connect() as conn:
        if project.engine.dialect.name == "sqlite":
            conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)"))
        assert set(indexed_lemmas(conn)) == {int(i) for i in conn.execute(select(documents.c.id)).scalars()}


def test_a_populated_version_10_project_migrates_and_keeps_working(tmp_path: Path) -> None:
    root = tmp_path / "old"
    root.mkdir()
    engine = make_engine(f"sqlite:///{root / 'regionlens.db'}")
    assert migrate(engine, target=10) == list(range(1, 11))
    with engine.begin() as conn:
        conn.execute(documents.insert().values(title="Витебск", text="Делегация Смоленской области в Витебске.",
                                               content_hash="h1", lemmas="витебск делегация смоленский область в витебск",
                                               language="ru", ingested_at=datetime(2021, 1, 1, tzinfo=UTC)))
    engine.dispose()
    (root / "regionlens.yaml").write_text("database: regionlens.db\ncreated_with: 0.0.1\n", encoding="utf-8")
    proj = open_project(root)
    with proj.engine.connect() as conn:
        assert not lemmas_only_in_index(conn)  # a populated index is not rebuilt on opening
        assert conn.execute(select(evidence_rules.c.id)).first() is None
        assert conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == str(LATEST)
    assert search(proj.engine, "смоленская область")[0] == 1
    _ingest(proj, tmp_path)
    assert search(proj.engine, "смоленская область")[0] == 2  # the old row and a new one
    code_project(proj, load_codebook())
    pub = get_publication(proj.engine, 2)
    assert pub is not None and any(c.evidence for c in pub.codes)


def test_new_sqlite_projects_use_8_kb_pages_and_old_ones_keep_theirs(tmp_path: Path) -> None:
    """Publications of ~2.2 KB fit one to a 4 KB page; a new project packs three to a page."""
    from regionlens.store.project import init_project

    new = init_project(tmp_path / "new")
    with new.engine.connect() as conn:
        assert conn.execute(text("PRAGMA page_size")).scalar() == 8192
    new.engine.dispose()
    old_path = tmp_path / "old.db"
    import sqlite3

    raw = sqlite3.connect(old_path)
    raw.execute("PRAGMA page_size=4096")
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE t (x)")
    raw.close()
    engine = make_engine(f"sqlite:///{old_path}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA page_size")).scalar() == 4096
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 0
    engine.dispose()
