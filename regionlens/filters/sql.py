"""`Filters` → SQLAlchemy conditions, the same for SQLite and PostgreSQL, over either of two tables.

The same selection can be asked of two tables, and both are needed:

- `FACTS` (`dash_docs`, with `dash_topics` and `dash_regions`): the narrow per-publication facts of the
  coded media publications, which the dashboard's figures, its lists and the search page's counts and
  facets group over (a GROUP BY over them is what keeps the dashboard fast at a million publications);
- `DOCUMENTS` (`documents`): every stored document of any kind, coded or not, which the API lists,
  the export and full-text search over other kinds of documents read.

Both express one meaning: over a coded media publication they select the same ids (a test holds them
to it). Source attributes are checked as `source_id IN (SELECT id FROM sources …)`, so no caller has
to join the wide source rows. Code-derived filters (union, mentioned region, topic, flag) read the
automatic codes; under a blind-coding scope (`regionlens.accounts.blind`, which decides which
publications' codes a caller may see) they only see publications whose codes are visible to the
caller, so a coder cannot learn a hidden automatic code by filtering on it.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Dialect, and_, exists, false, select, true
from sqlalchemy.engine.default import DefaultDialect

from regionlens.accounts.blind import OPEN, BlindScope
from regionlens.filters.model import AUTO_CODER, DEFAULT_KIND, FLAGS, Filters
from regionlens.filters.parse import FilterError
from regionlens.store.schema import codes, dash_docs, dash_regions, dash_topics, documents, reprints, sources
from regionlens.store.timezone import period_bounds


class Target(Enum):
    """Which table the conditions are written over (see the module's docstring)."""

    FACTS = "facts"
    DOCUMENTS = "documents"


FACTS, DOCUMENTS = Target.FACTS, Target.DOCUMENTS
D = dash_docs.c


def period(filters: Filters, column: ColumnElement[datetime]) -> list[ColumnElement[bool]]:
    """The period as bounds on a stored timestamp; `date_to` includes its whole day (store.timezone decides)."""
    start, end = period_bounds(filters.date_from, filters.date_to)
    out: list[ColumnElement[bool]] = []
    if start is not None:
        out.append(column >= start)
    if end is not None:
        out.append(column < end)
    return out


def conditions(filters: Filters, *, on: Target, scope: BlindScope = OPEN) -> list[ColumnElement[bool]]:
    """WHERE terms selecting the filtered publications from `dash_docs` (FACTS) or `documents` (DOCUMENTS)."""
    return _facts(filters, scope) if on is FACTS else _documents(filters, scope)


def condition(filters: Filters, *, on: Target, scope: BlindScope = OPEN) -> ColumnElement[bool]:
    """The terms of `conditions` joined with AND (TRUE when nothing is filtered)."""
    return and_(true(), *conditions(filters, on=on, scope=scope))


def check_flag(flag: str) -> str:
    """A flag named by code (the dashboard's links), checked like a typed one."""
    if flag not in FLAGS:
        raise FilterError("flag", f"Параметр flag: неизвестное значение «{flag}»; допустимы: {', '.join(FLAGS)}")
    return flag


def _source_ids(filters: Filters, *, with_level: bool) -> ColumnElement[bool] | None:
    """The outlet attributes as one sub-select of source ids (None when the filters name none)."""
    parts: list[ColumnElement[bool]] = []
    if with_level and filters.country is not None:
        parts.append(sources.c.country == filters.country)
    if with_level and filters.level is not None:
        parts.append(sources.c.level == filters.level)
    if filters.source_region is not None:
        parts.append(sources.c.region_code == filters.source_region)
    return and_(*parts) if parts else None


def _facts(filters: Filters, scope: BlindScope) -> list[ColumnElement[bool]]:
    # Every fact is derived from automatic codes, so a blind scope always applies here.
    out: list[ColumnElement[bool]] = [scope.visible(D.document_id)] if scope else []
    if filters.kind not in (DEFAULT_KIND, None):
        return [false()]  # the facts hold the media publications alone
    if filters.union:
        out.append(D.is_union == 1)
    out += period(filters, D.published_at)
    if filters.country is not None:
        out.append(D.country == filters.country)
    if filters.level is not None:
        out.append(D.level == filters.level)
    if filters.source_id is not None:
        out.append(D.source_id == filters.source_id)
    outlet = _source_ids(filters, with_level=False)
    if outlet is not None:
        out.append(D.source_id.in_(select(sources.c.id).where(outlet)))
    if filters.language is not None:
        out.append(D.document_id.in_(select(documents.c.id).where(documents.c.language == filters.language)))
    if filters.region is not None and filters.topic is not None:
        # One list of the publications with both (the region's, each probed in the topic index) instead of two
        # lists to intersect: the topic's alone is a third of the corpus (315k ids at a million publications).
        out.append(D.document_id.in_(
            select(dash_regions.c.document_id)
            .join(dash_topics, and_(dash_topics.c.document_id == dash_regions.c.document_id,
                                    dash_topics.c.topic == filters.topic))
            .where(dash_regions.c.region_code == filters.region)))
    elif filters.region is not None:
        out.append(D.document_id.in_(
            select(dash_regions.c.document_id).where(dash_regions.c.region_code == filters.region)))
    elif filters.topic is not None:
        out.append(D.document_id.in_(select(dash_topics.c.document_id).where(dash_topics.c.topic == filters.topic)))
    if filters.flag is not None:
        out.append(_fact_flag(check_flag(filters.flag)))
    return out


def _fact_flag(flag: str) -> ColumnElement[bool]:
    return {
        "substantive": D.substantive == 1, "problem": D.problem == 1, "negative": D.tone < 0,
        "positive": D.tone > 0, "reprint": D.reprint == 1, "original": D.reprint == 0,
    }[flag]


def _documents(filters: Filters, scope: BlindScope) -> list[ColumnElement[bool]]:
    doc = documents.c
    out: list[ColumnElement[bool]] = [] if filters.kind is None else [doc.kind == filters.kind]
    if scope and filters.code_derived():
        out.append(scope.visible(doc.id))
    out += period(filters, doc.published_at)
    if filters.source_id is not None:
        out.append(doc.source_id == filters.source_id)
    outlet = _source_ids(filters, with_level=True)
    if outlet is not None:
        out.append(doc.source_id.in_(select(sources.c.id).where(outlet)))
    if filters.language is not None:
        out.append(doc.language == filters.language)
    if filters.union:
        out.append(_auto_code(("union", ("1", "true"))))
    if filters.region is not None:
        out.append(_auto_code_has("regions", filters.region))
    if filters.topic is not None:
        out.append(_auto_code_has("topics", filters.topic))
    if filters.flag is not None:
        out.append(_document_flag(check_flag(filters.flag)))
    return out


def _auto_code(wanted: tuple[str, tuple[str, ...]]) -> ColumnElement[bool]:
    """The automatic code of a variable has one of the given stored (JSON) values."""
    variable, values = wanted
    auto = codes.alias("auto_codes")  # aliased: a caller selecting from `codes` itself would correlate it away
    return exists().where(auto.c.document_id == documents.c.id, auto.c.coder == AUTO_CODER,
                          auto.c.variable == variable, auto.c.value.in_(values)).correlate(documents)


def _auto_code_has(variable: str, item: str) -> ColumnElement[bool]:
    """The automatic code of `variable` (a JSON list) contains `item`: how the facts read regions and topics."""
    auto = codes.alias("auto_codes")
    return exists().where(auto.c.document_id == documents.c.id, auto.c.coder == AUTO_CODER,
                          auto.c.variable == variable, auto.c.value.contains(json.dumps(item), autoescape=True)
                          ).correlate(documents)


def _document_flag(flag: str) -> ColumnElement[bool]:
    reprinted = select(reprints.c.document_id).where(reprints.c.original_id != reprints.c.document_id)
    if flag == "reprint":
        return documents.c.id.in_(reprinted)
    if flag == "original":
        return documents.c.id.not_in(reprinted)
    return _auto_code({"substantive": ("substantive", ("1", "true")), "problem": ("problem", ("1", "true")),
                       "negative": ("tone", ("-1",)), "positive": ("tone", ("1",))}[flag])


def as_sql_text(clause: ColumnElement[bool], dialect: Dialect) -> tuple[str, dict[str, Any]]:
    """A condition as SQL text with named parameters (already converted for the database), for the
    hand-written queries of `regionlens.search.engine`, which name index hints SQLAlchemy cannot write."""
    # Written by the generic compiler (the conditions use only standard SQL): the PostgreSQL one appends casts
    # (`:p::VARCHAR`) that a text() query cannot take. Values are converted by the real dialect's processors.
    named = DefaultDialect(paramstyle="named")
    # Compiled inside a select from `documents`, so the EXISTS sub-selects correlate with the outer row.
    compiled = select(documents.c.id).where(clause).compile(dialect=named, compile_kwargs={"render_postcompile": True})
    params: dict[str, Any] = {}
    for name, value in compiled.construct_params().items():
        process = compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) \
            if name in compiled.binds else None
        params[name] = process(value) if process is not None else value
    return str(compiled).split("\nWHERE ", 1)[1], params
