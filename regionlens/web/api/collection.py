"""The collection's state per monitored source (read-only): what `regionlens collect --status` shows.

Monitoring scripts poll this to alert on stale or failing feeds; everyone signed in may read it (it holds
feed addresses and fetch errors, no publication text).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from regionlens.accounts.users import User
from regionlens.collect.state import collection_status
from regionlens.web.api.security import reader

router = APIRouter(tags=["collection"])


class FailureOut(BaseModel):
    url: str
    status: str = Field(description="failed (повторится), refused (отказ) или disallowed (robots.txt).")
    reason: str | None
    at: datetime | None


class CollectionOut(BaseModel):
    source_id: int
    name: str
    feed_url: str | None
    sitemap_url: str | None
    runs: int = Field(description="Сколько раз источник собирался.")
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_ok_at: datetime | None = Field(description="Последний запуск, когда ленты и карты сайта прочитались.")
    last_new_at: datetime | None = Field(description="Последний запуск, добавивший публикации.")
    next_due_at: datetime | None
    last_listed: int | None = Field(description="Адресов статей в лентах и картах сайта при последнем запуске.")
    last_new: int | None = Field(description="Публикаций добавлено последним запуском.")
    last_failed: int | None = Field(description="Адресов с ошибкой при последнем запуске.")
    last_error: str | None = Field(description="Почему ленты или карты сайта не прочитались при последнем запуске.")
    total_new: int
    pending_failures: int = Field(description="Адресов, которые будут запрошены снова.")
    refused: int = Field(description="Адресов, от которых отказались (404, слишком большие, запрет robots.txt).")
    stale: str | None = Field(description="Почему источник требует внимания, или null.")
    stale_kind: str | None = Field(description="unreadable, quiet или never.")
    stale_since: datetime | None
    recent_failures: list[FailureOut]


class CollectionList(BaseModel):
    total: int
    items: list[CollectionOut]


@router.get("/collection", response_model=CollectionList, summary="Состояние сбора по источникам")
def get_collection(request: Request, user: User = Depends(reader)) -> CollectionList:
    """Every source with a feed or a sitemap: last run, new publications, failures with reasons, next due time,
    and whether it is stale."""
    rows = collection_status(request.app.state.engine)
    items = [CollectionOut(source_id=r["id"], **{k: v for k, v in r.items() if k not in ("id", "first_run_at")})
             for r in rows]
    return CollectionList(total=len(items), items=items)
