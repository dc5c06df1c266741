"""Every figure of the dashboard as one JSON-serialisable dict, computed by SQL over the fact tables.

The same dict backs the web page and /api/v1/aggregates, so a number on the
page and in a script always agree. Shares carry Wilson intervals and the tone
mean a t interval, as in regionlens.analysis.indices; because the figures are
computed from counts and sums (not from per-publication arrays) the t interval
is taken from sufficient statistics. Each group also names example
publications (the newest ones behind the number) so a figure can be audited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from scipy import stats
from sqlalchemy import ColumnElement, Engine, Select, and_, case, false, func, select, true
from sqlalchemy.sql.expression import ColumnClause

from regionlens.accounts.blind import OPEN, BlindScope
from regionlens.analysis.stats import wilson_ci
from regionlens.dashboard.facts import ensure_facts, union_sums
from regionlens.filters import Filters
from regionlens.filters.sql import FACTS
from regionlens.filters.sql import conditions as sql_conditions
from regionlens.reprints.scope import reprint_scope
from regionlens.store.schema import (
    dash_cube,
    dash_cube_pair,
    dash_cube_region,
    dash_cube_topic,
    dash_docs,
    dash_fcube,
    dash_fcube_pair,
    dash_fcube_region,
    dash_fcube_topic,
    dash_regions,
    dash_topics,
)

D = dash_docs.c
PAIR_LIMIT = 60


def conditions(filters: Filters, *, scope: BlindScope = OPEN) -> list[ColumnElement[bool]]:
    """WHERE terms over dash_docs for the filters, over the publications on Union relations (what every
    dashboard figure counts); the one filter builder writes them (`regionlens.filters.sql`), including the
    blind `scope` that leaves out the publications whose codes the caller must not see."""
    return sql_conditions(replace(filters, union=True), on=FACTS, scope=scope)


def _sums() -> list[Any]:
    """Count, index sums and example ids; the same columns for every grouping."""
    return [
        func.count().label("n"),
        func.sum(D.substantive).label("substantive"),
        func.sum(D.problem).label("problem"),
        func.sum(D.tone).label("tone_sum"),
        func.sum(D.tone * D.tone).label("tone_sq"),
        func.sum(case((D.tone < 0, 1), else_=0)).label("negative"),
        func.sum(D.reprint).label("reprints"),
        func.max(D.document_id).label("ex_any"),
        func.max(case((D.substantive == 1, D.document_id))).label("ex_substantive"),
        func.max(case((D.problem == 1, D.document_id))).label("ex_problem"),
        func.max(case((D.tone < 0, D.document_id))).label("ex_negative"),
    ]


def _num(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else float(value)


def share(k: int, n: int) -> dict[str, float | int | None]:
    """k of n with its Wilson 95 % interval (None when n is 0)."""
    if n <= 0:
        return {"k": k, "n": n, "share": None, "ci_low": None, "ci_high": None}
    low, high = wilson_ci(k, n)
    return {"k": k, "n": n, "share": k / n, "ci_low": _num(float(low)), "ci_high": _num(float(high))}


def tone_mean(total: float, squares: float, n: int) -> dict[str, float | int | None]:
    """Mean tone with a t 95 % interval from the sum and the sum of squares."""
    if n <= 0:
        return {"n": n, "mean": None, "ci_low": None, "ci_high": None}
    mean = total / n
    if n < 2:
        return {"n": n, "mean": mean, "ci_low": None, "ci_high": None}
    var = max(0.0, (squares - total * total / n) / (n - 1))
    half = float(stats.t.ppf(0.975, n - 1)) * math.sqrt(var / n)
    return {"n": n, "mean": mean, "ci_low": mean - half, "ci_high": mean + half}


def _group(row: Any) -> dict[str, Any]:
    n = int(row.n or 0)
    examples = [int(row.ex_any)] if row.ex_any is not None else []
    return {
        "n": n,
        "substantive": share(int(row.substantive or 0), n),
        "problem": share(int(row.problem or 0), n),
        "tone": tone_mean(float(row.tone_sum or 0), float(row.tone_sq or 0), n),
        "negative": share(int(row.negative or 0), n),
        "reprint": share(int(row.reprints or 0), n),
        "examples": {
            "any": examples,
            "substantive": [int(row.ex_substantive)] if row.ex_substantive is not None else [],
            "problem": [int(row.ex_problem)] if row.ex_problem is not None else [],
            "negative": [int(row.ex_negative)] if row.ex_negative is not None else [],
        },
    }


def _grouped(conn: Any, key: ColumnClause[Any] | Any, where: list[ColumnElement[bool]], *, join: Any = None) -> list[Any]:
    query: Select[Any] = select(key.label("key"), *_sums())
    if join is not None:
        query = query.select_from(join)
    return list(conn.execute(query.where(and_(true(), *where)).group_by(key).order_by(key)))


def _region_names() -> dict[str, dict[str, Any]]:
    from regionlens.gazetteer.gazetteer import load_gazetteer

    out: dict[str, dict[str, Any]] = {}
    for code in load_gazetteer().codes():
        region = load_gazetteer()[code]
        out[code] = {"name_ru": region.name_ru, "name_en": region.name_en, "country": region.country,
                     "border": bool(region.border)}
    return out


def month_aligned(filters: Filters) -> bool:
    """Whether the period is whole months, so the month cubes answer it exactly."""
    if filters.date_from is not None and filters.date_from.day != 1:
        return False
    return filters.date_to is None or (filters.date_to + timedelta(days=1)).day == 1


def cube_columns_answer(filters: Filters) -> bool:
    """Whether the cubes' columns (month, source, level, country; a region or topic facet) carry every filter:
    the outlet's region, the language, a flag and other kinds of documents are not summed there."""
    return (filters.source_region is None and filters.language is None and filters.flag is None
            and filters.kind in (Filters().kind, None))


