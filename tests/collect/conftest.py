"""Fixtures of the collection tests: the loopback fixture web and a project whose registry points at it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from collect_fixtures import build_site, registry  # noqa: E402
from collect_helpers import register  # noqa: E402
from collect_server import Site, serve  # noqa: E402

from regionlens.store.project import Project, init_project  # noqa: E402


@pytest.fixture
def web() -> Iterator[tuple[Site, dict[str, str]]]:
    with serve(Site()) as site:
        yield site, build_site(site)


@pytest.fixture
def collecting(tmp_path: Path, web: tuple[Site, dict[str, str]]) -> tuple[Project, Site]:
    site, urls = web
    project = init_project(tmp_path / "proj")
    register(project, registry(urls))
    return project, site
