"""Analysis facts: the corpus as GROUP BY counts computed by the database, never a Python row per publication.

Every analysis is a function of counts: publications per outlet × month × union
× reprint flag, union publications per outlet × index values, per outlet ×
topic or actor, per region pair, per day. `Facts` holds those counts (small
tables whose size depends on outlets, months and codes, not on the number of
publications) plus the few bounded row reads a report needs: example
publications (top-k by a fixed order) and the ≤ 20,000-row seeded sample the
clustered models fit.

The counts come from one table `analysis_facts` (one row per coded
publication, integer codes, JSON lists of topics, actors and regions) that
lives inside the database: a TEMPORARY table of the project's connection
(built by `regionlens.analysis.project_facts`, SQLite or PostgreSQL), or an
in-memory SQLite table for a frame of publications (`facts_from_frame`, the
Python API and the tests). The same SQL then answers both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, wraps
from typing import Any, TypeVar

import numpy as np
import pandas as pd
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    text,
)

from regionlens.analysis.frame import SUBNATIONAL

T = TypeVar("T")
NO_SOURCE = -1
UNKNOWN = "unknown"
FACTS_TABLE = "analysis_facts"


def facts_table(metadata: MetaData, *, text_ids: bool = False) -> Table:
    """The per-publication fact table (TEMPORARY: it lives as long as the analysis connection)."""
    id_type: Any = Text if text_ids else Integer
    return Table(
        FACTS_TABLE, metadata,
        Column("id", id_type, primary_key=True),
        Column("pos", Integer, nullable=False),           # the publication's place in the frame's order
        Column("source_key", Integer, nullable=False),    # sources.id, or NO_SOURCE
        Column("ts", DateTime(timezone=True)),            # published_at (UTC), NULL when undated
        Column("month", String(7)),                       # UTC calendar month «2022-03», NULL when undated
        Column("day", String(10)),                        # UTC calendar day «2022-03-15»
        Column("language", String(16)),
        Column("date_source", String(16)),
        Column("u", Integer, nullable=False),
        Column("inter", Integer, nullable=False),
        Column("subst", Integer, nullable=False),
        Column("prob", Integer, nullable=False),
        Column("tone", Integer, nullable=False),
        Column("fed", Integer, nullable=False),           # actors name FED
        Column("sub", Integer, nullable=False),           # actors name REG or LOC
        Column("reprint", Integer, nullable=False),       # reprints another publication (not the cluster's original)
        Column("original_id", id_type),
        Column("cluster_id", Integer),
        Column("topics", Text, nullable=False),           # JSON lists
        Column("actors", Text, nullable=False),
        Column("regions", Text, nullable=False),
        prefixes=["TEMPORARY"],
    )


def _elements(dialect: str, column: str, alias: str) -> str:
    """FROM-clause item that yields the elements of a JSON list column of analysis_facts as `alias.value`."""
    if dialect == "postgresql":
        return (f"jsonb_array_elements_text(CASE WHEN jsonb_typeof(CAST(f.{column} AS jsonb)) = 'array' "
                f"THEN CAST(f.{column} AS jsonb) ELSE '[]'::jsonb END) AS {alias}(value)")
    return f"json_each(CASE WHEN json_type(f.{column}) = 'array' THEN f.{column} ELSE '[]' END) AS {alias}"


@dataclass(slots=True)
class Sources:
    """The outlet dimension: one row per source key with the attributes every grouping uses."""

    table: pd.DataFrame  # index source_key; source, level, country, region_code, output_per_month, attribution, border

    def attach(self, counts: pd.DataFrame, key: str = "source_key") -> pd.DataFrame:
        """Counts with the outlet's columns (and the groups the indices use) next to them."""
        src = self.table
        out = counts.join(src, on=key)
        missing = out["level"].isna()
        if missing.any():  # a key the dimension does not know: treated as no source
            for col, val in (("level", UNKNOWN), ("country", UNKNOWN), ("attribution", UNKNOWN), ("border", False)):
                out.loc[missing, col] = val
        out["level_group"] = out["level"].where(~out["level"].isin(SUBNATIONAL), "subnational")
        out["region"] = out["region_code"].where(out["region_code"].notna(), out["country"].astype(str) + "-national")
        out["border_group"] = np.where(out["border"].astype(bool), "border", "non-border")
        return out

    def keys_where(self, **conds: Any) -> list[int]:
        """Source keys whose attributes match (a value or a collection of values per column)."""
        mask = pd.Series(True, index=self.table.index)
        for col, want in conds.items():
            values = self.table[col]
            if col == "level_group":
                values = self.table["level"].where(~self.table["level"].isin(SUBNATIONAL), "subnational")
            mask &= values.isin(list(want)) if isinstance(want, (list, tuple, set, frozenset)) else values == want
        return [int(k) for k in self.table.index[mask]]


