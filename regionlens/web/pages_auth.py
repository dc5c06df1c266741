"""Login, logout and the language switch.

A login first reserves an attempt with the throttle (per address and per account, in the store), then
checks the password. A browser that has logged in to an account before carries a signed «known browser»
cookie naming it; such a browser is throttled per address only, so an attacker's failures on the account
cannot lock its owner out.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool

from regionlens.accounts.names import username_key
from regionlens.accounts.throttle import Key, LoginThrottle, account_key, address_key
from regionlens.accounts.users import set_language, verify
from regionlens.web.auth import SESSION_ID, optional_user
from regionlens.web.csrf import session_token
from regionlens.web.i18n import LANGS
from regionlens.web.render import render

router = APIRouter()


def safe_next(value: object, default: str = "/jobs") -> str:
    """A local path to return to; anything that could leave the site becomes `default`."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


KNOWN_COOKIE = "regionlens_known"
KNOWN_MAX_AGE = 180 * 24 * 3600
KNOWN_LIMIT = 5  # accounts remembered per browser


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt="regionlens-known-browser")


def _known_accounts(request: Request) -> list[str]:
    raw = request.cookies.get(KNOWN_COOKIE)
    if not raw or len(raw) > 4096:
        return []
    try:
        value: Any = _signer(request).loads(raw, max_age=KNOWN_MAX_AGE)
    except BadSignature:
        return []
    return [str(v) for v in value][:KNOWN_LIMIT] if isinstance(value, list) else []


def _remember_browser(request: Request, response: Response, account: str) -> None:
    known = [account] + [a for a in _known_accounts(request) if a != account]
    response.set_cookie(KNOWN_COOKIE, _signer(request).dumps(known[:KNOWN_LIMIT]), max_age=KNOWN_MAX_AGE,
                        httponly=True, samesite="lax", secure=bool(request.app.state.secure_cookies))


def _keys(request: Request, username: str) -> tuple[list[Key], Key | None]:
    """What this attempt counts against: the address always, the account unless this browser knows it."""
    keys = [address_key(_client(request))]
    account = account_key(username_key(username)) if username else None
    if account is not None and username_key(username) not in _known_accounts(request):
        keys.append(account)
    return keys, account


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
    username = username[:200]
    throttle: LoginThrottle = request.app.state.throttle
    keys, account = _keys(request, username)
    # Counted before the password is checked: a burst of guesses gets no more checks than the limit.
    wait = await run_in_threadpool(throttle.reserve, keys)
    if wait:
        response = render(request, "login.html", {"error_key": "login_too_many", "username": username},
                          status_code=429)
        response.headers["Retry-After"] = str(int(wait))
        return response
    # argon2 takes ~0.1 s and releases the GIL: off the event loop, a login does not stall other users' pages
    user = None
    if username and password:
        user = await run_in_threadpool(verify, request.app.state.engine, username, password)
    if user is None or account is None:
        return render(request, "login.html", {"error_key": "login_failed", "username": username}, status_code=401)
    await run_in_threadpool(throttle.succeeded, account, [k for k in keys if k != account])
    # A fresh session on login: nothing set before authentication (fixation) survives it.
    await run_in_threadpool(request.app.state.sessions.end, request.session.get(SESSION_ID))
    request.session.clear()
    request.session[SESSION_ID] = await run_in_threadpool(request.app.state.sessions.create, user.id)
    request.session["lang"] = user.language
    session_token(request)
    redirect = RedirectResponse("/jobs", status_code=303)
    _remember_browser(request, redirect, username_key(user.username))
    return redirect


@router.post("/logout")
async def logout(request: Request) -> Response:
    lang = request.session.get("lang")
    await run_in_threadpool(request.app.state.sessions.end, request.session.get(SESSION_ID))
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
