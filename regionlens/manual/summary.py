"""What the report's methods section says about manual coding: jobs, reliability, gold codes.

A plain JSON-ready dict, so the report (and analysis.json) can carry it without
importing the statistics; NaN becomes None.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Engine, func, select

from regionlens.coding.codebook import Codebook
from regionlens.manual.adjudicate import GOLD
from regionlens.manual.agreement import reliability_table
from regionlens.manual.jobs import (
    codebook_changed,
    coder_values,
    get_job,
    job_units_of,
    list_jobs,
)
from regionlens.store.schema import codes


def _clean(x: Any) -> Any:
    if isinstance(x, float) and math.isnan(x):
        return None
    return x.item() if hasattr(x, "item") else x


def gold_counts(engine: Engine) -> dict[str, int]:
    """Documents with a gold value, per variable."""
    with engine.connect() as conn:
        return {r.variable: int(r.n) for r in conn.execute(
            select(codes.c.variable, func.count().label("n")).where(codes.c.coder == GOLD).group_by(codes.c.variable))}


def job_summary(engine: Engine, job_id: int | str, *, codebook: Codebook, draws: int = 1000) -> dict[str, Any]:
    """One job: coders, units, units coded by several coders, and alpha with CI and verdict per variable.

    The variables' levels come from the project's `codebook`; `codebook_changed` says whether it (or the
    gazetteer or catalogue behind its hash) was edited after the job was created."""
    job = get_job(engine, job_id)
    plan = job_units_of(engine, job["id"])
    counts: dict[int, int] = {}
    for units in plan.values():
        for u in units:
            counts[u] = counts.get(u, 0) + 1
    long = coder_values(engine, job["id"])
    table = reliability_table(long, codebook, draws=draws) if not long.empty else None
    rows = [] if table is None else [
        {k: _clean(v) for k, v in r.items()} for r in table.to_dict("records")]
    return {"id": job["id"], "name": job["name"], "coders": job["coders"], "variables": job["variables"],
            "units": len(counts), "shared_units": sum(1 for n in counts.values() if n >= 2),
            "sampling": {k: job["config"].get(k) for k in ("sample_size", "overlap", "strata", "seed", "date_from",
                                                            "date_to", "codebook_version")},
            "codebook_changed": codebook_changed(job, codebook),
            "reliability": rows}


def methods_summary(engine: Engine, *, codebook: Codebook, draws: int = 1000) -> dict[str, Any]:
    """Every job's summary (against the project's `codebook`) and the gold-code counts."""
    return {"jobs": [job_summary(engine, j["id"], codebook=codebook, draws=draws) for j in list_jobs(engine)],
            "gold": gold_counts(engine)}
