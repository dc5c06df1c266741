"""Lemma-aware search with the publication filters and facets, and one publication with its codes.

The query language, its translation to FTS5 / tsquery and KWIC come from
regionlens.search, the filters and their SQL from regionlens.filters; this
module only combines the full-text condition with the filters (so a number on
the dashboard, the search page, the API and the CLI's `search` select the same
publications) and counts the facets. Without a query it lists the publications
the filters select, which is where dashboard links lead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, and_, bindparam, func, select, text, true
from sqlalchemy.exc import DBAPIError

from regionlens.accounts.blind import OPEN, BlindScope
from regionlens.dashboard.facts import as_utc, month_of, uncoded_media
from regionlens.filters import AUTO_CODER, DEFAULT_KIND, Filters
from regionlens.filters.sql import DOCUMENTS, FACTS, Target, conditions
from regionlens.search.kwic import KwicLine, kwic
from regionlens.search.query import QueryError, parse_query, positive_patterns, to_fts5, to_tsquery
from regionlens.store.evidence import read_evidence
from regionlens.store.schema import codes, dash_docs, dash_regions, documents, mentions, reprints, sources
from regionlens.store.timezone import display_tz

FACETS = ("level", "country", "region", "month")
UNKNOWN = "unknown"  # the level and country of a publication whose outlet is not in the registry, as in the facts
FACET_LIMIT = 24


@dataclass(slots=True)
class SearchHit:
    id: int
    title: str
    published_at: datetime | None
    source: str | None
    level: str | None
    country: str | None
    lines: list[KwicLine] = field(default_factory=list)


@dataclass(slots=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str, int]]]


# Above this many full-text matches the newest page is found by walking dash_docs' date index and probing
# the match list (the unary plus keeps SQLite from driving the query by the list instead); below it, reading
# the few matching rows and sorting them is cheaper. Same threshold as regionlens.search.engine.
INDEX_WALK_MIN = 2000


def _fts(engine: Engine, query: str, id_column: str, walk: bool) -> tuple[ColumnElement[bool], list[str]]:
    node = parse_query(query)
    if engine.dialect.name == "sqlite":
        probe = f"+{id_column}" if walk else id_column
        clause = text(f"{probe} IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH :fts)")
        clause = clause.bindparams(bindparam("fts", to_fts5(node)))
    else:
        clause = text(f"{id_column} IN (SELECT id FROM documents WHERE lemmas_tsv @@ to_tsquery('simple', :fts))")
        clause = clause.bindparams(bindparam("fts", to_tsquery(node)))
    return clause, positive_patterns(node)  # type: ignore[return-value]


def _match_count(engine: Engine, query: str) -> int | None:
    """Full-text matches of the query alone from the FTS5 index (SQLite only; PostgreSQL plans by itself)."""
    if engine.dialect.name != "sqlite" or not query.strip():
        return None
    q = text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH :fts").bindparams(
        bindparam("fts", to_fts5(parse_query(query))))
    try:
        with engine.connect() as conn:
            return int(conn.execute(q).scalar_one())
    except DBAPIError as exc:
        raise QueryError(f"поисковый индекс не принял запрос: {exc.orig}") from exc


def target_of(engine: Engine, filters: Filters) -> Target:
    """Media publications are searched in the dashboard's facts (narrow rows, so counts and facets are fast)
    once every one of them is coded; other kinds of documents, which the facts do not hold, and the media of
    a project not (wholly) coded yet are searched in the documents table."""
    if filters.kind != DEFAULT_KIND or uncoded_media(engine):
        return DOCUMENTS
    return FACTS


def _where(engine: Engine, query: str, filters: Filters, also_region: str | None = None, walk: bool = False,
           scope: BlindScope = OPEN) -> tuple[list[ColumnElement[bool]], list[str]]:
    on = target_of(engine, filters)
    where = conditions(filters, on=on, scope=scope)
    if also_region is not None:  # a second region: the publications behind one edge of the region network
        where += conditions(Filters(region=also_region, kind=filters.kind), on=on, scope=scope)
    patterns: list[str] = []
    if query.strip():
        clause, patterns = _fts(engine, query, "dash_docs.document_id" if on is FACTS else "documents.id", walk)
        where.append(clause)
    return where, patterns


def _run(engine: Engine, query: Select[Any]) -> list[Any]:
    try:
        with engine.connect() as conn:
            return list(conn.execute(query))
    except DBAPIError as exc:  # the generated syntax is valid; this guards engine limits
        raise QueryError(f"поисковый индекс не принял запрос: {exc.orig}") from exc


def search_publications(engine: Engine, query: str, filters: Filters, *, also_region: str | None = None,
                        limit: int = 20, offset: int = 0, context: int = 60,
                        scope: BlindScope = OPEN) -> SearchResult:
    """Matching publications (newest first) with KWIC lines and facet counts: the one search behind the
    CLI's `search`, the search page and the API's /search, so the three list the same publications.

    Media publications (the default kind) are the coded ones in the dashboard's facts: counts and facets
    read only the narrow dash_docs rows, the wide document rows are read for the one page shown. Other kinds
    (`Filters.kind`) are read from the documents table. Raises QueryError (Russian message) on a malformed
    query, FilterError on a bad flag. A blind `scope` leaves out the publications whose codes the caller
    must not see when a filter reads codes (see regionlens.filters.sql).
    """
    on = target_of(engine, filters)
    ids, order = (dash_docs.c.document_id, dash_docs.c.published_at) if on is FACTS else (
        documents.c.id, documents.c.published_at)
    where, patterns = _where(engine, query, filters, also_region, scope=scope)
    cond = and_(true(), *where)
    matches = _match_count(engine, query) if on is FACTS else None
    if matches is not None and matches >= INDEX_WALK_MIN:
        page_where, _ = _where(engine, query, filters, also_region, walk=True, scope=scope)
        page_cond = and_(true(), *page_where)
    else:
        page_cond = cond
    page = [int(r[0]) for r in _run(engine, select(ids).where(page_cond).order_by(
        order.desc(), ids.desc()).limit(limit).offset(offset))]
    rows = {int(r.id): r for r in _run(engine, select(
        documents.c.id, documents.c.title, documents.c.text, documents.c.language, documents.c.published_at,
        sources.c.name, sources.c.level, sources.c.country,
    ).select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
        .where(documents.c.id.in_(page)))} if page else {}
    hits = []
    for r in (rows[i] for i in page if i in rows):
        lines = kwic(r.title + "\n" + r.text, patterns, width=context, lang=r.language) if patterns else []
        when = as_utc(r.published_at)
        hits.append(SearchHit(int(r.id), r.title, when.astimezone(display_tz()) if when else None, r.name,
                              r.level or UNKNOWN, r.country or UNKNOWN, lines))
    total, facets = _facets(engine, cond) if on is FACTS else _document_facets(engine, cond)
    return SearchResult(total, hits, facets)


def _top(counts: dict[str, int], *, by_key: bool = False) -> list[tuple[str, int]]:
    if by_key:  # months: the latest first
        return sorted(counts.items(), key=lambda kv: kv[0], reverse=True)[:FACET_LIMIT]
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_LIMIT]


def _facets(engine: Engine, cond: ColumnElement[bool]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The total and the level, country, month and region facets: one grouped pass over dash_docs for the
    first three (a few hundred groups), one over the region table."""
    d = dash_docs.c
    n = func.count().label("n")
    total = 0
    by: dict[str, dict[str, int]] = {"level": {}, "country": {}, "month": {}}
    for level, country, month, count in _run(engine, select(d.level, d.country, d.month, n).where(cond)
                                               .group_by(d.level, d.country, d.month)):
        total += int(count)
        for name, key in (("level", level), ("country", country), ("month", month)):
            if key is not None:
                by[name][str(key)] = by[name].get(str(key), 0) + int(count)
    out = {"level": _top(by["level"]), "country": _top(by["country"]), "month": _top(by["month"], by_key=True)}
    if total == 0:
        out["region"] = []
        return 0, out
    region_rows = _run(engine, select(dash_regions.c.region_code, n).select_from(
        dash_docs.join(dash_regions, dash_regions.c.document_id == dash_docs.c.document_id)
    ).where(cond).group_by(dash_regions.c.region_code).order_by(n.desc(), dash_regions.c.region_code).limit(FACET_LIMIT))
    out["region"] = [(str(k), int(v)) for k, v in region_rows]
    return total, out


