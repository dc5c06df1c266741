"""Coding jobs: a sample of publications assigned to coders with an overlap for reliability.

A job draws `sample_size` publications (at random, or proportionally within
strata of outlet level, country and year), codes the first `overlap` share
of them by every coder and splits the rest among the coders, so a fixed
coding budget buys both coverage and a reliability sample. The draw depends
only on the seed and the candidate set, so a job is reproducible.

Blindness is enforced here, not in the UI: every read is for one coder, and
only that coder's rows are ever returned or written; automatic codes reach a
coder only when the job allows them.

A job is coded with its project's codebook, which the caller passes in (the
`Project` owns it); the job records only the version and hash it was created
with, never a file path, so moving the codebook file does not break a job and
editing it is noticed by the hash (`codebook_changed`), whatever the path.
"""

from __future__ import annotations

import json
import math
import random
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, cast

import pandas as pd
from sqlalchemy import Engine, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError

from regionlens.coding.codebook import Codebook
from regionlens.manual.upsert import upsert
from regionlens.manual.values import AnnotationError, check_values, decode, encode
from regionlens.store import schema
from regionlens.store.schema import codes, documents, job_units, jobs, sources

__all__ = [
    "AnnotationError", "JobSpec", "codebook_changed", "coder_values", "create_job", "get_job", "get_unit",
    "list_jobs", "next_unit", "progress", "save_annotation",
]

STRATA = ("level", "country", "period")
AUTO_CODER = "auto"
# the table is named like the __future__ feature; mypy needs to be told which one this is
annotations_t = cast(Table, schema.annotations)


class JobError(ValueError):
    """A job that cannot be created or found; the message is for the user."""


@dataclass(slots=True)
class JobSpec:
    name: str
    variables: list[str]
    coders: list[str]
    sample_size: int
    overlap: float = 0.2
    strata: list[str] | None = field(default_factory=list)
    seed: int = 0
    show_auto: bool = False
    date_from: date | None = None
    date_to: date | None = None


# ---------------------------------------------------------------- creating


# How big a job may be: one request must not be able to make the server build millions of assignments.
MAX_NAME = 200
MAX_CODERS = 50
MAX_SAMPLE = 5000
MAX_CODER_NAME = 64
MAX_VARIABLES = 100


def _check_spec(spec: JobSpec, book: Codebook) -> None:
    if not spec.name or not spec.name.strip():
        raise JobError("У задания должно быть название.")
    if len(spec.name) > MAX_NAME:
        raise JobError(f"Название задания длиннее {MAX_NAME} символов.")
    if len(spec.coders) > MAX_CODERS:
        raise JobError(f"Кодировщиков {len(spec.coders)} — больше допустимых {MAX_CODERS}.")
    if any(len(c) > MAX_CODER_NAME for c in spec.coders):
        raise JobError(f"Имя кодировщика длиннее {MAX_CODER_NAME} символов.")
    if spec.sample_size > MAX_SAMPLE:
        raise JobError(f"Размер выборки {spec.sample_size} больше допустимых {MAX_SAMPLE}.")
    if len(spec.variables) > MAX_VARIABLES:
        raise JobError(f"Переменных {len(spec.variables)} — больше допустимых {MAX_VARIABLES}.")
    if not spec.variables:
        raise JobError("Укажите хотя бы одну переменную для кодирования.")
    unknown = [v for v in spec.variables if v not in book.variables]
    if unknown:
        raise JobError(f"Неизвестные переменные: {', '.join(unknown)}; в кодификаторе есть: {', '.join(book.variables)}")
    if len(set(spec.variables)) != len(spec.variables):
        raise JobError("Переменные в задании повторяются.")
    coders = [c.strip() for c in spec.coders]
    if not coders or any(not c for c in coders):
        raise JobError("Укажите кодировщиков (непустые имена).")
    if len(set(coders)) != len(coders):
        raise JobError("Имена кодировщиков повторяются.")
    if spec.sample_size < 1:
        raise JobError("Размер выборки должен быть не меньше 1.")
    if not 0.0 <= spec.overlap <= 1.0:
        raise JobError(f"Доля перекрытия должна быть от 0 до 1, получено {spec.overlap}.")
    bad = [s for s in spec.strata or [] if s not in STRATA]
    if bad:
        raise JobError(f"Неизвестные страты: {', '.join(bad)}; допустимы: {', '.join(STRATA)}")
    if spec.date_from and spec.date_to and spec.date_from > spec.date_to:
        raise JobError("Начало периода позже его конца.")


