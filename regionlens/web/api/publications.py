"""Publications: a filtered, paged list with their automatic codes, and one publication in full.

Codes come with the publication because a script nearly always wants both,
and one request per page is cheaper than one per publication. The codes of a
coder's own blind units are withheld (see `regionlens.accounts.blind`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import Engine, func, select

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.filters import Filters
from regionlens.filters.sql import DOCUMENTS, condition
from regionlens.store.evidence import read_evidence
from regionlens.store.schema import codes, documents, mentions, reprints, sources
from regionlens.web.api.common import (
    Page,
    api_filters,
    api_page,
    iso,
    not_found,
)
from regionlens.web.api.security import reader

router = APIRouter(tags=["publications"])


class SourceRef(BaseModel):
    id: int
    name: str
    country: str
    level: str
    region_code: str | None


class PublicationItem(BaseModel):
    id: int
    title: str
    url: str | None
    published_at: str | None
    language: str | None
    kind: str
    source: SourceRef | None
    codes: dict[str, Any] | None  # None: withheld from this coder (blind unit)


class PublicationPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[PublicationItem]


class CodeOut(BaseModel):
    variable: str
    coder: str
    value: Any
    codebook_version: str
    coded_at: str | None
    evidence: list[dict[str, Any]]


class MentionOut(BaseModel):
    region_code: str
    start: int
    end: int
    surface: str
    field: str


class Publication(PublicationItem):
    text: str
    date_source: str | None  # record | meta | text | url; None when undated or not recorded (stored before v7)
    reprint_of: int | None  # the cluster's original; None when this is it, not a reprint, or the original is unknown
    original_known: bool | None  # False: in a reprint cluster where no copy is dated; None: not in a cluster
    code_list: list[CodeOut] | None
    mentions: list[MentionOut] | None


_COLUMNS = (documents.c.id, documents.c.title, documents.c.url, documents.c.published_at, documents.c.language,
            documents.c.kind, documents.c.source_id, sources.c.name.label("source_name"), sources.c.country,
            sources.c.level, sources.c.region_code)
_FROM = documents.outerjoin(sources, sources.c.id == documents.c.source_id)


def _source(row: Any) -> SourceRef | None:
    if row.source_id is None:
        return None
    return SourceRef(id=int(row.source_id), name=row.source_name, country=row.country, level=row.level,
                     region_code=row.region_code)


def _codes_by_document(engine: Engine, ids: list[int], coder: str) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    if not ids:
        return out
    with engine.connect() as conn:
        for r in conn.execute(select(codes.c.document_id, codes.c.variable, codes.c.value)
                              .where(codes.c.document_id.in_(ids), codes.c.coder == coder)):
            out[int(r.document_id)][r.variable] = json.loads(r.value)
    return out


@router.get("/publications", response_model=PublicationPage, summary="Публикации по фильтрам")
def list_publications(
    request: Request,
    filters: Annotated[Filters, Depends(api_filters)],
    page: Annotated[Page, Depends(api_page)],
    coder: Annotated[str, Query(description="Чьи коды приложить: auto (автоматические) или gold (согласованные).")] = "auto",
    user: User = Depends(reader),
) -> PublicationPage:
    """Publications matching the filters, newest first, each with the values of one coder's codes."""
    engine = request.app.state.engine
    scope = scope_of(engine, user)
    where = condition(filters, on=DOCUMENTS, scope=scope)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(_FROM).where(where)).scalar_one()
        rows = conn.execute(select(*_COLUMNS).select_from(_FROM).where(where)
                            .order_by(documents.c.published_at.desc().nulls_last(), documents.c.id.desc())
                            .limit(page.limit).offset(page.offset)).all()
    ids = [int(r.id) for r in rows]
    by_doc = _codes_by_document(engine, ids, coder)
    items = [PublicationItem(id=int(r.id), title=r.title or "", url=r.url, published_at=iso(r.published_at),
                             language=r.language, kind=r.kind, source=_source(r),
                             codes=by_doc.get(int(r.id), {}) if scope.sees_codes(int(r.id)) else None)
             for r in rows]
    return PublicationPage(total=int(total), limit=page.limit, offset=page.offset, items=items)


