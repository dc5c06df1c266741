"""Adjudication: disagreements between coders, gold values, and the gold file for validation.

Gold values are ordinary rows of `codes` with coder «gold», stored in the same
JSON form as automatic codes, so `regionlens validate`, the classifiers and
the report read them without a separate table. The evidence column records
who decided and in which job, so every gold value can be traced.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from regionlens.coding.codebook import Codebook
from regionlens.manual.jobs import coder_values, get_job
from regionlens.manual.upsert import upsert
from regionlens.manual.values import check_value, decode, encode
from regionlens.store.schema import codes, documents, job_units, sources

GOLD = "gold"


def _gold_of(engine: Engine, document_ids: list[int]) -> dict[tuple[int, str], Any]:
    if not document_ids:
        return {}
    with engine.connect() as conn:
        return {(int(r.document_id), r.variable): decode(r.value) for r in conn.execute(
            select(codes.c.document_id, codes.c.variable, codes.c.value)
            .where(codes.c.coder == GOLD, codes.c.document_id.in_(document_ids)))}


def _by_unit(engine: Engine, job_id: int) -> dict[tuple[int, str], dict[str, Any]]:
    """(document, variable) → coder → value, over the job's saved values."""
    out: dict[tuple[int, str], dict[str, Any]] = defaultdict(dict)
    for rec in coder_values(engine, job_id).to_dict("records"):
        out[(int(rec["unit"]), str(rec["variable"]))][str(rec["coder"])] = rec["value"]
    return out


def units_compared(engine: Engine, job_id: int | str) -> int:
    """How many units at least two coders have coded: with none, «no disagreements» would mean nothing yet."""
    job = get_job(engine, job_id)
    return len({doc for (doc, _), vals in _by_unit(engine, job["id"]).items() if len(vals) >= 2})


def disagreements(engine: Engine, job_id: int | str, *, pending_only: bool = False) -> list[dict[str, Any]]:
    """Every unit and variable where coders gave different values: document_id, title, variable,
    values (coder → value) and the gold value so far (None until adjudicated)."""
    job = get_job(engine, job_id)
    order = {v: i for i, v in enumerate(job["variables"])}
    found = [(key, vals) for key, vals in _by_unit(engine, job["id"]).items()
             if len(vals) >= 2 and len({encode(v) for v in vals.values()}) > 1]
    ids = sorted({d for (d, _), _ in found})
    gold = _gold_of(engine, ids)
    with engine.connect() as conn:
        titles = {int(r.id): r.title or "" for r in conn.execute(
            select(documents.c.id, documents.c.title).where(documents.c.id.in_(ids)))} if ids else {}
    out = []
    for (doc, var), vals in sorted(found, key=lambda kv: (kv[0][0], order.get(kv[0][1], 99))):
        g = gold.get((doc, var))
        if pending_only and g is not None:
            continue
        out.append({"document_id": doc, "title": titles.get(doc, ""), "variable": var,
                    "values": dict(sorted(vals.items())), "gold": g})
    return out


def _write_gold(conn: Connection, document_id: int, variable: str, value: Any, version: str, evidence: dict[str, Any],
                now: datetime) -> None:
    # an upsert: two admins deciding the same unit at once must not collide on the key (see upsert.py)
    upsert(conn, codes, [{"document_id": document_id, "variable": variable, "coder": GOLD, "value": encode(value),
                          "codebook_version": version,
                          "evidence": json.dumps([{"variable": variable, **evidence}], ensure_ascii=False),
                          "coded_at": now}])


def adjudicate(engine: Engine, job_id: int | str, document_id: int, variable: str, value: Any, by: str, *,
               codebook: Codebook) -> Any:
    """Record the gold value of one unit and variable (replacing an earlier one); returns the stored value.

    The value is checked against the project's `codebook`."""
    job = get_job(engine, job_id)
    if variable not in job["variables"]:
        raise ValueError(f"Переменная «{variable}» не входит в задание «{job['name']}».")
    with engine.connect() as conn:
        in_job = conn.execute(select(job_units.c.document_id).where(
            job_units.c.job_id == job["id"], job_units.c.document_id == document_id)).first()
    if in_job is None:
        raise LookupError(f"Публикации {document_id} нет в задании «{job['name']}».")
    clean = check_value(codebook.variables[variable], value)
    with engine.begin() as conn:
        _write_gold(conn, document_id, variable, clean, job["config"].get("codebook_version", ""),
                    {"rule": "adjudication", "by": by, "job_id": job["id"]}, datetime.now(UTC))
    return clean


def accept_agreed(engine: Engine, job_id: int | str, *, min_coders: int = 2, overwrite: bool = False) -> int:
    """Make unanimous values (at least `min_coders` coders, all equal) gold; returns how many were written.

    Existing gold values are kept unless `overwrite`: an adjudicator's decision outranks agreement."""
    job = get_job(engine, job_id)
    agreed = {key: next(iter(vals.values())) for key, vals in _by_unit(engine, job["id"]).items()
              if len(vals) >= min_coders and len({encode(v) for v in vals.values()}) == 1}
    existing = _gold_of(engine, sorted({d for d, _ in agreed}))
    now = datetime.now(UTC)
    written = 0
    with engine.begin() as conn:
        for (doc, var), value in sorted(agreed.items()):
            if (doc, var) in existing and not overwrite:
                continue
            _write_gold(conn, doc, var, value, job["config"].get("codebook_version", ""),
                        {"rule": "agreement", "by": "accept_agreed", "job_id": job["id"]}, now)
            written += 1
    return written


def gold_records(engine: Engine, job_id: int | str | None = None) -> list[dict[str, Any]]:
    """One record per document with gold codes: id, title, text, meta and the gold variables."""
    query = select(codes.c.document_id, codes.c.variable, codes.c.value).where(codes.c.coder == GOLD)
    if job_id is not None:
        job = get_job(engine, job_id)
        query = query.where(codes.c.document_id.in_(
            select(job_units.c.document_id).where(job_units.c.job_id == job["id"])))
    values: dict[int, dict[str, Any]] = defaultdict(dict)
    with engine.connect() as conn:
        for r in conn.execute(query):
            values[int(r.document_id)][r.variable] = decode(r.value)
        ids = sorted(values)
        docs = {int(r.id): r for r in conn.execute(
            select(documents.c.id, documents.c.ext_id, documents.c.title, documents.c.text, documents.c.language,
                   sources.c.country)
            .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
            .where(documents.c.id.in_(ids)))} if ids else {}
    out = []
    for doc_id in ids:
        d = docs[doc_id]
        out.append({"id": d.ext_id or doc_id, "document_id": doc_id, "title": d.title or "", "text": d.text,
                    "meta": {"language": d.language, "country": d.country}, **values[doc_id]})
    return out


def export_gold(engine: Engine, path: str | Path, job_id: int | str | None = None) -> int:
    """Write gold codes as JSONL in the format `regionlens validate --gold` reads; returns the record count."""
    records = gold_records(engine, job_id)
    with Path(path).open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    return len(records)
