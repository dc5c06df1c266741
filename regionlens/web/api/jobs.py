"""Manual coding jobs: everyone sees jobs and progress, coders work on their own units, admins create jobs.

Everything goes through `regionlens.manual.jobs`, which is where blindness is
enforced: a unit is read and written for the caller's own username only, so
no request can reach another coder's values. As on the coding page, an admin
codes only the jobs that list them as a coder; an admin may list any coder's
units (positions and done flags, never values) to follow the work.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from regionlens.accounts.users import User
from regionlens.filters import FIRST_DATE, LAST_DATE
from regionlens.manual.jobs import (
    MAX_CODER_NAME,
    MAX_CODERS,
    MAX_NAME,
    MAX_SAMPLE,
    MAX_VARIABLES,
    AnnotationError,
    JobError,
    JobSpec,
    coder_values,
    create_job,
    get_job,
    get_unit,
    job_units_of,
    list_jobs,
    progress,
    save_annotation,
)
from regionlens.web.api.common import iso, not_found
from regionlens.web.api.security import admin_only, coder_or_admin, reader

router = APIRouter(tags=["jobs"])


class CoderProgress(BaseModel):
    coder: str
    assigned: int
    done: int


class JobOut(BaseModel):
    id: int
    name: str
    created_at: str | None
    variables: list[str]
    coders: list[str]
    sample_size: int | None
    overlap: float | None
    show_auto: bool
    codebook_version: str | None
    progress: list[CoderProgress]


class JobIn(BaseModel):
    """A new job; the bounds keep one request from making the server build millions of assignments."""

    name: str = Field(min_length=1, max_length=MAX_NAME)
    variables: list[Annotated[str, Field(max_length=100)]] = Field(min_length=1, max_length=MAX_VARIABLES)
    coders: list[Annotated[str, Field(min_length=1, max_length=MAX_CODER_NAME)]] = Field(
        min_length=1, max_length=MAX_CODERS)
    sample_size: int = Field(ge=1, le=MAX_SAMPLE)
    overlap: float = Field(default=0.2, ge=0.0, le=1.0)
    strata: list[str] = Field(default_factory=list, max_length=3, description="level, country, period")
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
    show_auto: bool = False
    date_from: date | None = Field(default=None, ge=FIRST_DATE, le=LAST_DATE)
    date_to: date | None = Field(default=None, ge=FIRST_DATE, le=LAST_DATE)


class UnitRef(BaseModel):
    document_id: int
    position: int
    done: bool


class UnitList(BaseModel):
    job_id: int
    coder: str
    total: int
    done: int
    items: list[UnitRef]


class Unit(BaseModel):
    job_id: int
    document_id: int
    position: int
    total: int
    title: str
    text: str
    values: dict[str, Any]
    done: bool
    auto_codes: dict[str, Any] | None = None  # only in jobs that show automatic codes


class UnitValues(BaseModel):
    values: dict[str, Any] = Field(description="Значения переменных задания; null очищает значение.")


def _job(request: Request, job_id: int) -> dict[str, Any]:
    try:
        return get_job(request.app.state.engine, job_id)
    except LookupError:
        raise not_found(f"Задание {job_id} не найдено.") from None


def _job_out(request: Request, job: dict[str, Any]) -> JobOut:
    config = job["config"]
    return JobOut(
        id=job["id"], name=job["name"], created_at=iso(job["created_at"]), variables=job["variables"],
        coders=job["coders"], sample_size=config.get("sample_size"), overlap=config.get("overlap"),
        show_auto=job["show_auto"], codebook_version=config.get("codebook_version"),
        progress=[CoderProgress(**p) for p in progress(request.app.state.engine, job["id"])],
    )


def _own_job(request: Request, job_id: int, user: User) -> dict[str, Any]:
    job = _job(request, job_id)
    if user.username not in job["coders"]:
        raise HTTPException(status_code=403, detail=f"Вы не кодировщик задания «{job['name']}».")
    return job


@router.get("/jobs", response_model=list[JobOut], summary="Задания ручного кодирования и их ход")
def get_jobs(request: Request, user: User = Depends(reader)) -> list[JobOut]:
    return [_job_out(request, job) for job in list_jobs(request.app.state.engine)]


@router.get("/jobs/{job_id}", response_model=JobOut, summary="Одно задание и его ход")
def get_one_job(request: Request, job_id: int, user: User = Depends(reader)) -> JobOut:
    return _job_out(request, _job(request, job_id))


@router.post("/jobs", response_model=JobOut, status_code=201, summary="Создать задание (администратор)")
def post_job(request: Request, body: JobIn, user: User = Depends(admin_only)) -> JobOut:
    spec = JobSpec(name=body.name, variables=body.variables, coders=body.coders, sample_size=body.sample_size,
                   overlap=body.overlap, strata=body.strata, seed=body.seed, show_auto=body.show_auto,
                   date_from=body.date_from, date_to=body.date_to)
    try:
        job_id = create_job(request.app.state.engine, spec, request.app.state.project.codebook)
    except JobError as exc:
        status = 409 if "уже существует" in str(exc) else 422
        raise HTTPException(status_code=status, detail=str(exc)) from exc
    return _job_out(request, _job(request, job_id))


@router.get("/jobs/{job_id}/units", response_model=UnitList, summary="Единицы кодировщика")
def get_units(
    request: Request, job_id: int,
    coder: Annotated[str | None, Query(description="Чьи единицы (только администратору); по умолчанию — свои.")] = None,
    user: User = Depends(coder_or_admin),
) -> UnitList:
    """The caller's units in their order with done flags; an admin may ask for any coder's."""
    if coder is not None and coder != user.username:
        if not user.is_admin:
            raise HTTPException(status_code=403, detail="Чужие единицы видит только администратор.")
        job = _job(request, job_id)
        if coder not in job["coders"]:
            raise not_found(f"В задании «{job['name']}» нет кодировщика «{coder}».")
    else:
        job = _own_job(request, job_id, user)
        coder = user.username
    engine = request.app.state.engine
    order = job_units_of(engine, job["id"]).get(coder, [])
    saved = coder_values(engine, job["id"])
    own: dict[int, set[str]] = {}
    for row in saved[saved["coder"] == coder].itertuples():
        own.setdefault(int(row.unit), set()).add(str(row.variable))
    items = [UnitRef(document_id=d, position=p, done=set(job["variables"]) <= own.get(d, set()))
             for p, d in enumerate(order, 1)]
    return UnitList(job_id=job["id"], coder=coder, total=len(items), done=sum(i.done for i in items), items=items)


def _unit(request: Request, job: dict[str, Any], user: User, document_id: int) -> Unit:
    try:
        unit = get_unit(request.app.state.engine, job["id"], user.username, document_id)
    except PermissionError as exc:
        raise HTTPException(status_code=403, detail=str(exc)) from exc
    values = dict(unit.get("values") or {})
    return Unit(job_id=job["id"], document_id=document_id, position=int(unit["position"]), total=int(unit["total"]),
                title=str(unit.get("title") or ""), text=str(unit.get("text") or ""), values=values,
                done=all(v in values for v in job["variables"]),
                auto_codes=unit.get("auto_codes") if job["show_auto"] else None)


@router.get("/jobs/{job_id}/units/{document_id}", response_model=Unit, summary="Своя единица с сохранёнными значениями")
def get_one_unit(request: Request, job_id: int, document_id: int, user: User = Depends(coder_or_admin)) -> Unit:
    return _unit(request, _own_job(request, job_id, user), user, document_id)


@router.put("/jobs/{job_id}/units/{document_id}", response_model=Unit, summary="Сохранить значения своей единицы")
def put_unit(request: Request, job_id: int, document_id: int, body: UnitValues,
             user: User = Depends(coder_or_admin)) -> Unit:
    """Check every value against the codebook, then store them; variables not sent stay as they were."""
    job = _own_job(request, job_id, user)
    try:
        save_annotation(request.app.state.engine, job["id"], user.username, document_id, body.values, codebook=request.app.state.project.codebook)
    except PermissionError as exc:
        raise HTTPException(status_code=403, detail=str(exc)) from exc
    except AnnotationError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return _unit(request, job, user, document_id)