def document_codes(engine: Engine, document_id: int) -> list[CodeOut]:
    """Every stored code of a publication (all coders) with its evidence spans."""
    with engine.connect() as conn:
        rows = conn.execute(select(codes).where(codes.c.document_id == document_id)
                            .order_by(codes.c.coder, codes.c.variable)).all()
        doc = conn.execute(select(documents.c.title, documents.c.text).where(documents.c.id == document_id)).first()
        title, body = (str(doc.title or ""), str(doc.text or "")) if doc else ("", "")
        evidence = read_evidence(conn, [(r.evidence, title, body) for r in rows])
    return [CodeOut(variable=r.variable, coder=r.coder, value=json.loads(r.value), codebook_version=r.codebook_version,
                    coded_at=iso(r.coded_at), evidence=items)
            for r, items in zip(rows, evidence, strict=True)]


def load_publication_row(engine: Engine, document_id: int) -> Any:
    with engine.connect() as conn:
        row = conn.execute(select(*_COLUMNS, documents.c.text, documents.c.date_source, reprints.c.original_id,
                                  reprints.c.original_known)
                           .select_from(_FROM.outerjoin(reprints, reprints.c.document_id == documents.c.id))
                           .where(documents.c.id == document_id)).first()
    if row is None:
        raise not_found(f"Публикация {document_id} не найдена.")
    return row


@router.get("/publications/{document_id}", response_model=Publication, summary="Одна публикация с кодами")
def get_publication(request: Request, document_id: int, user: User = Depends(reader)) -> Publication:
    """The full text, every code with its evidence, and the region mentions (withheld on a coder's blind units)."""
    engine = request.app.state.engine
    row = load_publication_row(engine, document_id)
    blind = not scope_of(engine, user).sees_codes(document_id)
    code_list = None if blind else document_codes(engine, document_id)
    found: list[MentionOut] | None = None
    if not blind:
        with engine.connect() as conn:
            found = [MentionOut(region_code=m.region_code, start=m.start, end=m.end, surface=m.surface, field=m.field)
                     for m in conn.execute(select(mentions).where(mentions.c.document_id == document_id)
                                           .order_by(mentions.c.field, mentions.c.start))]
    # A blind unit's reprint link would lead to an original with the same codes: withheld with them;
    # a cluster without a dated copy has no known original to link to.
    known = None if row.original_id is None or blind else bool(row.original_known)
    original = row.original_id if known and int(row.original_id) != document_id else None
    return Publication(
        id=int(row.id), title=row.title or "", url=row.url, published_at=iso(row.published_at), language=row.language,
        kind=row.kind, source=_source(row),
        codes=None if code_list is None else {c.variable: c.value for c in code_list if c.coder == "auto"},
        text=row.text, date_source=row.date_source if row.published_at is not None else None,
        reprint_of=int(original) if original is not None else None, original_known=known,
        code_list=code_list, mentions=found,
    )


@router.get("/publications/{document_id}/codes", response_model=list[CodeOut], summary="Коды публикации")
def get_publication_codes(request: Request, document_id: int, user: User = Depends(reader)) -> list[CodeOut]:
    """Every code of one publication (automatic, classifier, adjudicated) with evidence spans."""
    engine = request.app.state.engine
    load_publication_row(engine, document_id)
    if not scope_of(engine, user).sees_codes(document_id):
        raise_blind(document_id)
    return document_codes(engine, document_id)


def raise_blind(document_id: int) -> None:
    raise HTTPException(status_code=403, detail=f"Публикация {document_id} — ваша единица ручного кодирования: "
                                                "её коды через API не показываются, чтобы кодирование оставалось слепым.")
