"""Jobs and progress, the coding workspace and the adjudication screen.

All data comes from `regionlens.manual`; this module only decides who may see
what. A coder is served units through `next_unit` / `get_unit` with their own
username, so another coder's values cannot reach their pages; the automatic
codes that the backend returns when a job allows them are never rendered, only
the positions of dictionary hits are.

Handlers do their database work in the thread pool (plain `def` pages, or
`run_in_threadpool` after the form is read): on the event loop one slow
page or save would stall every other user of the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from regionlens.accounts.users import User
from regionlens.coding.codebook import Codebook
from regionlens.manual.adjudicate import adjudicate, disagreements, units_compared
from regionlens.manual.jobs import (
    AnnotationError,
    codebook_changed,
    get_job,
    get_unit,
    list_jobs,
    next_unit,
    progress,
    save_annotation,
)
from regionlens.web.auth import current_user, require_role
from regionlens.web.forms import FieldSpec, build_fields, job_variables, parse_values
from regionlens.web.highlight import dictionary_spans, mark_text
from regionlens.web.i18n import load_web_strings
from regionlens.web.params import check_id
from regionlens.web.render import render, request_lang

router = APIRouter()
coder_or_admin = require_role("admin", "coder")
admin_only = require_role("admin")


def _config(job: Mapping[str, Any]) -> dict[str, Any]:
    config = job.get("config")
    return dict(config) if isinstance(config, Mapping) else {}


def _coders(job: Mapping[str, Any]) -> list[str]:
    coders = _config(job).get("coders") or job.get("coders") or []
    return [str(c) for c in coders]


def _show_auto(job: Mapping[str, Any]) -> bool:
    return bool(_config(job).get("show_auto", job.get("show_auto", False)))


def _load_job(request: Request, job_id: int) -> dict[str, Any]:
    try:
        job = get_job(request.app.state.engine, job_id)
    except (LookupError, ValueError) as exc:
        raise HTTPException(status_code=404) from exc
    if not job:
        raise HTTPException(status_code=404)
    return dict(job)


def _coding_job(request: Request, job_id: int, user: User) -> dict[str, Any]:
    """The job, if `user` is one of its coders; admins who are not coders of it may not code it either."""
    job = _load_job(request, job_id)
    if user.username not in _coders(job):
        raise HTTPException(status_code=403)
    return job


def _book(request: Request) -> Codebook:
    """The codebook jobs are coded with: the served project's (its hash tells `codebook_changed` of an edit)."""
    book: Codebook = request.app.state.project.codebook
    return book


def _fields(request: Request, job: Mapping[str, Any], lang: str,
            saved: Mapping[str, Any] | None = None) -> list[FieldSpec]:
    return build_fields(job_variables(_config(job)), _book(request), lang, saved)


def _my_progress(request: Request, job_id: int, username: str) -> dict[str, int]:
    for row in progress(request.app.state.engine, job_id):
        if str(row.get("coder")) == username:
            return {"assigned": int(row.get("assigned") or 0), "done": int(row.get("done") or 0)}
    return {"assigned": 0, "done": 0}


@router.get("/jobs")
def jobs_page(request: Request, user: User = Depends(current_user)) -> Response:
    engine = request.app.state.engine
    book = _book(request)
    rows = []
    for job in list_jobs(engine):
        job_id = int(job["id"])
        coders = _coders(job)
        rows.append({
            "id": job_id,
            "name": str(job.get("name", job_id)),
            "progress": [
                {"coder": str(p.get("coder")), "assigned": int(p.get("assigned") or 0), "done": int(p.get("done") or 0)}
                for p in progress(engine, job_id)
            ],
            "can_code": user.can_code() and user.username in coders,
            # decided by the hash the job recorded, not by where the codebook file lies
            "codebook_changed": codebook_changed(job, book),
        })
    return render(request, "jobs.html", {"jobs": rows}, user=user)


def _workspace(request: Request, user: User, job: dict[str, Any], unit: Mapping[str, Any], *,
               error: str | None = None, status_code: int = 200, form_values: Mapping[str, Any] | None = None) -> Response:
    lang = request_lang(request)
    title = str(unit.get("title") or "")
    text = str(unit.get("text") or "")
    allowed = _show_auto(job)
    highlight = allowed and request.query_params.get("hl") != "0"
    if highlight:
        spans = dictionary_spans(title, text, _book(request))
    else:
        spans = {"title": [], "text": []}
    saved = form_values if form_values is not None else (unit.get("values") or {})
    job_id = int(job["id"])
    context = {
        "job": {"id": job_id, "name": job.get("name")},
        "unit": {
            "document_id": int(unit["document_id"]),
            "position": unit.get("position"),
            "total": unit.get("total"),
            "title_html": mark_text(title, spans["title"]),
            "text_html": mark_text(text, spans["text"]),
        },
        "fields": _fields(request, job, lang, saved),
        "highlight_allowed": allowed,
        "highlight": highlight,
        "mine": _my_progress(request, job_id, user.username),
        "error": error,
    }
    return render(request, "code.html", context, status_code=status_code, user=user)


