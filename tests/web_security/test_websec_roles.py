"""Role rules for every route of the application, from a declared policy table.

The routes are enumerated from the application itself (included routers and
mounted sub-applications), so a page added later without a line in POLICY
fails here until someone decides who may use it. Every route is requested as
an anonymous visitor, a viewer, a coder of the job, a coder outside the job
and an admin (pages with a session, the API with each role's bearer token); a
refused request must leave annotations, codes, sources, jobs and users exactly
as they were. The CSRF tests take their list of unsafe routes from the same
enumeration.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from websec_helpers import (
    PASSWORD,
    RouteInfo,
    add_documents,
    add_users,
    annotation_rows,
    app_routes,
    client,
    csrf_of,
    login,
    make_job,
    save_form,
    units_of,
)

from regionlens.manual.jobs import save_annotation
from regionlens.store.project import Project
from regionlens.store.schema import codes, job_units, jobs, sources, users

ROLES = ("anonymous", "viewer", "coder", "outsider", "admin")
USERS = {"viewer": "vera", "coder": "anna", "outsider": "carl", "admin": "root"}
OK, LOGIN, FORBIDDEN = "ok", "login", "forbidden"


@dataclass
class Site:
    engine: Engine
    job_id: int
    doc: int  # a unit of anna's
    disputed: int  # coded differently by anna and boris
    tokens: dict[str, str]  # role → API token
    counter: list[int] = field(default_factory=lambda: [0])

    def fresh(self) -> int:
        self.counter[0] += 1
        return self.counter[0]

    def new_source(self) -> int:
        """A source without publications, made for one request (an admin may delete or replace it)."""
        from regionlens.dashboard.registry import save_source

        source_id, errors = save_source(self.engine, {"name": f"Источник {self.fresh()}", "country": "RU",
                                                      "level": "regional", "domains": ""})
        assert source_id is not None, errors
        return source_id


@dataclass(frozen=True)
class Rule:
    expect: dict[str, str]
    path: Callable[[Site], dict[str, Any]] = lambda s: {}
    data: Callable[[Site, str], dict[str, str]] = lambda s, role: {}
    json: Callable[[Site], dict[str, Any]] | None = None
    params: dict[str, str] = field(default_factory=dict)


def everyone(outcome: str = OK) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def logged_in() -> dict[str, str]:
    return {"anonymous": LOGIN, "viewer": OK, "coder": OK, "outsider": OK, "admin": OK}


def coders_and_admins() -> dict[str, str]:
    return {"anonymous": LOGIN, "viewer": FORBIDDEN, "coder": OK, "outsider": OK, "admin": OK}


def job_coders_only() -> dict[str, str]:
    # admins who are not coders of a job may not code it either: their values would count in its reliability
    return {"anonymous": LOGIN, "viewer": FORBIDDEN, "coder": OK, "outsider": FORBIDDEN, "admin": FORBIDDEN}


def admins_only() -> dict[str, str]:
    return {"anonymous": LOGIN, "viewer": FORBIDDEN, "coder": FORBIDDEN, "outsider": FORBIDDEN, "admin": OK}


def _job(s: Site) -> dict[str, Any]:
    return {"job_id": s.job_id}


def _unit(s: Site) -> dict[str, Any]:
    return {"job_id": s.job_id, "document_id": s.doc}


def _doc(s: Site) -> dict[str, Any]:
    return {"document_id": s.doc}


def _source(s: Site) -> dict[str, Any]:
    return {"source_id": s.new_source()}


def _source_form(s: Site, role: str) -> dict[str, str]:
    return {"name": f"Новый источник {s.fresh()}", "country": "BY", "level": "regional", "domains": "",
            "region_code": "", "founder": "", "language": "", "feed_url": "", "output_per_month": ""}


def _source_json(s: Site) -> dict[str, Any]:
    return {"name": f"Источник API {s.fresh()}", "country": "BY", "level": "local"}


POLICY: dict[tuple[str, str], Rule] = {
    # ---- the HTML application (session cookie; CSRF token on every POST)
    ("GET", "/static/{path}"): Rule(everyone(), path=lambda s: {"path": "app.css"}),
    ("GET", "/"): Rule(logged_in()),  # the front door: anonymous visitors are sent to the login page
    ("GET", "/login"): Rule(everyone()),
    ("POST", "/login"): Rule(everyone(), data=lambda s, role: {"username": "vera", "password": PASSWORD}),
    ("POST", "/logout"): Rule(everyone(LOGIN)),  # always ends at the login page
    ("POST", "/lang"): Rule(everyone(), data=lambda s, role: {"lang": "en", "next": "/jobs"}),
    ("GET", "/jobs"): Rule(logged_in()),
    ("GET", "/jobs/{job_id}/code"): Rule(job_coders_only(), path=_job),
    ("GET", "/jobs/{job_id}/units/{document_id}"): Rule(job_coders_only(), path=_unit),
    ("POST", "/jobs/{job_id}/units/{document_id}"): Rule(job_coders_only(), path=_unit,
                                                         data=lambda s, role: save_form(7)),
    ("GET", "/jobs/{job_id}/review"): Rule(admins_only(), path=_job),
    ("POST", "/jobs/{job_id}/review"): Rule(admins_only(), path=_job, data=lambda s, role: {
        "document_id": str(s.disputed), "variable": "union", "union": "1"}),
    ("GET", "/dashboard"): Rule(logged_in()),
    ("GET", "/search"): Rule(logged_in(), params={"q": "область"}),
    ("GET", "/publications/{document_id}"): Rule(logged_in(), path=_doc),
    ("GET", "/sources"): Rule(logged_in()),
    ("GET", "/sources/new"): Rule(admins_only()),
    ("POST", "/sources/new"): Rule(admins_only(), data=_source_form),
    ("GET", "/sources/{source_id}/edit"): Rule(admins_only(), path=_source),
    ("POST", "/sources/{source_id}/edit"): Rule(admins_only(), path=_source, data=_source_form),
    # ---- the REST API (bearer token per role; anonymous = no token → 401)
    ("GET", "/api/v1/openapi.json"): Rule(everyone()),  # the schema is documentation, it holds no data
    ("GET", "/api/v1/me"): Rule(logged_in()),
    ("GET", "/api/v1/publications"): Rule(logged_in()),
    ("GET", "/api/v1/publications/{document_id}"): Rule(logged_in(), path=_doc),
    # the document is one of anna's coding units: its codes are hidden from her (blind coding)
    ("GET", "/api/v1/publications/{document_id}/codes"): Rule({**logged_in(), "coder": FORBIDDEN}, path=_doc),
    ("GET", "/api/v1/codes"): Rule(logged_in()),
    ("GET", "/api/v1/search"): Rule(logged_in(), params={"q": "область"}),
    ("GET", "/api/v1/aggregates"): Rule(logged_in()),
    ("GET", "/api/v1/sources"): Rule(logged_in()),
    ("GET", "/api/v1/collection"): Rule(logged_in()),
    ("GET", "/api/v1/sources/{source_id}"): Rule(logged_in(), path=_source),
    ("POST", "/api/v1/sources"): Rule(admins_only(), json=_source_json),
    ("PUT", "/api/v1/sources/{source_id}"): Rule(admins_only(), path=_source, json=_source_json),
    ("DELETE", "/api/v1/sources/{source_id}"): Rule(admins_only(), path=_source),
    ("GET", "/api/v1/jobs"): Rule(logged_in()),
    ("GET", "/api/v1/jobs/{job_id}"): Rule(logged_in(), path=_job),
    ("POST", "/api/v1/jobs"): Rule(admins_only(), json=lambda s: {
        "name": f"задание {s.fresh()}", "variables": ["union"], "coders": ["anna"], "sample_size": 1}),
    # a coder's own units; an outside coder has none, and an admin who does not code the job has none either
    ("GET", "/api/v1/jobs/{job_id}/units"): Rule(job_coders_only(), path=_job),
    ("GET", "/api/v1/jobs/{job_id}/units/{document_id}"): Rule(job_coders_only(), path=_unit),
    ("PUT", "/api/v1/jobs/{job_id}/units/{document_id}"): Rule(job_coders_only(), path=_unit, json=lambda s: {
        "values": {"union": 1, "tone": 0, "genre": "NEWS"}}),
}


def outcome(response: httpx.Response) -> str:
    location = response.headers.get("location", "")
    if response.status_code in (301, 302, 303, 307, 308):
        return LOGIN if location.startswith("/login") else OK
    if response.status_code == 401:
        return LOGIN
    if response.status_code == 403:
        return FORBIDDEN
    if 200 <= response.status_code < 300:
        return OK
    return f"status {response.status_code}"


def _snapshot(engine: Engine) -> list[list[tuple[Any, ...]]]:
    """Everything a refused request could have changed."""
    tables = [annotation_rows, codes, sources, jobs, job_units, users]
    with engine.connect() as conn:
        return [sorted((tuple(str(v) for v in r) for r in conn.execute(select(t))), key=str) for t in tables]


def _setup(project: Project) -> Site:
    from regionlens.accounts.tokens import create_token

    add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project, overlap=1.0)
    anna = units_of(project.engine, job_id, "anna")
    disputed = anna[-1]
    save_annotation(project.engine, job_id, "anna", disputed, {"union": 0, "tone": 0, "genre": "NEWS"}, codebook=project.codebook)
    save_annotation(project.engine, job_id, "boris", disputed, {"union": 1, "tone": 0, "genre": "NEWS"}, codebook=project.codebook)
    tokens = {role: create_token(project.engine, name, "roles test") for role, name in USERS.items()}
    return Site(project.engine, job_id, anna[0], disputed, tokens)


SESSION_CHANGING = {("POST", "/login"), ("POST", "/logout")}


def _request(app: Any, route: RouteInfo, rule: Rule, site: Site, role: str, path: str,
             sessions: dict[str, tuple[TestClient, str]]) -> httpx.Response:
    c = TestClient(app, base_url="https://testserver")
    if route.mount:
        pass
    elif (route.method, route.path) in SESSION_CHANGING:
        token = login(c, USERS[role]) if role != "anonymous" else csrf_of(c)
    else:  # one logged-in client per role serves every other page
        if role not in sessions:
            sessions[role] = (c, login(c, USERS[role]) if role != "anonymous" else csrf_of(c))
        c, token = sessions[role]
    if route.mount:  # the API: a bearer token, no session and no CSRF token
        headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role != "anonymous" else {}
        body = rule.json(site) if rule.json else None
        return c.request(route.method, path, params=rule.params, json=body, headers=headers, follow_redirects=False)
    if route.method == "GET":
        return c.get(path, params=rule.params, follow_redirects=False)
    data = {**rule.data(site, role), "csrf_token": token}
    return c.request(route.method, path, data=data, follow_redirects=False)


def test_every_route_is_classified_and_obeys_its_policy(project: Project) -> None:
    site = _setup(project)
    app = client(project.root).app
    routes = app_routes(app)
    found = {(r.method, r.path) for r in routes}
    unclassified = sorted(found - set(POLICY))
    assert not unclassified, f"routes without a role policy (add them to POLICY): {unclassified}"
    stale = sorted(set(POLICY) - found)
    assert not stale, f"POLICY names routes the app no longer has: {stale}"
    wrong = []
    sessions: dict[str, tuple[TestClient, str]] = {}
    for route in routes:
        rule = POLICY[(route.method, route.path)]
        assert set(rule.expect) == set(ROLES), route
        for role in ROLES:
            path = route.path.format(**rule.path(site))
            before = _snapshot(project.engine)
            response = _request(app, route, rule, site, role, path, sessions)
            got = outcome(response)
            if got != rule.expect[role]:
                wrong.append(f"{route.method} {route.path} as {role}: expected {rule.expect[role]}, got {got}")
            if got != OK and route.method != "GET":
                assert _snapshot(project.engine) == before, f"refused {route.method} {route.path} as {role} changed data"
    assert not wrong, "\n".join(wrong)


def test_refused_pages_say_why_in_russian(project: Project) -> None:
    site = _setup(project)
    c = client(project.root)
    login(c, "vera")
    page = c.get(f"/jobs/{site.job_id}/review")
    assert page.status_code == 403 and 'id="error-message"' in page.text and "Недостаточно прав" in page.text
    assert "<script>" not in page.text.split("</head>", 1)[1]
    api = c.get("/api/v1/jobs/1/units", headers={"Authorization": f"Bearer {site.tokens['viewer']}"})
    assert api.status_code == 403 and "Недостаточно прав" in api.json()["detail"]
    c2 = client(project.root)
    login(c2, "carl")
    assert c2.get(f"/jobs/{site.job_id}/units/{site.doc}").status_code == 403
    # a coder of the job asking for a unit that is not theirs gets 403, and a missing job 404
    anna_units = set(units_of(project.engine, site.job_id, "anna"))
    c3 = client(project.root)
    login(c3, "anna")
    missing = c3.get(f"/jobs/{site.job_id + 999}/code")
    assert missing.status_code == 404 and "Страница не найдена" in missing.text
    not_hers = [d for d in range(1, 20) if d not in anna_units][0]
    assert c3.get(f"/jobs/{site.job_id}/units/{not_hers}").status_code in (403, 404)


FORM_RE = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def test_every_unsafe_route_of_the_html_app_needs_the_csrf_token(project: Project) -> None:
    site = _setup(project)
    app = client(project.root).app
    routes = [r for r in app_routes(app) if r.method not in ("GET", "HEAD", "OPTIONS")]
    html_routes = [r for r in routes if not r.mount]
    assert len(html_routes) >= 5
    for route in html_routes:
        rule = POLICY[(route.method, route.path)]
        role = next(r for r in ("coder", "admin", "viewer", "anonymous") if rule.expect[r] == OK or r == "anonymous")
        path = route.path.format(**rule.path(site))
        for token, content_type in ((None, "form"), ("forged-token", "form"), (None, "json"), (None, "text")):
            c = TestClient(app, base_url="https://testserver")
            real = login(c, USERS[role]) if role != "anonymous" else csrf_of(c)
            assert real
            before = _snapshot(project.engine)
            data = dict(rule.data(site, role))
            if token:
                data["csrf_token"] = token
            if content_type == "form":
                r = c.request(route.method, path, data=data, follow_redirects=False)
            elif content_type == "json":
                r = c.request(route.method, path, json=data, follow_redirects=False)
            else:  # what a cross-site <form enctype="text/plain"> can send
                r = c.request(route.method, path, content="csrf_token=x", headers={"content-type": "text/plain"},
                              follow_redirects=False)
            assert r.status_code == 403, f"{route.method} {route.path} ({content_type}, token={token}): {r.status_code}"
            assert _snapshot(project.engine) == before
            if role != "anonymous":  # the refused request did not log anyone out or in
                assert c.get("/jobs", follow_redirects=False).status_code == 200


def test_unsafe_api_calls_with_the_browser_session_need_the_csrf_header(project: Project) -> None:
    """A browser sends the session cookie on its own, so the API accepts it for changes only with X-CSRF-Token."""
    site = _setup(project)
    app = client(project.root).app
    api_routes = [r for r in app_routes(app) if r.mount and r.method not in ("GET", "HEAD", "OPTIONS")]
    assert len(api_routes) >= 3
    for route in api_routes:
        rule = POLICY[(route.method, route.path)]
        role = next(r for r in ("coder", "admin") if rule.expect[r] == OK)
        c = TestClient(app, base_url="https://testserver")
        token = login(c, USERS[role])
        path = route.path.format(**rule.path(site))
        body = rule.json(site) if rule.json else None
        before = _snapshot(project.engine)
        for headers in ({}, {"X-CSRF-Token": "forged"}):
            r = c.request(route.method, path, json=body, headers=headers)
            assert r.status_code == 403, f"{route.method} {route.path} by session, headers {headers}: {r.status_code}"
        assert _snapshot(project.engine) == before
        r = c.request(route.method, path, json=body, headers={"X-CSRF-Token": token})
        assert 200 <= r.status_code < 300, f"{route.method} {route.path} with the session's token: {r.status_code}"


def test_every_form_on_every_page_carries_the_csrf_token(project: Project) -> None:
    site = _setup(project)
    pages = {"anonymous": ["/login"], "anna": ["/jobs", f"/jobs/{site.job_id}/code",
                                               f"/jobs/{site.job_id}/units/{site.doc}"],
             "root": ["/jobs", f"/jobs/{site.job_id}/review", "/sources/new", "/sources"],
             "vera": ["/jobs", "/dashboard", "/search?q=область", "/sources", f"/publications/{site.doc}"]}
    seen = 0
    for who, paths in pages.items():
        c = client(project.root)
        token = login(c, who) if who != "anonymous" else csrf_of(c)
        for path in paths:
            page = c.get(path)
            assert page.status_code == 200, path
            for form in FORM_RE.findall(page.text):
                seen += 1
                method = re.search(r'method="(\w+)"', form)
                if method and method.group(1).lower() == "get":
                    continue
                assert f'name="csrf_token" value="{token}"' in form, f"form without the session token on {path}: {form[:200]}"
    assert seen >= 8
