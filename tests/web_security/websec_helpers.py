"""Shared setup for the web-security tests: hostile documents, accounts of every role, a job,
logged-in clients, and `regionlens serve` started as a real subprocess that can be SIGKILLed."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from browser_support import free_port
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from regionlens.accounts.users import create_user
from regionlens.store.project import Project
from regionlens.store.schema import documents, job_units, metadata
from regionlens.web import create_app

PASSWORD = "correct horse 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# looked up by name: the module attribute `annotations` clashes with the __future__ import for mypy
annotation_rows = metadata.tables["annotations"]

# Own short texts; the first carries markup in title and text that every page must show as text.
TEXTS = [
    (f"{SCRIPT} {IMG} Смоленская делегация в Витебске",
     f"Губернатор Смоленской области посетил Витебск. {SCRIPT} {IMG} Подписано соглашение о поставках техники."),
    ("Брянские аграрии и Гомельщина", "Брянская область и Гомельская область договорились о совместной ярмарке."),
    ("Псков и Витебск", "Делегация Пскова обсудила в Витебске туристический маршрут."),
    ("Минский тракторный завод", "Завод отправил партию тракторов в Смоленск."),
    ("Гродно принимает гостей", "В Гродно прошёл форум регионов России и Беларуси."),
    ("Могилёв и Калуга", "Могилевская область и Калужская область подписали дорожную карту."),
]
VARIABLES = ("union", "tone", "genre")
GENRES = ("NEWS", "INTERVIEW", "ANALYSIS", "OFFICIAL")


def add_documents(engine: Engine, texts: list[tuple[str, str]] = TEXTS, tag: str = "websec") -> list[int]:
    """Documents stored as ingest stores them (with their lemma stream, so search finds them)."""
    from regionlens.text import analyse

    now = datetime.now(UTC)
    ids = []
    with engine.begin() as conn:
        for i, (title, text) in enumerate(texts):
            lemmas = analyse(title, "ru").lemma_text() + " " + analyse(text, "ru").lemma_text()
            key = conn.execute(insert(documents).values(
                title=title, text=text, content_hash=f"{tag}-{i}", lemmas=lemmas, language="ru",
                kind="media", ingested_at=now, published_at=now,
            )).inserted_primary_key
            assert key is not None
            ids.append(int(key[0]))
    return ids


def add_users(engine: Engine, coders: tuple[str, ...] = ("anna", "boris")) -> None:
    """Coders of the job, a coder outside it (carl), a viewer and an admin."""
    for name in coders:
        create_user(engine, name, PASSWORD, "coder")
    create_user(engine, "carl", PASSWORD, "coder")
    create_user(engine, "vera", PASSWORD, "viewer")
    create_user(engine, "root", PASSWORD, "admin")


def make_job(project: Project, coders: tuple[str, ...] = ("anna", "boris"), *, name: str = "пилот",
             sample_size: int = 6, overlap: float = 1.0, show_auto: bool = True) -> int:
    from regionlens.manual.jobs import JobSpec, create_job

    spec = JobSpec(name=name, variables=list(VARIABLES), coders=list(coders), sample_size=sample_size,
                   overlap=overlap, strata=None, seed=7, show_auto=show_auto)
    return int(create_job(project.engine, spec, project.codebook))


def units_of(engine: Engine, job_id: int, coder: str) -> list[int]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(job_units.c.document_id).where(
            job_units.c.job_id == job_id, job_units.c.coder == coder)).scalars())


def coding_job(project: Project, coders: tuple[str, ...], overlap: float) -> tuple[int, dict[str, list[int]]]:
    """Documents, users and a job for `coders`: the job id and each coder's units (the set-up of the
    concurrency and crash tests)."""
    engine = project.engine
    add_documents(engine)
    add_users(engine, coders=coders)
    job_id = make_job(project, coders=coders, overlap=overlap)
    return job_id, {c: units_of(engine, job_id, c) for c in coders}


def stored_values(engine: Engine, job_id: int) -> dict[tuple[str, int], dict[str, Any]]:
    """(coder, document) → {variable: value} of every saved annotation of the job."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    with engine.connect() as conn:
        for row in conn.execute(select(annotation_rows).where(annotation_rows.c.job_id == job_id)):
            out.setdefault((str(row.coder), int(row.document_id)), {})[row.variable] = json.loads(row.value)
    return out