@router.get("/jobs/{job_id}/code")
def next_unit_page(request: Request, job_id: int, user: User = Depends(coder_or_admin)) -> Response:
    job = _coding_job(request, job_id, user)
    unit = next_unit(request.app.state.engine, job_id, user.username)
    if unit is None:
        context = {"job": {"id": job_id, "name": job.get("name")}, "mine": _my_progress(request, job_id, user.username)}
        return render(request, "done.html", context, user=user)
    return _workspace(request, user, job, unit)


def _own_unit(request: Request, job_id: int, document_id: int, user: User) -> tuple[dict[str, Any], dict[str, Any]]:
    job = _coding_job(request, job_id, user)
    try:
        unit = get_unit(request.app.state.engine, job_id, user.username, document_id)
    except PermissionError as exc:
        raise HTTPException(status_code=403) from exc
    except LookupError as exc:
        raise HTTPException(status_code=404) from exc
    if not unit:
        raise HTTPException(status_code=404)
    return job, dict(unit)


@router.get("/jobs/{job_id}/units/{document_id}")
def unit_page(request: Request, job_id: int, document_id: int, user: User = Depends(coder_or_admin)) -> Response:
    job, unit = _own_unit(request, job_id, document_id, user)
    return _workspace(request, user, job, unit)


@router.post("/jobs/{job_id}/units/{document_id}")
async def save_unit(request: Request, job_id: int, document_id: int, user: User = Depends(coder_or_admin)) -> Response:
    form = await request.form()
    return await run_in_threadpool(_save_unit, request, job_id, document_id, user, form)


def _save_unit(request: Request, job_id: int, document_id: int, user: User, form: Any) -> Response:
    job, unit = _own_unit(request, job_id, document_id, user)
    lang = request_lang(request)
    fields = _fields(request, job, lang)
    values = parse_values(fields, form)
    # The backend accepts partial saves (a unit counts as done only when complete); in the form an
    # unanswered question is a slip, so it is named instead of silently showing the same unit again.
    missing = [f.label for f in fields if not f.multiple and f.name not in values]
    if missing:
        message = load_web_strings(lang)("fill_all", names=", ".join(missing))
        return _workspace(request, user, job, unit, error=message, status_code=422, form_values=values)
    try:
        save_annotation(request.app.state.engine, job_id, user.username, document_id, values, codebook=_book(request))
    except PermissionError as exc:
        raise HTTPException(status_code=403) from exc
    except AnnotationError as exc:
        return _workspace(request, user, job, unit, error=str(exc), status_code=422, form_values=values)
    return RedirectResponse(f"/jobs/{job_id}/code", status_code=303)


# ---------------------------------------------------------------- adjudication


def _disagreement_rows(items: list[Mapping[str, Any]], fields: dict[str, FieldSpec]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        variable = str(item.get("variable"))
        spec = fields.get(variable)
        values = item.get("values") or {}
        labels = {o.value: o.label for o in spec.options} if spec else {}

        def show(v: Any, labels: dict[str, str] = labels) -> str:
            if isinstance(v, list | tuple):
                return ", ".join(labels.get(str(x), str(x)) for x in v) or "—"
            return labels.get(str(v), str(v)) if v is not None else "—"

        gold = item.get("gold")
        rows.append({
            "document_id": item.get("document_id"),
            "title": str(item.get("title") or ""),
            "variable": variable,
            "label": spec.label if spec else variable,
            "values": [(str(c), show(v)) for c, v in (values.items() if isinstance(values, Mapping) else [])],
            "gold": show(gold) if gold is not None else None,
            "field": spec,
        })
    return rows


@router.get("/jobs/{job_id}/review")
def review_page(request: Request, job_id: int, user: User = Depends(admin_only)) -> Response:
    job = _load_job(request, job_id)
    fields = {f.name: f for f in _fields(request, job, request_lang(request))}
    rows = _disagreement_rows(list(disagreements(request.app.state.engine, job_id)), fields)
    compared = units_compared(request.app.state.engine, job_id)
    return render(request, "review.html", {"job": {"id": job_id, "name": job.get("name")}, "rows": rows,
                                           "compared": compared}, user=user)


@router.post("/jobs/{job_id}/review")
async def adjudicate_unit(request: Request, job_id: int, user: User = Depends(admin_only)) -> Response:
    form = await request.form()
    return await run_in_threadpool(_adjudicate_unit, request, job_id, user, form)


def _adjudicate_unit(request: Request, job_id: int, user: User, form: Any) -> Response:
    job = _load_job(request, job_id)
    variable = str(form.get("variable") or "")
    raw_id = str(form.get("document_id") or "")
    check_id("document_id", raw_id)  # 422 for an id out of range, before it reaches the database
    try:
        document_id = int(raw_id)
    except ValueError as exc:
        raise HTTPException(status_code=400) from exc
    spec = {f.name: f for f in _fields(request, job, request_lang(request))}.get(variable)
    if spec is None:
        raise HTTPException(status_code=400)
    values = parse_values([spec], form)
    if variable not in values:
        return RedirectResponse(f"/jobs/{job_id}/review", status_code=303)
    try:
        adjudicate(request.app.state.engine, job_id, document_id, variable, values[variable], user.username, codebook=_book(request))
    except (LookupError, ValueError) as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return RedirectResponse(f"/jobs/{job_id}/review#d{document_id}-{variable}", status_code=303)
