"""Clients, accounts and a coded project for the dashboard page tests."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from regionlens.accounts.users import create_user
from regionlens.web import create_app

PASSWORD = "correct horse 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ROLES = {"vera": "viewer", "anna": "coder", "root": "admin"}


def add_accounts(engine: Engine) -> None:
    for name, role in ROLES.items():
        create_user(engine, name, PASSWORD, role)


def client(root: Path) -> TestClient:
    return TestClient(create_app(root), base_url="https://testserver")


def csrf_of(c: TestClient, path: str = "/login") -> str:
    found = CSRF.search(c.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def logged_in(root: Path, username: str) -> tuple[TestClient, str]:
    c = client(root)
    r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(c)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return c, csrf_of(c, "/sources")
