"""API tokens for scripts: a random secret shown once, stored only as its SHA-256.

A leaked database then gives no working token; a token is revoked by deleting
its row, and it dies with its user (the foreign key cascades), with a password
change and with `regionlens user disable` (both delete the user's tokens; a
deactivated account is also refused at lookup). Tokens are identified in listings
by the first characters of their hash, which says nothing about the secret.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from regionlens.accounts.users import User, UserError, user_from_row
from regionlens.store.schema import api_tokens, users

PREFIX = "rl_"
ID_LENGTH = 12
MAX_NAME = 100


class TokenError(ValueError):
    """A token that cannot be created or revoked; the message is for the user (Russian)."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: str  # the first ID_LENGTH characters of the hash
    username: str
    role: str
    name: str
    created_at: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(engine: Engine, username: str, name: str) -> str:
    """A new token for an active user; the plain token is returned here and never again."""
    name = name.strip()
    if not name:
        raise TokenError("Укажите название токена (--name), чтобы потом его можно было найти и отозвать.")
    if len(name) > MAX_NAME:
        raise TokenError(f"Название токена длиннее {MAX_NAME} символов.")
    with engine.begin() as conn:
        user = conn.execute(select(users.c.id, users.c.active).where(users.c.username == username)).first()
        if user is None or not user.active:
            raise UserError(f"Пользователь «{username}» не найден или отключён.")
        taken = conn.execute(select(api_tokens.c.token_hash).where(
            api_tokens.c.user_id == user.id, api_tokens.c.name == name)).first()
        if taken is not None:
            raise TokenError(f"У пользователя «{username}» уже есть токен «{name}»; выберите другое название "
                             "или отзовите старый.")
        token = PREFIX + secrets.token_urlsafe(32)
        conn.execute(insert(api_tokens).values(token_hash=hash_token(token), user_id=user.id, name=name,
                                               created_at=datetime.now(UTC)))
    return token


def list_tokens(engine: Engine, username: str | None = None) -> list[TokenInfo]:
    """Every token (of one user if given), oldest first; secrets are not recoverable, only ids are shown."""
    query = (select(api_tokens.c.token_hash, api_tokens.c.name, api_tokens.c.created_at, users.c.username, users.c.role)
             .select_from(api_tokens.join(users, users.c.id == api_tokens.c.user_id))
             .order_by(api_tokens.c.created_at, users.c.username, api_tokens.c.name))
    if username is not None:
        query = query.where(users.c.username == username)
    with engine.connect() as conn:
        return [TokenInfo(r.token_hash[:ID_LENGTH], r.username, r.role, r.name, _aware(r.created_at))
                for r in conn.execute(query)]


def revoke_token(engine: Engine, token_id: str) -> TokenInfo:
    """Delete the token whose id (hash prefix, at least 8 characters) is given; returns what was revoked."""
    token_id = token_id.strip().lower()
    if len(token_id) < 8 or any(c not in "0123456789abcdef" for c in token_id):
        raise TokenError(f"«{token_id}» — не идентификатор токена: нужны первые символы из `regionlens token list`.")
    matches = [t for t in list_tokens(engine) if t.id.startswith(token_id[:ID_LENGTH])]
    if not matches:
        raise TokenError(f"Токен {token_id} не найден.")
    if len(matches) > 1:
        raise TokenError(f"Идентификатору {token_id} соответствуют несколько токенов; укажите его полностью.")
    with engine.begin() as conn:
        conn.execute(delete(api_tokens).where(api_tokens.c.token_hash.startswith(matches[0].id, autoescape=True)))
    return matches[0]


def user_for_token(engine: Engine, token: str) -> User | None:
    """The active user a presented token belongs to, or None (unknown, revoked, or account disabled)."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    with engine.connect() as conn:
        row = conn.execute(select(users).select_from(users.join(api_tokens, api_tokens.c.user_id == users.c.id))
                           .where(api_tokens.c.token_hash == hash_token(token), users.c.active == 1)).first()
    return user_from_row(row) if row is not None else None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


__all__ = ["TokenError", "TokenInfo", "create_token", "hash_token", "list_tokens", "revoke_token", "user_for_token"]
