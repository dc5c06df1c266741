"""The blind-coding policy for the web layer: `regionlens.accounts.blind` decides, this adapts it to a User."""

from __future__ import annotations

from sqlalchemy import Engine

from regionlens.accounts.blind import BlindScope, blind_scope
from regionlens.web.auth import User


def scope_of(engine: Engine, user: User) -> BlindScope:
    """The publications whose codes `user` must not see, and the rules that follow from them."""
    return blind_scope(engine, user.username, user.role)


def hidden_documents(engine: Engine, user: User) -> set[int]:
    """Documents whose codes `user` must not see (kept for callers that only need the set)."""
    return set(scope_of(engine, user).hidden)


__all__ = ["BlindScope", "hidden_documents", "scope_of"]
