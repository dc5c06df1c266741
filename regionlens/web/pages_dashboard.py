"""The monitoring dashboard: filters, volume, topics, indices with CIs, regions, network, reprints, findings.

All numbers come from regionlens.dashboard (the same dict the API serves); this
module turns them into chart geometry and links. Every count links to the
search page listing the publications behind it, with the current filters kept.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import Engine, select

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.dashboard.aggregates import dashboard_aggregates
from regionlens.dashboard.findings import dashboard_findings
from regionlens.filters import TOPICS, Filters, parse_filters
from regionlens.messages.numbers import fmt_percent
from regionlens.sources.model import COUNTRIES, LEVELS
from regionlens.store.schema import sources
from regionlens.web.auth import require_role
from regionlens.web.dashboard_charts import LEVEL_COLOURS, ci_chart, hbar_chart, network_chart, volume_chart
from regionlens.web.i18n import WebStrings, load_web_strings
from regionlens.web.labels import request_codebook, topic_label
from regionlens.web.render import render, request_lang

if TYPE_CHECKING:
    from regionlens.coding.codebook import Codebook

router = APIRouter()
any_role = require_role("admin", "coder", "viewer")
REGION_ROWS = 40


def region_name(code: str, lang: str) -> str:
    from regionlens.gazetteer.gazetteer import get_region

    region = get_region(code)
    if region is None:
        return code
    return region.name_en if lang == "en" else region.name_ru


def level_label(t: WebStrings, level: str) -> str:
    key = f"dash_level_{level}"
    text = t(key)
    return level if text == key else text


def country_label(t: WebStrings, country: str) -> str:
    key = f"dash_country_{country}"
    text = t(key)
    return country if text == key else text


def search_href(filters: Filters, **extra: Any) -> str:
    """/search with the current filters, overridden by `extra` (None drops a key)."""
    params: dict[str, str] = dict(filters.as_query())
    for key, value in extra.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "/search?" + urlencode(params)


def filter_options(engine: Engine, t: WebStrings, lang: str, book: Codebook | None) -> dict[str, Any]:
    """Choices of the filter form: levels, countries, regions, sources, topics (named by the project's `book`)."""
    from regionlens.gazetteer.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    regions = sorted(((code, region_name(code, lang)) for code in gaz.codes()),
                     key=lambda r: (r[0][:2] != "BY", r[1]))
    with engine.connect() as conn:
        srcs = [(int(i), str(n)) for i, n in conn.execute(select(sources.c.id, sources.c.name).order_by(sources.c.name))]
    return {
        "levels": [(lv, level_label(t, lv)) for lv in LEVELS],
        "countries": [(c, country_label(t, c)) for c in COUNTRIES],
        "regions": regions,
        "sources": srcs,
        "topics": [(tp, topic_label(tp, lang, book)) for tp in TOPICS],
    }


def month_bounds(month: str) -> tuple[str, str]:
    year, mon = (int(x) for x in month.split("-"))
    last = calendar.monthrange(year, mon)[1]
    return date(year, mon, 1).isoformat(), date(year, mon, last).isoformat()


def _charts(agg: Mapping[str, Any], filters: Filters, t: WebStrings, lang: str, book: Codebook | None) -> dict[str, Any]:
    def month_href(month: str, level: str) -> str:
        start, end = month_bounds(month)
        return search_href(filters, union=1, level=level, date_from=max(start, filters.as_query().get("date_from", start)),
                           date_to=min(end, filters.as_query().get("date_to", end)))

    volume = volume_chart(agg["volume"], lambda lv: level_label(t, lv), month_href)
    n_union = max(1, int(agg["indices"]["overall"]["n"]))
    topics = hbar_chart([
        (topic_label(tp["topic"], lang, book), tp["n"] / n_union,
         f"{topic_label(tp['topic'], lang, book)}: {tp['n']} ({fmt_percent(tp['n'] / n_union, lang)})",
         search_href(filters, union=1, topic=tp["topic"]))
        for tp in agg["topics"]
    ])
    groups: list[tuple[str, str, dict[str, str]]] = [("overall", t("dash_all"), {})] + [
        (lv, level_label(t, lv), {"level": lv}) for lv in agg["indices"]["by_level"]
    ] + [(c, country_label(t, c), {"country": c}) for c in agg["indices"]["by_country"]]

    def group(key: str) -> dict[str, Any]:
        ind = agg["indices"]
        if key == "overall":
            return dict(ind["overall"])
        return dict(ind["by_level"].get(key) or ind["by_country"][key])

    def ci_items(index: str) -> list[tuple[str, float | None, float | None, float | None, str, str]]:
        items = []
        for key, label, extra in groups:
            s = group(key)[index]
            flag = "negative" if index == "tone" else index
            value = s.get("share", s.get("mean"))
            title = (f"{label}: {value:+.2f} [{s['ci_low'] or 0:+.2f}; {s['ci_high'] or 0:+.2f}], n = {s['n']}"
                     if index == "tone" and value is not None else
                     f"{label}: {fmt_percent(value, lang)} [{fmt_percent(s.get('ci_low'), lang)}; {fmt_percent(s.get('ci_high'), lang)}], n = {s['n']}")
            items.append((label, value, s.get("ci_low"), s.get("ci_high"), title,
                          search_href(filters, union=1, flag=flag, **extra)))
        return items

    indices = {
        "substantive": ci_chart(ci_items("substantive")),
        "problem": ci_chart(ci_items("problem"), fill="#e07b39"),
        "tone": ci_chart(ci_items("tone"), low=-1.0, high=1.0, fill="#3a9d5d"),
    }
    reprints = hbar_chart([
        (level_label(t, lv), s["share"] or 0.0, f"{level_label(t, lv)}: {s['k']} / {s['n']} ({fmt_percent(s['share'], lang)})",
         search_href(filters, union=1, level=lv, flag="reprint"))
        for lv, s in agg["reprints"]["by_level"].items()
    ], fill="#8e5ad6")
    network = network_chart(agg["pairs"], lambda c: region_name(c, lang),
                            lambda a, b: search_href(filters, union=1, region=a, region2=b))
    return {"volume": volume, "topics": topics, "indices": indices, "reprints": reprints, "network": network}


def _regions(agg: Mapping[str, Any], filters: Filters, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in agg["regions"]:
        if r["coverage"]["k"] == 0 and r["country"] != "BY":
            continue  # every Belarusian oblast is listed; Russian regions only when covered
        rows.append({**r, "name": r["name_en"] if lang == "en" else r["name_ru"],
                     "href": search_href(filters, union=1, region=r["code"]),
                     "bar": round(160 * (r["coverage"]["share"] or 0.0), 1)})
    return rows[:REGION_ROWS] if len(rows) > REGION_ROWS else rows


@router.get("/dashboard")
def dashboard_page(request: Request, user: User = Depends(any_role)) -> Response:
    engine = request.app.state.engine
    lang = request_lang(request)
    t = load_web_strings(lang)
    book = request_codebook(request)
    try:
        filters = parse_filters(request.query_params)
    except ValueError as exc:
        return render(request, "dashboard.html", {
            "error": str(exc), "filters": Filters(), "options": filter_options(engine, t, lang, book), "agg": None,
        }, status_code=400, user=user)
    agg = dashboard_aggregates(engine, filters, scope=scope_of(engine, user))
    findings = []
    for f in dashboard_findings(agg):
        findings.append({**f, "text": f["text_en"] if lang == "en" else f["text_ru"],
                         "href": search_href(filters, union=1, **f["link"])})
    return render(request, "dashboard.html", {
        "error": None,
        "filters": filters,
        "values": filters.as_query(),
        "options": filter_options(engine, t, lang, book),
        "agg": agg,
        "charts": _charts(agg, filters, t, lang, book),
        "regions": _regions(agg, filters, lang),
        "findings": findings,
        "level_colours": LEVEL_COLOURS,
        "all_href": search_href(filters, union=1),
        "pct": lambda share: fmt_percent(share, lang),
    }, user=user)
