"""Shared pieces of the collection tests: fast politeness settings and registering sources."""

from __future__ import annotations

from regionlens.collect.policy import Politeness
from regionlens.sources.registry import import_sources
from regionlens.sources.validate import validate_record
from regionlens.store.project import Project

# Fast but real politeness: every limit is on, only smaller (tests must stay short).
FAST = Politeness(host_delay=0.0, concurrency=4, timeout=1.0, retries=1, backoff=0.05, allow_private=True,
                  max_page_bytes=200_000)


def register(project: Project, rows: list[dict[str, object]]) -> None:
    records = []
    for row in rows:
        record, errors = validate_record(row, "test")
        assert record is not None, errors
        records.append(record)
    import_sources(project.engine, records)