@dataclass
class Facts:
    """Counts over one corpus selection, read from an `analysis_facts` table through `conn`.

    `has_attribution` / `has_date_source`: whether the corpus records how outlets
    were identified and where dates came from (a frame built from records does not).
    """

    conn: Connection
    sources: Sources
    has_attribution: bool = True
    has_date_source: bool = True
    text_ids: bool = False

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def _df(self, sql: str, **params: Any) -> pd.DataFrame:
        stmt = text(sql)
        typed = [bindparam(k, type_=DateTime(timezone=True)) for k, v in params.items() if isinstance(v, datetime)]
        if typed:
            stmt = stmt.bindparams(*typed)
        result = self.conn.execute(stmt, params)
        return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    def _counts(self, sql: str, columns: Sequence[str], ints: Sequence[str] = ()) -> pd.DataFrame:
        df = self._df(sql)
        if df.empty:
            df = pd.DataFrame({c: pd.Series(dtype=object) for c in columns} | {"n": pd.Series(dtype="int64")})
        for c in (*ints, "n"):
            df[c] = df[c].astype("int64")
        return df

    # ---------------------------------------------------------------- scalar facts
    @cached_property
    def totals(self) -> dict[str, Any]:
        row = self.conn.execute(text(
            f"SELECT COUNT(*) AS n, COALESCE(SUM(u), 0) AS u, COALESCE(SUM(inter), 0) AS inter, "
            f"COALESCE(SUM(reprint), 0) AS reprints, COUNT(ts) AS dated, COUNT(DISTINCT month) AS months, "
            f"COUNT(DISTINCT cluster_id) AS clusters FROM {FACTS_TABLE}")).mappings().one()
        bounds = self.conn.execute(
            text(f"SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM {FACTS_TABLE}").columns(
                lo=DateTime(timezone=True), hi=DateTime(timezone=True))).mappings().one()
        return {k: int(v) for k, v in row.items()} | {"ts_min": _utc(bounds["lo"]), "ts_max": _utc(bounds["hi"])}

    @property
    def publications(self) -> int:
        return int(self.totals["n"])

    @property
    def union_publications(self) -> int:
        return int(self.totals["u"])

    # ---------------------------------------------------------------- count tables (with outlet columns)
    @cached_property
    def volume(self) -> pd.DataFrame:
        """outlet × UTC month (None: undated) × union × reprint → publications."""
        df = self._counts(
            f"SELECT source_key, month, u AS \"union\", reprint, MIN(pos) AS first_pos, COUNT(*) AS n "
            f"FROM {FACTS_TABLE} GROUP BY source_key, month, u, reprint",
            ("source_key", "month", "union", "reprint", "first_pos"), ("source_key", "union", "reprint"))
        # in the order of each cell's first publication, so «the first outlet of a group» is the frame's first
        return self.sources.attach(df.sort_values("first_pos", kind="stable").reset_index(drop=True))

    @cached_property
    def index(self) -> pd.DataFrame:
        """Union publications: outlet × reprint × substantive × problem × tone → publications."""
        df = self._counts(
            f"SELECT source_key, reprint, subst AS substantive, prob AS problem, tone, COUNT(*) AS n "
            f"FROM {FACTS_TABLE} WHERE u = 1 GROUP BY source_key, reprint, subst, prob, tone",
            ("source_key", "reprint", "substantive", "problem", "tone"),
            ("source_key", "reprint", "substantive", "problem", "tone"))
        return self.sources.attach(df)

    @cached_property
    def voice(self) -> pd.DataFrame:
        """Union publications: outlet × names FED × names REG or LOC → publications."""
        df = self._counts(
            f"SELECT source_key, fed, sub, COUNT(*) AS n FROM {FACTS_TABLE} WHERE u = 1 GROUP BY source_key, fed, sub",
            ("source_key", "fed", "sub"), ("source_key", "fed", "sub"))
        return self.sources.attach(df)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """Union publications naming each actor type (once per publication), per outlet."""
        df = self._counts(
            f"SELECT source_key, label, COUNT(*) AS n FROM (SELECT DISTINCT f.id, f.source_key, e.value AS label "
            f"FROM {FACTS_TABLE} f, {_elements(self.dialect, 'actors', 'e')} WHERE f.u = 1 AND e.value IS NOT NULL) x "
            "GROUP BY source_key, label", ("source_key", "label"), ("source_key",))
        return self.sources.attach(df)

    @cached_property
    def topics(self) -> pd.DataFrame:
        """Topic labels of union publications (every label a publication carries), per outlet."""
        df = self._counts(
            f"SELECT f.source_key, e.value AS label, COUNT(*) AS n FROM {FACTS_TABLE} f, "
            f"{_elements(self.dialect, 'topics', 'e')} WHERE f.u = 1 AND e.value IS NOT NULL "
            "GROUP BY f.source_key, e.value", ("source_key", "label"), ("source_key",))
        return self.sources.attach(df)

    @cached_property
    def days(self) -> pd.DataFrame:
        """Dated publications per UTC day and union flag."""
        return self._counts(
            f"SELECT day, u AS \"union\", COUNT(*) AS n FROM {FACTS_TABLE} WHERE day IS NOT NULL GROUP BY day, u",
            ("day", "union"), ("union",))

    def _pair_rows(self) -> str:
        return (f"SELECT DISTINCT f.id, f.pos, f.source_key, r.value AS ru_region, b.value AS by_region "
                f"FROM {FACTS_TABLE} f, {_elements(self.dialect, 'regions', 'r')}, {_elements(self.dialect, 'regions', 'b')} "
                "WHERE f.inter = 1 AND substr(r.value, 1, 3) = 'RU-' AND substr(b.value, 1, 3) = 'BY-'")

    @cached_property
    def pairs(self) -> pd.DataFrame:
        """Interregional publications naming a Russian and a Belarusian code together, per pair and outlet."""
        df = self._counts(
            f"SELECT ru_region, by_region, source_key, COUNT(*) AS n FROM ({self._pair_rows()}) x "
            "GROUP BY ru_region, by_region, source_key", ("ru_region", "by_region", "source_key"), ("source_key",))
        return self.sources.attach(df)

    @cached_property
    def pair_publications(self) -> pd.DataFrame:
        """Publications with at least one region pair, per outlet."""
        df = self._counts(
            f"SELECT source_key, COUNT(DISTINCT id) AS n FROM ({self._pair_rows()}) x GROUP BY source_key",
            ("source_key",), ("source_key",))
        return self.sources.attach(df)

    @cached_property
    def origins(self) -> pd.DataFrame:
        """Reprints per reprinting outlet × the outlet of the original (NO_SOURCE when not in the selection)."""
        df = self._counts(
            f"SELECT f.source_key, COALESCE(o.source_key, {NO_SOURCE}) AS origin_key, COUNT(*) AS n "
            f"FROM {FACTS_TABLE} f LEFT JOIN {FACTS_TABLE} o ON o.id = f.original_id WHERE f.reprint = 1 "
            "GROUP BY f.source_key, COALESCE(o.source_key, -1)", ("source_key", "origin_key"), ("source_key", "origin_key"))
        out = self.sources.attach(df)
        levels = self.sources.table["level"]
        out["origin_level"] = df["origin_key"].map(levels).fillna(UNKNOWN).to_numpy()
        return out

    def value_counts(self, column: str, dated_only: bool = False) -> dict[str, int]:
        """Publications per value of `language` or `date_source` (missing or empty said as «unknown»)."""
        if column not in ("language", "date_source"):
            raise ValueError(column)
        where = "WHERE ts IS NOT NULL" if dated_only else ""
        df = self._df(f"SELECT {column} AS value, COUNT(*) AS n FROM {FACTS_TABLE} {where} GROUP BY {column}")
        out: dict[str, int] = {}
        for value, n in zip(df.get("value", []), df.get("n", []), strict=True):
            key = UNKNOWN if value is None or (isinstance(value, float) and np.isnan(value)) or str(value) == "" else str(value)
            out[key] = out.get(key, 0) + int(n)
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))

    # ---------------------------------------------------------------- bounded row reads
    def example_ids(self, k: int = 3, *, order: str = "date", where: str = "", **params: Any) -> list[str]:
        """Up to k publication ids matching `where` (SQL over analysis_facts as f).

        order «date»: the earliest publications (undated last, then by id as text), as findings cite;
        «pos»: the first in the selection's order, as sections cite."""
        if order == "date":
            id_text = "f.id" if self.text_ids else "CAST(f.id AS VARCHAR(20))"
            collate = ' COLLATE "C"' if self.dialect == "postgresql" else ""
            order_by = f"CASE WHEN f.ts IS NULL THEN 1 ELSE 0 END, f.ts, {id_text}{collate}"
        else:
            order_by = "f.pos"
        sql = f"SELECT f.id FROM {FACTS_TABLE} f WHERE {where or '1 = 1'} ORDER BY {order_by} LIMIT {int(k)}"
        return [str(r[0]) for r in self._df(sql, **params).itertuples(index=False)]

    def pair_example_ids(self, k: int = 3) -> list[str]:
        """The first k publications (selection order) naming a Russian and a Belarusian code together."""
        df = self._df(f"SELECT id FROM ({self._pair_rows()}) x GROUP BY id ORDER BY MIN(pos) LIMIT {int(k)}")
        return [str(v) for v in df.get("id", [])]

    def union_rows(self, positions: np.ndarray | None) -> pd.DataFrame:
        """Union publications (selection order) at the given positions, in that order; all when None.

        The models read these; callers bound their number (a seeded sample)."""
        ranked = (f"SELECT source_key, subst, ROW_NUMBER() OVER (ORDER BY pos) - 1 AS rn FROM {FACTS_TABLE} WHERE u = 1")
        if positions is None:
            df = self._df(f"SELECT source_key, subst FROM ({ranked}) x ORDER BY rn")
        else:
            tmp = Table("analysis_sample", MetaData(), Column("rn", Integer, primary_key=True),
                        Column("k", Integer, nullable=False), prefixes=["TEMPORARY"])
            tmp.drop(self.conn, checkfirst=True)
            tmp.create(self.conn)
            rows = [{"rn": int(p), "k": i} for i, p in enumerate(positions)]
            if rows:
                self.conn.execute(tmp.insert(), rows)
            df = self._df(f"SELECT x.source_key, x.subst FROM ({ranked}) x JOIN analysis_sample s ON s.rn = x.rn ORDER BY s.k")
            tmp.drop(self.conn)
        if df.empty:
            df = pd.DataFrame({"source_key": pd.Series(dtype="int64"), "subst": pd.Series(dtype="int64")})
        return self.sources.attach(df.astype({"source_key": "int64", "subst": "int64"}))

    def ts_where(self, lo: datetime, hi: datetime) -> tuple[str, dict[str, Any]]:
        """A `where` fragment and its parameters: published between lo and hi (UTC, inclusive)."""
        return "f.ts >= :ts_lo AND f.ts <= :ts_hi", {"ts_lo": lo, "ts_hi": hi}

    def lists(self, column: str, value: str, alias: str = "l") -> str:
        """A `where` fragment: the JSON list `column` holds `value` (a code: letters, digits and «-»)."""
        if column not in ("topics", "actors", "regions") or not all(ch.isalnum() or ch in "-_" for ch in value):
            return "1 = 0"
        return f"EXISTS (SELECT 1 FROM {_elements(self.dialect, column, alias)} WHERE {alias}.value = '{value}')"


