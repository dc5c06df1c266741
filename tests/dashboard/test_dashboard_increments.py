"""The incremental refresh of the dashboard's summary tables leaves exactly what a full rebuild makes:
after new publications (coded, some of them reprints), after re-coding, and after deletions — and it
really is incremental (the cubes are not summed whole)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dash_corpus import STORIES, build_corpus
from sqlalchemy import delete, func, select, update

from regionlens.dashboard import facts as facts_module
from regionlens.dashboard.cube_frames import BASE_CUBES, FACET_CUBES, base_frames, records
from regionlens.dashboard.facts import forget_checks, refresh_facts
from regionlens.dashboard.increments import read_facts
from regionlens.pipeline.code import code_project
from regionlens.pipeline.ingest import ingest_paths
from regionlens.pipeline.reprints import detect_reprints
from regionlens.store.project import Project, init_project
from regionlens.store.schema import (
    codes,
    coding_runs,
    dash_cube,
    dash_docs,
    dash_regions,
    dash_topics,
    documents,
)

TABLES = (dash_docs, dash_topics, dash_regions, *BASE_CUBES, *FACET_CUBES)


def _state(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the fact tables and cubes, sorted (a cube's rows have no order of their own)."""
    with project.engine.connect() as conn:
        return {t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr) for t in TABLES}


def _refresh_in_place(project: Project, monkeypatch: pytest.MonkeyPatch) -> int:
    """refresh_facts with the whole-cube rebuilds forbidden, so the test fails if it falls back to them."""
    def forbidden(conn: Any) -> None:
        raise AssertionError("the cubes were summed whole instead of incrementally")

    with monkeypatch.context() as patch:
        patch.setattr(facts_module, "_rebuild_cubes", forbidden)
        patch.setattr(facts_module, "_rebuild_facet_cubes", forbidden)
        return refresh_facts(project.engine)


def _same_as_full_rebuild(project: Project) -> None:
    incremental = _state(project)
    refresh_facts(project.engine, full=True)
    assert _state(project) == incremental


def _cube_total(project: Project) -> int:
    with project.engine.connect() as conn:
        return int(conn.execute(select(func.sum(dash_cube.c.n_all))).scalar_one())


def _recode(project: Project, doc_id: int, **values: Any) -> None:
    """What a later coding run leaves behind for one publication: new values and a newer coding time."""
    later = datetime.now(UTC) + timedelta(seconds=5)
    with project.engine.begin() as conn:
        for variable, value in values.items():
            conn.execute(update(codes).where(codes.c.document_id == doc_id, codes.c.variable == variable,
                                             codes.c.coder == "auto").values(value=json.dumps(value)))
        conn.execute(update(coding_runs).where(coding_runs.c.document_id == doc_id, coding_runs.c.coder == "auto")
                     .values(coded_at=later))


@pytest.fixture
def refreshed(tmp_path: Path) -> Iterator[Project]:
    """A SQLite project only: cells are addressed by SQLite's rowid; PostgreSQL keeps the full rebuild of the cubes."""
    project = init_project(tmp_path / "proj")
    forget_checks()
    build_corpus(project, tmp_path)
    refresh_facts(project.engine)
    yield project
    project.engine.dispose()


def test_new_publications_and_reprints_update_the_cubes_as_a_full_rebuild(
    refreshed: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _cube_total(refreshed)
    title, text = STORIES[2]
    extra = [
        # a new month, an existing month, an undated piece, and a verbatim copy of a story (a new reprint pair)
        {"id": "n1", "title": "Смоленская и Витебская области открыли автобусный маршрут",
         "text": "Смоленская область и Витебская область открыли автобусный маршрут, перевезено 500 пассажиров.",
         "url": "https://smol-kurier.ru/n/new-1", "date": "2021-09-14T10:00:00+03:00"},
        {"id": "n2", "title": "Гомельские аграрии приехали в Брянск",
         "text": "Аграрии Гомельской области и Брянской области обсудили поставки зерна, "
                 "жалуются на задержки платежей.", "url": "https://minsk-obz.by/n/new-2",
         "date": "2021-04-20T10:00:00+03:00"},
        {"id": "n3", "title": "Витебские школьники в Пскове",
         "text": "Школьники Витебской области побывали в Псковской области, сотрудничество в образовании растёт.",
         "url": "https://vit-vesti.by/n/new-3"},
        {"id": "n4", "title": title, "text": text, "url": "https://roslavl-news.ru/n/new-4",
         "date": "2021-04-03T10:00:00+03:00"},
    ]
    corpus = tmp_path / "extra.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in extra) + "\n", encoding="utf-8")
    assert ingest_paths(refreshed, [corpus]).added == len(extra)
    assert code_project(refreshed).coded == len(extra)
    detect_reprints(refreshed)

    assert _refresh_in_place(refreshed, monkeypatch) == len(extra)
    assert _cube_total(refreshed) == before + len(extra)
    with refreshed.engine.connect() as conn:
        flagged = conn.execute(select(func.count()).select_from(dash_docs).where(dash_docs.c.reprint == 1)).scalar_one()
    assert flagged >= 2  # the corpus's own reprint and the new copy
    _same_as_full_rebuild(refreshed)


def test_recoding_and_deletion_update_the_cubes_as_a_full_rebuild(
    refreshed: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    with refreshed.engine.connect() as conn:
        # the newest union publication of a month is its cells' example: taking it out of the union
        # cannot be subtracted, so its month is summed again
        newest = int(conn.execute(select(func.max(dash_docs.c.document_id)).where(dash_docs.c.is_union == 1)).scalar_one())
        oldest = int(conn.execute(select(func.min(dash_docs.c.document_id)).where(dash_docs.c.is_union == 1)).scalar_one())
    _recode(refreshed, newest, union=0)
    _recode(refreshed, oldest, tone=-1, problem=1)
    assert _refresh_in_place(refreshed, monkeypatch) == 2
    with refreshed.engine.connect() as conn:
        row = conn.execute(select(dash_docs.c.is_union, dash_docs.c.tone).where(dash_docs.c.document_id == oldest)).one()
    assert tuple(row) == (1, -1)
    _same_as_full_rebuild(refreshed)

    total = _cube_total(refreshed)
    with refreshed.engine.begin() as conn:  # facts go by cascade: no old rows are left to subtract
        conn.execute(delete(documents).where(documents.c.id == oldest))
    _refresh_in_place(refreshed, monkeypatch)
    assert _cube_total(refreshed) == total - 1
    _same_as_full_rebuild(refreshed)


def test_base_cubes_summed_in_pandas_equal_the_sql_ones(refreshed: Project) -> None:
    """The incremental refresh sums contributions in pandas; the full one builds the base cubes in SQL."""
    with refreshed.engine.connect() as conn:
        ids = [int(i) for i in conn.execute(select(dash_docs.c.document_id)).scalars()]
        facts = read_facts(conn, ids)
        for table, frame in base_frames(facts):
            columns = [c.name for c in table.c]
            summed = sorted((tuple(r[c] for c in columns) for r in records(frame)), key=repr)
            stored = sorted((tuple(r) for r in conn.execute(select(table))), key=repr)
            assert summed == stored, table.name
            assert stored
