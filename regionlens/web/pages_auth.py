"""Login, logout and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

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
async def index(request: Request) -> Response:
    return RedirectResponse("/jobs" if optional_user(request) else "/login", status_code=303)


@router.get("/login")
async def login_page(request: Request) -> Response:
    if optional_user(request) is not None:
        return RedirectResponse("/jobs", status_code=303)
    return render(request, "login.html", {"error_key": None, "username": ""})


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    limiter = request.app.state.login_limiter
    client = _client(request)
    if limiter.blocked(client):
        response = render(request, "login.html", {"error_key": "login_too_many", "username": username},
                          status_code=429)
        response.headers["Retry-After"] = str(limiter.retry_after(client))
        return response
    user = verify(request.app.state.engine, username, password) if username and password else None
    if user is None:
        limiter.failed(client)
        return render(request, "login.html", {"error_key": "login_failed", "username": username}, status_code=401)
    limiter.succeeded(client)
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
        user = optional_user(request)
        if user is not None:
            set_language(request.app.state.engine, user.id, lang)
    return RedirectResponse(safe_next(form.get("next"), "/"), status_code=303)
