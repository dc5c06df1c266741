"""The application factory: sessions, CSRF, security headers and error pages around the page routes.

Security choices, in one place: the session is an itsdangerous-signed cookie
(HttpOnly, SameSite=Lax, Secure unless turned off for plain-HTTP testing) that
carries only the id of a server-side session (regionlens.accounts.sessions);
request bodies are bounded before anything reads them (regionlens.web.limits);
every POST needs the session's CSRF token; the CSP forbids inline scripts and
styles, so all behaviour lives in the vendored static/app.js; pages are never
cached, because they show a coder's own values.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from regionlens.accounts.sessions import ABSOLUTE, IDLE, SessionStore
from regionlens.accounts.throttle import LoginThrottle
from regionlens.store.project import Project, open_project, private_file
from regionlens.web.api import PREFIX as API_PREFIX
from regionlens.web.api import create_api
from regionlens.web.api.app import validation_message
from regionlens.web.auth import LoginRequired
from regionlens.web.csrf import csrf_guard
from regionlens.web.limits import BodyLimit
from regionlens.web.params import bounded_path_ids
from regionlens.web.render import render

WEB_DIR = Path(__file__).resolve().parent
SECRET_FILE = "web-secret.key"
SESSION_COOKIE = "regionlens_session"
SESSION_MAX_AGE = int(ABSOLUTE)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def load_secret_key(project_root: Path) -> str:
    """The project's session key, created once with owner-only permissions so restarts keep sessions valid.

    The key is written to a private temporary file and hard-linked into place, so a second server (or test)
    starting at the same moment reads either no file or the whole key, never a half-written one.
    """
    path = Path(project_root) / SECRET_FILE
    for _ in range(3):
        try:
            key = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            key = None
        if key is not None:
            if len(key) >= 32:
                private_file(path)  # made by an older version, perhaps world-readable
                return key
            raise RuntimeError(f"{path}: ключ сессий повреждён (слишком короткий); удалите файл, он будет создан заново.")
        fresh = secrets.token_urlsafe(48)
        tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(fresh + "\n")
        try:
            os.link(tmp, path)
            return fresh
        except FileExistsError:
            continue  # another process created it first: use its key
        finally:
            tmp.unlink(missing_ok=True)
    raise RuntimeError(f"{path}: не удалось создать ключ сессий.")


def create_app(project: Project | str | Path, *, secret_key: str | None = None, secure_cookies: bool = True,
               idle_timeout: float = IDLE, absolute_timeout: float = ABSOLUTE) -> FastAPI:
    """The web application for one project: the open `Project` the caller holds (the CLI's `serve`, a test,
    a library user), whose store, codebook and paths every page and the API use.

    A folder path is still accepted and opened here, for scripts that have nothing open yet.
    """
    from regionlens.web import pages_auth, pages_coding

    if not isinstance(project, Project):
        project = open_project(project)
    app = FastAPI(title="regionlens", docs_url=None, redoc_url=None, openapi_url=None,
                  dependencies=[Depends(bounded_path_ids), Depends(csrf_guard)])
    app.state.project = project
    app.state.engine = project.engine
    app.state.templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    app.state.sessions = SessionStore(project.engine, idle=idle_timeout, absolute=absolute_timeout)
    app.state.throttle = LoginThrottle(project.engine)
    app.state.secure_cookies = secure_cookies
    app.state.secret_key = secret_key or load_secret_key(project.root)
    app.add_middleware(
        SessionMiddleware,
        secret_key=app.state.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure_cookies,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        # A path or query value out of its range (an id of twenty digits): a clear 422, never a 500.
        return render(request, "error.html", {"message_key": "error_generic", "status": 422,
                                              "detail": validation_message(exc)}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else ""
        key = {403: "error_forbidden", 404: "error_not_found", 429: "error_too_many"}.get(exc.status_code, "error_generic")
        if detail == "csrf":
            key = "error_csrf"
        # Backend messages (Russian, for the user) are shown on 400; other codes keep only the generic text.
        shown = detail if exc.status_code in (400, 413, 422) and detail not in ("", "csrf", "Bad Request") else None
        response = render(request, "error.html", {"message_key": key, "status": exc.status_code, "detail": shown},
                          status_code=exc.status_code)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")
    app.include_router(pages_auth.router)
    app.include_router(pages_coding.router)
    from regionlens.web import pages_dashboard, pages_search, pages_sources  # dashboard, search, sources

    app.include_router(pages_dashboard.router)
    app.include_router(pages_search.router)
    app.include_router(pages_sources.router)
    # the REST API, its own JSON errors and token auth; browser scripts use the pages' sessions
    app.mount(API_PREFIX, create_api(project, app.state.sessions))
    app.add_middleware(BodyLimit)  # added last: the outermost, ahead of sessions, CSRF and authentication
    return app


__all__ = ["create_app", "load_secret_key"]
