"""Login, logout and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from regionlens.web.auth import optional_user, set_language, verify
from regionlens.web.csrf import session_token
from regionlens.web.i18n import LANGS
from regionlens.web.render import render

router = APIRouter()


def safe_next(value: object, default: str = "/jobs") -> str:
    """A local path to return to; anything that could leave the site becomes `default`."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/")
def index(request: Request) -> Response:
    return RedirectResponse("/jobs" if optional_user(request) else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request) -> Response:
    if optional_user(request) is not None:
        return RedirectResponse("/jobs", status_code=303)
    return render(request, "login.html", {"error_key": None, "username": ""})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    checks = [(request.app.state.login_limiter, _client(request))]
    if username:
        checks.append((request.app.state.account_limiter, username.lower()))
    blocked = [limiter.retry_after(key) for limiter, key in checks if limiter.blocked(key)]
    if blocked:
        response = render(request, "login.html", {"error_key": "login_too_many", "username": username},
                          status_code=429)
        response.headers["Retry-After"] = str(max(blocked))
        return response
    # argon2 takes ~0.1 s and releases the GIL: off the event loop, a login does not stall other users' pages
    user = None
    if username and password:
        user = await run_in_threadpool(verify, request.app.state.engine, username, password)
    if user is None:
        for limiter, key in checks:
            limiter.failed(key)
        return render(request, "login.html", {"error_key": "login_failed", "username": username}, status_code=401)
    for limiter, key in checks:
        limiter.succeeded(key)
    # A fresh session on login: nothing set before authentication (fixation) survives it.
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["key"] = user.session_key
    request.session["lang"] = user.language
    session_token(request)
    return RedirectResponse("/jobs", status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    lang = request.session.get("lang")
    request.session.clear()
    if lang in LANGS:
        request.session["lang"] = lang
    return RedirectResponse("/login", status_code=303)


@router.post("/lang")
async def switch_language(request: Request) -> Response:
    form = await request.form()
    lang = form.get("lang")
    if isinstance(lang, str) and lang in LANGS:
        request.session["lang"] = lang
        await run_in_threadpool(_remember_language, request, lang)
    return RedirectResponse(safe_next(form.get("next"), "/"), status_code=303)


def _remember_language(request: Request, lang: str) -> None:
    user = optional_user(request)
    if user is not None:
        set_language(request.app.state.engine, user.id, lang)
