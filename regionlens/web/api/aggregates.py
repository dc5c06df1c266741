"""Dashboard figures as JSON: the same numbers the dashboard draws, from `regionlens.dashboard.aggregates`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from regionlens.accounts.blind import scope_of
from regionlens.accounts.users import User
from regionlens.filters import Filters
from regionlens.web.api.common import api_filters
from regionlens.web.api.security import reader

router = APIRouter(tags=["aggregates"])


@router.get("/aggregates", summary="Показатели панели мониторинга по фильтрам")
def get_aggregates(request: Request, filters: Annotated[Filters, Depends(api_filters)],
                   user: User = Depends(reader)) -> dict[str, Any]:
    """Volume by level over time, topic profile, indices with confidence intervals, regions, pairs, reprint share."""
    # Imported here so the rest of the API works while the dashboard layer is being built or fails to load.
    from regionlens.dashboard.aggregates import dashboard_aggregates

    engine = request.app.state.engine
    result: dict[str, Any] = dashboard_aggregates(engine, filters, scope=scope_of(engine, user))
    return result
