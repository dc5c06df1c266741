"""Reprint detection by time-window chunks finds exactly the clusters of the serial detector."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from regionlens.pipeline.reprints import detect_reprints
from regionlens.reprints import find_reprints
from regionlens.scale.reprint_windows import chunk_pairs, detect_reprints_parallel, iter_chunks, merge_chunks
from regionlens.store.project import Project
from regionlens.store.schema import reprints

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
