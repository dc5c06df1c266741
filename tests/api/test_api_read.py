"""Reading: publications with filters and paging, one publication, codes, search, aggregates, sources."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import DOCS, ApiWorld, api_client, auth, build_world
from fastapi.testclient import TestClient

from regionlens.store.project import Project


def _ids(world: ApiWorld, indexes: set[int]) -> set[int]:
    return {world.doc_ids[i] for i in indexes}


def _get(c: TestClient, world: ApiWorld, path: str, who: str = "vera", status: int = 200) -> Any:
    r = c.get(path, headers=auth(world, who))
    assert r.status_code == status, (path, r.text)
    return r.json()


@pytest.fixture
def world(project: Project) -> ApiWorld:
    return build_world(project)


def test_publications_filters_and_paging(world: ApiWorld) -> None:
    c = api_client(world)
    everything = _get(c, world, "/api/v1/publications")
    assert everything["total"] == len(DOCS)
    newest_first = [world.doc_ids[i] for i in sorted(range(len(DOCS)), key=lambda i: DOCS[i][1], reverse=True)]
    assert [p["id"] for p in everything["items"]] == newest_first
    page = _get(c, world, "/api/v1/publications?limit=2&offset=2")
    assert page["total"] == len(DOCS) and (page["limit"], page["offset"]) == (2, 2)
    assert [p["id"] for p in page["items"]] == newest_first[2:4]
    first = next(p for p in everything["items"] if p["id"] == world.doc_ids[0])
    assert first["source"]["name"] == "Рабочий путь" and first["source"]["country"] == "RU"
    assert first["codes"]["topics"] == ["ECON", "IND"] and first["codes"]["tone"] == 1
    assert first["published_at"].startswith("2024-01-15T09:00:00")
    expectations = {
        "country=BY": {2, 3},
        "level=union": {4, 5},
        "topic=ECON": {0, 1, 4},
        "topic=econ": {0, 1, 4},
        "region=RU-PSK": {3, 5},
        "region=ru-psk": {3, 5},
        f"source_id={world.source_ids[1]}": {2, 3},
        "date_from=2024-02-01&date_to=2024-03-05": {1, 2, 3},
        "country=RU&topic=ECON": {0, 1},
        "date_from=2025-01-01": set(),
    }
    for query, expected in expectations.items():
        got = _get(c, world, f"/api/v1/publications?{query}&limit=500")
        assert {p["id"] for p in got["items"]} == _ids(world, expected), query
        assert got["total"] == len(expected), query


BAD_FILTERS = {
    "date_from=2024-13-01": "date_from",
    "date_from=2024-03-01&date_to=2024-02-01": "позже",
    "country=XX": "страна",
    "level=galactic": "уровень",
    "region=Смоленск": "код региона",
    "topic=SPORT": "тема",
    "source_id=abc": "source_id",
}
BAD_PAGING = {"limit=0": "limit", "limit=100000": "limit", "offset=-1": "offset", "limit=ten": "целое число"}


def test_bad_parameters_are_422_in_russian(world: ApiWorld) -> None:
    c = api_client(world)
    for path in ("/api/v1/publications", "/api/v1/codes", "/api/v1/aggregates", "/api/v1/search?q=витебск"):
        joiner = "&" if "?" in path else "?"
        for query, words in BAD_FILTERS.items():
            detail = _get(c, world, f"{path}{joiner}{query}", status=422)["detail"]
            assert words in detail, (path, detail)
        if "aggregates" in path:
            continue
        for query, words in BAD_PAGING.items():
            detail = _get(c, world, f"{path}{joiner}{query}", status=422)["detail"]
            assert detail.startswith("Неверный запрос") and words in detail, (path, detail)


def test_one_publication_with_codes_evidence_and_mentions(world: ApiWorld) -> None:
    c = api_client(world)
    doc = world.doc_ids[3]
    full = _get(c, world, f"/api/v1/publications/{doc}")
    assert full["text"] == DOCS[3][3] and full["title"] == DOCS[3][2]
    variables = {code["variable"] for code in full["code_list"]}
    assert {"tone", "topics", "regions", "union"} <= variables
    topics = next(code for code in full["code_list"] if code["variable"] == "topics")
    assert topics["value"] == ["TRANS"] and topics["evidence"][0]["surface"] == DOCS[3][3][:5]
    assert {m["region_code"] for m in full["mentions"]} == {"BY-VI", "RU-PSK"}
    only_codes = _get(c, world, f"/api/v1/publications/{doc}/codes")
    assert only_codes == full["code_list"]
    assert "не найдена" in _get(c, world, "/api/v1/publications/987654", status=404)["detail"]
    assert _get(c, world, "/api/v1/publications/987654/codes", status=404)["detail"]
    assert _get(c, world, "/api/v1/publications/abc", status=422)["detail"].startswith("Неверный запрос")


def test_codes_long_form(world: ApiWorld) -> None:
    c = api_client(world)
    tone = _get(c, world, "/api/v1/codes?variable=tone&coder=auto")
    assert tone["total"] == len(DOCS)
    assert {(r["document_id"], r["value"]) for r in tone["items"]} == {
        (world.doc_ids[i], d[4]["tone"]) for i, d in enumerate(DOCS)}
    assert all(r["evidence"] is None for r in tone["items"])
    with_evidence = _get(c, world, "/api/v1/codes?variable=topics&evidence=true&country=BY")
    assert {r["document_id"] for r in with_evidence["items"]} == _ids(world, {2, 3})
    assert all(r["evidence"] and r["evidence"][0]["variable"] == "topics" for r in with_evidence["items"])
    paged = _get(c, world, "/api/v1/codes?limit=5&offset=5")
    everything = _get(c, world, "/api/v1/codes?limit=500")
    assert paged["total"] == everything["total"] == len(everything["items"])
    assert paged["items"] == everything["items"][5:10]


def test_search_is_lemma_aware_with_kwic_and_facets(world: ApiWorld) -> None:
    c = api_client(world)
    found = _get(c, world, "/api/v1/search?q=смоленская область")
    assert {h["id"] for h in found["items"]} == _ids(world, {0, 4})
    assert found["total"] == 2
    lines = [k for h in found["items"] for k in h["kwic"]]
    assert all(k["keyword"].startswith("Смоленск") for k in lines)  # every word form of the lemma, highlighted
    assert {"Смоленская", "Смоленской области"} <= {k["keyword"] for k in lines}
    facets = {f["value"]: f["count"] for f in found["facets"]["country"]}
    assert facets == {"RU": 1, "union": 1}
    narrowed = _get(c, world, "/api/v1/search?q=смоленская область&level=union")
    assert {h["id"] for h in narrowed["items"]} == _ids(world, {4})
    assert "Запрос не разобран" in _get(c, world, '/api/v1/search?q="смоленск', status=422)["detail"]
    assert _get(c, world, "/api/v1/search?q=", status=422)["detail"]
    assert "параметр q" in _get(c, world, "/api/v1/search", status=422)["detail"]


def test_aggregates_agree_with_publications(world: ApiWorld) -> None:
    c = api_client(world)
    for query in ("", "country=BY", "topic=ECON", "region=RU-PSK"):
        figures = _get(c, world, f"/api/v1/aggregates?{query}")
        listed = _get(c, world, f"/api/v1/publications?{query}")
        assert figures["totals"]["publications"] == listed["total"], query
    econ = next(t for t in _get(c, world, "/api/v1/aggregates")["topics"] if t["topic"] == "ECON")
    assert econ["n"] == 3


def test_sources_registry(world: ApiWorld) -> None:
    c = api_client(world)
    registry = _get(c, world, "/api/v1/sources")
    assert registry["total"] == 3
    counts = {s["name"]: s["documents"] for s in registry["items"]}
    assert counts == {"Рабочий путь": 2, "Вiцебскiя навiны": 2, "Союзное вече": 2}
    one = _get(c, world, f"/api/v1/sources/{world.source_ids[0]}")
    assert one["domains"] == ["rabochy.example"] and one["region_code"] == "RU-SMO"
    assert "не найден" in _get(c, world, "/api/v1/sources/99999", status=404)["detail"]
