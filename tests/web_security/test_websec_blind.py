"""Blind coding holds on every route: a coder learns nothing about the codes of their own units.

The attack of the second security review: narrow the search page, the API's filters, the aggregates
or the dashboard to one blind unit (its source and its day) and read its codes off the flags, facets,
counts and example lists, or follow `reprint_of` to an original with the same codes. The test is a
non-interference check: every GET route the application has (enumerated from the app, so a new route
is covered as soon as it exists) is asked, with every filter parameter narrowed to each probed unit,
as the coder; then every protected value changes (automatic and gold codes of the coder's units and of
the reprint's original, the other coder's values); then the same requests are asked again. Any
difference is a leak. The admin's answers to the same requests must change, or the test proves nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from blind_world import (
    NEW_REGIONS,
    NEW_TOPIC,
    PLACES,
    TOPIC_CYCLE,
    BlindWorld,
    build_blind_world,
    change_protected_values,
)
from fastapi.testclient import TestClient
from websec_helpers import RouteInfo, app_routes, client, login

from regionlens.filters import FLAGS
from regionlens.store.project import Project

# Query parameters of the API routes that do not select publications (checked below against the app).
NOT_FILTERS = {"limit", "offset", "context", "evidence"}
# Routes not asked: static files and the documentation schema hold no project data.
SKIP = {"/static/{path}", "/api/v1/openapi.json"}


def _variations(world: BlindWorld, doc: int) -> list[dict[str, str]]:
    """Every filter narrowed to the day and source of `doc`, alone and with each code-derived filter."""
    base = {"source_id": str(world.source_of[doc]), "date_from": world.day_of[doc], "date_to": world.day_of[doc]}
    out: list[dict[str, str]] = [{}, base, {**base, "union": "1"}]
    out += [{**base, "union": "1", "flag": flag} for flag in FLAGS]
    i = world.docs.index(doc)  # its topic and regions before the change, and those after
    out += [{**base, "topic": topic} for topic in (TOPIC_CYCLE[i % 4], NEW_TOPIC)]
    out += [{**base, "region": region} for region in (*PLACES[i % 4][2], *NEW_REGIONS)]
    out += [{**base, "region": "RU-SMO", "region2": "BY-VI", "union": "1"}]
    out += [{**base, "coder": coder} for coder in ("auto", "gold", "boris")]
    out += [{**base, "variable": variable} for variable in ("tone", "union", "topics")]
    out += [{**base, "country": "RU", "level": "regional"}]
    # the attributes that read no codes, alone and beside a code-derived filter
    out += [{**base, "kind": "media", "language": "ru"}, {**base, "language": "ru", "union": "1"},
            {**base, "source_region": "RU-SMO", "union": "1"}, {**base, "kind": "official", "union": "1"}]
    return out


def _path_values(world: BlindWorld, doc: int) -> dict[str, Any]:
    return {"job_id": world.job_id, "document_id": doc, "source_id": world.source_of[doc]}


def _requests(world: BlindWorld, routes: list[RouteInfo], api_params: dict[str, set[str]]
              ) -> list[tuple[str, dict[str, str]]]:
    """Each GET route with every narrowing; an API route that declares no query parameter is asked once
    (the pages read their parameters themselves, so every page gets every narrowing).

    The narrowings are tried around two units on SQLite and around the reprinted one on PostgreSQL: the
    conditions are the same SQL on both, and a second unit there would double the slowest test of the suite."""
    probed = [world.reprint_unit, world.units[1], world.original]
    narrowed = probed[:2] if world.engine.dialect.name == "sqlite" else probed[:1]
    out: list[tuple[str, dict[str, str]]] = []
    for route in routes:
        if route.method != "GET" or route.path in SKIP:
            continue
        if "{" in route.path:
            for doc in probed:
                path = route.path.format(**_path_values(world, doc))
                out.append((path, {}))
                if "document_id" in route.path and not route.mount:
                    out += [(path, {"var": v}) for v in ("tone", "union", "topics", "regions")]
            continue
        if route.mount and not api_params.get(route.path):
            out.append((route.path, {}))
            continue
        for doc in narrowed:
            for params in _variations(world, doc):
                if route.path.endswith("/search"):
                    out.append((route.path, {**params, "q": "сотрудничество"}))
                out.append((route.path, params))
    return out


def _ask(c: TestClient, requests: list[tuple[str, dict[str, str]]], headers: dict[str, str] | None = None
         ) -> list[tuple[int, str]]:
    answers = []
    for path, params in requests:
        r = c.get(path, params=params, headers=headers or {}, follow_redirects=False)
        assert r.status_code < 500, f"{path} {params}: {r.status_code}"
        answers.append((r.status_code, r.text))
    return answers


def _api_params_by_path(app: Any) -> dict[str, set[str]]:
    """The query parameters each API route declares (through its dependencies too), by mounted path."""
    out: dict[str, set[str]] = {}

    def walk(dependant: Any, names: set[str]) -> None:
        names.update(p.name for p in dependant.query_params)
        for sub in dependant.dependencies:
            walk(sub, names)

    for route in app.routes:
        for inner in getattr(getattr(route, "app", None), "routes", None) or []:
            # FastAPI >= 0.16x wraps included routers; their contexts carry each route's dependant
            contexts = inner.effective_route_contexts() if hasattr(inner, "effective_route_contexts") else [inner]
            for ctx in contexts:
                if hasattr(ctx, "dependant"):
                    walk(ctx.dependant, out.setdefault(route.path + str(ctx.path_format), set()))
    return out


def test_every_filter_parameter_of_the_api_is_narrowed_by_the_leak_test(project: Project) -> None:
    world = build_blind_world(project)
    app = client(world.project.root).app
    asked = {k for doc in (world.units[0],) for v in _variations(world, doc) for k in v} | {"q"}
    declared = set().union(*_api_params_by_path(app).values())
    assert {"topic", "region", "source_id", "date_from", "coder"} <= declared, "introspection broke"
    missing = declared - asked - NOT_FILTERS
    assert not missing, f"filter parameters the blind-coding leak test does not try: {sorted(missing)}"


def test_a_coder_learns_nothing_about_the_codes_of_their_blind_units(project: Project) -> None:
    world = build_blind_world(project)
    coder = client(world.project.root)
    login(coder, "anna")
    admin = client(world.project.root)
    login(admin, "root")
    routes = app_routes(coder.app)
    requests = _requests(world, routes, _api_params_by_path(coder.app))
    assert len({p for p, _ in requests}) >= 20, "fewer routes than the application has: enumeration broke"
    # the API through the browser session; bearer tokens reach the same scope (test_websec_roles)
    before = _ask(coder, requests)
    admin_probe = [(p, q) for p, q in requests if p.startswith(("/api/v1/aggregates", "/search", "/api/v1/codes"))]
    admin_before = _ask(admin, admin_probe)
    change_protected_values(world)
    after = _ask(coder, requests)
    admin_after = _ask(admin, admin_probe)
    assert admin_before != admin_after, "the change of the protected codes is invisible even to the admin"
    leaks = []
    for (path, params), old, new in zip(requests, before, after, strict=True):
        if old != new:
            leaks.append(f"{path}?{'&'.join(f'{k}={v}' for k, v in params.items())}")
    assert not leaks, f"{len(leaks)} answers to the coder changed with their blind units' codes:\n" + "\n".join(
        leaks[:40])


def test_the_reprint_link_of_a_blind_unit_leads_to_no_codes(project: Project) -> None:
    world = build_blind_world(project)
    c = client(world.project.root)
    login(c, "anna")
    page = c.get(f"/publications/{world.original}")
    assert page.status_code == 200
    assert 'href="/publications/' + str(world.original) + '?var=' not in page.text, \
        "the original of a blind unit's reprint shows its codes"
    api = c.get(f"/api/v1/publications/{world.original}", headers={})
    assert api.status_code in (200, 401)
    token = {"Authorization": f"Bearer {world.tokens['anna']}"}
    body = c.get(f"/api/v1/publications/{world.original}", headers=token).json()
    assert body["codes"] is None and body["code_list"] is None
    unit = c.get(f"/api/v1/publications/{world.reprint_unit}", headers=token).json()
    assert unit["codes"] is None and unit["reprint_of"] is None


def test_aggregates_narrowed_next_to_a_blind_unit_keep_a_minimum_cell(project: Project) -> None:
    """A cell of fewer than k visible publications beside a coder's blind unit is withheld, not shown as n = 1."""
    world = build_blind_world(project)
    token = {"Authorization": f"Bearer {world.tokens['anna']}"}
    c = client(world.project.root)
    unit = next(u for u in world.units[1:] if world.docs.index(u) % 7 != 6)  # a unit about the union
    day = world.day_of[unit]
    r = c.get("/api/v1/aggregates", params={"date_from": day, "date_to": day}, headers=token)
    assert r.status_code == 200
    body = r.json()
    assert body["suppressed"] is True and body["indices"]["overall"]["n"] == 0, body["indices"]["overall"]
    admin = c.get("/api/v1/aggregates", params={"date_from": day, "date_to": day},
                  headers={"Authorization": f"Bearer {world.tokens['root']}"}).json()
    assert admin["suppressed"] is False and admin["indices"]["overall"]["n"] >= 1
    wide = c.get("/api/v1/aggregates", headers=token).json()
    assert wide["suppressed"] is False and wide["indices"]["overall"]["n"] >= 5


def test_the_database_side_list_of_hidden_publications_agrees_with_the_literal_one(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A coder with more hidden publications than fit in an SQL list gets the same answers (the list is then
    computed by the database)."""
    from regionlens.accounts import blind

    world = build_blind_world(project)
    token = {"Authorization": f"Bearer {world.tokens['anna']}"}
    c = client(world.project.root)
    asks = [("/api/v1/search", {"q": "сотрудничество", "limit": "100"}), ("/api/v1/aggregates", {}),
            ("/api/v1/publications", {"topic": "ECON", "limit": "100"}), ("/api/v1/codes", {"limit": "500"})]
    literal = [c.get(path, params=params, headers=token).json() for path, params in asks]
    monkeypatch.setattr(blind, "LIST_LIMIT", 0)
    computed = [c.get(path, params=params, headers=token).json() for path, params in asks]
    assert literal == computed
    found = {item["id"] for item in computed[0]["items"]}
    assert found and not found & world.protected
    assert {row["document_id"] for row in computed[3]["items"]}.isdisjoint(world.protected)
