"""The analysis facts of a project, counted inside its database.

`project_facts` copies what the analysis reads of each coded publication into a TEMPORARY table of one
connection (one INSERT … SELECT that pivots the codes table, SQLite or PostgreSQL); `analysis.facts.Facts`
then reads GROUP BY counts from it. It lives with the analysis because it builds the analysis's own table;
the store only provides the schema and the selection (`store.frame`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Connection, Engine, select

from regionlens.analysis.facts import NO_SOURCE, Facts, Sources, facts_table
from regionlens.store.frame import border_codes
from regionlens.store.schema import codes, documents, reprints, sources


def _code(variable: str, as_int: bool) -> Any:
    """One code of a publication from the codes rows grouped by document (the pivot of the EAV table)."""
    from sqlalchemy import Integer, case, cast, func

    value = func.max(case((codes.c.variable == variable, codes.c.value)))
    if as_int:
        return func.coalesce(cast(value, Integer), 0)
    return func.coalesce(value, "[]")


def _names(actors: Any, *names: str) -> Any:
    """1 when the JSON list of actor codes holds one of `names` (codes are quoted inside the list)."""
    from sqlalchemy import case, or_

    return case((or_(*[actors.like(f'%"{n}"%') for n in names]), 1), else_=0)


def _sqlite_documents_first(conn: Connection, insert: Any) -> None:
    """Run the facts INSERT with the documents as the outer loop (CROSS JOIN fixes SQLite's join order).

    Left to itself SQLite walks the codes pivot and fetches each document row by id, and the columns the
    analysis needs lie after the text in that row: a million publications meant reading every text. Driven
    from the documents, it reads them from the covering index ix_documents_kind_facts instead."""
    from datetime import UTC

    compiled = insert.compile(dialect=conn.dialect)
    sql = str(compiled).replace("FROM documents JOIN", "FROM documents CROSS JOIN", 1)

    def plain(value: Any) -> Any:  # what SQLAlchemy's SQLite DateTime stores: UTC clock time as text
        if isinstance(value, datetime):
            utc = value.astimezone(UTC) if value.tzinfo else value
            return utc.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    conn.exec_driver_sql(sql, tuple(plain(compiled.params[k]) for k in compiled.positiontup or ()))


@contextmanager
def project_facts(
    engine: Engine,
    *,
    coder: str = "auto",
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    kind: str | None = "media",
) -> Iterator[Facts]:
    """The analysis facts of a project: the same selection as `load_frame`, counted inside the database.

    The per-publication rows go into a TEMPORARY table of this connection (SQLite or PostgreSQL) and
    never into Python; `Facts` reads GROUP BY counts and bounded top-k rows from it.
    """
    from sqlalchemy import Integer, MetaData, and_, case, func, literal


    with engine.connect() as conn:
        dialect = conn.dialect.name
        pivot = (
            select(codes.c.document_id.label("document_id"),
                   *[_code(v, True).label(n) for v, n in (("union", "u"), ("interregional", "inter"),
                                                           ("substantive", "subst"), ("problem", "prob"),
                                                           ("tone", "tone"))],
                   *[_code(v, False).label(v) for v in ("topics", "actors", "regions")])
            .where(codes.c.coder == coder).group_by(codes.c.document_id).subquery("c")
        )
        ts = documents.c.published_at
        if dialect == "postgresql":
            month: Any = func.to_char(func.timezone("UTC", ts), "YYYY-MM")
            day: Any = func.to_char(func.timezone("UTC", ts), "YYYY-MM-DD")
        else:  # SQLite keeps UTC text «YYYY-MM-DD HH:MM:SS.ffffff»
            month, day = func.substr(ts, 1, 7), func.substr(ts, 1, 10)
        is_reprint = and_(reprints.c.original_id.is_not(None), reprints.c.original_id != documents.c.id)
        query = (
            select(
                documents.c.id.label("id"), documents.c.id.label("pos"),
                func.coalesce(documents.c.source_id, literal(NO_SOURCE, Integer)).label("source_key"), ts.label("ts"),
                month.label("month"), day.label("day"), documents.c.language.label("language"),
                documents.c.date_source.label("date_source"),
                pivot.c.u, pivot.c.inter, pivot.c.subst, pivot.c.prob, pivot.c.tone,
                _names(pivot.c.actors, "FED").label("fed"), _names(pivot.c.actors, "REG", "LOC").label("sub"),
                case((is_reprint, 1), else_=0).label("reprint"),
                case((is_reprint, reprints.c.original_id), else_=None).label("original_id"),
                reprints.c.cluster_id.label("cluster_id"), pivot.c.topics, pivot.c.actors, pivot.c.regions,
            )
            .select_from(documents.join(pivot, pivot.c.document_id == documents.c.id)
                         .outerjoin(reprints, reprints.c.document_id == documents.c.id))
        )
        if kind:
            query = query.where(documents.c.kind == kind)
        if date_from is not None:
            query = query.where(ts >= date_from)
        if date_to is not None:
            query = query.where(ts < date_to)
        af = facts_table(MetaData())
        af.drop(conn, checkfirst=True)
        af.create(conn)
        insert = af.insert().from_select([c.name for c in af.columns], query)
        if dialect == "sqlite":
            _sqlite_documents_first(conn, insert)
        else:
            conn.execute(insert)
        if dialect == "postgresql":
            conn.exec_driver_sql(f"ANALYZE {af.name}")
        dim = pd.DataFrame(conn.execute(select(
            sources.c.id.label("source_key"), sources.c.name.label("source"), sources.c.level, sources.c.country,
            sources.c.region_code, sources.c.output_per_month, sources.c.origin.label("attribution"))).mappings().all(),
            columns=["source_key", "source", "level", "country", "region_code", "output_per_month", "attribution"])
        border = border_codes()
        table = pd.concat([dim, pd.DataFrame([{"source_key": NO_SOURCE, "source": None, "level": "unknown",
                                                "country": "unknown", "region_code": None,
                                                "output_per_month": None, "attribution": "unknown"}])],
                          ignore_index=True).set_index("source_key")
        table["attribution"] = table["attribution"].where(table["attribution"].notna(), "registry")
        table.loc[NO_SOURCE, "attribution"] = "unknown"
        table["level"] = table["level"].fillna("unknown")
        table["country"] = table["country"].fillna("unknown")
        table["output_per_month"] = pd.to_numeric(table["output_per_month"], errors="coerce").astype(float)
        table["region_code"] = table["region_code"].astype(object).where(table["region_code"].notna(), None)
        table["border"] = table["region_code"].isin(border)
        try:
            yield Facts(conn, Sources(table))
        finally:
            af.drop(conn, checkfirst=True)
            conn.rollback()