def facet(filters: Filters) -> tuple[str, str] | None:
    """The one region or topic filter the facet cubes answer, as (filter_kind, filter_value)."""
    if filters.region is not None and filters.topic is None:
        return "region", filters.region
    if filters.topic is not None and filters.region is None:
        return "topic", filters.topic
    return None


def uses_cube(filters: Filters) -> bool:
    """Whether the figures come from pre-summed cubes: whole months, filters the cubes carry, and at most one
    of region or topic (then without a source filter, which the facet cubes do not carry)."""
    if not month_aligned(filters) or not cube_columns_answer(filters):
        return False
    if filters.region is None and filters.topic is None:
        return True
    return facet(filters) is not None and filters.source_id is None


def _cube_where(table: Any, filters: Filters, chosen: tuple[str, str] | None = None) -> list[ColumnElement[bool]]:
    """WHERE terms over a cube; `chosen` is the facet (filter_kind, filter_value) of a facet cube."""
    c = table.c
    out: list[ColumnElement[bool]] = []
    if chosen is not None:
        out += [c.filter_kind == chosen[0], c.filter_value == chosen[1]]
    if filters.date_from is not None:
        out.append(c.month >= filters.date_from.strftime("%Y-%m"))
    if filters.date_to is not None:
        out.append(c.month <= filters.date_to.strftime("%Y-%m"))
    if filters.country is not None:
        out.append(c.country == filters.country)
    if filters.level is not None:
        out.append(c.level == filters.level)
    if filters.source_id is not None and chosen is None:
        out.append(c.source_id == filters.source_id)
    return out


def _cube_sums(c: Any) -> list[Any]:
    """The labels of _sums(), read from a cube's pre-summed columns."""
    return [func.sum(c[name]).label(label) for name, label in (
        ("n", "n"), ("substantive", "substantive"), ("problem", "problem"), ("tone_sum", "tone_sum"),
        ("tone_sq", "tone_sq"), ("negative", "negative"), ("reprints", "reprints"))] + [
        func.max(c[name]).label(name) for name in ("ex_any", "ex_substantive", "ex_problem", "ex_negative")]


