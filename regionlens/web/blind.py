"""Blind coding across the whole application: which publications' codes a coder must not see.

The coding page shows a unit's automatic codes only when its job allows it,
and adjudicated `gold` codes would reveal the other coders' outcome. Hiding
every code of a coder's own units, in any job, on the publication page and in
the API keeps neither from being a way round that rule.
"""

from __future__ import annotations

from sqlalchemy import Engine, select

from regionlens.store.schema import job_units
from regionlens.web.auth import User


def hidden_documents(engine: Engine, user: User) -> set[int]:
    """Documents whose codes `user` must not see: a coder's own coding units (admins and viewers see all)."""
    if user.role != "coder":
        return set()
    with engine.connect() as conn:
        return {int(d) for d in conn.execute(select(job_units.c.document_id).where(
            job_units.c.coder == user.username).distinct()).scalars()}
