"""Incremental refresh of the dashboard cubes: only the cells new or changed facts fall into are touched.

A cube cell holds sums and the newest example ids of the publications in it. When
publications are added, re-coded or their reprint flag flips, the cells they
leave lose the contribution of their old fact rows and the cells they enter gain
that of the new rows (both summed by `regionlens.dashboard.cube_frames`, the
functions the full refresh uses). Sums are exact by subtraction; an example id
(a maximum) stays exact unless the publication that was the cell's example
leaves it without a newer one coming in — then, and when publications were
deleted (their facts go by cascade, so no old rows are left to subtract; a month
whose cube count differs from its fact count shows it), the whole month is
summed again from the fact tables. Every cell has a month, so a month is a
self-contained part of every cube.

Cells are found by SQLite's rowid; PostgreSQL keeps the full rebuild of the cubes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import (
    Connection,
    Integer,
    Table,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
)
from sqlalchemy.sql.expression import ColumnClause

from regionlens.dashboard.cube_frames import (
    BASE_CUBES,
    COUNTS,
    EXAMPLES,
    FACET_CUBES,
    FACT_COLUMNS,
    NO_MONTH,
    NO_SOURCE,
    UNION_SUMS,
    Facts,
    base_frames,
    facet_frames,
    make_facts,
    records,
)
from regionlens.store.schema import dash_cube, dash_docs, dash_regions, dash_topics

ALL_CUBES = (*BASE_CUBES, *FACET_CUBES)
ROWID: ColumnClause[int] = literal_column("rowid", Integer)
IDS_PER_QUERY = 5000


def supported(conn: Connection) -> bool:
    """Cells are addressed by rowid, which SQLite alone has."""
    return conn.dialect.name == "sqlite"


def _frame(conn: Connection, query: Any, columns: list[str]) -> pd.DataFrame:
    """A SELECT's rows as a frame, through the driver's cursor: SQLAlchemy's Row objects, which pandas probes
    one by one, cost ten times the query at a hundred thousand cells. The values bound (months, ids) are
    the store's own, rendered as literals."""
    sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return pd.DataFrame(cursor.fetchall(), columns=columns)
    finally:
        cursor.close()


def read_facts(conn: Connection, ids: Iterable[int]) -> Facts:
    """The fact rows (publication, regions, topics) of these publications as stored now."""
    wanted = sorted(set(ids))
    d, r, t = dash_docs.c, dash_regions.c, dash_topics.c
    docs, regions, topics = [], [], []
    for i in range(0, len(wanted), IDS_PER_QUERY):
        part = wanted[i : i + IDS_PER_QUERY]
        docs.append(_frame(conn, select(*[d[c] for c in FACT_COLUMNS]).where(d.document_id.in_(part)), FACT_COLUMNS))
        regions.append(_frame(conn, select(r.document_id, r.region_code).where(r.document_id.in_(part)),
                              ["document_id", "region_code"]))
        topics.append(_frame(conn, select(t.document_id, t.topic).where(t.document_id.in_(part)),
                             ["document_id", "topic"]))
    return make_facts(_concat(docs, FACT_COLUMNS), _concat(regions, ["document_id", "region_code"]),
                      _concat(topics, ["document_id", "topic"]))


def merge_facts(a: Facts, b: Facts) -> Facts:
    """The facts of two disjoint sets of publications together."""
    if b.docs.empty:
        return a
    if a.docs.empty:
        return b
    docs = pd.concat([a.docs, b.docs], ignore_index=True).sort_values("document_id", kind="stable")
    for name in ("month", "level", "country"):
        docs[name] = docs[name].astype(str).astype("category")
    regions = pd.concat([a.regions.astype({"region_code": str}), b.regions.astype({"region_code": str})],
                        ignore_index=True).astype({"region_code": "category"})
    topics = pd.concat([a.topics.astype({"topic": str}), b.topics.astype({"topic": str})],
                       ignore_index=True).astype({"topic": "category"})
    return Facts(docs.reset_index(drop=True), regions, topics)


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({c: [] for c in columns})


