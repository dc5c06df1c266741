"""Accounts of the web application: argon2 password hashes in the `users` table and role checks.

Roles are deliberately few: a viewer may look at progress but never code, a
coder codes only the units assigned to their username, an admin may do
everything, including adjudication. The coder name in a job is the username,
so a login is the only way to act as a coder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request

from regionlens.store.schema import users

ROLES = ("admin", "coder", "viewer")
LANGS = ("ru", "en")
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("regionlens-no-such-user")


class UserError(ValueError):
    """A user that cannot be created or changed; the message is for the user (Russian)."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: str
    language: str
    # Changes with the password hash: a session carries it, so a password reset ends every open session
    # (signed-cookie sessions cannot be revoked on the server otherwise).
    session_key: str = ""

    def can_code(self) -> bool:
        return self.role in ("admin", "coder")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD} символов.")


def _session_key(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:24]


def _row_user(row: Any) -> User:
    return User(int(row.id), str(row.username), str(row.role), str(row.language or "ru"),
                _session_key(str(row.password_hash)))


def create_user(engine: Engine, username: str, password: str, role: str, language: str = "ru") -> int:
    """Add an account and return its id; a taken name or a bad role is a UserError, not a crash."""
    if not USERNAME.match(username):
        raise UserError(
            f"Недопустимое имя пользователя «{username}»: латинские буквы, цифры и . _ - @, не длиннее 64 символов."
        )
    if role not in ROLES:
        raise UserError(f"Неизвестная роль «{role}»; допустимы: {', '.join(ROLES)}.")
    if language not in LANGS:
        raise UserError(f"Язык «{language}» не поддерживается; допустимы: {', '.join(LANGS)}.")
    _check_password(password)
    row = {
        "username": username, "password_hash": hash_password(password), "role": role,
        "language": language, "active": 1, "created_at": datetime.now(UTC),
    }
    try:
        with engine.begin() as conn:
            result = conn.execute(insert(users).values(**row))
    except IntegrityError as exc:
        raise UserError(f"Пользователь «{username}» уже существует.") from exc
    key = result.inserted_primary_key
    return int(key[0]) if key else 0


def set_password(engine: Engine, username: str, password: str) -> None:
    """Replace a user's password (the admin reset path of the CLI)."""
    _check_password(password)
    with engine.begin() as conn:
        done = conn.execute(
            update(users).where(users.c.username == username).values(password_hash=hash_password(password))
        ).rowcount
    if not done:
        raise UserError(f"Пользователь «{username}» не найден.")


def set_language(engine: Engine, user_id: int, language: str) -> None:
    if language not in LANGS:
        raise UserError(f"Язык «{language}» не поддерживается; допустимы: {', '.join(LANGS)}.")
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(language=language))


def get_user(engine: Engine, user_id: int) -> User | None:
    """The active user with this id; a deactivated account is treated as logged out."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id, users.c.active == 1)).first()
    return _row_user(row) if row is not None else None


def verify(engine: Engine, username: str, password: str) -> User | None:
    """The user if the password matches, else None; upgrades the hash when argon2 parameters change."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username, users.c.active == 1)).first()
    stored = str(row.password_hash) if row is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    user = _row_user(row)
    if _hasher.check_needs_rehash(stored):
        # The session key follows the stored hash, so the key handed out must be that of the hash now stored.
        # Compare-and-set: when two logins of one user rehash at once, only the first write lands and the
        # other adopts it, instead of each ending the other's fresh session.
        with engine.begin() as conn:
            done = conn.execute(update(users).where(users.c.id == row.id, users.c.password_hash == stored)
                                .values(password_hash=hash_password(password))).rowcount
            current = conn.execute(select(users.c.password_hash).where(users.c.id == row.id)).scalar_one()
        if not done and not _matches(str(current), password):
            return None  # the password was changed meanwhile
        user = User(user.id, user.username, user.role, user.language, _session_key(str(current)))
    return user


def _matches(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# ---------------------------------------------------------------- request helpers


class LoginRequired(Exception):
    """Raised by page dependencies when nobody is logged in; the app turns it into a redirect to /login."""


def current_user(request: Request) -> User:
    """FastAPI dependency: the logged-in user, or LoginRequired."""
    user_id = request.session.get("user_id")
    user = get_user(request.app.state.engine, int(user_id)) if isinstance(user_id, int) else None
    if user is None or request.session.get("key") != user.session_key:
        request.session.pop("user_id", None)
        request.session.pop("key", None)
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
