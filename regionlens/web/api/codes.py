"""Codes in long form (publication × variable × coder), paged, for analysis in R or pandas.

The same filters as publications select the publications; `variable` and
`coder` narrow the rows. Evidence is optional because it is most of the bytes.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, func, select

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.filters import Filters
from regionlens.filters.sql import DOCUMENTS, condition
from regionlens.store.evidence import read_evidence
from regionlens.store.schema import codes, documents, sources
from regionlens.web.api.common import Page, api_filters, api_page, iso
from regionlens.web.api.security import reader

router = APIRouter(tags=["codes"])


class CodeRow(BaseModel):
    document_id: int
    variable: str
    coder: str
    value: Any
    codebook_version: str
    coded_at: str | None
    evidence: list[dict[str, Any]] | None


class CodePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[CodeRow]


@router.get("/codes", response_model=CodePage, summary="Коды публикаций (длинный формат)")
def list_codes(
    request: Request,
    filters: Annotated[Filters, Depends(api_filters)],
    page: Annotated[Page, Depends(api_page)],
    variable: Annotated[str | None, Query(description="Только эта переменная (например, tone).")] = None,
    coder: Annotated[str | None, Query(description="Только этот кодировщик: auto, gold, …")] = None,
    evidence: Annotated[bool, Query(description="Приложить фрагменты текста, давшие код.")] = False,
    user: User = Depends(reader),
) -> CodePage:
    """Rows ordered by publication, coder and variable; a coder's blind units are left out."""
    engine = request.app.state.engine
    scope = scope_of(engine, user)
    parts: list[ColumnElement[bool]] = [condition(filters, on=DOCUMENTS, scope=scope), scope.visible(codes.c.document_id)]
    if variable:
        parts.append(codes.c.variable == variable)
    if coder:
        parts.append(codes.c.coder == coder)
    where = and_(*parts)
    joined = codes.join(documents, documents.c.id == codes.c.document_id).outerjoin(
        sources, sources.c.id == documents.c.source_id)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(where)).scalar_one()
        rows = conn.execute(select(codes).select_from(joined).where(where)
                            .order_by(codes.c.document_id, codes.c.coder, codes.c.variable)
                            .limit(page.limit).offset(page.offset)).all()
        spans: list[list[dict[str, Any]] | None] = [None] * len(rows)
        if evidence:  # compact evidence takes its surfaces from the publication's title and text
            texts = {int(d.id): (str(d.title or ""), str(d.text or "")) for d in conn.execute(
                select(documents.c.id, documents.c.title, documents.c.text)
                .where(documents.c.id.in_({int(r.document_id) for r in rows})))}
            spans = list(read_evidence(conn, [(r.evidence, *texts.get(int(r.document_id), ("", ""))) for r in rows]))
    items = [CodeRow(document_id=int(r.document_id), variable=r.variable, coder=r.coder, value=json.loads(r.value),
                     codebook_version=r.codebook_version, coded_at=iso(r.coded_at), evidence=spans[i])
             for i, r in enumerate(rows)]
    return CodePage(total=int(total), limit=page.limit, offset=page.offset, items=items)
