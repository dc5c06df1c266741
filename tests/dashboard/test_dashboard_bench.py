"""bench/dashboard.py runs on a coded project and reports every filter combination it chose."""

from __future__ import annotations

import sys
from pathlib import Path

from dash_corpus import build_corpus

from regionlens.dashboard.facts import forget_checks
from regionlens.store.project import init_project

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, home of bench/

from bench.dashboard import bench_dashboard  # noqa: E402


def test_bench_dashboard_reports_p95_per_filter(tmp_path: Path) -> None:
    forget_checks()
    project = init_project(tmp_path / "proj")
    build_corpus(project, tmp_path)
    project.engine.dispose()
    result = bench_dashboard(project.root, repeats=2)
    assert result["stage"] == "dashboard" and result["publications"] == 14 and result["refreshed_publications"] == 14
    cases = result["aggregates"]
    assert {"all", "level", "country", "source", "year", "region", "region_level", "topic", "country_topic",
            "region_topic"} <= set(cases)
    assert cases["all"]["cube"] is True and cases["region"]["cube"] is True and cases["country_topic"]["cube"] is True
    assert cases["region_topic"]["cube"] is False and cases["mid_month_period"]["cube"] is False
    assert cases["all"]["union_publications"] == 13
    assert all(c["p95_ms"] >= c["p50_ms"] > 0 for c in cases.values())
    assert result["worst_p95_ms"] == max(c["p95_ms"] for c in cases.values())