@dataclass(slots=True)
class Sums:
    """Additive sums of a set of cells (what _group() reads), so one month × level × country query serves
    the totals, the volume chart and the level and country groups."""

    n_all: int = 0
    n: int = 0
    substantive: int = 0
    problem: int = 0
    tone_sum: int = 0
    tone_sq: int = 0
    negative: int = 0
    reprints: int = 0
    ex_any: int | None = None
    ex_substantive: int | None = None
    ex_problem: int | None = None
    ex_negative: int | None = None

    def add(self, row: Any) -> None:
        for name in ("n_all", "n", "substantive", "problem", "tone_sum", "tone_sq", "negative", "reprints"):
            setattr(self, name, getattr(self, name) + int(getattr(row, name) or 0))
        for name in ("ex_any", "ex_substantive", "ex_problem", "ex_negative"):
            value = getattr(row, name)
            if value is not None and (getattr(self, name) is None or int(value) > getattr(self, name)):
                setattr(self, name, int(value))


def _assemble(cells: list[Any]) -> dict[str, Any]:
    total = Sums()
    levels: dict[str, Sums] = {}
    countries: dict[str, Sums] = {}
    volume = []
    undated = 0  # union publications without a date: counted and said, never silently left out of the months
    for cell in cells:
        total.add(cell)
        if not int(cell.n or 0):
            continue
        if cell.month is None:
            undated += int(cell.n)
        levels.setdefault(str(cell.level), Sums()).add(cell)
        countries.setdefault(str(cell.country), Sums()).add(cell)
        if cell.month is not None:
            volume.append({"month": cell.month, "level": cell.level, "country": cell.country, "n": int(cell.n),
                           "example": int(cell.ex_any)})
    volume.sort(key=lambda v: (v["month"], v["level"], v["country"]))
    totals = {"publications": total.n_all, "union": total.n, "union_share": share(total.n, total.n_all)["share"],
              "examples": [total.ex_any] if total.ex_any is not None else [], "undated": undated}
    return {"totals": totals, "volume": volume,
            "by_level": {k: _group(v) for k, v in sorted(levels.items())},
            "by_country": {k: _group(v) for k, v in sorted(countries.items())}}


def _from_cubes(conn: Any, filters: Filters) -> dict[str, Any]:
    cube, cube_topic, cube_region, cube_pair = (
        (dash_cube, dash_cube_topic, dash_cube_region, dash_cube_pair) if facet(filters) is None else
        (dash_fcube, dash_fcube_topic, dash_fcube_region, dash_fcube_pair))
    chosen = facet(filters)
    c = cube.c
    where = and_(true(), *_cube_where(cube, filters, chosen))
    cells = list(conn.execute(select(c.month, c.level, c.country, func.sum(c.n_all).label("n_all"), *_cube_sums(c))
                              .where(where).group_by(c.month, c.level, c.country)))
    out = _assemble(cells)

    def grouped(table: Any, key: Any, cond: Any) -> list[Any]:
        return list(conn.execute(select(key.label("key"), *_cube_sums(table.c)).where(cond).group_by(key)
                                 .having(func.sum(table.c.n) > 0).order_by(key)))

    t = cube_topic.c
    topic_rows = list(conn.execute(
        select(t.topic.label("key"), func.sum(t.n).label("n"), func.max(t.ex_any).label("ex_any"))
        .where(and_(true(), *_cube_where(cube_topic, filters, chosen))).group_by(t.topic)))
    out["topic_rows"] = topic_rows
    if filters.source_id is not None:  # the region and pair cubes have no source column: their «source» facet
        cube_region, cube_pair, chosen = dash_fcube_region, dash_fcube_pair, ("source", str(filters.source_id))
    r = cube_region.c
    out["region_rows"] = {str(row.key): _group(row) for row in grouped(
        cube_region, r.region_code, and_(true(), *_cube_where(cube_region, filters, chosen)))}
    p = cube_pair.c
    out["pairs"] = [{"ru": str(row.ru), "by": str(row.by), "n": int(row.n), "examples": [int(row.ex)]}
                    for row in conn.execute(
        select(p.ru, p.by, func.sum(p.n).label("n"), func.max(p.ex_any).label("ex"))
        .where(and_(true(), *_cube_where(cube_pair, filters, chosen))).group_by(p.ru, p.by)
        .order_by(func.sum(p.n).desc(), p.ru, p.by).limit(PAIR_LIMIT))]
    return out


