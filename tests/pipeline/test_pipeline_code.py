"""Coding a project: codes with evidence, incremental runs, re-coding on a codebook change."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from regionlens.coding.codebook import load_codebook
from regionlens.pipeline.code import code_project, count_pending
from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.evidence import read_evidence
from regionlens.store.project import Project
from regionlens.store.schema import codes, coding_runs, documents, mentions

DOCS = [
    {"id": "a", "title": "Смоленщина и Витебщина подписали дорожную карту",
     "text": "Губернатор Смоленской области и председатель Витебского облисполкома подписали дорожную карту. "
             "Товарооборот вырос на 15% и достиг 500 млн долларов.", "date": "2022-06-30"},
    {"id": "b", "title": "Погода", "text": "В Подмосковье ожидается дождь и до плюс двадцати градусов.", "date": "2022-07-01"},
]


def _ingest(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS), encoding="utf-8")
    assert ingest_paths(project, [path]).added == 2


def test_codes_evidence_and_incremental_runs(project: Project, tmp_path: Path) -> None:
    _ingest(project, tmp_path)
    book = load_codebook()
    assert count_pending(project, book) == 2
    assert code_project(project, book).coded == 2
    assert count_pending(project, book) == 0
    assert code_project(project, book).coded == 0  # nothing new, nothing recoded
    with project.engine.connect() as conn:
        rows = {(r.document_id, r.variable): r for r in conn.execute(select(codes))}
        regions = json.loads(rows[(1, "regions")].value)
        assert regions == ["BY-VI", "RU-SMO"]
        title, body = conn.execute(select(documents.c.title, documents.c.text).where(documents.c.id == 1)).one()
        evidence = read_evidence(conn, [(rows[(1, "regions")].evidence, title, body)])[0]
        assert {e["value"] for e in evidence} == {"BY-VI", "RU-SMO"}
        assert json.loads(rows[(2, "union")].value) == 0
        stored = conn.execute(select(mentions.c.region_code, mentions.c.surface, mentions.c.field)).all()
        assert ("RU-SMO", "Смоленщина", "title") in stored
        assert conn.execute(select(func.count()).select_from(codes)).scalar() == 18


def test_codebook_change_recodes_everything(project: Project, tmp_path: Path) -> None:
    _ingest(project, tmp_path)
    book = load_codebook()
    code_project(project, book)
    edited = tmp_path / "codebook.yaml"
    edited.write_text(Path(book.path).read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.0-local"', 1), encoding="utf-8")
    changed = load_codebook(edited)
    assert changed.hash != book.hash
    assert count_pending(project, changed) == 2
    assert code_project(project, changed).coded == 2
    with project.engine.connect() as conn:
        assert {r[0] for r in conn.execute(select(coding_runs.c.codebook_version))} == {changed.version}
        assert conn.execute(select(func.count()).select_from(codes)).scalar() == 18  # replaced, not added
