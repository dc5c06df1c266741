"""The search page (lemma query, KWIC, facets) and the publication view with its codes and evidence.

Search text and publication text are user data: they reach templates only as
plain strings (autoescaped) or as Markup built by markupsafe.escape in
regionlens.web.highlight / here, never through |safe on raw text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.dashboard.search import evidence_spans, get_publication, search_publications
from regionlens.filters import Names, parse_filters
from regionlens.ingest.dating import DATE_SOURCES
from regionlens.messages import translate
from regionlens.search.kwic import KwicLine
from regionlens.search.query import QueryError
from regionlens.web.auth import require_role
from regionlens.web.highlight import furniture_of, mark_text
from regionlens.web.i18n import load_web_strings
from regionlens.web.labels import request_codebook, topic_label
from regionlens.web.pages_dashboard import (
    country_label,
    filter_options,
    level_label,
    month_bounds,
    region_name,
)
from regionlens.web.render import render, request_lang

if TYPE_CHECKING:
    from regionlens.coding.codebook import Codebook

router = APIRouter()
any_role = require_role("admin", "coder", "viewer")
PAGE_SIZE = 20
MAX_PAGE = 500


def kwic_html(line: KwicLine) -> Markup:
    """One KWIC line, escaped, with the keyword in <mark>."""
    return Markup("…{} <mark>{}</mark> {}…").format(escape(line.left), escape(line.keyword), escape(line.right))


def _extra(params: Any) -> tuple[str | None, int]:
    """The page's own parameters beside the filters: a second region (one edge of the region network) and
    the page number."""
    region2 = None
    if params.get("region2"):
        region2 = parse_filters({"region": params["region2"]}, names=Names({"region": "region2"})).region
    raw_page = params.get("page") or "1"
    if not raw_page.isascii() or not raw_page.isdigit() or len(raw_page) > 6 or not 1 <= int(raw_page) <= MAX_PAGE:
        raise ValueError(f"Параметр page: «{raw_page}» — не номер страницы (1–{MAX_PAGE})")
    return region2, int(raw_page)


@router.get("/search")
def search_page(request: Request, user: User = Depends(any_role)) -> Response:
    engine = request.app.state.engine
    lang = request_lang(request)
    t = load_web_strings(lang)
    params = request.query_params
    book = request_codebook(request)
    query = (params.get("q") or "").strip()
    context: dict[str, Any] = {"query": query, "options": filter_options(engine, t, lang, book), "result": None,
                               "error": None, "values": {}}
    try:
        filters = parse_filters(params)
        region2, page = _extra(params)
        result = search_publications(engine, query, filters, also_region=region2,
                                     limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, scope=scope_of(engine, user))
    except (ValueError, QueryError) as exc:
        message = translate(str(exc), lang)
        context["error"] = f"{t('search_bad_query')}: {message}" if isinstance(exc, QueryError) else message
        context["values"] = {k: v for k, v in params.items() if k != "q"}
        return render(request, "search.html", context, status_code=400, user=user)
    kept = {**filters.as_query(), **({"q": query} if query else {}), **({"region2": region2} if region2 else {})}

    def href(**change: Any) -> str:
        merged = {**kept, **{k: str(v) for k, v in change.items() if v is not None}}
        for k, v in change.items():
            if v is None:
                merged.pop(k, None)
        return "/search?" + urlencode(merged)

    facet_labels = {
        "level": lambda v: level_label(t, v), "country": lambda v: country_label(t, v),
        "region": lambda v: region_name(v, lang), "month": lambda v: v,
    }
    facets = {}
    for name, counts in result.facets.items():
        items = []
        for value, n in counts:
            if name == "month":
                start, end = month_bounds(value)
                link = href(date_from=start, date_to=end, page=None)
            else:
                link = href(**{name: value, "page": None})
            items.append({"value": value, "label": facet_labels[name](value), "n": n, "href": link})
        facets[name] = items
    pages = max(1, (result.total + PAGE_SIZE - 1) // PAGE_SIZE)
    hits = [{"id": h.id, "title": h.title, "source": h.source, "level": level_label(t, h.level or "unknown"),
             "country": h.country, "date": h.published_at.strftime("%Y-%m-%d") if h.published_at else "",
             "lines": [kwic_html(line) for line in h.lines]} for h in result.hits]
    active = [(k, v) for k, v in kept.items() if k != "q"]
    context.update({
        "result": result, "hits": hits, "facets": facets, "values": filters.as_query(), "page": page, "pages": pages,
        "prev_href": href(page=page - 1) if page > 1 else None,
        "next_href": href(page=page + 1) if page < min(pages, MAX_PAGE) else None,
        "hidden": {k: v for k, v in kept.items() if k in ("union", "flag", "region2", "kind", "language", "source_region")},
        "active": active, "topic_label": lambda v: topic_label(v, lang, book),
    })
    return render(request, "search.html", context, user=user)


def _value_label(variable: str, value: Any, lang: str, book: Codebook | None) -> str:
    var = book.variables.get(variable) if book is not None else None

    def one(v: Any) -> str:
        if variable == "regions":
            return f"{region_name(str(v), lang)} ({v})"
        labels = var.values.get(v) if var is not None else None
        if labels is None and var is not None:
            labels = var.values.get(str(v)) or (var.values.get(int(v)) if str(v).lstrip("-").isdigit() else None)
        return f"{v} — {labels.get(lang) or labels.get('ru')}" if labels else str(v)

    if isinstance(value, list):
        return "; ".join(one(v) for v in value) if value else "—"
    return one(value)


def _variable_label(variable: str, lang: str, book: Codebook | None) -> str:
    var = book.variables.get(variable) if book is not None else None
    return str(var.label.get(lang) or var.label.get("ru")) if var is not None else variable


@router.get("/publications/{document_id}")
def publication_page(request: Request, document_id: int, user: User = Depends(any_role)) -> Response:
    engine = request.app.state.engine
    lang = request_lang(request)
    pub = get_publication(engine, document_id)
    if pub is None:
        raise HTTPException(status_code=404)
    if not scope_of(engine, user).sees_codes(document_id):
        # The coder's own unit or its reprint cluster: its codes, mentions and reprint link would break the
        # blind coding (as in the API).
        pub = replace(pub, codes=[], mentions=[], reprint_of=None, cluster_id=None)
    variables = {c.variable for c in pub.codes}
    selected = request.query_params.get("var") or None
    if selected is not None and selected not in variables:
        raise HTTPException(status_code=400, detail=f"У публикации нет кода «{selected}»")
    spans = evidence_spans(pub, selected)
    book = request_codebook(request)
    codes = [{
        "variable": c.variable, "label": _variable_label(c.variable, lang, book),
        "value": _value_label(c.variable, c.value, lang, book),
        "version": c.codebook_version, "n_evidence": len(c.evidence),
        "evidence": [str(e.get("surface") or "") for e in c.evidence][:12],
        "href": f"/publications/{pub.id}?{urlencode({'var': c.variable})}",
    } for c in pub.codes]
    source = pub.source or {}
    url = pub.url if pub.url and pub.url.startswith(("http://", "https://")) else None
    return render(request, "publication.html", {
        "pub": pub, "title_html": mark_text(pub.title, spans["title"]), "text_html": mark_text(pub.text, spans["text"], furniture_of(pub.text, book)),
        "codes": codes, "selected": selected, "selected_label": _variable_label(selected, lang, book) if selected else None,
        "source": source, "url": url, "date": pub.published_at.strftime("%Y-%m-%d %H:%M") if pub.published_at else "",
        "date_source": f"pub_date_from_{pub.date_source}" if pub.published_at and pub.date_source in DATE_SOURCES else None,
        "unknown_original": pub.cluster_id is not None and not pub.original_known,
        "level": level_label(load_web_strings(lang), str(source.get("level") or "unknown")),
        "n_marks": len(spans["title"]) + len(spans["text"]),
    }, user=user)