def _candidates(engine: Engine, spec: JobSpec) -> list[dict[str, Any]]:
    query = (select(documents.c.id, documents.c.published_at, sources.c.level, sources.c.country)
             .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
             .order_by(documents.c.id))
    if spec.date_from:
        query = query.where(documents.c.published_at >= datetime.combine(spec.date_from, time.min, UTC))
    if spec.date_to:
        query = query.where(documents.c.published_at <= datetime.combine(spec.date_to, time.max, UTC))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def stratum_of(doc: dict[str, Any], strata: list[str]) -> tuple[str, ...]:
    """The stratum key of a document; unknown level/country/year is its own stratum «?»."""
    key = []
    for s in strata:
        if s == "period":
            when = doc.get("published_at")
            key.append(str(when.year) if when is not None else "?")
        else:
            key.append(str(doc.get(s) or "?"))
    return tuple(key)


def allocate(sizes: dict[tuple[str, ...], int], n: int) -> dict[tuple[str, ...], int]:
    """Proportional allocation with largest remainders (Hamilton), never above a stratum's size."""
    total = sum(sizes.values())
    quotas = {k: n * v / total for k, v in sizes.items()}
    out = {k: min(sizes[k], math.floor(q)) for k, q in quotas.items()}
    order = sorted(sizes, key=lambda k: (-(quotas[k] - math.floor(quotas[k])), k))
    while sum(out.values()) < n:
        moved = False
        for k in order:
            if sum(out.values()) >= n:
                break
            if out[k] < sizes[k]:
                out[k] += 1
                moved = True
        if not moved:
            break
    return out


def draw_sample(docs: list[dict[str, Any]], n: int, strata: list[str], rng: random.Random) -> list[int]:
    if not strata:
        return [d["id"] for d in rng.sample(docs, n)]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        groups[stratum_of(d, strata)].append(d)
    quota = allocate({k: len(v) for k, v in groups.items()}, n)
    picked: list[int] = []
    for key in sorted(groups):
        picked += [d["id"] for d in rng.sample(groups[key], quota[key])]
    return picked


def assign(units: list[int], coders: list[str], overlap: float, rng: random.Random) -> dict[str, list[int]]:
    """Shared units go to every coder; the rest are dealt out in turn; each coder's order is shuffled."""
    units = list(units)
    rng.shuffle(units)
    n_shared = len(units) if len(coders) == 1 else round(overlap * len(units))
    shared, rest = units[:n_shared], units[n_shared:]
    out: dict[str, list[int]] = {c: list(shared) for c in coders}
    for i, u in enumerate(rest):
        out[coders[i % len(coders)]].append(u)
    for c in coders:
        rng.shuffle(out[c])
    return out


def create_job(engine: Engine, spec: JobSpec, codebook: Codebook) -> int:
    """Draw the sample, assign it and store the job in one transaction; returns the job id.

    `codebook` is the project's (`Project.codebook`); the job keeps its version and hash, not its file.
    """
    book = codebook
    _check_spec(spec, book)
    coders = [c.strip() for c in spec.coders]
    strata = list(spec.strata or [])
    docs = _candidates(engine, spec)
    if len(docs) < spec.sample_size:
        raise JobError(f"В проекте {len(docs)} подходящих публикаций — меньше требуемой выборки {spec.sample_size}.")
    rng = random.Random(spec.seed)
    units = draw_sample(docs, spec.sample_size, strata, rng)
    plan = assign(units, coders, spec.overlap, rng)
    by_id = {d["id"]: d for d in docs}
    strata_counts: dict[str, int] = defaultdict(int)
    for u in units:
        strata_counts["/".join(stratum_of(by_id[u], strata)) or "все"] += 1
    config = asdict(spec)
    config.update({
        "coders": coders, "strata": strata,
        "date_from": spec.date_from.isoformat() if spec.date_from else None,
        "date_to": spec.date_to.isoformat() if spec.date_to else None,
        "codebook_name": book.name, "codebook_version": book.version, "codebook_hash": book.hash,
        "strata_counts": dict(sorted(strata_counts.items())),
    })
    try:
        with engine.begin() as conn:
            if conn.execute(select(jobs.c.id).where(jobs.c.name == spec.name)).first() is not None:
                raise JobError(f"Задание «{spec.name}» уже существует; выберите другое название.")
            key = conn.execute(insert(jobs).values(name=spec.name, config=json.dumps(config, ensure_ascii=False),
                                                   created_at=datetime.now(UTC))).inserted_primary_key
            assert key is not None
            job_id = int(key[0])
            rows = [{"job_id": job_id, "document_id": u, "coder": c, "position": i}
                    for c, us in plan.items() for i, u in enumerate(us, 1)]
            conn.execute(insert(job_units), rows)
    except IntegrityError as exc:
        raise JobError(f"Задание «{spec.name}» уже существует; выберите другое название.") from exc
    return job_id