def _in_months(column: object, months: set[str]) -> object:
    named = sorted(m for m in months if m != NO_MONTH)
    terms = [column.in_(named)] if named else []  # type: ignore[attr-defined]
    if NO_MONTH in months:
        terms.append(column.is_(None))  # type: ignore[attr-defined]
    return or_(*terms)


def read_month_facts(conn: Connection, months: set[str]) -> Facts:
    """The fact rows of every publication in these months (NO_MONTH: the undated ones)."""
    d, r, t = dash_docs.c, dash_regions.c, dash_topics.c
    where = _in_months(d.month, months)
    docs = _frame(conn, select(*[d[c] for c in FACT_COLUMNS]).where(where), FACT_COLUMNS)  # type: ignore[arg-type]
    regions = _frame(conn, select(r.document_id, r.region_code).join(dash_docs, d.document_id == r.document_id)
                     .where(where), ["document_id", "region_code"])  # type: ignore[arg-type]
    topics = _frame(conn, select(t.document_id, t.topic).join(dash_docs, d.document_id == t.document_id)
                    .where(where), ["document_id", "topic"])  # type: ignore[arg-type]
    return make_facts(docs, regions, topics)


def contributions(facts: Facts) -> dict[str, pd.DataFrame]:
    """Every cube's cells as summed over these publications alone, keys as columns, by table name."""
    parts: dict[str, list[pd.DataFrame]] = {}
    for table, frame in chain(base_frames(facts), facet_frames(facts)):
        parts.setdefault(table.name, []).append(frame.reset_index())
    return {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()}


def _shape(table: Table) -> tuple[list[str], list[str], list[str], str]:
    """Key columns, summed columns, example columns and the column that counts a cell's rows."""
    names = [c.name for c in table.c]
    sums = [n for n in names if n in (*COUNTS, *UNION_SUMS)]
    examples = [n for n in names if n in EXAMPLES]
    keys = [n for n in names if n not in sums and n not in examples]
    return keys, sums, examples, "n_all" if "n_all" in names else "n"


def _keyed(frame: pd.DataFrame | None, keys: list[str], values: list[str]) -> pd.DataFrame:
    """A contribution frame with plain (hashable, comparable) key values, or an empty one."""
    if frame is None or frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in keys else "float64") for c in [*keys, *values]})
    out = frame[[*keys, *values]].copy()
    for key in keys:
        out[key] = out[key].astype(object)
    return out


def _existing(conn: Connection, table: Table, keys: list[str], values: list[str], months: set[str]) -> pd.DataFrame:
    """The stored cells of these months with their rowids, keys normalised like the contributions."""
    query = select(ROWID, *[table.c[c] for c in (*keys, *values)]).where(_in_months(table.c.month, months))  # type: ignore[arg-type]
    cells = _frame(conn, query, ["rowid", *keys, *values])
    for key in keys:
        column = cells[key].astype(object)
        if key == "month":
            column = column.where(column.notna(), NO_MONTH)
        elif key == "source_id":
            column = column.where(column.notna(), NO_SOURCE).map(int)
        cells[key] = column
    return cells


def apply_changes(conn: Connection, before: Facts, after: Facts) -> set[str]:
    """Move the cubes from the contribution of `before` (old fact rows) to that of `after` (their rows now);
    returns the months whose cells could not be brought up to date this way and must be summed again."""
    plus, minus = contributions(after), contributions(before)
    months: set[str] = set()
    for table in ALL_CUBES:
        months |= _apply(conn, table, plus.get(table.name), minus.get(table.name))
    return months


