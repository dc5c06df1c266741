"""Fixtures of the collection tests: the loopback fixture web and a project whose registry points at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from collect_fixtures import build_site, registry  # noqa: E402
from collect_server import Site, serve  # noqa: E402

from regionlens.collect.policy import Politeness  # noqa: E402
from regionlens.sources.registry import import_sources  # noqa: E402
from regionlens.sources.validate import validate_record  # noqa: E402
from regionlens.store.project import Project, init_project  # noqa: E402

# Fast but real politeness: every limit is on, only smaller (tests must stay short).
FAST = Politeness(host_delay=0.0, concurrency=4, timeout=1.0, retries=1, backoff=0.05, allow_private=True,
                  max_page_bytes=200_000)


@pytest.fixture
def web() -> Iterator[tuple[Site, dict[str, str]]]:
    with serve(Site()) as site:
        yield site, build_site(site)


def register(project: Project, rows: list[dict[str, object]]) -> None:
    records = []
    for row in rows:
        record, errors = validate_record(row, "test")
        assert record is not None, errors
        records.append(record)
    import_sources(project.engine, records)


@pytest.fixture
def collecting(tmp_path: Path, web: tuple[Site, dict[str, str]]) -> tuple[Project, Site]:
    site, urls = web
    project = init_project(tmp_path / "proj")
    register(project, registry(urls))
    return project, site
