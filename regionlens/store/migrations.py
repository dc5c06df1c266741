"""Schema versions and the steps between them.

A project records its schema version in `meta`; opening it with a newer
regionlens runs the missing steps in order, each in its own transaction, so a
project created by an older version opens in a newer one and an interrupted
upgrade resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from regionlens.store.schema import TABLES_BY_VERSION, coding_runs, documents, meta, metadata, users

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
    "lemmas, content='documents', content_rowid='id', tokenize=\"unicode61 remove_diacritics 0\")",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); END",
    "CREATE TRIGGER IF NOT EXISTS documents_fts_au AFTER UPDATE OF lemmas ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); "
    "INSERT INTO documents_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
]

POSTGRES_FTS = [
    "ALTER TABLE documents ADD COLUMN IF NOT EXISTS lemmas_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', lemmas)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_documents_lemmas_tsv ON documents USING GIN (lemmas_tsv)",
]


def _create(conn: Connection, version: int) -> None:
    metadata.create_all(conn, tables=TABLES_BY_VERSION[version], checkfirst=True)


def _step_1(conn: Connection) -> None:
    _create(conn, 1)
    for stmt in SQLITE_FTS if conn.dialect.name == "sqlite" else POSTGRES_FTS:
        conn.execute(text(stmt))


def _step_2(conn: Connection) -> None:
    _create(conn, 2)


def _step_3(conn: Connection) -> None:
    _create(conn, 3)


def _step_4(conn: Connection) -> None:
    _create(conn, 4)


def _step_5(conn: Connection) -> None:
    """Dashboard fact tables and month cubes, and an index on coding_runs.coded_at for their staleness check.

    The tables start empty; regionlens.dashboard.facts fills them on first use.
    """
    _create(conn, 5)
    ix = next(i for i in coding_runs.indexes if i.name == "ix_coding_runs_coded_at")
    ix.create(conn, checkfirst=True)


def _step_6(conn: Connection) -> None:
    """A (published_at, source_id) index in place of the date-only one.

    Date-ordered search over a common lemma at a million publications read every matching row to sort it
    (12 s); with this index the newest matches are found by walking the index and probing the full-text
    match list, and a source filter is checked without reading the row.
    """
    _create(conn, 6)
    conn.execute(text("DROP INDEX IF EXISTS ix_documents_published"))
    ix = next(i for i in documents.indexes if i.name == "ix_documents_published_source")
    ix.create(conn, checkfirst=True)


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """Add a column unless the table already has it (a project created at this version has it from step 1)."""
    if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _step_7(conn: Connection) -> None:
    """Own corpora: where each publication's date came from, and reprint clusters whose original is unknown.

    `documents.date_source` stays NULL for rows stored before: their date's origin was not recorded.
    `reprints.original_known` is 1 for stored clusters, which were all built from dated publications.
    """
    _add_column(conn, "documents", "date_source", "VARCHAR(8)")
    _add_column(conn, "reprints", "original_known", "INTEGER NOT NULL DEFAULT 1")


def _step_8(conn: Connection) -> None:
    """`sources.origin`: whether a source's metadata came from the registry, the shipped catalogue or nowhere.

    Before this step every source came from a registry import, so existing rows are marked `registry`.
    """
    _add_column(conn, "sources", "origin", "VARCHAR(16)")
    conn.execute(text("UPDATE sources SET origin = 'registry' WHERE origin IS NULL"))


def _step_9(conn: Connection) -> None:
    """Security: server-side sessions, shared login throttling, and user names unique whatever their case.

    Existing accounts get their folded name; if two differ only in case (possible before), the later one's
    key is made unique with its id, so it keeps working under its exact name and no new look-alike can join.
    """
    import unicodedata

    _create(conn, 9)
    if "username_key" not in {c["name"] for c in inspect(conn).get_columns("users")}:
        conn.execute(text("ALTER TABLE users ADD COLUMN username_key VARCHAR(100)"))
    taken: set[str] = set()
    for user_id, name in conn.execute(select(users.c.id, users.c.username).order_by(users.c.id)).all():
        key = unicodedata.normalize("NFKC", str(name)).casefold()
        if key in taken:
            key = f"{key}#{user_id}"
        taken.add(key)
        conn.execute(users.update().where(users.c.id == user_id).values(username_key=key))
    ix = next(i for i in users.indexes if i.name == "ux_users_username_key")
    ix.create(conn, checkfirst=True)


def _step_10(conn: Connection) -> None:
    """Collection: `sources.sitemap_url` and the state tables of `regionlens collect` (additive)."""
    if "sitemap_url" not in {c["name"] for c in inspect(conn).get_columns("sources")}:
        conn.execute(text("ALTER TABLE sources ADD COLUMN sitemap_url TEXT"))
    _create(conn, 10)


def _step_11(conn: Connection) -> None:
    """Store compaction: the table of evidence rules (regionlens.store.evidence), and lemmas kept only in the
    full-text index (regionlens.store.fts).

    Additive: codes written before keep their evidence as dictionaries, which every reader still takes;
    recoding a publication rewrites its evidence in the compact form. The index layout changes only while the
    project holds no documents (every new project); a populated project keeps its working index.
    """
    from regionlens.store.fts import switch_to_index_only

    _create(conn, 11)
    switch_to_index_only(conn)


def _step_13(conn: Connection) -> None:
    """Core project: `coding_identities`, the codebook, gazetteer and catalogue behind each coding hash (additive).

    Runs coded before this step keep their codebook-only hash; the next `regionlens code` recodes them once
    with the joint hash, because which gazetteer coded them was never recorded.
    """
    _create(conn, 13)


def _step_14(conn: Connection) -> None:
    """Analysis in the database: a covering index over what it reads of each publication (additive)."""
    for index in documents.indexes:
        if index.name == "ix_documents_kind_facts":
            index.create(conn, checkfirst=True)


STEPS: dict[int, Callable[[Connection], None]] = {
    1: _step_1, 2: _step_2, 3: _step_3, 4: _step_4, 5: _step_5, 6: _step_6, 7: _step_7, 8: _step_8, 9: _step_9,
    10: _step_10, 11: _step_11, 13: _step_13, 14: _step_14,
}
LATEST = max(STEPS)


def current_version(conn: Connection) -> int:
    """Schema version of the database (0 for an empty one)."""
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def _set_version(conn: Connection, version: int) -> None:
    if conn.execute(select(meta.c.key).where(meta.c.key == "schema_version")).first():
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(version)))
    else:
        conn.execute(meta.insert().values(key="schema_version", value=str(version)))


def migrate(engine: Engine, target: int = LATEST) -> list[int]:
    """Bring the database up to `target`; returns the steps that ran."""
    ran: list[int] = []
    with engine.begin() as conn:
        version = current_version(conn)
    if version > LATEST:
        raise RuntimeError(
            f"База проекта создана более новой версией regionlens (схема {version}, поддерживается до {LATEST}). "
            "Обновите regionlens."
        )
    for step in sorted(s for s in STEPS if version < s <= target):  # numbers may have gaps between branches
        with engine.begin() as conn:
            STEPS[step](conn)
            _set_version(conn, step)
        ran.append(step)
    return ran
