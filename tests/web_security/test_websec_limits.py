"""Limits: bodies refused before they are read, job sizes bounded, every number and date checked to its range.

Second-review attacks: an anonymous 200 MB `PUT /api/v1/jobs/1/units/1` was read whole before the 401;
one admin request with 20,000 coders drove the server to ~18 GB and a 100 KB job name was accepted;
`offset=10^30`, `offset=2^63`, a 20-digit publication id, `date_from=0001-01-01` and `date_to=9999-12-31`
gave 500s (OverflowError) on the API, the dashboard and the search page.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websec_helpers import add_documents, add_users, app_routes, client, login

from regionlens.accounts.tokens import create_token
from regionlens.store.project import Project

MB = 1024 * 1024


def _drive(app: Any, method: str, path: str, chunks: int, chunk: int, headers: list[tuple[bytes, bytes]],
           content_type: bytes = b"application/json") -> tuple[int, int]:
    """Send a body of `chunks` × `chunk` bytes straight to the ASGI app; returns (status, chunks it read)."""
    read = [0]
    status = [0]

    async def receive() -> dict[str, Any]:
        if read[0] >= chunks:
            return {"type": "http.disconnect"}
        read[0] += 1
        return {"type": "http.request", "body": b"x" * chunk, "more_body": read[0] < chunks}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = int(message["status"])

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "https",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
             "headers": [(b"host", b"testserver"), (b"content-type", content_type), *headers],
             "client": ("10.9.9.9", 1234), "server": ("testserver", 443)}
    asyncio.run(app(scope, receive, send))
    return status[0], read[0]


def test_a_large_anonymous_body_is_refused_before_it_is_read(project: Project) -> None:
    app = client(project.root).app
    declared = [(b"content-length", str(200 * MB).encode())]
    status, read = _drive(app, "PUT", "/api/v1/jobs/1/units/1", 200, MB, declared)
    assert status == 413 and read == 0, f"declared 200 MB: status {status}, {read} MB read before answering"
    status, read = _drive(app, "PUT", "/api/v1/jobs/1/units/1", 200, MB, [])  # chunked: no length announced
    assert status == 413 and read <= 2, f"streamed 200 MB: status {status}, {read} MB read before answering"
    status, read = _drive(app, "POST", "/login", 50, MB, [], b"application/x-www-form-urlencoded")
    assert status == 413 and read <= 2, f"a 50 MB login form: status {status}, {read} MB read"


def test_job_sizes_are_bounded_with_clear_422s(project: Project) -> None:
    add_documents(project.engine)
    add_users(project.engine)
    token = create_token(project.engine, "root", "jobs")
    api = client(project.root)
    api.headers["Authorization"] = f"Bearer {token}"
    base = {"name": "задание", "variables": ["union"], "coders": ["anna"], "sample_size": 3}
    cases = {
        "coders": {**base, "coders": [f"coder{i}" for i in range(20000)]},
        "sample_size": {**base, "sample_size": 5000000},
        "name": {**base, "name": "я" * 100_000},
        "variables": {**base, "variables": ["union"] * 500},
        "seed": {**base, "seed": 10**30},
    }
    for field, body in cases.items():
        r = api.post("/api/v1/jobs", json=body)
        assert r.status_code == 422, f"{field}: {r.status_code} {r.text[:200]}"
        assert field in r.json()["detail"], r.json()["detail"][:300]
    assert api.get("/api/v1/jobs").json() == []


BIG = ["10" + "0" * 28, str(2**63), str(2**64 + 1), "9" * 20, "-" + "9" * 20]
DATES = ["0001-01-01", "9999-12-31", "0001-01-02", "9999-12-30"]


def test_out_of_range_numbers_and_dates_get_a_422_not_a_500(project: Project) -> None:
    add_documents(project.engine)
    add_users(project.engine)
    token = create_token(project.engine, "vera", "limits")
    api = client(project.root)
    api.headers["Authorization"] = f"Bearer {token}"
    page = client(project.root)
    login(page, "vera")
    requests: list[tuple[Any, str, dict[str, str]]] = []
    for n in BIG:
        requests += [(api, "/api/v1/publications", {"offset": n}), (api, "/api/v1/codes", {"offset": n}),
                     (api, "/api/v1/search", {"q": "область", "offset": n}), (api, f"/api/v1/publications/{n}", {}),
                     (api, "/api/v1/publications", {"source_id": n}), (api, f"/api/v1/jobs/{n}", {}),
                     (api, f"/api/v1/sources/{n}", {}), (page, f"/publications/{n}", {}),
                     (page, "/dashboard", {"source_id": n}), (page, "/search", {"source_id": n, "page": n}),
                     (page, f"/jobs/{n}/code", {})]
    for d in DATES:
        for key in ("date_from", "date_to"):
            requests += [(api, "/api/v1/publications", {key: d}), (api, "/api/v1/aggregates", {key: d}),
                         (api, "/api/v1/search", {"q": "область", key: d}), (page, "/dashboard", {key: d}),
                         (page, "/search", {key: d})]
    failures = []
    for c, path, params in requests:
        r = c.get(path, params=params, follow_redirects=False)
        if r.status_code >= 500 or r.status_code not in (400, 404, 422):
            failures.append(f"{path} {params}: {r.status_code}")
    assert not failures, "\n".join(failures)


QUERY_KEYS = ["offset", "limit", "page", "source_id", "date_from", "date_to", "context", "q", "topic", "region",
              "country", "level", "flag", "union", "region2", "var", "coder", "variable"]
numbers = st.one_of(st.integers(min_value=-(2**80), max_value=2**80).map(str),
                    st.sampled_from(BIG + ["0", "-1", "1e309", "nan", "", " ", "١٢٣"]))
dates = st.one_of(st.dates().map(lambda d: d.isoformat()),
                  st.sampled_from(DATES + ["2024-02-30", "99999-01-01", "-0001-01-01"]))
values = st.one_of(numbers, dates, st.text(max_size=30))


def test_random_numbers_dates_and_ids_never_give_a_500(project: Project) -> None:
    add_documents(project.engine)
    add_users(project.engine)
    token = create_token(project.engine, "root", "property")
    c = client(project.root)
    login(c, "root")
    routes = [r for r in app_routes(c.app) if r.method == "GET" and "static" not in r.path]
    assert len(routes) >= 20

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(routes), path_value=numbers, params=st.dictionaries(
        st.sampled_from(QUERY_KEYS), values, max_size=4))
    def check(route: Any, path_value: str, params: dict[str, str]) -> None:
        path = route.path
        for name in ("job_id", "document_id", "source_id"):
            path = path.replace("{" + name + "}", path_value or "0")
        headers = {"Authorization": f"Bearer {token}"} if route.mount else {}
        r = c.get(path, params=params, headers=headers, follow_redirects=False)
        assert r.status_code < 500, f"{path} {params}: {r.status_code} {r.text[:300]}"

    check()


def test_an_adjudication_form_with_a_huge_document_id_gets_a_422(project: Project) -> None:
    from websec_helpers import make_job

    add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project)
    c = client(project.root)
    token = login(c, "root")
    for raw in ("9" * 20, str(2**63), "-" + "9" * 20):
        r = c.post(f"/jobs/{job_id}/review", data={"document_id": raw, "variable": "union", "union": "1",
                                                  "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 422, (raw, r.status_code)
