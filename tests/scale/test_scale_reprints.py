"""Reprint detection by time-window chunks finds exactly the clusters of the serial detector."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from regionlens.pipeline.reprints import detect_reprints
from regionlens.reprints import find_reprints
from regionlens.scale.reprint_windows import chunk_pairs, detect_reprints_parallel, iter_chunks, merge_chunks
from regionlens.store.project import Project
from regionlens.store.schema import documents, reprints

STORY = ("Губернатор Брянской области и председатель Гомельского облисполкома обсудили поставки техники, "
         "ремонт пограничной дороги и новый маршрут автобуса между городами. Стороны договорились "
         "встретиться на форуме регионов и подготовить программу обмена студентами и преподавателями.")


def _story(n: int, cut: int = 0) -> str:
    """A distinct story per n: a story-specific token in every 5-word shingle; `cut` drops closing words."""
    words = STORY.split()
    return " ".join(w + (f" {n}" if i % 4 == 0 else "") for i, w in enumerate(words[: len(words) - cut]))


def _records() -> list[tuple[Any, str, datetime, str]]:
    """Stories reprinted a few days later (some across chunk borders), plus unrelated texts."""
    start = datetime(2022, 1, 1, tzinfo=UTC)
    out: list[tuple[Any, str, datetime, str]] = []
    for n in range(40):
        day = start + timedelta(days=n * 2.5)
        out.append((f"o{n}", _story(n), day, "regional"))
        if n % 3:
            out.append((f"r{n}", "МИНСК, 3 мая – БЕЛТА. " + _story(n, cut=n % 4), day + timedelta(days=n % 6),
                        "local"))
        if n % 4 == 0:
            out.append((f"s{n}", _story(n, cut=2), day + timedelta(days=n % 8), "national"))
        out.append((f"x{n}", f"Погода на {n} день: дождь, ветер {n} метров в секунду, туман у реки.", day, "local"))
    return sorted(out, key=lambda r: (r[2], r[0]))


@pytest.mark.parametrize(("chunk_days", "max_docs"), [(7, 5000), (10, 5000), (45, 5000), (45, 4), (2, 1)])
def test_chunks_give_the_serial_clusters(chunk_days: int, max_docs: int) -> None:
    records = _records()
    serial = find_reprints(records, threshold=0.7, window_days=7)
    clusters = {link.cluster_id for link in serial}
    assert len(clusters) > 20 and len(serial) > 2 * len(clusters) - 5  # the planted reprints, story by story
    assert any(link.similarity < 1.0 for link in serial)
    chunks = list(iter_chunks(records, chunk_days, 7, max_docs))
    assert len(chunks) >= max(100 // chunk_days, len(records) // max_docs)
    assert merge_chunks(chunk_pairs(c, 0.7, 7) for c in chunks) == serial


def test_parallel_detection_stores_the_serial_rows(make_project: Callable[[Path], Project], tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    cols = (reprints.c.document_id, reprints.c.cluster_id, reprints.c.original_id, reprints.c.similarity)
    n_serial = detect_reprints(proj)
    with proj.engine.connect() as conn:
        serial = sorted(conn.execute(select(*cols)).all())
    assert n_serial == len(serial) > 0
    assert detect_reprints_parallel(proj, workers=2, chunk_days=20) == n_serial
    with proj.engine.connect() as conn:
        assert sorted(conn.execute(select(*cols)).all()) == serial


def test_a_burst_day_is_cut_by_owned_publications_not_by_its_context() -> None:
    """300 publications on one day with a cap of 50: six chunks, each with at most 50 publications of its own
    (counting the context towards the cap cut one-publication chunks that recomputed the whole burst)."""
    day = datetime(2022, 6, 30, tzinfo=UTC)
    records = [(f"b{i}", _story(i % 60), day + timedelta(seconds=i), "regional") for i in range(300)]
    chunks = list(iter_chunks(records, 30, 7, max_docs=50))
    owned = [sum(1 for r in chunk if r[5]) for chunk in chunks]
    assert owned == [50] * 6
    assert [len(chunk) for chunk in chunks] == [50 * (i + 1) for i in range(6)]  # the burst so far is context
    assert merge_chunks(chunk_pairs(c, 0.7, 7) for c in chunks) == find_reprints(records, threshold=0.7, window_days=7)


@pytest.mark.parametrize(("chunk_days", "max_docs"), [(20, 20000), (3, 25)])
def test_store_plans_cut_like_the_records_in_memory(make_project: Callable[[Path], Project], tmp_path: Path,
                                                    chunk_days: int, max_docs: int) -> None:
    """The lead plans chunks from the date index alone; workers read exactly the records `iter_chunks` holds."""
    from regionlens.pipeline.reprints import _stream
    from regionlens.scale.reprint_windows import plan_chunks, read_chunk

    proj = make_project(tmp_path / "proj")
    in_memory = list(iter_chunks(_stream(proj, 97, None), chunk_days, 7, max_docs))
    plans = list(plan_chunks(proj.engine, chunk_days, 7, max_docs, batch_size=53))
    assert len(plans) == len(in_memory) > 1
    assert [read_chunk(proj.engine, plan) for plan in plans] == in_memory


def test_parallel_detection_with_small_chunks_stores_the_serial_rows(make_project: Callable[[Path], Project],
                                                                     tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    cols = (reprints.c.document_id, reprints.c.cluster_id, reprints.c.original_id, reprints.c.similarity)
    n_serial = detect_reprints(proj)
    with proj.engine.connect() as conn:
        serial = sorted(conn.execute(select(*cols)).all())
    done: list[int] = []
    assert detect_reprints_parallel(proj, workers=2, chunk_days=5, max_docs=30, progress=done.append) == n_serial
    with proj.engine.connect() as conn:
        dated = conn.execute(select(func.count()).select_from(documents).where(documents.c.published_at.is_not(None)))
        assert sum(done) == dated.scalar_one() > 0  # progress counts every dated publication once
    with proj.engine.connect() as conn:
        assert sorted(conn.execute(select(*cols)).all()) == serial


def test_a_burst_of_copies_is_one_cluster_with_bounded_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 copies of one story within two days: one cluster, each copy confirmed against at most
    MAX_CANDIDATES earlier ones (not all of them), the same in the serial and the chunked run."""
    from datasketch import MinHash

    from regionlens.reprints import detect

    day = datetime(2022, 4, 1, tzinfo=UTC)
    records = [(f"c{i}", "ТАСС. " + _story(7, cut=i % 3), day + timedelta(minutes=9 * i), "local") for i in range(300)]
    records.append(("other", _story(8), day, "regional"))
    calls = 0
    jaccard = MinHash.jaccard

    def counted(self: MinHash, other: MinHash) -> float:
        nonlocal calls
        calls += 1
        return jaccard(self, other)

    monkeypatch.setattr(MinHash, "jaccard", counted)
    serial = find_reprints(sorted(records, key=lambda r: (r[2], r[0])), threshold=0.7, window_days=7)
    assert {link.cluster_id for link in serial} == {1} and len(serial) == 300
    assert calls <= 300 * detect.MAX_CANDIDATES < 300 * 299 // 2
    chunks = list(iter_chunks(sorted(records, key=lambda r: (r[2], r[0])), 1, 7, max_docs=40))
    assert len(chunks) > 5
    assert merge_chunks(chunk_pairs(c, 0.7, 7) for c in chunks) == serial
