"""SIGKILL in the middle of `regionlens ingest` and `regionlens code`, then a rerun: on SQLite and
PostgreSQL the store stays consistent, nothing committed is lost, nothing is doubled, and the rerun
finishes the job (issue 9, item 2)."""

from __future__ import annotations

import random

import pytest
from crash_helpers import check_store, kill_and_rerun, random_points, write_corpus

from regionlens.store.project import Project

FILES, PER_FILE = 8, 200  # eight ingest transactions; coding commits per 500 documents (4 commits)


@pytest.mark.parametrize("seed", [3])
def test_kill_ingest_and_code_then_rerun(project: Project, tmp_path_factory: pytest.TempPathFactory, seed: int) -> None:
    corpus = tmp_path_factory.mktemp("crash") / "corpus"
    expected = write_corpus(corpus, FILES, PER_FILE, seed=seed)
    rng = random.Random(seed if project.dialect == "sqlite" else seed + 100)
    report = kill_and_rerun(project.engine, project.root, corpus, expected, random_points(rng, 2))
    assert report.killed >= 2, f"the kills came too late to test anything: {report}"
    # committed work survives the kills: at least one kill left a partial, non-empty store behind
    partial = [docs for docs, coded in report.history if 0 < docs < expected or 0 < coded < expected]
    assert partial, f"no kill landed mid-run: {report.history}"
    final = check_store(project.engine)
    assert (final.documents, final.coded, final.problems) == (expected, expected, [])
