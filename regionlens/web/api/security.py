"""Who is calling the API: a bearer token (scripts) or the browser session (the web pages' own scripts).

The role rules are those of the pages: a viewer reads, a coder reads and codes
only their own units, an admin does everything. A session may change data
only with the session's CSRF token in `X-CSRF-Token`, because a browser sends
the cookie on its own; a bearer token is never sent by a browser unasked, so
it needs no CSRF token. A malformed or unknown token is refused outright
rather than falling back to the session, so a script never acts as whoever
happens to be logged in.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from regionlens.accounts.tokens import user_for_token
from regionlens.accounts.users import ROLES, User
from regionlens.web.auth import session_user
from regionlens.web.csrf import HEADER, SAFE_METHODS

bearer = HTTPBearer(auto_error=False, scheme_name="token",
                    description="Токен API: `regionlens token create ИМЯ --name НАЗВАНИЕ`.")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _unauthorised(message: str) -> HTTPException:
    return HTTPException(status_code=401, detail=message, headers=CHALLENGE)


def api_user(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> User:
    """FastAPI dependency: the caller, or 401 (no credentials, bad token) / 403 (session without CSRF token)."""
    if credentials is not None:
        user = user_for_token(request.app.state.engine, credentials.credentials)
        if user is None:
            raise _unauthorised("Токен API неизвестен, отозван или его пользователь отключён.")
        return user
    if request.headers.get("authorization"):
        raise _unauthorised("Заголовок Authorization должен иметь вид «Bearer <токен>».")
    user = session_user(request)
    if user is None:
        raise _unauthorised("Нужна аутентификация: заголовок «Authorization: Bearer <токен>» или вход в веб-интерфейс.")
    if request.method not in SAFE_METHODS:
        expected = request.session.get("csrf")
        sent = request.headers.get(HEADER)
        if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
            raise HTTPException(status_code=403, detail=f"Изменение через сессию браузера требует заголовка {HEADER}.")
    return user


ROLE_NAMES = {"admin": "администратор", "coder": "кодировщик", "viewer": "наблюдатель"}


def require_role(*roles: str) -> Callable[..., User]:
    """A dependency admitting only the given roles (403 with the roles named)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    allowed = ", ".join(ROLE_NAMES[r] for r in roles)

    def dependency(user: User = Depends(api_user)) -> User:
        if user.role not in roles:
            raise HTTPException(status_code=403, detail=f"Недостаточно прав: нужна роль {allowed}.")
        return user

    return dependency


reader = api_user
coder_or_admin = require_role("admin", "coder")
admin_only = require_role("admin")

__all__ = ["admin_only", "api_user", "coder_or_admin", "reader", "require_role"]
