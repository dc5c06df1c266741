"""Lemma-aware search with KWIC lines and facets: the search page's own query, as JSON.

`regionlens.dashboard.search` combines the query language and KWIC of
`regionlens.search` with the publication filters of `regionlens.filters`; the
search page and the CLI's `search` call the same function, so a script finds
exactly the publications they show (media publications unless `kind` says
otherwise).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.dashboard.search import search_publications
from regionlens.filters import Filters
from regionlens.search.query import QueryError
from regionlens.web.api.common import Page, api_filters, api_page, iso
from regionlens.web.api.security import reader

router = APIRouter(tags=["search"])


class KwicOut(BaseModel):
    left: str
    keyword: str
    right: str
    start: int
    end: int


class HitOut(BaseModel):
    id: int
    title: str
    published_at: str | None
    source: str | None
    level: str | None
    country: str | None
    kwic: list[KwicOut]


class FacetCount(BaseModel):
    value: str
    count: int


class SearchPage(BaseModel):
    query: str
    total: int
    limit: int
    offset: int
    items: list[HitOut]
    facets: dict[str, list[FacetCount]]


@router.get("/search", response_model=SearchPage, summary="Поиск с учётом лемм")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=1000,
                            description="Запрос: слова в любой форме, \"фразы\", смолен*, И/ИЛИ/НЕ, скобки.")],
    filters: Annotated[Filters, Depends(api_filters)],
    page: Annotated[Page, Depends(api_page)],
    context: Annotated[int, Query(ge=10, le=300, description="Символов контекста с каждой стороны.")] = 60,
    user: User = Depends(reader),
) -> SearchPage:
    """Matching publications, newest first, with keyword-in-context lines; facets (level, country, region,
    month) count all matches."""
    if not q.strip():
        raise HTTPException(status_code=422, detail="Пустой поисковый запрос.")
    try:
        engine = request.app.state.engine
        result = search_publications(engine, q, filters, limit=page.limit, offset=page.offset,
                                     context=context, scope=scope_of(engine, user))
    except QueryError as exc:
        raise HTTPException(status_code=422, detail=f"Запрос не разобран: {exc}") from exc
    items = [HitOut(id=h.id, title=h.title, published_at=iso(h.published_at), source=h.source, level=h.level,
                    country=h.country,
                    kwic=[KwicOut(left=k.left, keyword=k.keyword, right=k.right, start=k.start, end=k.end)
                          for k in h.lines])
             for h in result.hits]
    facets = {name: [FacetCount(value=v, count=n) for v, n in rows] for name, rows in result.facets.items()}
    return SearchPage(query=q, total=result.total, limit=page.limit, offset=page.offset, items=items, facets=facets)
