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

from sqlalchemy import ColumnElement, Engine, select, true

from regionlens.store.schema import job_units, reprints

# The smallest number of visible publications an aggregate next to a coder's hidden unit may describe.
MIN_CELL = 5
# Only this role codes blind; admins adjudicate (they must see every coder's values), viewers code nothing.
BLIND_ROLE = "coder"


@dataclass(frozen=True, slots=True)
class BlindScope:
    """The publications whose codes one caller must not see (empty for admins and viewers)."""

    hidden: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.hidden)

    def sees_codes(self, document_id: int) -> bool:
        return document_id not in self.hidden

    def visible(self, column: ColumnElement[int]) -> ColumnElement[bool]:
        """A condition on a document-id column: the publication's codes may be used for this caller."""
        return column.not_in(sorted(self.hidden)) if self.hidden else true()

    def withhold(self, hidden_in_scope: int, visible: int) -> bool:
        """Whether an aggregate is withheld: it takes in hidden units yet only a few visible publications."""
        return bool(self.hidden) and hidden_in_scope > 0 and visible < MIN_CELL


OPEN = BlindScope()


def blind_scope(engine: Engine, username: str, role: str) -> BlindScope:
    """The caller's scope: for a coder, their units in any job and every publication of the same reprint
    cluster as one of them."""
    if role != BLIND_ROLE:
        return OPEN
    units = select(job_units.c.document_id).where(job_units.c.coder == username)
    clusters = select(reprints.c.cluster_id).where(reprints.c.document_id.in_(units))
    with engine.connect() as conn:
        own = {int(d) for d in conn.execute(units.distinct()).scalars()}
        mates = {int(d) for d in conn.execute(select(reprints.c.document_id).where(
            reprints.c.cluster_id.in_(clusters))).scalars()}
        originals = {int(d) for d in conn.execute(select(reprints.c.original_id).where(
            reprints.c.cluster_id.in_(clusters))).scalars()}
    return BlindScope(frozenset(own | mates | originals))


__all__ = ["MIN_CELL", "OPEN", "BlindScope", "blind_scope"]
