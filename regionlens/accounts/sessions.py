"""Server-side sessions: the cookie carries a random id, the database the session.

A signed cookie alone cannot be taken back: a copy saved before logout stayed valid until it expired.
Here the cookie holds only a random session id (signed by Starlette's session middleware as before), and
the `web_sessions` table holds its SHA-256, the user and two times. Logout deletes the row; a password
change and a disabled account delete all of the user's rows; a session idle for IDLE seconds or older
than ABSOLUTE seconds is refused and deleted.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, delete, insert, select, update

from regionlens.store.schema import web_sessions

S = web_sessions.c
IDLE = 2 * 3600.0
ABSOLUTE = 12 * 3600.0
TOUCH_EVERY = 60.0  # last_seen is written at most this often, not on every request


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class SessionStore:
    """Creates, checks and ends sessions of one project database."""

    def __init__(self, engine: Engine, *, idle: float = IDLE, absolute: float = ABSOLUTE,
                 clock: Callable[[], float] = time.time):
        self.engine = engine
        self.idle = idle
        self.absolute = absolute
        self.clock = clock

    def create(self, user_id: int) -> str:
        """A new session for the user; returns its id (for the cookie only; the database keeps its hash)."""
        session_id = secrets.token_urlsafe(32)
        now = float(self.clock())
        with self.engine.begin() as conn:
            conn.execute(insert(web_sessions).values(id_hash=_hash(session_id), user_id=user_id, created_at=now,
                                                     last_seen=now))
            conn.execute(delete(web_sessions).where(S.last_seen < now - self.idle))  # expired ones of anybody
        return session_id

    def user_id(self, session_id: object) -> int | None:
        """The user of a live session, or None (unknown, ended, idle too long or too old)."""
        if not isinstance(session_id, str) or not 20 <= len(session_id) <= 100:
            return None
        now = float(self.clock())
        key = _hash(session_id)
        with self.engine.connect() as conn:
            row = conn.execute(select(S.user_id, S.created_at, S.last_seen).where(S.id_hash == key)).first()
        if row is None:
            return None
        if now - float(row.last_seen) > self.idle or now - float(row.created_at) > self.absolute:
            self.end(session_id)
            return None
        if now - float(row.last_seen) > TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(update(web_sessions).where(S.id_hash == key).values(last_seen=now))
        return int(row.user_id)

    def end(self, session_id: object) -> None:
        if isinstance(session_id, str):
            with self.engine.begin() as conn:
                conn.execute(delete(web_sessions).where(S.id_hash == _hash(session_id)))


def end_user_sessions(conn: Connection, user_id: int) -> None:
    """End every session of a user (password changed, account disabled), inside the caller's transaction."""
    conn.execute(delete(web_sessions).where(S.user_id == user_id))


__all__ = ["ABSOLUTE", "IDLE", "SessionStore", "end_user_sessions"]
