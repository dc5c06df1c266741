"""Every endpoint for every kind of caller: anonymous, a made-up token, viewer, coder, admin.

The admin of the test world is not a coder of the job, so the coding
endpoints refuse them as the coding page does; the coder is refused
everything that writes the registry or creates jobs.
"""

from __future__ import annotations

from typing import Any

from api_helpers import ApiWorld, api_client, auth, build_world
from sqlalchemy import insert

from regionlens.store.project import Project
from regionlens.store.schema import sources

CALLERS = ("anonymous", "bad_token", "vera", "anna", "root")
READ = {"anonymous": 401, "bad_token": 401, "vera": 200, "anna": 200, "root": 200}
CODER = {"anonymous": 401, "bad_token": 401, "vera": 403, "anna": 200, "root": 403}


def admin(ok: int) -> dict[str, int]:
    return {"anonymous": 401, "bad_token": 401, "vera": 403, "anna": 403, "root": ok}


def _cases(world: ApiWorld, spare_source: int) -> list[tuple[str, str, dict[str, Any] | None, dict[str, int]]]:
    anna_unit = min(world.units["anna"])
    not_anna = next(d for d in world.doc_ids if d not in world.units["anna"])
    src = world.source_ids[0]
    job = world.job_id
    new_source = {"name": "Гомельская правда", "country": "BY", "level": "regional", "region_code": "BY-HO"}
    new_job = {"name": "второе", "variables": ["tone"], "coders": ["anna"], "sample_size": 2}
    return [
        ("GET", "/api/v1/me", None, READ),
        ("GET", "/api/v1/publications", None, READ),
        ("GET", f"/api/v1/publications/{not_anna}", None, READ),
        ("GET", f"/api/v1/publications/{not_anna}/codes", None, READ),
        ("GET", "/api/v1/codes", None, READ),
        ("GET", "/api/v1/search?q=Витебск", None, READ),
        ("GET", "/api/v1/aggregates", None, READ),
        ("GET", "/api/v1/sources", None, READ),
        ("GET", "/api/v1/collection", None, READ),
        ("GET", f"/api/v1/sources/{src}", None, READ),
        ("GET", "/api/v1/jobs", None, READ),
        ("GET", f"/api/v1/jobs/{job}", None, READ),
        ("GET", f"/api/v1/jobs/{job}/units", None, CODER),
        ("GET", f"/api/v1/jobs/{job}/units?coder=boris", None,
         {"anonymous": 401, "bad_token": 401, "vera": 403, "anna": 403, "root": 200}),
        ("GET", f"/api/v1/jobs/{job}/units/{anna_unit}", None, CODER),
        ("PUT", f"/api/v1/jobs/{job}/units/{anna_unit}", {"values": {"tone": 1}}, CODER),
        ("POST", "/api/v1/sources", new_source, admin(201)),
        ("PUT", f"/api/v1/sources/{src}", {"name": "Рабочий путь", "country": "RU", "level": "regional",
                                           "region_code": "RU-SMO", "domains": ["rabochy.example"]}, admin(200)),
        ("DELETE", f"/api/v1/sources/{spare_source}", None, admin(204)),
        ("POST", "/api/v1/jobs", new_job, admin(201)),
    ]


def test_every_endpoint_for_every_role(project: Project) -> None:
    world = build_world(project)
    with project.engine.begin() as conn:
        key = conn.execute(insert(sources).values(name="Пустой источник", country="RU", level="local")).inserted_primary_key
        assert key is not None
    c = api_client(world)
    seen_paths = set()
    for method, path, body, expected in _cases(world, int(key[0])):
        seen_paths.add(path.split("?")[0])
        # Refusals first: a refused write must not happen, so the admin's success comes last.
        for who in sorted(CALLERS, key=lambda w: expected[w] < 300):
            r = c.request(method, path, json=body, headers=auth(world, who))
            assert r.status_code == expected[who], (method, path, who, r.status_code, r.text)
            if r.status_code >= 400:
                detail = r.json()["detail"]
                assert isinstance(detail, str) and any("а" <= ch <= "я" for ch in detail.lower()), detail
            if r.status_code == 401:
                assert r.headers["www-authenticate"] == "Bearer"
    # every path of the published schema was exercised
    schema = c.get("/api/v1/openapi.json").json()
    documented = {"/api/v1" + p.replace("{document_id}", "D").replace("{source_id}", "S").replace("{job_id}", "J")
                  for p in schema["paths"]}
    tried = set()
    for p in seen_paths:
        parts = p.split("/")
        for i, part in enumerate(parts):
            if part.isdigit():
                parts[i] = {"publications": "D", "sources": "S", "jobs": "J", "units": "D"}[parts[i - 1]]
        tried.add("/".join(parts))
    assert documented <= tried, documented - tried


def test_write_refusals_change_nothing(project: Project) -> None:
    world = build_world(project)
    c = api_client(world)
    before = c.get("/api/v1/sources", headers=auth(world, "vera")).json()
    body = {"name": "Чужой", "country": "RU", "level": "local"}
    assert c.post("/api/v1/sources", json=body, headers=auth(world, "anna")).status_code == 403
    assert c.put(f"/api/v1/sources/{world.source_ids[1]}", json=body, headers=auth(world, "vera")).status_code == 403
    assert c.get("/api/v1/sources", headers=auth(world, "vera")).json() == before
    unit = min(world.units["anna"])
    assert c.put(f"/api/v1/jobs/{world.job_id}/units/{unit}", json={"values": {"tone": -1}},
                 headers=auth(world, "root")).status_code == 403
    mine = c.get(f"/api/v1/jobs/{world.job_id}/units/{unit}", headers=auth(world, "anna")).json()
    assert mine["values"] == {}
