"""A bounded load test of the web application on loopback: readers and coders at once.

`regionlens serve` runs in its own process (so the load generator does not
share its interpreter), on a free loopback port, against the given project.
Readers log in as a viewer and cycle through the read pages (jobs, dashboard,
search, sources) and, when the REST API is mounted, through its read
endpoints with a bearer token; coders log in and code the units of a job made
for the run, then keep re-saving them. Every request is timed; an error is any
exception, any 5xx, or any status the request should not get (a save must
answer 303, a read 200). The accounts, token and job made for the run are
removed afterwards, so a project can be measured repeatedly.

    from bench.load import bench_load
    bench_load(Path("demo/project"), seconds=30, readers=16, coders=4)
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DOC_ID = re.compile(r'id="document-id">(\d+)<')
SEARCH_WORD = "область"
HTML_READS = ["/jobs", "/dashboard", f"/search?q={SEARCH_WORD}", "/sources"]
API_READS = ["/api/v1/me", "/api/v1/jobs", "/api/v1/publications?limit=20", f"/api/v1/search?q={SEARCH_WORD}",
             "/api/v1/aggregates", "/api/v1/sources"]
VARIABLES = ("union", "tone", "genre")
GENRES = ("NEWS", "INTERVIEW", "ANALYSIS", "OFFICIAL")


@dataclass
class Tally:
    """Latencies and errors of one client thread (merged at the end, so no lock is needed while running)."""
    latencies: list[float] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the route of each latency, for the per-page figures
    errors: list[str] = field(default_factory=list)
    saves: int = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(root: Path, log: Path, timeout: float = 120.0) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("ab") as fh:
        process = subprocess.Popen(
            [sys.executable, "-m", "regionlens.cli.main", "serve", "--project", str(root), "--port", str(port),
             "--insecure-cookies"],
            stdout=fh, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(base + "/login", timeout=2.0).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the server did not start in time")
        time.sleep(0.1)


def _stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _login(c: httpx.Client, username: str, password: str) -> str:
    page = c.get("/login")
    found = CSRF.search(page.text)
    if not found:
        raise RuntimeError("no CSRF token on /login")
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": found.group(1)})
    if r.status_code != 303:
        raise RuntimeError(f"login of {username} failed: {r.status_code}")
    jobs = c.get("/jobs")
    found = CSRF.search(jobs.text)
    if jobs.status_code != 200 or not found:
        raise RuntimeError(f"{username} is not logged in after login")
    return found.group(1)


@dataclass
class Setup:
    password: str
    viewer: str
    coders: list[str]
    job_id: int | None
    units: dict[str, list[int]]
    token: str | None
    users: list[str]


def _prepare(root: Path, coders: int) -> Setup:
    """Accounts, an API token and a job for this run, with names that cannot clash with the project's own."""
    from regionlens.accounts.users import UserError, create_user, set_password
    from regionlens.manual.jobs import JobSpec, create_job, job_units_of
    from regionlens.store.project import open_project

    project = open_project(root)
    engine = project.engine
    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(2)
    password = secrets.token_urlsafe(16)
    viewer = f"load-viewer-{run}"
    coder_names = [f"load-coder-{run}-{i}" for i in range(coders)]
    made: list[str] = []
    for name, role in [(viewer, "viewer")] + [(c, "coder") for c in coder_names]:
        try:
            create_user(engine, name, password, role)
        except UserError:
            set_password(engine, name, password)
        made.append(name)
    token = None
    try:
        from regionlens.accounts.tokens import create_token

        token = create_token(engine, viewer, "load test")
    except ImportError:  # a build without the REST API: the pages alone are measured
        token = None
    job_id = None
    units: dict[str, list[int]] = {}
    if coder_names:
        from sqlalchemy import func, select

        from regionlens.store.schema import documents

        with engine.connect() as conn:
            n_docs = int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
        if n_docs:
            spec = JobSpec(name=f"load-{run}", variables=list(VARIABLES), coders=coder_names,
                           sample_size=min(n_docs, 25 * len(coder_names)), overlap=0.2, strata=None, seed=1)
            job_id = int(create_job(engine, spec, project.codebook))
            units = job_units_of(engine, job_id)
    engine.dispose()
    return Setup(password, viewer, coder_names, job_id, units, token, made)


