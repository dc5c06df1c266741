"""The source registry: everyone signed in may read it with per-source counts; only admins add and edit.

Forms post with the session's CSRF token (checked app-wide by csrf_guard);
validation is regionlens.sources' own, so the form reports the same Russian
messages as a registry file import.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.collect.state import collection_status
from regionlens.dashboard.registry import FORM_FIELDS, get_source, save_source, source_counts
from regionlens.sources.model import COUNTRIES, FOUNDERS, LANGUAGES, LEVELS
from regionlens.sources.registry import list_sources
from regionlens.store.timezone import display_tz
from regionlens.web.auth import require_role
from regionlens.web.i18n import WebStrings, load_web_strings
from regionlens.web.pages_dashboard import country_label, level_label, region_name
from regionlens.web.render import render, request_lang

router = APIRouter()
any_role = require_role("admin", "coder", "viewer")
admin_only = require_role("admin")
MAX_FIELD = 2000


@router.get("/sources")
def sources_page(request: Request, user: User = Depends(any_role)) -> Response:
    engine = request.app.state.engine
    lang = request_lang(request)
    t = load_web_strings(lang)
    counts = source_counts(engine, scope_of(engine, user))
    collecting = {int(r["id"]): r for r in collection_status(engine)}
    rows = []
    for s in list_sources(engine):
        c = counts.get(int(s["id"]), {"coded": 0, "union": 0, "reprints": 0})
        rows.append({**s, **c, "level_label": level_label(t, s["level"]), "country_label": country_label(t, s["country"]),
                     "region_label": region_name(s["region_code"], lang) if s["region_code"] else "—",
                     "collect": _collection_cell(t, collecting.get(int(s["id"])), lang)})
    saved = request.query_params.get("saved")
    return render(request, "sources.html", {"sources": rows, "saved": saved if saved and saved.isdigit() else None},
                  user=user)


def _collection_cell(t: WebStrings, row: dict[str, Any] | None, lang: str) -> dict[str, str] | None:
    """The sources table's collection cell: last run and its yield, and a flag when the source needs a look.

    The error detail behind an unreadable feed is the collector's Russian message, so it is shown (as the
    flag's tooltip) in the Russian interface only."""
    if row is None:
        return None
    zone = display_tz()
    if not row["runs"]:
        text = t("col_never")
    else:
        text = t("col_last", when=f"{row['last_started_at'].astimezone(zone):%Y-%m-%d %H:%M}", n=row["last_new"] or 0)
        if row["last_failed"]:
            text += ", " + t("col_failed", n=row["last_failed"])
    cell = {"text": text, "stale": "", "title": ""}
    if row["stale_kind"]:
        since = row["stale_since"]
        key = f"col_stale_{row['stale_kind']}" + ("" if since else "_none")
        cell["stale"] = t(key, date=f"{since.astimezone(zone):%Y-%m-%d}") if since else t(key)
        cell["title"] = row["stale"] if lang == "ru" else ""
    return cell


def _form_context(request: Request, values: dict[str, Any], errors: list[str], source_id: int | None) -> dict[str, Any]:
    from regionlens.gazetteer.gazetteer import load_gazetteer

    lang = request_lang(request)
    t = load_web_strings(lang)
    regions = sorted(((c, region_name(c, lang)) for c in load_gazetteer().codes()), key=lambda r: (r[0][:2] != "BY", r[1]))
    return {
        "values": values, "errors": errors, "source_id": source_id,
        "levels": [(lv, level_label(t, lv)) for lv in LEVELS], "countries": [(c, country_label(t, c)) for c in COUNTRIES],
        "founders": FOUNDERS, "languages": LANGUAGES, "regions": regions,
        "action": f"/sources/{source_id}/edit" if source_id else "/sources/new",
    }


def _values_of(source: dict[str, Any]) -> dict[str, str]:
    out = {k: "" if source.get(k) is None else str(source.get(k)) for k in FORM_FIELDS if k != "domains"}
    out["domains"] = ", ".join(source.get("domains") or [])
    out["output_per_month"] = "" if source.get("output_per_month") is None else f"{source['output_per_month']:g}"
    return out


async def _posted(request: Request) -> dict[str, str]:
    form = await request.form()
    values = {}
    for key in FORM_FIELDS:
        value = form.get(key)
        values[key] = value.strip()[:MAX_FIELD] if isinstance(value, str) else ""
    return values


@router.get("/sources/new")
def new_source_page(request: Request, user: User = Depends(admin_only)) -> Response:
    return render(request, "sources_form.html", _form_context(request, {}, [], None), user=user)


@router.post("/sources/new")
async def create_source(request: Request, user: User = Depends(admin_only)) -> Response:
    values = await _posted(request)
    # database work off the event loop, so one save does not stall every other page
    source_id, errors = await run_in_threadpool(save_source, request.app.state.engine, dict(values))
    if errors:
        return render(request, "sources_form.html", _form_context(request, values, errors, None), status_code=400, user=user)
    return RedirectResponse(f"/sources?saved={source_id}", status_code=303)


@router.get("/sources/{source_id}/edit")
def edit_source_page(request: Request, source_id: int, user: User = Depends(admin_only)) -> Response:
    source = get_source(request.app.state.engine, source_id)
    if source is None:
        raise HTTPException(status_code=404)
    return render(request, "sources_form.html", _form_context(request, _values_of(source), [], source_id), user=user)


@router.post("/sources/{source_id}/edit")
async def update_source(request: Request, source_id: int, user: User = Depends(admin_only)) -> Response:
    engine = request.app.state.engine
    if await run_in_threadpool(get_source, engine, source_id) is None:
        raise HTTPException(status_code=404)
    values = await _posted(request)
    saved_id, errors = await run_in_threadpool(save_source, engine, dict(values), source_id)
    if errors:
        return render(request, "sources_form.html", _form_context(request, values, errors, source_id),
                      status_code=400, user=user)
    return RedirectResponse(f"/sources?saved={saved_id}", status_code=303)
