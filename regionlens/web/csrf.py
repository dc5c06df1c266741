"""CSRF protection: one random token per session, required on every state-changing request.

The session cookie is SameSite=Lax already; the token closes the remaining
gaps (old browsers, same-site subdomains). Forms send it as the `csrf_token`
field, scripts as the `X-CSRF-Token` header.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from starlette.requests import ClientDisconnect

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_token(request: Request) -> str:
    """The session's token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def csrf_guard(request: Request) -> None:
    """App-wide dependency: refuse an unsafe request whose token is missing or wrong (403)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get(HEADER)
    if not sent:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            try:
                form = await request.form()  # cached by Starlette, the endpoint reads the same form
            except ClientDisconnect:  # gone, or cut off by the body limit (which has answered already)
                raise HTTPException(status_code=400, detail="Bad Request") from None
            value = form.get(FIELD)
            sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise HTTPException(status_code=403, detail="csrf")
