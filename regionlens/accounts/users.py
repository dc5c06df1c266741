"""User accounts: argon2 password hashes in the `users` table, roles, and the changes an admin makes.

The CLI (`regionlens user …`), the web pages and the API all manage and check
accounts through this module; password rules, name folding, sessions and
throttling are its neighbours in `regionlens.accounts`. Nothing here knows
about HTTP requests (those helpers are in `regionlens.web.auth`).

Roles are deliberately few: a viewer may look at progress but never code, a
coder codes only the units assigned to their username, an admin may do
everything, including adjudication. The coder name in a job is the username,
so a login is the only way to act as a coder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, Engine, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from regionlens.accounts.names import username_key
from regionlens.accounts.passwords import PasswordError, check_password
from regionlens.accounts.sessions import end_user_sessions
from regionlens.store.schema import api_tokens, users

ROLES = ("admin", "coder", "viewer")
LANGS = ("ru", "en")
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

    def can_code(self) -> bool:
        return self.role in ("admin", "coder")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str, username: str = "") -> None:
    try:
        check_password(password, username)
    except PasswordError as exc:
        raise UserError(str(exc)) from exc


def user_from_row(row: Any) -> User:
    """A User from a `users` row (or any row with its id, username, role and language columns)."""
    return User(int(row.id), str(row.username), str(row.role), str(row.language or "ru"))


def _end_everything(conn: Connection, user_id: int) -> None:
    """End the user's sessions and revoke their API tokens (password changed, account disabled)."""
    end_user_sessions(conn, user_id)
    conn.execute(delete(api_tokens).where(api_tokens.c.user_id == user_id))


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
    _check_password(password, username)
    key = username_key(username)
    row = {
        "username": username, "username_key": key, "password_hash": hash_password(password), "role": role,
        "language": language, "active": 1, "created_at": datetime.now(UTC),
    }
    try:
        with engine.begin() as conn:
            taken = conn.execute(select(users.c.username).where(
                or_(users.c.username_key == key, users.c.username == username))).first()
            if taken is not None:
                raise UserError(f"Пользователь «{username}» уже существует (как «{taken.username}»).")
            result = conn.execute(insert(users).values(**row))
    except IntegrityError as exc:
        raise UserError(f"Пользователь «{username}» уже существует.") from exc
    new_id = result.inserted_primary_key
    return int(new_id[0]) if new_id else 0


def _user_id(conn: Connection, username: str) -> int:
    user_id = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
    if user_id is None:
        raise UserError(f"Пользователь «{username}» не найден.")
    return int(user_id)


def set_password(engine: Engine, username: str, password: str) -> None:
    """Replace a user's password (the admin reset path of the CLI); ends their sessions and revokes their
    API tokens, because a reset usually means the old secret leaked."""
    _check_password(password, username)
    with engine.begin() as conn:
        user_id = _user_id(conn, username)
        conn.execute(update(users).where(users.c.id == user_id).values(password_hash=hash_password(password)))
        _end_everything(conn, user_id)


def set_active(engine: Engine, username: str, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions and revokes its tokens at once."""
    with engine.begin() as conn:
        user_id = _user_id(conn, username)
        conn.execute(update(users).where(users.c.id == user_id).values(active=1 if active else 0))
        if not active:
            _end_everything(conn, user_id)


def set_language(engine: Engine, user_id: int, language: str) -> None:
    if language not in LANGS:
        raise UserError(f"Язык «{language}» не поддерживается; допустимы: {', '.join(LANGS)}.")
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(language=language))


def get_user(engine: Engine, user_id: int) -> User | None:
    """The active user with this id; a deactivated account is treated as logged out."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id, users.c.active == 1)).first()
    return user_from_row(row) if row is not None else None


def find_row(conn: Connection, username: str) -> Any:
    """The active account a typed name means: the exact name, else the one whose folded name matches."""
    row = conn.execute(select(users).where(users.c.username == username, users.c.active == 1)).first()
    if row is None:
        row = conn.execute(select(users).where(users.c.username_key == username_key(username),
                                               users.c.active == 1)).first()
    return row


def verify(engine: Engine, username: str, password: str) -> User | None:
    """The user if the password matches, else None; upgrades the hash when argon2 parameters change."""
    if len(password) > 4096:
        return None  # no argon2 over a megabyte of form field
    with engine.connect() as conn:
        row = find_row(conn, username)
    stored = str(row.password_hash) if row is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    user = user_from_row(row)
    if _hasher.check_needs_rehash(stored):
        # Compare-and-set: when two logins of one user rehash at once, only the first write lands.
        with engine.begin() as conn:
            done = conn.execute(update(users).where(users.c.id == row.id, users.c.password_hash == stored)
                                .values(password_hash=hash_password(password))).rowcount
            current = conn.execute(select(users.c.password_hash).where(users.c.id == row.id)).scalar_one()
        if not done and not _matches(str(current), password):
            return None  # the password was changed meanwhile
    return user


def _matches(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def count_users(engine: Engine, *, active_only: bool = False) -> int:
    """How many accounts the project has (`serve` warns when there is none to log in with)."""
    from sqlalchemy import func

    query = select(func.count()).select_from(users)
    if active_only:
        query = query.where(users.c.active == 1)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


__all__ = [
    "LANGS", "ROLES", "USERNAME", "User", "UserError", "count_users", "create_user", "find_row", "get_user",
    "hash_password", "set_active", "set_language", "set_password", "user_from_row", "verify",
]