def in_list(column: str, values: Sequence[int]) -> str:
    """`column IN (…)` over integers (source keys); false when empty."""
    return f"{column} IN ({', '.join(str(int(v)) for v in values)})" if values else "1 = 0"


def _utc(value: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


# ---------------------------------------------------------------- a frame of publications as facts
def _json_list(value: Any) -> str:
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    return "[]"


def frame_sources(docs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The outlet dimension of a frame (one key per distinct outlet description) and each row's key."""
    cols = ["source", "level", "country", "region_code", "output_per_month", "border"]
    has_attr = "attribution" in docs.columns
    if has_attr:
        cols.append("attribution")
    if len(docs):
        codes = docs[cols].astype(object).groupby(cols, dropna=False, sort=False).ngroup().to_numpy()
        first = pd.Series(np.arange(len(docs))).groupby(codes).first().to_numpy()
        table = docs.iloc[first][cols].reset_index(drop=True)
    else:
        codes = np.zeros(0, dtype=int)
        table = pd.DataFrame(columns=cols)
    table.index = pd.RangeIndex(len(table), name="source_key")
    if not has_attr:
        table["attribution"] = np.where(table["level"].notna() & (table["level"].astype(str) != UNKNOWN),
                                        "registry", UNKNOWN)
    table["level"] = table["level"].where(table["level"].notna(), UNKNOWN)
    table["country"] = table["country"].where(table["country"].notna(), UNKNOWN)
    table["output_per_month"] = pd.to_numeric(table["output_per_month"], errors="coerce").astype(float)
    table["border"] = table["border"].fillna(False).astype(bool)
    return table, pd.Series(codes, index=docs.index)


@contextmanager
def facts_from_frame(docs: pd.DataFrame) -> Iterator[Facts]:
    """Facts of a frame that follows the analysis contract, in a private in-memory SQLite database."""
    engine = create_engine("sqlite://")
    table, keys = frame_sources(docs)
    n = len(docs)
    ts = docs["published_at"]
    utc = ts.dt.tz_convert("UTC") if n else ts
    ids = docs["id"].astype(str)
    reprint_of = docs["reprint_of"].astype(object)
    is_reprint = (reprint_of.notna() & (reprint_of.astype(str) != ids)).to_numpy() if n else np.zeros(0, bool)
    actors = docs["actors"]
    cluster = docs["cluster_id"].astype(object)

    def _int(col: str) -> np.ndarray:
        return pd.to_numeric(docs[col], errors="coerce").fillna(0).astype(int).to_numpy()

    def _opt(value: Any) -> Any:
        return None if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT else value

    rows = pd.DataFrame({
        "id": ids.to_numpy(), "pos": np.arange(n), "source_key": keys.to_numpy(),
        "ts": [None if pd.isna(t) else t.to_pydatetime() for t in utc] if n else [],
        "month": utc.dt.strftime("%Y-%m").to_numpy() if n else [],
        "day": utc.dt.strftime("%Y-%m-%d").to_numpy() if n else [],
        "language": [_opt(v) for v in docs["language"]],
        "date_source": [_opt(v) for v in docs["date_source"]] if "date_source" in docs.columns else None,
        "u": _int("union"), "inter": _int("interregional"), "subst": _int("substantive"), "prob": _int("problem"),
        "tone": _int("tone"),
        "fed": actors.map(lambda a: "FED" in a if isinstance(a, (list, tuple, set, np.ndarray)) else False).astype(int).to_numpy(),
        "sub": actors.map(lambda a: ("REG" in a or "LOC" in a) if isinstance(a, (list, tuple, set, np.ndarray)) else False).astype(int).to_numpy(),
        "reprint": is_reprint.astype(int),
        "original_id": [str(r) if flag else None for r, flag in zip(reprint_of, is_reprint, strict=True)],
        "cluster_id": [None if _opt(c) is None else int(c) for c in cluster],
        "topics": docs["topics"].map(_json_list).to_numpy(), "actors": actors.map(_json_list).to_numpy(),
        "regions": docs["regions"].map(_json_list).to_numpy(),
    })
    for col in ("month", "day"):
        rows[col] = rows[col].where(pd.notna(rows[col]), None) if n else rows[col]
    with engine.connect() as conn:
        af = facts_table(MetaData(), text_ids=True)
        af.create(conn)
        records = rows.astype(object).where(rows.notna(), None).to_dict(orient="records")
        if records:
            conn.execute(af.insert(), records)
        yield Facts(conn, Sources(table), has_attribution="attribution" in docs.columns,
                    has_date_source="date_source" in docs.columns, text_ids=True)
    engine.dispose()


def utc_bound(value: Any) -> datetime:
    """A naive or aware timestamp as an aware UTC datetime (what the fact table compares)."""
    ts = pd.Timestamp(value)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return ts.to_pydatetime().astimezone(UTC)


def accepts_frame(fn: Callable[..., T]) -> Callable[..., T]:
    """Let an analysis over `Facts` also take a frame of publications (the Python API and the tests)."""

    @wraps(fn)
    def wrapper(data: Any, *args: Any, **kwargs: Any) -> T:
        if isinstance(data, pd.DataFrame):
            from regionlens.analysis.frame import validate_frame

            with facts_from_frame(validate_frame(data)) as facts:
                return fn(facts, *args, **kwargs)
        return fn(data, *args, **kwargs)

    return wrapper
