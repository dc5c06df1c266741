"""Serial, multi-process and Dask coding store identical codes, evidence, mentions and run markers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import LocalCluster
from sqlalchemy import select

from regionlens.coding.codebook import Codebook
from regionlens.pipeline.code import code_project, count_pending
from regionlens.scale import code_project_dask, code_project_parallel
from regionlens.scale.worker import code_many
from regionlens.store.evidence import read_evidence
from regionlens.store.project import Project
from regionlens.store.schema import codes, coding_runs, documents, mentions

Snapshot = dict[str, list[tuple[Any, ...]]]
Make = Callable[[Path], Project]


def _snapshot(proj: Project) -> Snapshot:
    """Everything coding stored, without the timestamps and surrogate keys that legitimately differ."""
    with proj.engine.connect() as conn:
        # evidence as read back: rule ids are numbered in the order a run meets the rules, so the stored
        # compact form may differ between runs that store the same evidence
        rows = conn.execute(select(codes.c.document_id, codes.c.variable, codes.c.coder, codes.c.value,
                                   codes.c.codebook_version, codes.c.evidence, documents.c.title, documents.c.text)
                            .join(documents, documents.c.id == codes.c.document_id)).all()
        evidence = read_evidence(conn, [(r.evidence, r.title, r.text) for r in rows])
        return {
            "codes": sorted((*tuple(r)[:5], json.dumps(ev, ensure_ascii=False))
                            for r, ev in zip(rows, evidence, strict=True)),
            "mentions": sorted(conn.execute(select(mentions.c.document_id, mentions.c.region_code, mentions.c.start,
                                                   mentions.c.end, mentions.c.surface, mentions.c.field)).all()),
            "runs": sorted(conn.execute(select(coding_runs.c.document_id, coding_runs.c.coder,
                                               coding_runs.c.codebook_version, coding_runs.c.codebook_hash,
                                               coding_runs.c.software_version)).all()),
        }


@pytest.fixture(scope="module")
def serial(make_project: Make, n_docs: int, book: Codebook, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    proj = make_project(tmp_path_factory.mktemp("serial") / "proj")
    summary = code_project(proj, book, batch_size=150)
    assert (summary.coded, summary.failed) == (n_docs, 0)
    snap = _snapshot(proj)
    proj.engine.dispose()
    return snap


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as c:
        yield c


def test_serial_run_codes_something_real(serial: Snapshot, n_docs: int) -> None:
    assert len(serial["runs"]) == n_docs
    assert len({r[0] for r in serial["codes"]}) == n_docs
    assert len(serial["mentions"]) > n_docs // 2  # the demo corpus names regions in most texts
    assert any(r[5] not in (None, "[]") for r in serial["codes"])  # evidence spans were stored


def test_processes_match_serial(make_project: Make, n_docs: int, book: Codebook, serial: Snapshot,
                                tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    seen: list[int] = []
    summary = code_project_parallel(proj, book, workers=2, batch_size=90, progress=seen.append)
    assert (summary.coded, summary.failed) == (n_docs, 0)
    assert sum(seen) == n_docs and len(seen) == -(-n_docs // 90)  # one progress step per batch
    assert _snapshot(proj) == serial
    assert count_pending(proj, book) == 0


def test_dask_local_cluster_matches_serial(make_project: Make, n_docs: int, book: Codebook, serial: Snapshot,
                                           tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    work = tmp_path / "parts"
    seen: list[int] = []
    summary = code_project_dask(proj, book, None, partition_size=70, work_dir=work, max_in_flight=2,
                                progress=seen.append)
    assert (summary.coded, summary.failed) == (n_docs, 0)
    assert sorted(seen) == sorted([70] * (n_docs // 70) + [n_docs % 70])  # one step per partition
    assert _snapshot(proj) == serial
    assert list(work.glob("*.parquet")) == []  # partitions are removed once their codes are stored
    assert code_project_dask(proj, book, None, partition_size=70).coded == 0  # incremental: nothing left


def test_dask_existing_scheduler_without_shared_disk(make_project: Make, n_docs: int, book: Codebook,
                                                     cluster: LocalCluster, serial: Snapshot, tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    summary = code_project_dask(proj, book, cluster.scheduler_address, partition_size=130, shared_storage=False)
    assert (summary.coded, summary.failed) == (n_docs, 0)
    assert _snapshot(proj) == serial


def test_bad_document_is_reported_and_the_rest_coded(book: Codebook) -> None:
    docs = [{"id": 1, "title": "Гомель и Брянск", "text": "Гомельская и Брянская области подписали соглашение."},
            {"id": 2, "title": "без текста"},
            {"id": 3, "title": "", "text": "Витебск принял делегацию Смоленской области."}]
    results, errors = code_many(docs, book)
    assert [r["id"] for r in results] == [1, 3]
    assert len(errors) == 1 and errors[0].startswith("документ 2: ")
