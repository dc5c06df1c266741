"""What the reprint stage leaves behind besides its clusters: that it ran, and over how many publications.

An empty `reprints` table means either «no reprints found» or «never
searched»; the report must not turn the second into «0 % reprints». Each run
of the stage (sequential or parallel) records its scope in `meta` under one
key, and the analysis reads it back as a `ReprintScope`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select

from regionlens.store.schema import meta, reprints


@dataclass(frozen=True, slots=True)
class ReprintScope:
    """Whether near-duplicate search ran, and over how many publications.

    `checked` None means the frame's reprint links are taken as complete (a
    frame built from records or the demo's ground truth); a number is what the
    reprint stage recorded it compared.
    """

    measured: bool = True
    checked: int | None = None
    dated_only: bool = False  # the stage compared dated publications only: every dated one was checked


NOT_MEASURED = ReprintScope(measured=False, checked=0)

KEY = "reprints_run"


def record_reprint_run(
    conn: Connection, checked: int, *, threshold: float, window_days: int, dated_only: bool = True
) -> None:
    """Store the scope of the run that just replaced the clusters (same transaction).

    `dated_only`: the stage streamed only publications with a date (true of the stage today).
    """
    value = {"checked": int(checked), "dated_only": bool(dated_only), "threshold": float(threshold),
             "window_days": int(window_days),
             "at": datetime.now(UTC).isoformat(timespec="seconds")}
    conn.execute(delete(meta).where(meta.c.key == KEY))
    conn.execute(insert(meta).values(key=KEY, value=json.dumps(value)))


def reprint_scope(engine: Engine) -> ReprintScope:
    """The recorded scope; a project clustered before runs were recorded counts as measured, scope unknown."""
    with engine.connect() as conn:
        raw = conn.execute(select(meta.c.value).where(meta.c.key == KEY)).scalar()
        if raw is None:
            has_clusters = bool(conn.execute(select(func.count()).select_from(reprints)).scalar())
            # clustered before runs were recorded: that stage version compared dated publications only
            return ReprintScope(measured=True, checked=None, dated_only=True) if has_clusters else NOT_MEASURED
    try:
        data = json.loads(raw)
        checked, dated_only = int(data["checked"]), bool(data.get("dated_only", True))
    except (ValueError, KeyError, TypeError):
        return ReprintScope(measured=True, checked=None, dated_only=True)
    return ReprintScope(measured=True, checked=checked, dated_only=dated_only)
