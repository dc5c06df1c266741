"""Request helpers of the pages: who is logged in, and role checks as FastAPI dependencies.

Accounts themselves (users, password hashes, roles) are `regionlens.accounts.users`;
sessions are `regionlens.accounts.sessions`. This module only reads them for a request.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

from regionlens.accounts.sessions import SessionStore
from regionlens.accounts.users import ROLES, User, get_user

SESSION_ID = "sid"  # the key of the server-side session's id in the signed session cookie


class LoginRequired(Exception):
    """Raised by page dependencies when nobody is logged in; the app turns it into a redirect to /login."""


def session_user(request: Request) -> User | None:
    """The active user of the request's server-side session, or None (no session, ended, timed out)."""
    if "session" not in request.scope:
        return None
    store: SessionStore | None = getattr(request.app.state, "sessions", None)
    if store is None:
        return None
    user_id = store.user_id(request.session.get(SESSION_ID))
    return get_user(request.app.state.engine, user_id) if user_id is not None else None


def current_user(request: Request) -> User:
    """FastAPI dependency: the logged-in user, or LoginRequired."""
    user = session_user(request)
    if user is None:
        request.session.pop(SESSION_ID, None)
        raise LoginRequired()
    return user


def optional_user(request: Request) -> User | None:
    try:
        return current_user(request)
    except LoginRequired:
        return None


def require_role(*roles: str) -> Callable[[Request], User]:
    """A dependency that admits only the given roles (403 otherwise)."""
    from fastapi import HTTPException

    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def dependency(request: Request) -> User:
        user = current_user(request)
        if user.role not in roles:
            raise HTTPException(status_code=403, detail="forbidden_role")
        return user

    return dependency
