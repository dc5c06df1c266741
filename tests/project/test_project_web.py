"""create_app(project): the web app works on the caller's Project and names codes by the project's codebook."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from regionlens.accounts.users import create_user
from regionlens.coding.codebook import load_codebook
from regionlens.store.project import Project, init_project
from regionlens.web import create_app

PASSWORD = "correct horse 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PACKAGED_LABEL = 'TOUR: {ru: "туризм и спорт", en: "tourism and sport"}'
OWN_LABEL = 'TOUR: {ru: "туризм, спорт и отдых у воды", en: "tourism, sport and lakeside holidays"}'


def _own_codebook(project: Project) -> None:
    text = Path(load_codebook().path).read_text(encoding="utf-8")
    assert PACKAGED_LABEL in text
    own = project.root / "codebook.yaml"
    own.write_text(text.replace(PACKAGED_LABEL, OWN_LABEL, 1), encoding="utf-8")
    project.set_codebook(own)


def _logged_in(app_project: Project, username: str) -> TestClient:
    app = create_app(app_project)
    c = TestClient(app, base_url="https://testserver")
    token = CSRF.search(c.get("/login").text)
    assert token
    r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return c


def test_create_app_takes_the_open_project(tmp_path: Path) -> None:
    project = init_project(tmp_path / "proj")
    app = create_app(project)
    assert app.state.project is project
    assert app.state.engine is project.engine  # the caller's store, not a second opening of the folder
    api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")
    assert api.state.project is project and api.state.engine is project.engine


def test_pages_name_topics_by_the_project_codebook(tmp_path: Path) -> None:
    project = init_project(tmp_path / "proj")
    _own_codebook(project)
    create_user(project.engine, "vera", PASSWORD, "viewer", "en")
    create_user(project.engine, "olga", PASSWORD, "viewer", "ru")
    english = _logged_in(project, "vera")
    for page in ("/dashboard", "/search"):
        html = english.get(page).text
        assert "tourism, sport and lakeside holidays" in html, page
        assert "tourism and sport<" not in html, page
    russian = _logged_in(project, "olga")
    assert "туризм, спорт и отдых у воды" in russian.get("/dashboard").text