def _cleanup(root: Path, setup: Setup) -> None:
    from sqlalchemy import delete

    from regionlens.store.project import open_project
    from regionlens.store.schema import api_tokens, job_units, jobs, metadata, users

    annotations = metadata.tables["annotations"]
    project = open_project(root)
    with project.engine.begin() as conn:
        if setup.job_id is not None:
            conn.execute(delete(annotations).where(annotations.c.job_id == setup.job_id))
            conn.execute(delete(job_units).where(job_units.c.job_id == setup.job_id))
            conn.execute(delete(jobs).where(jobs.c.id == setup.job_id))
        ids = [r.id for r in conn.execute(users.select().where(users.c.username.in_(setup.users)))]
        if ids:
            conn.execute(delete(api_tokens).where(api_tokens.c.user_id.in_(ids)))
            conn.execute(delete(users).where(users.c.id.in_(ids)))
    project.engine.dispose()


def _timed(tally: Tally, c: httpx.Client, method: str, path: str, expect: int, **kwargs: Any) -> httpx.Response | None:
    start = time.perf_counter()
    route = method + " " + re.sub(r"/\d+", "/{id}", path.split("?", 1)[0])
    try:
        r = c.request(method, path, **kwargs)
    except httpx.HTTPError as exc:
        tally.latencies.append(time.perf_counter() - start)
        tally.paths.append(route)
        tally.errors.append(f"{method} {path}: {exc!r}")
        return None
    tally.latencies.append(time.perf_counter() - start)
    tally.paths.append(route)
    if r.status_code != expect:
        tally.errors.append(f"{method} {path}: {r.status_code} {r.text[:200]}")
    return r


def _reachable(base: str, setup: Setup) -> tuple[list[str], list[str]]:
    """The read pages and API endpoints this build has (a missing page is left out, not counted as an error)."""
    with httpx.Client(base_url=base, timeout=30.0) as c:
        _login(c, setup.viewer, setup.password)
        pages = [p for p in HTML_READS if c.get(p).status_code == 200]
    api: list[str] = []
    if setup.token:
        with httpx.Client(base_url=base, timeout=30.0, headers={"Authorization": f"Bearer {setup.token}"}) as c:
            api = [p for p in API_READS if c.get(p).status_code == 200]
    return pages, api


