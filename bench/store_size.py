"""How big a coded project's database is against the text it holds, by table and index.

SQLite: the `dbstat` virtual table (bytes of pages per table and index, free pages apart); PostgreSQL:
pg_total_relation_size per table (heap, TOAST and its indexes) and pg_relation_size per index. The text is
what the publications hold (title + text in UTF-8 bytes), measured in the same database, so the ratio does
not depend on the corpus file's JSON overhead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from regionlens.store.project import open_project


def text_bytes(engine: Engine) -> int:
    """UTF-8 bytes of every publication's title and text."""
    if engine.dialect.name == "sqlite":
        sql = "SELECT sum(length(CAST(title AS BLOB)) + length(CAST(text AS BLOB))) FROM documents"
    else:
        sql = "SELECT sum(octet_length(title) + octet_length(text)) FROM documents"
    with engine.connect() as conn:
        return int(conn.execute(text(sql)).scalar() or 0)


def sqlite_sizes(engine: Engine) -> tuple[int, dict[str, int]]:
    """File size and bytes per table or index (dbstat; FTS5 shadow tables appear under their own names)."""
    with engine.connect() as conn:
        page_size = int(conn.execute(text("PRAGMA page_size")).scalar_one())
        pages = int(conn.execute(text("PRAGMA page_count")).scalar_one())
        free = int(conn.execute(text("PRAGMA freelist_count")).scalar_one())
        by_name = {str(n): int(b) for n, b in conn.execute(
            text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"))}
    if free:
        by_name["(free pages)"] = free * page_size
    return pages * page_size, by_name


def pg_sizes(engine: Engine) -> tuple[int, dict[str, int]]:
    """Bytes of the project's relations (pg_total_relation_size of every table: heap, TOAST, indexes; the
    system catalogues, a few MB in any database, are left out) and per table (heap + TOAST) and index."""
    with engine.connect() as conn:
        total = int(conn.execute(text(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'")).scalar_one() or 0)
        rows = conn.execute(text(
            "SELECT c.relname, CASE WHEN c.relkind = 'i' THEN pg_relation_size(c.oid) "
            "ELSE pg_table_size(c.oid) END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY 2 DESC")).all()
    return total, {str(n): int(b) for n, b in rows}


def measure(root: Path) -> dict[str, Any]:
    """Sizes of the project in `root`: total, by table/index, and as a multiple of its text."""
    proj = open_project(root)
    engine = proj.engine
    with engine.connect() as conn:
        n_docs = int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
    total, by_name = sqlite_sizes(engine) if engine.dialect.name == "sqlite" else pg_sizes(engine)
    txt = text_bytes(engine)
    engine.dispose()
    return {"dialect": engine.dialect.name, "documents": n_docs, "db_bytes": total, "text_bytes": txt,
            "ratio": total / txt if txt else None,
            "gb_per_million": total / n_docs * 1e6 / 1e9 if n_docs else None,
            "by_name": {k: v for k, v in by_name.items() if v}}
