"""What every resource shares: the filter and paging parameters, filter SQL, dates, and coder blindness.

The filter parameters are declared here (so they appear in the OpenAPI
schema) but parsed by `regionlens.dashboard.filters`, so the API and the
dashboard accept the same values with the same Russian errors.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, exists, true

from regionlens.accounts.blind import OPEN, BlindScope, hidden_documents
from regionlens.dashboard.filters import Filters, filters_from_query
from regionlens.store.schema import codes, documents, sources
from regionlens.store.timezone import display_tz
from regionlens.web.params import MAX_OFFSET

MAX_LIMIT = 500
AUTO_CODER = "auto"


def api_filters(
    date_from: Annotated[str | None, Query(description="С даты (ГГГГ-ММ-ДД), включительно.")] = None,
    date_to: Annotated[str | None, Query(description="По дату (ГГГГ-ММ-ДД), включительно.")] = None,
    country: Annotated[str | None, Query(description="Страна источника: RU, BY, union, other.")] = None,
    level: Annotated[str | None, Query(description="Уровень источника: federal, regional, local, union, …")] = None,
    region: Annotated[str | None, Query(description="Регион, упомянутый в публикации (ISO 3166-2, например RU-SMO).")] = None,
    source_id: Annotated[str | None, Query(description="Номер источника.")] = None,
    topic: Annotated[str | None, Query(description="Тема по автоматическому кодированию: ECON, IND, AGRI, …")] = None,
) -> Filters:
    """FastAPI dependency: the dashboard filters from the query string, 422 with the parser's message if bad."""
    raw = {"date_from": date_from, "date_to": date_to, "country": country, "level": level, "region": region,
           "source_id": source_id, "topic": topic}
    try:
        return filters_from_query({k: v for k, v in raw.items() if v is not None})
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


class Page(BaseModel):
    limit: int
    offset: int


def api_page(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Сколько записей вернуть (1–{MAX_LIMIT}).")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Сколько записей пропустить (0–{MAX_OFFSET}).")] = 0,
) -> Page:
    return Page(limit=limit, offset=offset)


def day_start(day: date) -> datetime:
    """Midnight of a calendar day in the users' zone, as UTC (how timestamps are stored)."""
    return datetime.combine(day, time.min, display_tz()).astimezone(UTC)


def _auto_code_has(variable: str, item: str) -> ColumnElement[bool]:
    """The automatic code of `variable` (a JSON list) contains `item`: how the dashboard reads regions and topics."""
    # An alias: the codes route selects from `codes` itself, and the unaliased table would correlate away.
    auto = codes.alias("auto_codes")
    return exists().where(auto.c.document_id == documents.c.id, auto.c.coder == AUTO_CODER,
                          auto.c.variable == variable, auto.c.value.contains(json.dumps(item), autoescape=True))


def filter_condition(filters: Filters, scope: BlindScope = OPEN) -> ColumnElement[bool]:
    """The filters as a condition on `documents` joined (outer) with `sources`.

    The region and topic filters read automatic codes: under a blind `scope` they match only publications
    whose codes the caller may see, as if the hidden ones had no codes."""
    parts: list[ColumnElement[bool]] = []
    if scope and (filters.region or filters.topic):
        parts.append(scope.visible(documents.c.id))
    if filters.date_from:
        parts.append(documents.c.published_at >= day_start(filters.date_from))
    if filters.date_to:
        parts.append(documents.c.published_at < day_start(filters.date_to + timedelta(days=1)))
    if filters.country:
        parts.append(sources.c.country == filters.country)
    if filters.level:
        parts.append(sources.c.level == filters.level)
    if filters.source_id is not None:
        parts.append(documents.c.source_id == filters.source_id)
    if filters.region:
        parts.append(_auto_code_has("regions", filters.region))
    if filters.topic:
        parts.append(_auto_code_has("topics", filters.topic))
    return and_(true(), *parts)


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


__all__ = ["MAX_LIMIT", "Page", "api_filters", "api_page", "filter_condition", "hidden_documents", "iso",
           "not_found"]