# ---------------------------------------------------------------- reading jobs


def _job_dict(row: Any) -> dict[str, Any]:
    config = json.loads(row.config)
    return {"id": int(row.id), "name": row.name, "created_at": row.created_at, "config": config,
            "variables": list(config.get("variables", [])), "coders": list(config.get("coders", [])),
            "show_auto": bool(config.get("show_auto", False))}


def list_jobs(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [_job_dict(r) for r in conn.execute(select(jobs).order_by(jobs.c.id))]


def get_job(engine: Engine, name_or_id: int | str) -> dict[str, Any]:
    """A job by id or name; LookupError (Russian) if there is none."""
    with engine.connect() as conn:
        row = None
        if isinstance(name_or_id, int) or str(name_or_id).isdigit():
            row = conn.execute(select(jobs).where(jobs.c.id == int(name_or_id))).first()
        if row is None:
            row = conn.execute(select(jobs).where(jobs.c.name == str(name_or_id))).first()
    if row is None:
        raise LookupError(f"Задание «{name_or_id}» не найдено.")
    return _job_dict(row)


def codebook_changed(job: dict[str, Any], codebook: Codebook) -> bool:
    """Whether the project's codebook (or the gazetteer or catalogue behind its hash) changed since the job was created.

    Decided by the hash the job recorded, not by a file path: a codebook moved
    to another folder is the same codebook, one edited in place is not. A job
    that recorded no hash has nothing to compare with and counts as unchanged.
    """
    stored = job["config"].get("codebook_hash")
    return bool(stored) and stored != codebook.hash


# ---------------------------------------------------------------- one coder's view


def _assigned(engine: Engine, job_id: int, coder: str) -> list[tuple[int, int]]:
    with engine.connect() as conn:
        return [(int(r.document_id), int(r.position)) for r in conn.execute(
            select(job_units.c.document_id, job_units.c.position)
            .where(job_units.c.job_id == job_id, job_units.c.coder == coder).order_by(job_units.c.position))]


def _own_values(engine: Engine, job_id: int, coder: str, document_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    query = select(annotations_t.c.document_id, annotations_t.c.variable, annotations_t.c.value).where(
        annotations_t.c.job_id == job_id, annotations_t.c.coder == coder)
    if document_ids is not None:
        query = query.where(annotations_t.c.document_id.in_(document_ids))
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    with engine.connect() as conn:
        for r in conn.execute(query):
            out[int(r.document_id)][r.variable] = decode(r.value)
    return out


def _unit(engine: Engine, job: dict[str, Any], coder: str, document_id: int, position: int, total: int) -> dict[str, Any]:
    with engine.connect() as conn:
        doc = conn.execute(select(documents.c.title, documents.c.text).where(documents.c.id == document_id)).one()
        unit: dict[str, Any] = {"document_id": document_id, "title": doc.title or "", "text": doc.text,
                                "position": position, "total": total}
        if job["show_auto"]:
            rows = conn.execute(select(codes.c.variable, codes.c.value).where(
                codes.c.document_id == document_id, codes.c.coder == AUTO_CODER,
                codes.c.variable.in_(job["variables"])))
            unit["auto_codes"] = {r.variable: decode(r.value) for r in rows}
    unit["values"] = _own_values(engine, job["id"], coder, [document_id]).get(document_id, {})
    return unit


def _done(values: dict[str, Any], variables: list[str]) -> bool:
    return all(v in values for v in variables)


def next_unit(engine: Engine, job_id: int, coder: str) -> dict[str, Any] | None:
    """The coder's first unit (in their order) not yet coded on every job variable; None when all are done."""
    job = get_job(engine, job_id)
    units = _assigned(engine, job["id"], coder)
    own = _own_values(engine, job["id"], coder)
    for doc_id, pos in units:
        if not _done(own.get(doc_id, {}), job["variables"]):
            return _unit(engine, job, coder, doc_id, pos, len(units))
    return None


def _check_assigned(engine: Engine, job: dict[str, Any], coder: str, document_id: int) -> tuple[int, int]:
    units = _assigned(engine, job["id"], coder)
    for doc_id, pos in units:
        if doc_id == document_id:
            return pos, len(units)
    raise PermissionError(f"Публикация {document_id} не назначена кодировщику «{coder}» в задании «{job['name']}».")


def get_unit(engine: Engine, job_id: int, coder: str, document_id: int) -> dict[str, Any]:
    """One of the coder's own units with their own saved values under `values`; PermissionError otherwise."""
    job = get_job(engine, job_id)
    pos, total = _check_assigned(engine, job, coder, document_id)
    return _unit(engine, job, coder, document_id, pos, total)


def save_annotation(engine: Engine, job_id: int, coder: str, document_id: int, values: dict[str, Any],
                    codebook: Codebook) -> None:
    """Check every value against the project's `codebook`, then replace this coder's values in one transaction.

    A value of None clears the variable; variables not in `values` are left as they were."""
    job = get_job(engine, job_id)
    _check_assigned(engine, job, coder, document_id)
    clean = check_values(codebook, job["variables"], values)
    write_annotations(engine, job["id"], coder, {document_id: clean})


def write_annotations(engine: Engine, job_id: int, coder: str, batch: dict[int, dict[str, Any]]) -> None:
    """Upsert already checked values of one coder for several units (one transaction)."""
    now = datetime.now(UTC)
    rows = [{"job_id": job_id, "document_id": document_id, "coder": coder, "variable": var,
             "value": encode(value), "saved_at": now}
            for document_id, clean in sorted(batch.items()) for var, value in sorted(clean.items()) if value is not None]
    cleared = [(document_id, sorted(var for var, value in clean.items() if value is None))
               for document_id, clean in sorted(batch.items())]
    with engine.begin() as conn:
        # an upsert, not delete + insert: two saves of the same unit at once must not collide (see upsert.py)
        upsert(conn, annotations_t, rows)
        for document_id, variables in cleared:
            if variables:
                conn.execute(delete(annotations_t).where(
                    annotations_t.c.job_id == job_id, annotations_t.c.document_id == document_id,
                    annotations_t.c.coder == coder, annotations_t.c.variable.in_(variables)))


# ---------------------------------------------------------------- the whole job (admin side)


def progress(engine: Engine, job_id: int) -> list[dict[str, Any]]:
    """Per coder: units assigned and units coded on every job variable."""
    job = get_job(engine, job_id)
    out = []
    for coder in job["coders"]:
        units = _assigned(engine, job["id"], coder)
        own = _own_values(engine, job["id"], coder)
        done = sum(1 for d, _ in units if _done(own.get(d, {}), job["variables"]))
        out.append({"coder": coder, "assigned": len(units), "done": done})
    return out


def coder_values(engine: Engine, job_id: int) -> pd.DataFrame:
    """Long form (unit, coder, variable, value) of every saved value of the job's variables and units."""
    job = get_job(engine, job_id)
    query = (select(annotations_t.c.document_id, annotations_t.c.coder, annotations_t.c.variable, annotations_t.c.value)
             .select_from(annotations_t.join(job_units, (job_units.c.job_id == annotations_t.c.job_id)
                                           & (job_units.c.document_id == annotations_t.c.document_id)
                                           & (job_units.c.coder == annotations_t.c.coder)))
             .where(annotations_t.c.job_id == job["id"], annotations_t.c.variable.in_(job["variables"]))
             .order_by(annotations_t.c.document_id, annotations_t.c.coder, annotations_t.c.variable))
    with engine.connect() as conn:
        rows = [{"unit": int(r.document_id), "coder": r.coder, "variable": r.variable, "value": decode(r.value)}
                for r in conn.execute(query)]
    return pd.DataFrame(rows, columns=["unit", "coder", "variable", "value"])


def job_units_of(engine: Engine, job_id: int) -> dict[str, list[int]]:
    """Every coder's units in their order (for exports)."""
    job = get_job(engine, job_id)
    return {c: [d for d, _ in _assigned(engine, job["id"], c)] for c in job["coders"]}