def _apply(conn: Connection, table: Table, plus_frame: pd.DataFrame | None, minus_frame: pd.DataFrame | None) -> set[str]:
    keys, sums, examples, count = _shape(table)
    plus, minus = _keyed(plus_frame, keys, [*sums, *examples]), _keyed(minus_frame, keys, [*sums, *examples])
    if plus.empty and minus.empty:
        return set()
    signed = pd.concat([plus[[*keys, *sums]], minus[[*keys, *sums]].assign(**{c: -minus[c] for c in sums})],
                       ignore_index=True)
    cells = signed.groupby(keys, sort=False).sum()
    cells = cells.join(plus.groupby(keys, sort=False)[examples].max().add_suffix("_p"))
    cells = cells.join(minus.groupby(keys, sort=False)[examples].max().add_suffix("_m"))
    cells = cells.join(minus.groupby(keys, sort=False).size().rename("_minus_rows"))
    touched = set(cells.index.get_level_values("month"))
    stored = _existing(conn, table, keys, [*sums, *examples], touched).set_index(keys)
    cells = cells.join(stored.add_suffix("_old"))
    has_row = cells["rowid_old"].notna().to_numpy()
    removed = cells["_minus_rows"].fillna(0).to_numpy() > 0
    unresolved = ~has_row & removed  # old rows to take away from a cell that is not there: the cube lags
    for name in sums:
        cells[name] = cells[f"{name}_old"].fillna(0).to_numpy() + cells[name].to_numpy()
    unresolved |= cells[count].to_numpy() < 0
    for name in examples:
        old, came, left = (cells[f"{name}{s}"].to_numpy(dtype="float64") for s in ("_old", "_p", "_m"))
        with np.errstate(invalid="ignore"):
            keep = np.isnan(left) | (left < old)  # the cell's example stays, or a newer one comes in
            newer = ~keep & (came >= left) & (left == old)  # the example left, but a newer one came in
        cells[name] = np.where(keep, np.fmax(old, came), np.where(newer, came, np.nan))
        unresolved |= ~keep & ~newer
    months = set(cells.index.get_level_values("month")[unresolved])
    settled = ~np.isin(cells.index.get_level_values("month"), list(months))
    alive = cells[count].to_numpy() > 0
    _delete(conn, table, cells["rowid_old"].to_numpy()[settled & has_row & ~alive])
    _update(conn, table, cells[settled & has_row & alive], [*sums, *examples])
    fresh = cells[settled & ~has_row & alive][[*sums, *examples]]
    rows = records(fresh.reset_index())
    if rows:
        conn.execute(insert(table), rows)
    return months


def _delete(conn: Connection, table: Table, rowids: np.ndarray) -> None:
    ids = [int(i) for i in rowids]
    for i in range(0, len(ids), IDS_PER_QUERY):
        conn.execute(delete(table).where(ROWID.in_(ids[i : i + IDS_PER_QUERY])))


def _update(conn: Connection, table: Table, cells: pd.DataFrame, values: list[str]) -> None:
    """New values of stored cells, by rowid, in one executemany through the driver (bound in C, not per
    row in Python)."""
    if cells.empty:
        return
    columns = [cells[c].to_numpy(dtype="float64") for c in values]
    rowids = cells["rowid_old"].to_numpy(dtype="float64")
    params = [tuple(None if v != v else int(v) for v in row) for row in zip(*columns, rowids, strict=True)]
    sql = f"UPDATE {table.name} SET {', '.join(f'{c} = ?' for c in values)} WHERE rowid = ?"
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(sql, params)
    finally:
        cursor.close()


def stale_months(conn: Connection) -> set[str]:
    """Months whose cube count differs from the publications in the fact table (deleted publications)."""
    d, c = dash_docs.c, dash_cube.c
    facts: dict[str | None, int] = {m: int(n) for m, n in conn.execute(select(d.month, func.count()).group_by(d.month))}
    cube: dict[str | None, int] = {m: int(n or 0) for m, n in
                                   conn.execute(select(c.month, func.sum(c.n_all)).group_by(c.month))}
    return {NO_MONTH if m is None else str(m) for m in set(facts) | set(cube)
            if int(facts.get(m) or 0) != int(cube.get(m) or 0)}


def recompute_months(conn: Connection, months: Sequence[str] | set[str]) -> None:
    """Sum every cube again over the publications of these months (their cells alone)."""
    wanted = set(months)
    if not wanted:
        return
    for table in ALL_CUBES:
        conn.execute(delete(table).where(_in_months(table.c.month, wanted)))  # type: ignore[arg-type]
    facts = read_month_facts(conn, wanted)
    for name, frame in contributions(facts).items():
        rows = records(frame)
        if rows:
            conn.execute(insert(next(t for t in ALL_CUBES if t.name == name)), rows)
