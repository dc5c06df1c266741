"""Blind coding, decided in one place: which publications' codes a caller must not see, and what follows.

A coder must not learn the automatic codes, the adjudicated `gold` codes or another coder's values of the
units they code — not on the unit's own page, and not by narrowing a search, an aggregate or a filter
until the answer can only be about that unit. So for a coder every route computes as if those codes did
not exist: the publications whose codes are hidden are left out of everything that is computed from
codes (search results and facets, dashboard figures and examples, API filters on topics and regions),
and their own pages show no codes. Hidden are the coder's units in every job (admins and viewers code
nothing blind and see everything) and every publication of the same reprint cluster, because a reprint
carries the same codes as its original.

As a second line, an aggregate whose period, source, country and level take in one of the caller's
hidden units but leave fewer than MIN_CELL visible publications is withheld: such a small cell next to a
blind unit is most likely its undetected duplicate or follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, select, true, union

from regionlens.accounts.users import User
from regionlens.store.schema import job_units, reprints

# The smallest number of visible publications an aggregate next to a coder's hidden unit may describe.
MIN_CELL = 5
# Only this role codes blind; admins adjudicate (they must see every coder's values), viewers code nothing.
BLIND_ROLE = "coder"


# Up to this many hidden publications are written into SQL as a list; beyond it (a coder with tens of
# thousands of units over many jobs) the list is computed by the database, clear of SQLite's variable limit.
LIST_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class BlindScope:
    """The publications whose codes one caller must not see (empty for admins and viewers)."""

    hidden: frozenset[int] = frozenset()
    coder: str | None = None  # whose units they are, for the database-side list

    def __bool__(self) -> bool:
        return bool(self.hidden)

    def sees_codes(self, document_id: int) -> bool:
        return document_id not in self.hidden

    def visible(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """A condition on a document-id column: the publication's codes may be used for this caller."""
        if not self.hidden:
            return true()
        if len(self.hidden) <= LIST_LIMIT or self.coder is None:
            return column.not_in(sorted(self.hidden))
        return column.not_in(_hidden_query(self.coder))

    def withhold(self, hidden_in_scope: int, visible: int) -> bool:
        """Whether an aggregate is withheld: it takes in hidden units yet only a few visible publications."""
        return bool(self.hidden) and hidden_in_scope > 0 and visible < MIN_CELL


OPEN = BlindScope()


def _hidden_query(coder: str) -> Select[Any]:
    """The hidden publications of a coder as one query: their units, and every member and original of the
    reprint clusters those units belong to."""
    units = select(job_units.c.document_id).where(job_units.c.coder == coder)
    clusters = select(reprints.c.cluster_id).where(reprints.c.document_id.in_(units))
    mates = select(reprints.c.document_id).where(reprints.c.cluster_id.in_(clusters))
    originals = select(reprints.c.original_id).where(reprints.c.cluster_id.in_(clusters))
    return select(union(units, mates, originals).subquery().c[0])


def blind_scope(engine: Engine, username: str, role: str) -> BlindScope:
    """The caller's scope: for a coder, their units in any job and every publication of the same reprint
    cluster as one of them."""
    if role != BLIND_ROLE:
        return OPEN
    with engine.connect() as conn:
        hidden = frozenset(int(d) for d in conn.execute(_hidden_query(username)).scalars())
    return BlindScope(hidden, username)


__all__ = ["MIN_CELL", "OPEN", "BlindScope", "blind_scope"]


def scope_of(engine: Engine, user: User) -> BlindScope:
    """The blind scope of a logged-in user (a page's or a token's), as every route applies it."""
    return blind_scope(engine, user.username, user.role)


def hidden_documents(engine: Engine, user: User) -> set[int]:
    """Documents whose codes `user` must not see (for callers that only need the set)."""
    return set(scope_of(engine, user).hidden)
