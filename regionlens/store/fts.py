"""The full-text index layout since schema version 11: lemmas live only in the index.

Before version 11 every publication's lemma text was stored twice: in `documents.lemmas` and in the index
built from it (an external-content FTS5 table on SQLite, a stored generated tsvector on PostgreSQL). The
lemma text is as large as the text itself, so that column alone was a third of the database.

* SQLite: a contentless FTS5 table (`content=''`, same tokenizer, positions kept for phrase queries).
  `insert_documents` stores the row with an empty `lemmas` and indexes the lemmas under the new row's id
  in the same transaction (`index_new_rows`). Writing the lemmas into the row and blanking them afterwards
  would leave the freed bytes as holes in the table's pages (measured: 17 MB of 40 at 10,000 publications).
  Any other writer that puts lemmas into the row is indexed by a trigger (and keeps them in the row).
  FTS5 in SQLite 3.40 deletes a row from a contentless table only when given its exact tokens, so the
  delete trigger reads them back from the index itself through an `fts5vocab` instance table (tokens by
  position). That read scans the index, so deleting a publication from a very large project is slow;
  regionlens itself never deletes publications.
* PostgreSQL: `lemmas_tsv` is a plain tsvector column set by a BEFORE INSERT/UPDATE trigger, which also
  blanks `lemmas` before the row is written (no second write, no hole).

Search reads only the index (`rowid` / `lemmas_tsv`), so queries and hits are the same in both layouts.
Projects created before version 11 keep their layout (converting a populated index would rebuild it on
opening); step 11 switches a project whose documents table is still empty, i.e. every new project.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

from sqlalchemy import Connection, Engine, text

HASHES_PER_QUERY = 500
_layout: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()

# fts5vocab 'instance' rows are (term, doc, col, offset): the document's tokens in position order, re-joined
# by spaces, tokenize back to exactly the tokens indexed (each term is one unicode61 token).
_TOKENS_OF_OLD = ("(SELECT group_concat(term, ' ') FROM (SELECT term FROM documents_fts_terms "
                  "WHERE doc = old.id ORDER BY \"offset\"))")
_OLD_LEMMAS = f"CASE WHEN old.lemmas <> '' THEN old.lemmas ELSE {_TOKENS_OF_OLD} END"
_DELETE_OLD = ("INSERT INTO documents_fts(documents_fts, rowid, lemmas) "
               f"SELECT 'delete', old.id, {_OLD_LEMMAS} "
               "WHERE EXISTS (SELECT 1 FROM documents_fts_docsize WHERE id = old.id);")

SQLITE_CONTENTLESS = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5("
    "lemmas, content='', tokenize=\"unicode61 remove_diacritics 0\")",
    "CREATE VIRTUAL TABLE documents_fts_terms USING fts5vocab(documents_fts, 'instance')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents WHEN new.lemmas <> '' BEGIN "
    "INSERT INTO documents_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
    f"CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN {_DELETE_OLD} END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF lemmas ON documents WHEN new.lemmas <> '' BEGIN "
    f"{_DELETE_OLD} "
    "INSERT INTO documents_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
]

POSTGRES_TRIGGER = [
    "ALTER TABLE documents DROP COLUMN IF EXISTS lemmas_tsv",
    "ALTER TABLE documents ADD COLUMN lemmas_tsv tsvector",
    "CREATE INDEX IF NOT EXISTS ix_documents_lemmas_tsv ON documents USING GIN (lemmas_tsv)",
    "CREATE OR REPLACE FUNCTION documents_index_lemmas() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.lemmas_tsv := to_tsvector('simple', NEW.lemmas); NEW.lemmas := ''; RETURN NEW; END $$",
    "CREATE TRIGGER documents_index_lemmas BEFORE INSERT OR UPDATE OF lemmas ON documents "
    "FOR EACH ROW WHEN (NEW.lemmas <> '') EXECUTE FUNCTION documents_index_lemmas()",
]


def lemmas_only_in_index(conn: Connection) -> bool:
    """Whether the project has the version-11 layout (lemmas kept only in the index)."""
    if conn.dialect.name == "sqlite":
        return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts_terms'")).first() is not None
    return conn.execute(text("SELECT 1 FROM pg_trigger WHERE tgname = 'documents_index_lemmas'")).first() is not None


def index_separately(conn: Connection) -> bool:
    """Whether `insert_documents` must index the lemmas itself (SQLite with the version-11 layout)."""
    if conn.dialect.name != "sqlite":
        return False
    known = _layout.get(conn.engine)
    if known is None:
        known = _layout[conn.engine] = lemmas_only_in_index(conn)
    return known


def index_new_rows(conn: Connection, lemmas_by_hash: Mapping[str, str]) -> None:
    """Index the lemmas of rows just inserted (found by content hash) that the index does not hold yet.

    A row another process stored first was indexed in that process's transaction; the docsize check skips
    it, so no document is ever indexed twice. Runs inside the inserting transaction, which holds SQLite's
    write lock, so the check cannot race.
    """
    hashes = [h for h, lemmas in lemmas_by_hash.items() if lemmas]
    pairs: list[tuple[int, str, int]] = []
    for i in range(0, len(hashes), HASHES_PER_QUERY):
        part = hashes[i:i + HASHES_PER_QUERY]
        marks = ", ".join("?" * len(part))
        for doc_id, digest in conn.exec_driver_sql(
                f"SELECT id, content_hash FROM documents WHERE content_hash IN ({marks})", tuple(part)):
            pairs.append((int(doc_id), lemmas_by_hash[digest], int(doc_id)))
    if pairs:
        conn.exec_driver_sql("INSERT INTO documents_fts(rowid, lemmas) SELECT ?, ? WHERE NOT EXISTS "
                             "(SELECT 1 FROM documents_fts_docsize WHERE id = ?)", pairs)


def switch_to_index_only(conn: Connection) -> bool:
    """Give an empty project the version-11 layout; a populated one keeps its own (returns whether it switched)."""
    if lemmas_only_in_index(conn) or conn.execute(text("SELECT 1 FROM documents LIMIT 1")).first() is not None:
        return False
    if conn.dialect.name == "sqlite":
        for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text("DROP TABLE IF EXISTS documents_fts"))
        statements = SQLITE_CONTENTLESS
    else:
        conn.execute(text("DROP INDEX IF EXISTS ix_documents_lemmas_tsv"))
        statements = POSTGRES_TRIGGER
    for stmt in statements:
        conn.execute(text(stmt))
    return True


def indexed_lemmas(conn: Connection) -> dict[int, str]:
    """Per document, what the full-text index holds for it: the lemma text on SQLite (read back from the
    index in the version-11 layout), the tsvector's text on PostgreSQL. For checks and tests: it reads
    the whole index."""
    if conn.dialect.name != "sqlite":
        return {int(i): str(v) for i, v in conn.execute(
            text("SELECT id, lemmas_tsv::text FROM documents WHERE lemmas_tsv IS NOT NULL"))}
    if not lemmas_only_in_index(conn):
        return {int(i): str(v) for i, v in conn.execute(text("SELECT id, lemmas FROM documents WHERE lemmas <> ''"))}
    out: dict[int, list[str]] = {}
    for doc, term in conn.execute(text('SELECT doc, term FROM documents_fts_terms ORDER BY doc, "offset"')):
        out.setdefault(int(doc), []).append(str(term))
    return {doc: " ".join(terms) for doc, terms in out.items()}