def save_form(k: int) -> dict[str, str]:
    """The k-th save of a unit: all three values derive from k, so a mix of two saves is detectable."""
    return {"union": str(k % 2), "tone": str(k % 3 - 1), "genre": GENRES[k % len(GENRES)]}


def save_of(values: dict[str, Any]) -> tuple[int, int, str]:
    return int(values["union"]), int(values["tone"]), str(values["genre"])


def expected_of(k: int) -> tuple[int, int, str]:
    form = save_form(k)
    return int(form["union"]), int(form["tone"]), form["genre"]


def client(root: Path, **kwargs: Any) -> TestClient:
    return TestClient(create_app(root, **kwargs), base_url="https://testserver")


def csrf_of(c: TestClient | httpx.Client, path: str = "/login") -> str:
    found = CSRF.search(c.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(c: TestClient | httpx.Client, username: str, password: str = PASSWORD) -> str:
    """Log in and return the session's new CSRF token."""
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(c, "/jobs")


# ---------------------------------------------------------------- a real server process


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no rollback, no flush runs."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_server(root: Path, log: Path, timeout: float = 60.0) -> Server:
    """`regionlens serve` in its own process on a free loopback port, ready when /login answers."""
    return start_servers(root, log, 1, timeout)[0]


def start_servers(root: Path, log: Path, count: int, timeout: float = 60.0) -> list[Server]:
    """Several servers on one project, started side by side (their imports take most of the start-up)."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    servers = []
    for _ in range(count):
        port = free_port()
        fh = log.open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", "regionlens.cli.main", "serve", "--project", str(root), "--port", str(port),
             "--insecure-cookies"],
            stdout=fh, stderr=subprocess.STDOUT, env=env,
        )
        fh.close()
        servers.append(Server(process, f"http://127.0.0.1:{port}", log))
    deadline = time.monotonic() + timeout
    for server in servers:
        while True:
            if server.process.poll() is not None:
                for other in servers:
                    other.kill()
                raise AssertionError(f"server exited with {server.process.returncode}: {server.output()[-3000:]}")
            try:
                if httpx.get(server.base + "/login", timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                for other in servers:
                    other.kill()
                raise AssertionError(f"server did not start: {server.output()[-3000:]}")
            time.sleep(0.1)
    return servers


# ---------------------------------------------------------------- the routes of the application


@dataclass(frozen=True)
class RouteInfo:
    method: str
    path: str  # the path template as mounted, e.g. /jobs/{job_id}/code or /api/v1/...
    mount: str  # "" for the HTML app, else the prefix of the mounted sub-application


def app_routes(app: Any, prefix: str = "", mount: str = "") -> list[RouteInfo]:
    """Every (method, path) the application answers, through included routers and mounted sub-apps.

    StaticFiles mounts are reported as one GET route `<prefix>/{path}`; HEAD is left out where GET exists
    (Starlette adds it implicitly)."""
    from starlette.routing import Mount, Route

    out: list[RouteInfo] = []
    for route in getattr(app, "routes", []):
        if hasattr(route, "effective_route_contexts"):  # FastAPI >= 0.16x included routers
            for ctx in route.effective_route_contexts():
                original = ctx.original_route
                if isinstance(original, Mount):
                    out += _mount_routes(original, prefix + (ctx.path_format or ""), mount)
                    continue
                for method in sorted(ctx.methods or []):
                    if method != "HEAD":
                        out.append(RouteInfo(method, prefix + str(ctx.path_format), mount))
        elif isinstance(route, Mount):
            out += _mount_routes(route, prefix + route.path, mount)
        elif isinstance(route, Route) or hasattr(route, "methods"):
            for method in sorted(getattr(route, "methods", None) or []):
                if method != "HEAD":
                    out.append(RouteInfo(method, prefix + str(route.path_format), mount))
        else:
            raise AssertionError(f"unknown kind of route {route!r}: classify it in the web-security tests")
    return out


def _mount_routes(route: Any, path: str, mount: str) -> list[RouteInfo]:
    from starlette.staticfiles import StaticFiles

    if isinstance(route.app, StaticFiles):
        return [RouteInfo("GET", path + "/{path}", mount)]
    inner = getattr(route.app, "routes", None)
    if inner is None:
        raise AssertionError(f"mounted app without routes at {path}: classify it in the web-security tests")
    return app_routes(route.app, path, mount or path)
