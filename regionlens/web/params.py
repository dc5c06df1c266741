"""Ranges of the numbers a request may carry, checked before any of them reaches the database.

Python integers have no size limit, database integers do: an id of twenty digits or an offset of 10^30
made SQLite raise OverflowError (a 500 and a traceback in the log). Every path id of both applications
is checked here by one app-wide dependency; the paging and filter parameters declare their ranges where
they are parsed (regionlens.web.api.common, regionlens.filters).
"""

from __future__ import annotations

import re

from fastapi import HTTPException, Request

MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32 bits in PostgreSQL
MAX_OFFSET = 10**7
_INTEGER = re.compile(r"^[+-]?\d+$")


def check_id(name: str, raw: str) -> None:
    """422 for an integer outside 1…MAX_ID (non-numbers are left to FastAPI's own parsing)."""
    if _INTEGER.match(raw) and len(raw) <= 40 and 1 <= int(raw) <= MAX_ID:
        return
    if _INTEGER.match(raw) or raw.lstrip("+-").isdigit():
        raise HTTPException(status_code=422, detail=f"Неверный адрес: {name} = «{raw[:40]}» — нужен номер "
                                                    f"от 1 до {MAX_ID}.")


async def bounded_path_ids(request: Request) -> None:
    """App-wide dependency: every `…_id` in the path is a number in range."""
    for name, value in request.path_params.items():
        if name.endswith("_id") and isinstance(value, str):
            check_id(name, value)


__all__ = ["MAX_ID", "MAX_OFFSET", "bounded_path_ids", "check_id"]
