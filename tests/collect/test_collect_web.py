"""The collection state on the web: the read-only REST resource and the sources page's column."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from collect_helpers import FAST
from collect_server import Site
from fastapi.testclient import TestClient

from regionlens.accounts import users as auth
from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import create_user
from regionlens.collect.run import CollectOptions, collect
from regionlens.store.project import Project
from regionlens.web import create_app

PASSWORD = "correct horse 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield


@pytest.fixture
def collected(collecting: tuple[Project, Site]) -> Project:
    project, _site = collecting
    collect(project, CollectOptions(policy=FAST))
    create_user(project.engine, "vera", PASSWORD, "viewer")
    return project


def _csrf(c: TestClient, path: str) -> str:
    found = CSRF.search(c.get(path).text)
    assert found
    return found.group(1)


def test_rest_resource_reports_each_monitored_source(collected: Project) -> None:
    token = create_token(collected.engine, "vera", "tests")
    c = TestClient(create_app(collected.root), base_url="https://testserver")
    assert c.get("/api/v1/collection").status_code == 401
    r = c.get("/api/v1/collection", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200
    body = r.json()
    items = {i["name"]: i for i in body["items"]}
    assert body["total"] == 4 == len(items)
    smolensk = items["Смоленская газета"]
    assert smolensk["runs"] == 1 and smolensk["last_new"] == 8 and smolensk["total_new"] == 8
    assert smolensk["pending_failures"] == 2 and smolensk["stale"] is None and smolensk["next_due_at"]
    assert {f["status"] for f in smolensk["recent_failures"]} == {"failed"}
    assert any("HTTP 500" in str(f["reason"]) for f in smolensk["recent_failures"])
    broken = items["Не лента"]
    assert broken["stale_kind"] == "unreadable" and "не удалось разобрать ленту" in broken["last_error"]
    assert c.post("/api/v1/collection", headers={"Authorization": f"Bearer {token}"}).status_code == 405


def test_sources_page_shows_collection_and_flags_stale_feeds(collected: Project) -> None:
    c = TestClient(create_app(collected.root), base_url="https://testserver")
    r = c.post("/login", data={"username": "vera", "password": PASSWORD, "csrf_token": _csrf(c, "/login")},
               follow_redirects=False)
    assert r.status_code == 303
    page = c.get("/sources").text
    rows = dict(re.findall(r'<td class="name">([^<]+)</td>.*?<td class="collect">(.*?)</td>', page, re.S))
    assert "новых 8, ошибок 2" in rows["Смоленская газета"] and "требует внимания" not in rows["Смоленская газета"]
    assert "требует внимания: ленты не прочитались ни разу" in rows["Не лента"]
    assert "не удалось разобрать ленту" in rows["Не лента"]  # the collector's reason, as the tooltip
    c.post("/lang", data={"lang": "en", "next": "/sources", "csrf_token": _csrf(c, "/sources")})
    page = c.get("/sources").text
    rows = dict(re.findall(r'<td class="name">([^<]+)</td>.*?<td class="collect">(.*?)</td>', page, re.S))
    assert "8 new, 2 failed" in rows["Смоленская газета"]
    assert "needs attention: feeds have not been read on any run" in rows["Не лента"]
    assert not re.search("[а-яё]", rows["Не лента"], re.I)  # no Russian in the English interface
    assert "Collection" in page


def test_api_saves_and_returns_the_sitemap(collected: Project) -> None:
    create_user(collected.engine, "root", PASSWORD, "admin")
    token = create_token(collected.engine, "root", "tests")
    c = TestClient(create_app(collected.root), base_url="https://testserver")
    headers = {"Authorization": f"Bearer {token}"}
    body = {"name": "Новая газета", "country": "BY", "level": "local", "sitemap_url": "https://novaya.example/sitemap.xml"}
    r = c.post("/api/v1/sources", json=body, headers=headers)
    assert r.status_code == 201 and r.json()["sitemap_url"] == "https://novaya.example/sitemap.xml"
    bad = c.post("/api/v1/sources", json={**body, "name": "Другая", "sitemap_url": "ftp://x/"}, headers=headers)
    assert bad.status_code == 422
    assert bad.json()["detail"] == "Адрес карты сайта (sitemap_url) должен начинаться с http:// или https://, а не «ftp://x/»."
