"""Writing: the registry by admins, jobs by admins, a coder's own units; and coder blindness through the API."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import ApiWorld, api_client, auth, build_world
from fastapi.testclient import TestClient

from regionlens.manual.jobs import coder_values, progress
from regionlens.store.project import Project


@pytest.fixture
def world(project: Project) -> ApiWorld:
    return build_world(project)


def _call(c: TestClient, world: ApiWorld, method: str, path: str, who: str, status: int,
          body: dict[str, Any] | None = None) -> Any:
    r = c.request(method, path, json=body, headers=auth(world, who))
    assert r.status_code == status, (method, path, r.text)
    return r.json() if r.content else None


def test_admin_edits_the_registry(world: ApiWorld) -> None:
    c = api_client(world)
    body = {"name": "Гомельская правда", "country": "by", "level": "областной", "region_code": "BY-HO",
            "domains": ["https://www.gp.example/news"], "language": "ru"}
    made = _call(c, world, "POST", "/api/v1/sources", "root", 201, body)
    assert (made["country"], made["level"], made["domains"], made["documents"]) == ("BY", "regional", ["gp.example"], 0)
    assert _call(c, world, "GET", f"/api/v1/sources/{made['id']}", "vera", 200) == made
    dup = _call(c, world, "POST", "/api/v1/sources", "root", 409, body)
    assert "уже есть" in dup["detail"]
    taken = _call(c, world, "POST", "/api/v1/sources", "root", 409, {**body, "name": "Другая", "domains": ["vit.example"]})
    assert "vit.example" in taken["detail"]
    bad = _call(c, world, "POST", "/api/v1/sources", "root", 422,
                {"name": "Х", "country": "PL", "level": "planet", "region_code": "XX-1"})
    assert "страна" in bad["detail"] and "уровень" in bad["detail"] and "регион" in bad["detail"]
    missing = _call(c, world, "POST", "/api/v1/sources", "root", 422, {"name": "Без страны"})
    assert "поле тела запроса country" in missing["detail"]
    changed = _call(c, world, "PUT", f"/api/v1/sources/{made['id']}", "root", 200,
                    {**body, "name": "Гомельская правда (сайт)", "level": "local"})
    assert changed["name"] == "Гомельская правда (сайт)" and changed["level"] == "local"
    rename_clash = _call(c, world, "PUT", f"/api/v1/sources/{made['id']}", "root", 409, {**body, "name": "Рабочий путь"})
    assert "уже есть" in rename_clash["detail"]
    assert _call(c, world, "PUT", "/api/v1/sources/99999", "root", 404, body)["detail"]
    used = _call(c, world, "DELETE", f"/api/v1/sources/{world.source_ids[0]}", "root", 409)
    assert "публикации" in used["detail"]
    assert _call(c, world, "DELETE", f"/api/v1/sources/{made['id']}", "root", 204) is None
    _call(c, world, "GET", f"/api/v1/sources/{made['id']}", "vera", 404)
    assert _call(c, world, "GET", "/api/v1/sources", "vera", 200)["total"] == 3


def test_admin_creates_a_job(world: ApiWorld) -> None:
    c = api_client(world)
    spec = {"name": "тон", "variables": ["tone", "topics"], "coders": ["anna", "vera"], "sample_size": 4,
            "overlap": 0.5, "seed": 1}
    job = _call(c, world, "POST", "/api/v1/jobs", "root", 201, spec)
    assert job["name"] == "тон" and job["coders"] == ["anna", "vera"] and job["sample_size"] == 4
    assert {p["coder"]: p["assigned"] for p in job["progress"]} == {"anna": 3, "vera": 3}
    listed = _call(c, world, "GET", "/api/v1/jobs", "vera", 200)
    assert [j["name"] for j in listed] == ["пилот", "тон"]
    assert "уже существует" in _call(c, world, "POST", "/api/v1/jobs", "root", 409, spec)["detail"]
    too_big = _call(c, world, "POST", "/api/v1/jobs", "root", 422, {**spec, "name": "много", "sample_size": 99})
    assert "меньше требуемой выборки" in too_big["detail"]
    unknown = _call(c, world, "POST", "/api/v1/jobs", "root", 422, {**spec, "name": "x", "variables": ["mood"]})
    assert "mood" in unknown["detail"]
    assert _call(c, world, "GET", "/api/v1/jobs/999", "vera", 404)["detail"]


def test_coder_codes_own_units_only(world: ApiWorld) -> None:
    c = api_client(world)
    job = world.job_id
    mine = _call(c, world, "GET", f"/api/v1/jobs/{job}/units", "anna", 200)
    assert {u["document_id"] for u in mine["items"]} == world.units["anna"]
    assert [u["position"] for u in mine["items"]] == list(range(1, len(world.units["anna"]) + 1))
    assert mine["done"] == 0 and not any(u["done"] for u in mine["items"])
    unit = mine["items"][0]["document_id"]
    got = _call(c, world, "GET", f"/api/v1/jobs/{job}/units/{unit}", "anna", 200)
    assert got["text"] and got["values"] == {} and got["auto_codes"] is None  # the job hides automatic codes
    saved = _call(c, world, "PUT", f"/api/v1/jobs/{job}/units/{unit}", "anna", 200, {"values": {"tone": -1}})
    assert saved["values"] == {"tone": -1} and saved["done"] is True
    bad = _call(c, world, "PUT", f"/api/v1/jobs/{job}/units/{unit}", "anna", 422, {"values": {"tone": 5}})
    assert "tone" in bad["detail"]
    assert _call(c, world, "GET", f"/api/v1/jobs/{job}/units/{unit}", "anna", 200)["values"] == {"tone": -1}
    foreign = sorted(world.units["boris"] - world.units["anna"])[0]
    refused = _call(c, world, "GET", f"/api/v1/jobs/{job}/units/{foreign}", "anna", 403)
    assert "не назначена" in refused["detail"]
    _call(c, world, "PUT", f"/api/v1/jobs/{job}/units/{foreign}", "anna", 403, {"values": {"tone": 1}})
    assert "Чужие" in _call(c, world, "GET", f"/api/v1/jobs/{job}/units?coder=boris", "anna", 403)["detail"]
    values = coder_values(world.engine, job)
    assert list(zip(values["unit"], values["coder"], values["value"], strict=True)) == [(unit, "anna", -1)]
    assert {p["coder"]: p["done"] for p in progress(world.engine, job)} == {"anna": 1, "boris": 0}
    # an admin follows the work: positions and done flags of any coder, never the values
    followed = _call(c, world, "GET", f"/api/v1/jobs/{job}/units?coder=anna", "root", 200)
    assert followed["done"] == 1 and all(set(u) == {"document_id", "position", "done"} for u in followed["items"])
    assert _call(c, world, "GET", f"/api/v1/jobs/{job}/units?coder=ghost", "root", 404)["detail"]
    overview = _call(c, world, "GET", f"/api/v1/jobs/{job}", "vera", 200)
    assert {p["coder"]: p["done"] for p in overview["progress"]} == {"anna": 1, "boris": 0}


def test_codes_of_a_coders_own_units_stay_hidden(world: ApiWorld) -> None:
    c = api_client(world)
    own = world.units["anna"]
    listed = _call(c, world, "GET", "/api/v1/publications", "anna", 200)["items"]
    assert {p["id"] for p in listed if p["codes"] is None} == own
    unit = min(own)
    full = _call(c, world, "GET", f"/api/v1/publications/{unit}", "anna", 200)
    assert full["text"] and full["code_list"] is None and full["mentions"] is None and full["codes"] is None
    assert "слепым" in _call(c, world, "GET", f"/api/v1/publications/{unit}/codes", "anna", 403)["detail"]
    rows = _call(c, world, "GET", "/api/v1/codes?limit=500", "anna", 200)["items"]
    assert rows and not {r["document_id"] for r in rows} & own
    # the viewer, who codes nothing, and the admin see every code
    assert all(p["codes"] for p in _call(c, world, "GET", "/api/v1/publications", "vera", 200)["items"])
    assert _call(c, world, "GET", f"/api/v1/publications/{unit}", "root", 200)["code_list"]


def test_coders_save_at_the_same_time(world: ApiWorld) -> None:
    """Team mode: two coders writing through the API at once lose nothing and see only their own values."""
    from concurrent.futures import ThreadPoolExecutor

    def code_all(coder: str) -> list[int]:
        c = api_client(world)
        statuses = []
        for round_ in range(3):
            for unit in sorted(world.units[coder]):
                value = (round_ + unit + (coder == "boris")) % 3 - 1
                r = c.put(f"/api/v1/jobs/{world.job_id}/units/{unit}", json={"values": {"tone": value}},
                          headers=auth(world, coder))
                statuses.append(r.status_code)
        return statuses

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(code_all, ["anna", "boris"]))
    assert all(s == 200 for statuses in results for s in statuses)
    values = coder_values(world.engine, world.job_id)
    got = {(int(u), str(c)): v for u, c, v in zip(values["unit"], values["coder"], values["value"], strict=True)}
    expected = {(u, c): (2 + u + (c == "boris")) % 3 - 1 for c in ("anna", "boris") for u in world.units[c]}
    assert got == expected
    c = api_client(world)
    for coder in ("anna", "boris"):
        listing = _call(c, world, "GET", f"/api/v1/jobs/{world.job_id}/units", coder, 200)
        assert listing["done"] == listing["total"] == len(world.units[coder])
