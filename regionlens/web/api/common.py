"""What every resource shares: the filter and paging parameters, dates, and coder blindness.

The filter parameters are declared here (so they appear in the OpenAPI
schema) but parsed by `regionlens.filters`, so the API, the web pages and the
CLI accept the same values with the same errors; their SQL is
`regionlens.filters.sql` (over the documents table for the API's lists).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import HTTPException, Query
from pydantic import BaseModel

from regionlens.accounts.blind import hidden_documents
from regionlens.filters import FilterError, Filters, parse_filters
from regionlens.web.params import MAX_OFFSET

MAX_LIMIT = 500


def api_filters(
    date_from: Annotated[str | None, Query(description="С даты (ГГГГ-ММ-ДД), включительно.")] = None,
    date_to: Annotated[str | None, Query(description="По дату (ГГГГ-ММ-ДД), включительно.")] = None,
    country: Annotated[str | None, Query(description="Страна источника: RU, BY, union, other.")] = None,
    level: Annotated[str | None, Query(description="Уровень источника: federal, regional, local, union, …")] = None,
    region: Annotated[str | None, Query(description="Регион, упомянутый в публикации (ISO 3166-2, например RU-SMO).")] = None,
    source_region: Annotated[str | None, Query(description="Регион источника (ISO 3166-2, например BY-VI).")] = None,
    source_id: Annotated[str | None, Query(description="Номер источника.")] = None,
    topic: Annotated[str | None, Query(description="Тема по автоматическому кодированию: ECON, IND, AGRI, …")] = None,
    language: Annotated[str | None, Query(description="Язык публикации: ru, be, …")] = None,
    kind: Annotated[str | None, Query(description="Вид документов: media (по умолчанию), official, survey, all (все).")] = None,
    union: Annotated[str | None, Query(description="1 — только публикации об отношениях России и Беларуси.")] = None,
    flag: Annotated[str | None, Query(description="substantive, problem, negative, positive, reprint, original.")] = None,
) -> Filters:
    """FastAPI dependency: the publication filters from the query string, 422 with the parser's message if bad."""
    raw = {"date_from": date_from, "date_to": date_to, "country": country, "level": level, "region": region,
           "source_region": source_region, "source_id": source_id, "topic": topic, "language": language,
           "kind": kind, "union": union, "flag": flag}
    try:
        return parse_filters(raw)
    except FilterError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


class Page(BaseModel):
    limit: int
    offset: int


def api_page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Сколько записей вернуть (1–{MAX_LIMIT}).")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Сколько записей пропустить (0–{MAX_OFFSET}).")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


def iso(value: Any) -> str | None:
    """A stored timestamp as ISO 8601 in UTC (SQLite returns it without a zone)."""
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat()


def not_found(message: str) -> HTTPException:
    return HTTPException(status_code=404, detail=message)


__all__ = ["MAX_LIMIT", "Page", "api_filters", "api_page", "hidden_documents", "iso",
           "not_found"]