def _from_facts(conn: Any, filters: Filters, parts: tuple[str, ...], scope: BlindScope = OPEN,
                nothing: bool = False) -> dict[str, Any]:
    extra = [false()] if nothing else []
    where = conditions(filters, scope=scope) + extra
    out: dict[str, Any] = {}
    if "totals" in parts:
        cells = list(conn.execute(
            select(D.month, D.level, D.country, func.count().label("n_all"), *union_sums(D.is_union))
            .where(and_(true(), *sql_conditions(replace(filters, union=False), on=FACTS, scope=scope), *extra))
            .group_by(D.month, D.level, D.country)))
        out.update(_assemble(cells))
        topic_join = dash_docs.join(dash_topics, dash_topics.c.document_id == D.document_id)
        out["topic_rows"] = _grouped(conn, dash_topics.c.topic, where, join=topic_join)
    if "regions" in parts:
        region_join = dash_docs.join(dash_regions, dash_regions.c.document_id == D.document_id)
        out["region_rows"] = {str(r.key): _group(r)
                              for r in _grouped(conn, dash_regions.c.region_code, where, join=region_join)}
        out["pairs"] = _pairs(conn, where)
    return out


def _hidden_in_scope(conn: Any, filters: Filters, scope: BlindScope) -> int:
    """How many of the caller's hidden publications the filters' period, source, country and level take in
    (code-derived filters are left out: whether a hidden unit matches them must not change any answer)."""
    plain = replace(filters, region=None, topic=None, union=False, flag=None)
    return int(conn.execute(select(func.count()).select_from(dash_docs).where(and_(
        true(), D.document_id.in_(sorted(scope.hidden)), *sql_conditions(plain, on=FACTS)))).scalar_one())


def dashboard_aggregates(engine: Engine, filters: Filters, *, use_cube: bool | None = None,
                         scope: BlindScope = OPEN) -> dict[str, Any]:
    """All dashboard figures for the filtered publications about Russia–Belarus relations (union = 1).

    Keys: filters, totals, volume (month × level × country), topics, indices
    (overall, by_level, by_country), regions (every gazetteer region, with
    coverage and indices), pairs (RU region × BY region co-mentions), reprints.
    Figures come from the month cubes when the filters allow it (whole months;
    a region or a topic filter reads the facet cubes, see uses_cube), else from
    the fact tables; `use_cube=False` forces the facts (the tests compare both).

    A blind `scope` (a coder's) is computed from the facts without the hidden publications, and the whole
    result is withheld (`suppressed`, every figure empty) when it would describe fewer than the policy's
    minimum cell of visible publications next to a hidden one.
    """
    ensure_facts(engine)
    cube = uses_cube(filters) and not scope  # the cubes cannot leave single publications out
    if use_cube is False:
        cube = False
    suppressed = False
    with engine.connect() as conn:
        parts = _from_cubes(conn, filters) if cube else {}
        wanted = tuple(p for p in ("totals", "regions") if {"totals": "volume", "regions": "pairs"}[p] not in parts)
        parts.update(_from_facts(conn, filters, wanted, scope))
        if scope:
            visible = sum(int(cell["n"]) for cell in parts["by_level"].values())
            suppressed = scope.withhold(_hidden_in_scope(conn, filters, scope), visible)
            if suppressed:
                parts = _from_facts(conn, filters, ("totals", "regions"), scope, nothing=True)
    totals, volume, by_level, by_country = parts["totals"], parts["volume"], parts["by_level"], parts["by_country"]
    topic_rows, region_rows, pairs = parts["topic_rows"], parts["region_rows"], parts["pairs"]
    overall = _overall(by_level)
    n_union = overall["n"]
    topics: list[dict[str, Any]] = [{"topic": str(r.key), "n": int(r.n), "share": share(int(r.n), n_union),
               "examples": [int(r.ex_any)] if r.ex_any is not None else []} for r in topic_rows]
    topics.sort(key=lambda t: (-t["n"], t["topic"]))
    regions: list[dict[str, Any]] = []
    for code, info in _region_names().items():
        group = region_rows.get(code)
        regions.append({"code": code, **info, "coverage": share(group["n"] if group else 0, n_union),
                        **({k: group[k] for k in ("substantive", "problem", "tone", "examples")} if group else
                           {"substantive": share(0, 0), "problem": share(0, 0), "tone": tone_mean(0, 0, 0),
                            "examples": {"any": [], "substantive": [], "problem": [], "negative": []}})})
    regions.sort(key=lambda r: (-int(r["coverage"]["k"] or 0), str(r["country"]), str(r["code"])))
    return {
        "filters": filters_dict(filters),
        "scope": "union",
        "suppressed": suppressed,
        "totals": totals,
        "volume": volume,
        "topics": topics,
        "indices": {"overall": overall, "by_level": by_level, "by_country": by_country},
        "regions": regions,
        "pairs": pairs,
        "reprints": {"overall": overall["reprint"], "measured": reprint_scope(engine).measured,
                     "by_level": {level: g["reprint"] for level, g in by_level.items()}},
    }


