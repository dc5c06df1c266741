"""A larger SQLite project for the analysis benchmark: k copies of a coded project's publications.

`python -m bench.replicate SRC_PROJECT DST_PROJECT K` copies the project folder and adds K − 1 copies
of every document (text included, so the table is as large as a real one), its codes, coding run and
reprint rows, with ids, URLs and content hashes made distinct. The copies keep the outlets and dates,
so every count of the analysis is K times the source's. It serves when ingesting and coding a
million publications does not fit the time (on a loaded 2-core machine it takes hours); the full-text
index is not extended (the analysis does not read it), so search on the copy is not meaningful.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import time
from pathlib import Path


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def replicate(src: Path, dst: Path, k: int) -> dict[str, float]:
    t0 = time.perf_counter()
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    db = dst / "regionlens.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'documents_fts_%'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    offset = int(conn.execute("SELECT MAX(id) FROM documents").fetchone()[0])
    cluster_offset = int(conn.execute("SELECT COALESCE(MAX(cluster_id), 0) FROM reprints").fetchone()[0])
    doc_cols = _columns(conn, "documents")
    changed = {"id": "id + :off", "url": "url || :tag", "content_hash": "content_hash || :tag",
               "ext_id": "CASE WHEN ext_id IS NULL THEN NULL ELSE ext_id || :tag END"}
    tables = {
        "documents": (doc_cols, changed, f"id <= {offset}"),
        "codes": (_columns(conn, "codes"), {"document_id": "document_id + :off"}, f"document_id <= {offset}"),
        "coding_runs": (_columns(conn, "coding_runs"), {"document_id": "document_id + :off"}, f"document_id <= {offset}"),
        "reprints": (_columns(conn, "reprints"), {"document_id": "document_id + :off", "original_id": "original_id + :off",
                                                  "cluster_id": "cluster_id + :coff"}, f"document_id <= {offset}"),
    }
    for i in range(1, k):
        params = {"off": i * offset, "coff": i * cluster_offset, "tag": f"#copy{i}"}
        for table, (cols, exprs, where) in tables.items():
            select = ", ".join(exprs.get(c, c) for c in cols)
            conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM {table} WHERE {where}", params)
        conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    n = int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    conn.close()
    return {"documents": n, "seconds": time.perf_counter() - t0, "db_gb": db.stat().st_size / 1e9}


if __name__ == "__main__":
    print(replicate(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])))
