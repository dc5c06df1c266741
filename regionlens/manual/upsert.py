"""Replacing one keyed row atomically, for values people save at the same time.

Delete-then-insert is not safe under concurrency on PostgreSQL: two saves of
the same key (a double click, two tabs, two admins) both delete nothing, both
insert, and the second dies on the primary key. INSERT … ON CONFLICT DO UPDATE
is one atomic statement on both back ends, so the last save wins and none fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows`, replacing the non-key columns of rows whose primary key already exists."""
    if not rows:
        return
    keys = [c.name for c in table.primary_key.columns]
    dialect_insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    # rows in key order: concurrent batches then take row locks in the same order and cannot deadlock
    ordered = sorted(rows, key=lambda r: tuple(str(r[k]) for k in keys))
    stmt = dialect_insert(table)
    changing = {c: stmt.excluded[c] for c in ordered[0] if c not in keys}
    conn.execute(stmt.on_conflict_do_update(index_elements=keys, set_=changing), ordered)
