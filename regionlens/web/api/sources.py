"""The source registry: everyone reads it, admins add, change and remove outlets.

Writes go through the sources page's `save_source` (the registry's own
validation), so the API accepts exactly what the page and a registry file
would, with the same messages. A
source that already has publications cannot be deleted: its documents would
lose their level and country, which every figure depends on.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import delete, func, select

from regionlens.accounts.users import User
from regionlens.dashboard.facts import forget_checks
from regionlens.dashboard.registry import save_source
from regionlens.sources.registry import list_sources
from regionlens.store.schema import documents, source_domains, sources
from regionlens.web.api.common import not_found
from regionlens.web.api.security import admin_only, reader

router = APIRouter(tags=["sources"])


class SourceIn(BaseModel):
    name: str = Field(description="Название (уникальное).")
    country: str = Field(description="RU, BY, union или other.")
    level: str = Field(description="federal, regional, local, union, official, expert или aggregator.")
    domains: list[str] = Field(default_factory=list, description="Домены сайта (example.by).")
    region_code: str | None = Field(default=None, description="Код региона ISO 3166-2, например RU-SMO.")
    founder: str | None = None
    language: str | None = None
    feed_url: str | None = None
    output_per_month: float | None = None
    sitemap_url: str | None = Field(default=None, description="Карта сайта (sitemap) для сбора архива.")


class SourceOut(BaseModel):
    id: int
    name: str
    country: str
    level: str
    domains: list[str]
    region_code: str | None
    founder: str | None
    language: str | None
    feed_url: str | None
    output_per_month: float | None
    sitemap_url: str | None
    documents: int


class SourceList(BaseModel):
    total: int
    items: list[SourceOut]


def _out(row: dict[str, Any]) -> SourceOut:
    return SourceOut(**{k: row[k] for k in SourceOut.model_fields})


def _find(request: Request, source_id: int) -> SourceOut:
    for row in list_sources(request.app.state.engine):
        if int(row["id"]) == source_id:
            return _out(row)
    raise not_found(f"Источник {source_id} не найден.")


def _save(request: Request, body: SourceIn, source_id: int | None) -> int:
    """Store through the sources page's own function: one validation, one set of messages, facts kept in step."""
    saved, errors = save_source(request.app.state.engine, body.model_dump(), source_id)
    if saved is None:
        clash = all("уже есть в реестре" in e or "уже принадлежит" in e for e in errors)
        message = "; ".join(errors)
        raise HTTPException(status_code=409 if clash else 422, detail=message[:1].upper() + message[1:] + ".")
    return saved


@router.get("/sources", response_model=SourceList, summary="Реестр источников")
def get_sources(request: Request, user: User = Depends(reader)) -> SourceList:
    """Every source with its domains and number of publications (the registry is small: no paging)."""
    items = [_out(r) for r in list_sources(request.app.state.engine)]
    return SourceList(total=len(items), items=items)


@router.get("/sources/{source_id}", response_model=SourceOut, summary="Один источник")
def get_source(request: Request, source_id: int, user: User = Depends(reader)) -> SourceOut:
    return _find(request, source_id)


@router.post("/sources", response_model=SourceOut, status_code=201, summary="Добавить источник (администратор)")
def add_source(request: Request, body: SourceIn, user: User = Depends(admin_only)) -> SourceOut:
    return _find(request, _save(request, body, None))


@router.put("/sources/{source_id}", response_model=SourceOut, summary="Изменить источник (администратор)")
def replace_source(request: Request, source_id: int, body: SourceIn, user: User = Depends(admin_only)) -> SourceOut:
    """Replace every field of the source; fields left out become empty, as in a registry file."""
    _find(request, source_id)
    return _find(request, _save(request, body, source_id))


@router.delete("/sources/{source_id}", status_code=204, summary="Удалить источник без публикаций (администратор)")
def remove_source(request: Request, source_id: int, user: User = Depends(admin_only)) -> Response:
    _find(request, source_id)
    with request.app.state.engine.begin() as conn:
        used = conn.execute(select(func.count()).select_from(documents)
                            .where(documents.c.source_id == source_id)).scalar_one()
        if used:
            raise HTTPException(status_code=409, detail=f"У источника {source_id} есть публикации ({used}); "
                                                        "удалить его нельзя, можно изменить.")
        conn.execute(delete(source_domains).where(source_domains.c.source_id == source_id))
        conn.execute(delete(sources).where(sources.c.id == source_id))
    forget_checks()
    return Response(status_code=204)