def _reader(base: str, setup: Setup, paths: list[str], use_api: bool, stop: threading.Event, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {setup.token}"} if use_api else {}
    try:
        with httpx.Client(base_url=base, timeout=30.0, headers=headers) as c:
            if not use_api:
                _login(c, setup.viewer, setup.password)
            i = 0
            while not stop.is_set():
                _timed(tally, c, "GET", paths[i % len(paths)], 200)
                i += 1
    except Exception as exc:  # a failed login is an error of the run, not a crash of the benchmark
        tally.errors.append(f"reader: {exc!r}")


def _coder(base: str, setup: Setup, coder: str, stop: threading.Event, tally: Tally) -> None:
    job = setup.job_id
    mine = setup.units.get(coder, [])
    try:
        with httpx.Client(base_url=base, timeout=30.0) as c:
            token = _login(c, coder, setup.password)
            k = 0
            while not stop.is_set() and mine:
                page = _timed(tally, c, "GET", f"/jobs/{job}/code", 200)
                found = DOC_ID.search(page.text) if page is not None else None
                doc = int(found.group(1)) if found else mine[k % len(mine)]  # all done: re-save in turn
                values = {"union": str(k % 2), "tone": str(k % 3 - 1), "genre": GENRES[k % len(GENRES)],
                          "csrf_token": token}
                r = _timed(tally, c, "POST", f"/jobs/{job}/units/{doc}", 303, data=values)
                if r is not None and r.status_code == 303:
                    tally.saves += 1
                k += 1
    except Exception as exc:
        tally.errors.append(f"coder: {exc!r}")


def _percentile(sorted_ms: list[float], q: float) -> float:
    if not sorted_ms:
        return 0.0
    index = min(len(sorted_ms) - 1, max(0, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[index]


def bench_load(project_root: Path, seconds: float, readers: int, coders: int) -> dict[str, Any]:
    """Run `readers` + `coders` concurrent clients for `seconds` against a fresh server; latency figures in ms.

    Returns requests, errors (count), error_samples, p50_ms, p95_ms, p99_ms, max_ms, requests_per_s, saves,
    which pages and API endpoints were read, and per route (ids folded) its requests, p50_ms and p95_ms."""
    root = Path(project_root)
    setup = _prepare(root, coders)
    log = Path(tempfile.mkstemp(prefix="regionlens-load-", suffix=".log")[1])
    process = None
    try:
        process, base = _start_server(root, log)
        pages, api = _reachable(base, setup)
        if not pages and not api:
            raise RuntimeError("no read page answered 200")
        stop = threading.Event()
        tallies: list[Tally] = []
        threads: list[threading.Thread] = []
        for i in range(readers):
            use_api = bool(api) and (i % 2 == 1 or not pages)
            tally = Tally()
            tallies.append(tally)
            threads.append(threading.Thread(target=_reader, args=(base, setup, api if use_api else pages, use_api,
                                                                  stop, tally)))
        for coder in setup.coders if setup.job_id is not None else []:
            tally = Tally()
            tallies.append(tally)
            threads.append(threading.Thread(target=_coder, args=(base, setup, coder, stop, tally)))
        for t in threads:
            t.start()
        # logins (argon2) happen before the window: the clock starts once every client has made a request
        warm = time.monotonic() + 60
        while any(not t.latencies and not t.errors for t in tallies) and time.monotonic() < warm:
            time.sleep(0.02)
        marks = [len(t.latencies) for t in tallies]
        started = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        elapsed = time.perf_counter() - started
        hung = sum(t.is_alive() for t in threads)
    finally:
        if process is not None:
            _stop_server(process)
        _cleanup(root, setup)
    timed = [(p, 1000 * x) for t, m in zip(tallies, marks, strict=True) for p, x in zip(t.paths[m:], t.latencies[m:],
                                                                                         strict=True)]
    latencies = sorted(x for _, x in timed)
    by_route: dict[str, list[float]] = {}
    for route, ms in timed:
        by_route.setdefault(route, []).append(ms)
    routes = {route: {"requests": len(v), "p50_ms": round(_percentile(sorted(v), 0.5), 1),
                      "p95_ms": round(_percentile(sorted(v), 0.95), 1)} for route, v in sorted(by_route.items())}
    errors = [e for t in tallies for e in t.errors]
    if hung:
        errors.append(f"{hung} client(s) still waiting at the end")
    server_log = log.read_text(encoding="utf-8", errors="replace")
    log.unlink(missing_ok=True)
    if "Traceback" in server_log:
        errors.append("the server logged a traceback: " + server_log[server_log.index("Traceback"):][:500])
    return {
        "seconds": round(elapsed, 2), "readers": readers, "coders": len(setup.coders),
        "requests": len(latencies), "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "errors": len(errors), "error_samples": errors[:5],
        "p50_ms": round(_percentile(latencies, 0.50), 1), "p95_ms": round(_percentile(latencies, 0.95), 1),
        "p99_ms": round(_percentile(latencies, 0.99), 1), "max_ms": round(latencies[-1], 1) if latencies else 0.0,
        "saves": sum(t.saves for t in tallies), "pages": pages, "api": api, "routes": routes,
    }


if __name__ == "__main__":
    import json

    args = sys.argv[1:]
    if not args:
        print("usage: python -m bench.load PROJECT [SECONDS READERS CODERS]", file=sys.stderr)
        raise SystemExit(2)
    numbers = [float(a) for a in args[1:4]] + [10.0, 8.0, 2.0][len(args) - 1:]
    print(json.dumps(bench_load(Path(args[0]), numbers[0], int(numbers[1]), int(numbers[2])), ensure_ascii=False))
