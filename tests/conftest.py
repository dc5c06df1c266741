"""Shared fixtures: a project on SQLite and, for the same tests, on a real PostgreSQL.

PostgreSQL comes from REGIONLENS_TEST_PG, or the conftest starts one on
loopback with scripts/pg-test-server.sh; if neither works the PostgreSQL
variants fail (they are never skipped), because "same tests on both" is a
promise of the storage layer.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from regionlens.store.project import Project, init_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get("REGIONLENS_TEST_PG")
    if url:
        return url
    out = subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh")], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        pytest.fail(f"PostgreSQL for tests could not be started: {out.stderr[-2000:]}")
    url = out.stdout.strip().splitlines()[-1]
    os.environ["REGIONLENS_TEST_PG"] = url
    return url


@pytest.fixture
def pg_database(pg_server_url: str) -> Iterator[str]:
    """A fresh database on the test server, dropped afterwards."""
    name = "rl_" + uuid.uuid4().hex[:12]
    admin_url = "postgresql+psycopg://" + pg_server_url.split("://", 1)[1]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = pg_server_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Project]:
    """A new project on each back end."""
    if request.param == "sqlite":
        proj = init_project(tmp_path / "proj")
    else:
        proj = init_project(tmp_path / "proj", request.getfixturevalue("pg_database"))
    yield proj
    proj.engine.dispose()