def _overall(by_level: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Totals over the level groups (every publication has exactly one level), without another query."""
    n = sum(g["n"] for g in by_level.values())

    def k(name: str) -> int:
        return sum(int(g[name]["k"]) for g in by_level.values())

    tone_sum = sum((g["tone"]["mean"] or 0.0) * g["n"] for g in by_level.values())
    examples: dict[str, list[int]] = {}
    for kind in ("any", "substantive", "problem", "negative"):
        ids = sorted({i for g in by_level.values() for i in g["examples"][kind]}, reverse=True)
        examples[kind] = ids[:3]
    return {
        "n": n,
        "substantive": share(k("substantive"), n),
        "problem": share(k("problem"), n),
        "tone": tone_mean(tone_sum, float(_tone_squares(by_level)), n),
        "negative": share(k("negative"), n),
        "reprint": share(k("reprint"), n),
        "examples": examples,
    }


def _tone_squares(by_level: dict[str, dict[str, Any]]) -> int:
    """Sum of tone² (= positives + negatives), recovered from the tone sum (= positives − negatives)."""
    total = 0
    for g in by_level.values():
        negatives = int(g["negative"]["k"])
        positives = round((g["tone"]["mean"] or 0.0) * g["n"]) + negatives
        total += positives + negatives
    return total


def _pairs(conn: Any, where: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    ru = dash_regions.alias("ru")
    by = dash_regions.alias("by")
    query = (
        select(ru.c.region_code.label("ru"), by.c.region_code.label("by"), func.count().label("n"),
               func.max(D.document_id).label("ex"))
        .select_from(dash_docs.join(ru, ru.c.document_id == D.document_id).join(by, by.c.document_id == D.document_id))
        .where(and_(ru.c.region_code.like("RU-%"), by.c.region_code.like("BY-%"), *where))
        .group_by(ru.c.region_code, by.c.region_code)
        .order_by(func.count().desc(), ru.c.region_code, by.c.region_code)
        .limit(PAIR_LIMIT)
    )
    return [{"ru": str(r.ru), "by": str(r.by), "n": int(r.n), "examples": [int(r.ex)]} for r in conn.execute(query)]


def filters_dict(filters: Filters) -> dict[str, Any]:
    return {k: v for k, v in filters.as_query().items()}


def publication_ids(engine: Engine, filters: Filters, *, limit: int = 20, offset: int = 0,
                    scope: BlindScope = OPEN) -> tuple[int, list[int]]:
    """How many publications the filters select and one page of their ids, newest first.

    This is the list behind every dashboard number: the same conditions as
    dashboard_aggregates (publications on Union relations), with the filters'
    `flag` (substantive, problem, negative, positive, reprint, original) if set.
    """
    ensure_facts(engine)
    where = and_(true(), *conditions(filters, scope=scope))
    with engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(dash_docs).where(where)).scalar_one())
        ids = [int(i) for i in conn.execute(
            select(D.document_id).where(where)
            .order_by(D.published_at.desc(), D.document_id.desc()).limit(limit).offset(offset)).scalars()]
    return total, ids
