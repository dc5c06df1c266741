"""Shared setup for the web tests: documents, accounts, a job, and logged-in clients."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from regionlens.accounts.users import create_user
from regionlens.store.project import Project
from regionlens.store.schema import documents, job_units
from regionlens.web import create_app

PASSWORD = "correct horse 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# Own short texts; the first one carries markup that must reach the page escaped.
TEXTS = [
    ("<script>alert(1)</script> Смоленская делегация в Витебске",
     "Губернатор Смоленской области посетил Витебск. <img src=x onerror=alert(1)> Подписано соглашение о поставках техники."),
    ("Брянские аграрии и Гомельщина", "Брянская область и Гомельская область договорились о совместной ярмарке."),
    ("Псков и Витебск", "Делегация Пскова обсудила в Витебске туристический маршрут."),
    ("Минский тракторный завод", "Завод отправил партию тракторов в Смоленск."),
    ("Гродно принимает гостей", "В Гродно прошёл форум регионов России и Беларуси."),
    ("Могилёв и Калуга", "Могилевская область и Калужская область подписали дорожную карту."),
]


def add_documents(engine: Engine, texts: list[tuple[str, str]] = TEXTS) -> list[int]:
    now = datetime.now(UTC)
    ids = []
    with engine.begin() as conn:
        for i, (title, text) in enumerate(texts):
            row = conn.execute(insert(documents).values(
                title=title, text=text, content_hash=f"web-test-{i}", lemmas="", language="ru",
                kind="media", ingested_at=now, published_at=now,
            ))
            key = row.inserted_primary_key
            assert key is not None
            ids.append(int(key[0]))
    return ids


def add_users(engine: Engine) -> None:
    create_user(engine, "anna", PASSWORD, "coder")
    create_user(engine, "boris", PASSWORD, "coder")
    create_user(engine, "vera", PASSWORD, "viewer")
    create_user(engine, "root", PASSWORD, "admin")


def make_job(project: Project, name: str = "пилот", *, show_auto: bool = False, overlap: float = 0.5,
             variables: tuple[str, ...] = ("union", "tone", "genre", "topics", "regions"), sample_size: int = 6) -> int:
    from regionlens.manual.jobs import JobSpec, create_job

    spec = JobSpec(name=name, variables=list(variables), coders=["anna", "boris"], sample_size=sample_size,
                   overlap=overlap, strata=None, seed=7, show_auto=show_auto)
    return int(create_job(project.engine, spec, project.codebook))


def units_of(engine: Engine, job_id: int, coder: str) -> set[int]:
    with engine.connect() as conn:
        return set(conn.execute(select(job_units.c.document_id).where(
            job_units.c.job_id == job_id, job_units.c.coder == coder)).scalars())


def client(root: Path, **kwargs: Any) -> TestClient:
    return TestClient(create_app(root, **kwargs), base_url="https://testserver")


def csrf_of(c: TestClient, path: str = "/login") -> str:
    found = CSRF.search(c.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(c: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in and return the session's new CSRF token."""
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(c, "/jobs")