def _document_facets(engine: Engine, cond: ColumnElement[bool]) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The same total and facets over the documents table, for the kinds the facts do not hold (official
    documents, survey answers: a few thousand at most, so they are counted here rather than in SQL groups)."""
    by: dict[str, dict[str, int]] = {"level": {}, "country": {}, "month": {}, "region": {}}
    found = _run(engine, select(documents.c.id, sources.c.level, sources.c.country, documents.c.published_at)
                 .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id)).where(cond))
    for _, level, country, published in found:
        for name, key in (("level", level or UNKNOWN), ("country", country or UNKNOWN), ("month", month_of(published))):
            if key is not None:
                by[name][str(key)] = by[name].get(str(key), 0) + 1
    ids = [int(r[0]) for r in found]
    for start in range(0, len(ids), 500):
        for (value,) in _run(engine, select(codes.c.value).where(
                codes.c.document_id.in_(ids[start:start + 500]), codes.c.coder == AUTO_CODER,
                codes.c.variable == "regions")):
            regions = _json(value)
            for code in dict.fromkeys(regions if isinstance(regions, list) else []):
                by["region"][str(code)] = by["region"].get(str(code), 0) + 1
    return len(found), {"level": _top(by["level"]), "country": _top(by["country"]),
                        "month": _top(by["month"], by_key=True), "region": _top(by["region"])}


@dataclass(slots=True)
class CodeView:
    variable: str
    value: Any
    coder: str
    codebook_version: str
    evidence: list[dict[str, Any]]


@dataclass(slots=True)
class Publication:
    id: int
    title: str
    text: str
    url: str | None
    published_at: datetime | None
    language: str | None
    kind: str
    source: dict[str, Any] | None
    codes: list[CodeView]
    mentions: list[dict[str, Any]]
    reprint_of: int | None
    cluster_id: int | None
    date_source: str | None = None  # record | meta | text | url; None: undated or not recorded (before v7)
    original_known: bool = True  # False: in a cluster with no dated copy, so no copy is known to be the original
    unregistered_source: str | None = None  # the source name or domain the input gave, absent from the registry


CODE_ORDER = ("union", "interregional", "regions", "topics", "substantive", "problem", "tone", "actors", "genre")


def get_publication(engine: Engine, document_id: int, *, coder: str = "auto") -> Publication | None:
    """A publication with its automatic codes and their evidence spans; None if there is no such document.

    Only `coder`'s codes are returned (the automatic ones by default): manual
    values stay in the blind coding workflow.
    """
    with engine.connect() as conn:
        doc = conn.execute(select(documents).where(documents.c.id == document_id)).mappings().first()
        if doc is None:
            return None
        source = None
        if doc["source_id"] is not None:
            row = conn.execute(select(sources).where(sources.c.id == doc["source_id"])).mappings().first()
            source = dict(row) if row else None
        code_rows = conn.execute(select(codes).where(codes.c.document_id == document_id, codes.c.coder == coder)).mappings().all()
        mention_rows = conn.execute(select(mentions).where(mentions.c.document_id == document_id)
                                    .order_by(mentions.c.field, mentions.c.start)).mappings().all()
        rep = conn.execute(select(reprints).where(reprints.c.document_id == document_id)).mappings().first()
        title, body = str(doc["title"] or ""), str(doc["text"] or "")
        evidence = read_evidence(conn, [(r["evidence"], title, body) for r in code_rows])
    views = []
    for r, items in zip(code_rows, evidence, strict=True):
        views.append(CodeView(str(r["variable"]), _json(r["value"]), str(r["coder"]), str(r["codebook_version"]),
                              [e for e in items if isinstance(e, dict)]))
    rank = {v: i for i, v in enumerate(CODE_ORDER)}
    views.sort(key=lambda c: (rank.get(c.variable, len(rank)), c.variable))
    when = as_utc(doc["published_at"])
    known = bool(rep["original_known"]) if rep else True
    original = int(rep["original_id"]) if rep and known and int(rep["original_id"]) != document_id else None
    return Publication(
        id=int(doc["id"]), title=str(doc["title"] or ""), text=str(doc["text"] or ""), url=doc["url"],
        published_at=when.astimezone(display_tz()) if when else None, language=doc["language"], kind=str(doc["kind"]),
        source=source, codes=views, mentions=[dict(m) for m in mention_rows], reprint_of=original,
        cluster_id=int(rep["cluster_id"]) if rep else None,
        date_source=doc["date_source"], original_known=known,
        unregistered_source=None if source is not None else _unregistered(doc["meta"]),
    )


def _unregistered(meta: Any) -> str | None:
    """The outlet name or domain ingest kept for a publication the registry could not attribute."""
    parsed = _json(meta) if meta else None
    value = parsed.get("unregistered_source") if isinstance(parsed, dict) else None
    return str(value) if value else None


def _json(value: Any) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value


def evidence_spans(publication: Publication, variable: str | None = None) -> dict[str, list[tuple[int, int]]]:
    """Character spans per field ('title', 'text') of the evidence of one variable, or of all."""
    spans: dict[str, list[tuple[int, int]]] = {"title": [], "text": []}
    for code in publication.codes:
        if variable is not None and code.variable != variable:
            continue
        for ev in code.evidence:
            fld = ev.get("field", "text")
            try:
                start, end = int(ev["start"]), int(ev["end"])
            except (KeyError, TypeError, ValueError):
                continue
            if fld in spans and end > start:
                spans[fld].append((start, end))
    return spans
