"""Credentials and files: strong passwords, private project files, safe exports and http(s)-only feeds.

Second-review findings: a password of eight spaces was accepted; the project database was created
world-readable (0644) by `init` and the demo; `regionlens sources export` wrote a source named
`=HYPERLINK(...)` unchanged into CSV; a `feed_url` of `javascript:…` was accepted.
"""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner
from websec_helpers import add_users, client

from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import UserError, create_user, set_password
from regionlens.cli.main import app as cli
from regionlens.sources.files import read_registry
from regionlens.sources.model import SourceRecord
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project, init_project, open_project


@pytest.mark.parametrize("password", [" " * 8, " " * 12, "\t" * 12, "short pw", "nine char", "1234567890",
                                      "qwertyuiop", "password123", "Password1234", "йцукенгшщз", "ANNA-anna-anna"])
def test_weak_passwords_are_refused(project: Project, password: str) -> None:
    name = "anna-anna-anna" if password.lower().startswith("anna") else "anna"
    with pytest.raises(UserError):
        create_user(project.engine, name, password, "coder")
    create_user(project.engine, name, "a long and unusual one", "coder")
    with pytest.raises(UserError):
        set_password(project.engine, name, password)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_project_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, under which files come out world-readable
    try:
        result = CliRunner().invoke(cli, ["init", str(tmp_path / "proj")])
        assert result.exit_code == 0, result.output
        root = tmp_path / "proj"
        project = open_project(root)
        create_user(project.engine, "root", "a long and unusual one", "admin")  # a write: -wal and -shm appear
        files = {p.name: _mode(p) for p in root.iterdir() if p.is_file() and p.name.startswith("regionlens.db")}
        assert "regionlens.db" in files
        assert all(mode == 0o600 for mode in files.values()), {k: oct(v) for k, v in files.items()}
        assert _mode(root) == 0o700, oct(_mode(root))
        client(root)  # the web server's session key
        assert _mode(root / "web-secret.key") == 0o600
        backup = tmp_path / "copy.db"
        assert CliRunner().invoke(cli, ["backup", "--output", str(backup), "--project", str(root)]).exit_code == 0
        assert _mode(backup) == 0o600
        existing = init_project(tmp_path / "other")
        existing.engine.dispose()
        (tmp_path / "other" / "regionlens.db").chmod(0o644)
        open_project(tmp_path / "other").engine.dispose()  # opening tightens a project made by an older version
        assert _mode(tmp_path / "other" / "regionlens.db") == 0o600
    finally:
        os.umask(old)


def test_sources_export_neutralises_formulas_and_reads_back(project: Project, tmp_path: Path) -> None:
    hostile = ['=HYPERLINK("http://evil.example","x")', "+7 Новости", "-минус", "@SUM(A1)"]
    import_sources(project.engine, [SourceRecord(name=n, country="RU", level="local") for n in hostile])
    out = tmp_path / "sources.csv"
    result = CliRunner().invoke(cli, ["sources", "export", str(out), "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as fh:
        names = [row["name"] for row in csv.DictReader(fh)]
    assert names and all(not n.startswith(("=", "+", "-", "@")) for n in names), names
    records, errors = read_registry(out)
    assert not errors and sorted(r.name for r in records) == sorted(hostile)  # the round trip keeps the names


def test_feed_urls_must_be_http(project: Project) -> None:
    add_users(project.engine)
    token = create_token(project.engine, "root", "sources")
    api = client(project.root)
    api.headers["Authorization"] = f"Bearer {token}"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "file:///etc/passwd",
                "ftp://example.org/feed", "//example.org/feed"):
        r = api.post("/api/v1/sources", json={"name": f"Лента {bad}", "country": "RU", "level": "local",
                                               "feed_url": bad})
        assert r.status_code == 422 and "feed_url" in r.json()["detail"].lower(), (bad, r.status_code, r.text)
    ok = api.post("/api/v1/sources", json={"name": "Лента", "country": "RU", "level": "local",
                                           "feed_url": "https://example.org/rss"})
    assert ok.status_code == 201, ok.text
