"""A small bounded load test on loopback: readers of pages and API plus coders, zero errors allowed.

The larger version runs in `make bench` (bench/load.py with more clients and
seconds); this one keeps the same code path honest in `make test`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import func, select
from websec_helpers import TEXTS, add_documents

from regionlens.store.project import Project
from regionlens.store.schema import jobs, users

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, home of bench/

from bench.load import bench_load  # noqa: E402


def test_small_load_has_no_errors_and_reports_latency(project: Project) -> None:
    add_documents(project.engine, TEXTS * 4)
    result = bench_load(project.root, seconds=1.0, readers=4, coders=2)
    assert result["errors"] == 0, result["error_samples"]
    assert result["requests"] >= 20 and result["saves"] >= 2
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]
    assert "/jobs" in result["pages"]
    # the run cleans up after itself: no load accounts or job stay in the project
    with project.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(users)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(jobs)).scalar_one() == 0
