"""Dashboard stage of `make bench`: fact refresh, then dashboard_aggregates and search under several filters.

The first refresh builds the fact tables and month cubes from the codes (what
happens once after coding); then each filter combination is timed `repeats`
times and reported as p50/p95 in milliseconds. Filters are chosen from the
data (the busiest level, country, source, region and topic, the last full year
and a mid-month period) so the same function serves any corpus; region and
topic alone or with another filter read the facet cubes, region and topic
together the fact tables.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from regionlens.dashboard.aggregates import dashboard_aggregates, uses_cube
from regionlens.dashboard.facts import forget_checks, refresh_facts
from regionlens.dashboard.search import search_publications
from regionlens.filters import Filters
from regionlens.store.project import open_project
from regionlens.store.schema import dash_docs, dash_regions, dash_topics

TARGET_MS = 1000.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _busiest(conn: Any, column: Any, table: Any = dash_docs) -> Any:
    return conn.execute(select(column).select_from(table).group_by(column).order_by(func.count().desc()).limit(1)).scalar()


def _cases(project_engine: Any) -> dict[str, Filters]:
    d = dash_docs.c
    with project_engine.connect() as conn:
        level = _busiest(conn, d.level)
        country = _busiest(conn, d.country)
        source = _busiest(conn, d.source_id)
        region = _busiest(conn, dash_regions.c.region_code, dash_regions)
        topic = _busiest(conn, dash_topics.c.topic, dash_topics)
        last_month = conn.execute(select(func.max(d.month))).scalar()
    cases: dict[str, Filters] = {"all": Filters()}
    if level:
        cases["level"] = Filters(level=str(level))
    if country:
        cases["country"] = Filters(country=str(country))
    if source is not None:
        cases["source"] = Filters(source_id=int(source))
    if last_month:
        year = int(str(last_month)[:4])
        cases["year"] = Filters(date_from=date(year, 1, 1), date_to=date(year, 12, 31))
        cases["mid_month_period"] = Filters(date_from=date(year, 1, 10), date_to=date(year, 3, 31))
    if region:
        cases["region"] = Filters(region=str(region))
    if region and level:
        cases["region_level"] = Filters(region=str(region), level=str(level))
    if topic:
        cases["topic"] = Filters(topic=str(topic))
    if topic and country:
        cases["country_topic"] = Filters(country=str(country), topic=str(topic))
    if region and topic:  # both at once: no cube, the fact tables answer
        cases["region_topic"] = Filters(region=str(region), topic=str(topic))
    return cases


def bench_dashboard(project_root: Path, repeats: int = 7) -> dict[str, Any]:
    """Timings of the dashboard data layer on a coded project (p50/p95 ms per filter combination)."""
    project = open_project(project_root)
    engine = project.engine
    forget_checks()
    t0 = time.perf_counter()
    rebuilt = refresh_facts(engine)
    refresh_s = time.perf_counter() - t0
    with engine.connect() as conn:
        publications = int(conn.execute(select(func.count()).select_from(dash_docs)).scalar_one())
    results: dict[str, Any] = {}
    dashboard_aggregates(engine, Filters())  # warm-up: gazetteer, codebook and scipy load once per process
    for name, filters in _cases(engine).items():
        times: list[float] = []
        union = 0
        for _ in range(repeats):
            t = time.perf_counter()
            agg = dashboard_aggregates(engine, filters)
            times.append((time.perf_counter() - t) * 1000)
            union = int(agg["indices"]["overall"]["n"])
        results[name] = {"filters": filters.as_query(), "cube": uses_cube(filters), "union_publications": union,
                         "p50_ms": round(_percentile(times, 0.5), 1), "p95_ms": round(_percentile(times, 0.95), 1)}
    search_times = []
    for _ in range(max(3, repeats // 2)):
        t = time.perf_counter()
        search_publications(engine, "", Filters(union=True), limit=20)
        search_times.append((time.perf_counter() - t) * 1000)
    worst = max(r["p95_ms"] for r in results.values())
    engine.dispose()
    return {
        "stage": "dashboard",
        "publications": publications,
        "refresh_s": round(refresh_s, 2),
        "refreshed_publications": rebuilt,
        "aggregates": results,
        "list_p95_ms": round(_percentile(search_times, 0.95), 1),
        "worst_p95_ms": worst,
        "target_ms": TARGET_MS,
        "within_target": worst <= TARGET_MS,
    }


def _main() -> None:  # pragma: no cover - manual runs: python -m bench.dashboard PROJECT
    import json
    import sys

    print(json.dumps(bench_dashboard(Path(sys.argv[1])), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    _main()


__all__ = ["bench_dashboard"]
