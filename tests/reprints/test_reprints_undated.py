"""Reprints among undated publications: found, with the earliest dated copy as original or none at all,
the same in the serial and the time-window (chunked) runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from regionlens.pipeline.reprints import ReprintReport, _stream, detect_reprints
from regionlens.reprints import find_reprints
from regionlens.scale.reprint_windows import (
    chunk_pairs,
    detect_reprints_parallel,
    iter_chunks,
    merge_chunks,
    plan_chunks,
    read_chunk,
)
from regionlens.store.project import Project, init_project
from regionlens.store.schema import documents, reprints

STORY = ("Председатель Витебского облисполкома и губернатор Псковской области подписали план совместных "
         "мероприятий: ремонт моста через пограничную реку, обмен школьными делегациями, ярмарку ремёсел "
         "и новый автобусный маршрут между районными центрами двух областей к осени следующего года.")


def story(n: int, cut: int = 0) -> str:
    """A distinct story per n (a story token in every 5-word shingle); `cut` drops closing words."""
    words = STORY.split()
    return " ".join(w + (f" {n}" if i % 4 == 0 else "") for i, w in enumerate(words[: len(words) - cut]))


START = datetime(2023, 3, 1, tzinfo=UTC)
Rec = tuple[Any, str, datetime | None, str]


def records() -> list[Rec]:
    """Undated first (as the store streams them), then dated in order:
    story 1 — three undated copies only; story 2 — one dated copy and two undated;
    story 3 — dated copies half a year apart (never a pair) joined by an undated copy; story 4 — dated only."""
    undated: list[Rec] = [("u1a", story(1), None, "local"), ("u1b", story(1, cut=1), None, "regional"),
                          ("u1c", story(1, cut=2), None, "local"), ("u2a", story(2, cut=1), None, "local"),
                          ("u2b", story(2, cut=2), None, "local"), ("u3", story(3, cut=1), None, "local"),
                          ("lone", "Погода: дождь и туман, ветер восемь метров в секунду.", None, "local")]
    dated: list[Rec] = [("d2", story(2), START + timedelta(days=3), "regional"),
                        ("d3a", story(3), START + timedelta(days=5), "regional"),
                        ("d4a", story(4), START + timedelta(days=6), "federal"),
                        ("d4b", story(4, cut=2), START + timedelta(days=8), "local"),
                        ("d3b", story(3, cut=2), START + timedelta(days=190), "local")]
    return undated + dated


def clusters(links: list[Any]) -> dict[frozenset[Any], tuple[Any, bool]]:
    members: dict[int, set[Any]] = {}
    originals: dict[int, tuple[Any, bool]] = {}
    for link in links:
        members.setdefault(link.cluster_id, set()).add(link.doc_id)
        originals[link.cluster_id] = (link.original_id, link.original_known)
    return {frozenset(m): originals[c] for c, m in members.items()}


def test_undated_copies_are_clustered_and_originals_come_only_from_dates() -> None:
    found = clusters(find_reprints(records(), threshold=0.7, window_days=7))
    assert found == {
        frozenset({"u1a", "u1b", "u1c"}): ("u1a", False),  # no dated copy: original unknown, named by its first member
        frozenset({"d2", "u2a", "u2b"}): ("d2", True),  # the one dated copy is the original
        frozenset({"d3a", "d3b", "u3"}): ("d3a", True),  # earliest dated; the undated copy bridges half a year
        frozenset({"d4a", "d4b"}): ("d4a", True),
    }


@pytest.mark.parametrize(("chunk_days", "max_docs"), [(2, 1), (7, 2), (45, 5000)])
def test_chunks_give_the_serial_clusters_with_undated_records(chunk_days: int, max_docs: int) -> None:
    recs = records()
    serial = find_reprints(recs, threshold=0.7, window_days=7)
    chunks = list(iter_chunks(recs, chunk_days, 7, max_docs))
    assert sum(1 for c in chunks for r in c if r[5]) == len(recs)  # every record owned exactly once
    assert merge_chunks(chunk_pairs(c, 0.7, 7) for c in chunks) == serial


def make_store(root: Path) -> Project:
    proj = init_project(root)
    now = datetime.now(UTC)
    rows = [{"title": "", "text": text, "published_at": when, "date_source": "record" if when else None,
             "content_hash": f"h{i}", "origin": str(doc_id), "ingested_at": now, "lemmas": "", "kind": "media"}
            for i, (doc_id, text, when, _level) in enumerate(reversed(records()))]  # ids not in stream order
    with proj.engine.begin() as conn:
        conn.execute(insert(documents), rows)
    return proj


def stored(proj: Project) -> list[tuple[str, str, bool]]:
    d = documents.c
    origin_of = {r.id: r.origin for r in proj.engine.connect().execute(select(d.id, d.origin))}
    with proj.engine.connect() as conn:
        rows = conn.execute(select(reprints)).all()
    return sorted((origin_of[r.document_id], origin_of[r.original_id], bool(r.original_known)) for r in rows)


def test_store_serial_and_windowed_runs_agree_and_report(tmp_path: Path) -> None:
    proj = make_store(tmp_path / "proj")
    serial_report = ReprintReport()
    n = detect_reprints(proj, report=serial_report)
    serial = stored(proj)
    # ids were given in reverse, so the undated-only cluster is named by u1c, its lowest id
    assert ("u1b", "u1c", False) in serial and ("u2a", "d2", True) in serial and ("u3", "d3a", True) in serial
    assert n == len(serial) == 11
    assert (serial_report.checked, serial_report.undated, serial_report.clustered, serial_report.clusters,
            serial_report.unknown_originals) == (12, 7, 11, 4, 1)
    windowed_report = ReprintReport()
    assert detect_reprints_parallel(proj, workers=2, chunk_days=2, max_docs=1, report=windowed_report) == n
    assert stored(proj) == serial
    assert windowed_report == serial_report


def test_store_plans_read_the_undated_task_then_dated_chunks(tmp_path: Path) -> None:
    proj = make_store(tmp_path / "proj")
    in_memory = list(iter_chunks(_stream(proj, 3, None), 2, 7, 1))
    plans = list(plan_chunks(proj.engine, 2, 7, 1, batch_size=2, n_undated=7))
    assert plans[0].first is None and plans[0].n_owned == 7
    undated_context = read_chunk(proj.engine, plans[0])
    chunks = [read_chunk(proj.engine, plans[0])] + [
        [(*r[:5], False) for r in undated_context] + read_chunk(proj.engine, p) for p in plans[1:]]
    assert chunks == in_memory
