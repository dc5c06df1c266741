"""Rendering a page with what every template needs: the user, strings, language and CSRF token."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from regionlens.accounts.users import User
from regionlens.messages import translate
from regionlens.web.auth import optional_user
from regionlens.web.csrf import session_token
from regionlens.web.i18n import load_web_strings, pick_lang

# Context entries that carry a message from the core (an exception's text) rather than template wording.
MESSAGE_KEYS = ("error", "detail", "message", "notice")


def request_lang(request: Request) -> str:
    return pick_lang(request.session.get("lang"))


def render(request: Request, template: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200, user: User | None = None) -> HTMLResponse:
    lang = request_lang(request)
    ctx: dict[str, Any] = {
        "t": load_web_strings(lang),
        "lang": lang,
        "csrf_token": session_token(request),
        "user": user if user is not None else optional_user(request),
    }
    ctx.update(context or {})
    for key in MESSAGE_KEYS:  # backend messages are written in Russian; the reader may have chosen English
        if isinstance(ctx.get(key), str):
            ctx[key] = translate(ctx[key], lang)
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, template, ctx, status_code=status_code)
    return response
