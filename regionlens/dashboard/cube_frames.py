"""The dashboard's cubes summed in pandas from frames of the fact tables.

Every cube cell is a sum (and a max of example ids) over the publications in it, so
the cubes of a handful of publications are exactly their contribution to the
cells: the incremental refresh (`regionlens.dashboard.increments`) adds the
contribution of new and changed facts and takes away that of their old rows,
and the full refresh builds the facet cubes from the whole corpus with the same
functions. The base cubes are also built by SQL on a full refresh; a test
checks that both give the same cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Table

from regionlens.store.schema import (
    dash_cube,
    dash_cube_pair,
    dash_cube_region,
    dash_cube_topic,
    dash_fcube,
    dash_fcube_pair,
    dash_fcube_region,
    dash_fcube_topic,
)

# Region and topic together are not a facet: at a million publications that cube had a million cells and
# doubled the refresh, so that rarer filter reads the fact tables. «source» (filter_value the id) fills only
# the region and pair facet cubes: the other two cubes carry sources.
FACETS = ("region", "topic")
FACET = ["filter_kind", "filter_value"]
CELL = ["month", "level", "country"]
NO_MONTH = ""  # pandas drops or mangles None in group keys, so a publication without a date groups under ""
NO_SOURCE = -1  # and an unattributed one under source -1
UNION_SUMS = ("n", "substantive", "problem", "tone_sum", "tone_sq", "negative", "reprints")
EXAMPLES = ("ex_any", "ex_substantive", "ex_problem", "ex_negative")
COUNTS = ("n_all", "n")
FACT_COLUMNS = ["document_id", "source_id", "month", "level", "country", "is_union", "substantive", "problem",
                "tone", "reprint"]
BASE_CUBES = (dash_cube, dash_cube_topic, dash_cube_region, dash_cube_pair)
FACET_CUBES = (dash_fcube, dash_fcube_topic, dash_fcube_region, dash_fcube_pair)


@dataclass(slots=True)
class Facts:
    """Fact rows of some publications: `docs` by document id with the per-publication terms of the cube sums
    (see `doc_terms`), and their regions and topics."""

    docs: pd.DataFrame
    regions: pd.DataFrame
    topics: pd.DataFrame


def doc_terms(docs: pd.DataFrame) -> pd.DataFrame:
    """dash_docs rows (FACT_COLUMNS) sorted by document id with the terms of union_sums(), so a cube cell is
    a plain sum and max."""
    docs = docs.sort_values("document_id", kind="stable").reset_index(drop=True)
    union = docs["is_union"].to_numpy() == 1
    n = union.astype("int64")
    tone = docs["tone"].to_numpy(dtype="int64")
    ids = docs["document_id"].astype("int64")
    out = pd.DataFrame({
        "document_id": ids, "source_id": docs["source_id"].fillna(NO_SOURCE).astype("int64"),
        "month": docs["month"].fillna(NO_MONTH).astype("category"),
        "level": docs["level"].astype("category"), "country": docs["country"].astype("category"),
        "n": n, "substantive": docs["substantive"].to_numpy(dtype="int64") * n,
        "problem": docs["problem"].to_numpy(dtype="int64") * n, "tone_sum": tone * n, "tone_sq": tone * tone * n,
        "negative": (tone < 0).astype("int64") * n, "reprints": docs["reprint"].to_numpy(dtype="int64") * n,
    })
    out["ex_any"] = ids.where(union)
    for name in ("substantive", "problem", "negative"):
        out[f"ex_{name}"] = ids.where(out[name] == 1)
    return out


def make_facts(docs: pd.DataFrame, regions: pd.DataFrame, topics: pd.DataFrame) -> Facts:
    """Facts from raw rows: dash_docs (FACT_COLUMNS), dash_regions (document_id, region_code), dash_topics
    (document_id, topic)."""
    regions = regions.astype({"region_code": "category"})
    topics = topics.astype({"topic": "category"})
    return Facts(doc_terms(docs), regions, topics)


def _with_cells(docs: pd.DataFrame, rows: pd.DataFrame, *, sums: bool = True) -> pd.DataFrame:
    """`rows` (document_id and keys) with the cell (and sum) columns of their publications, taken by position.

    Like the inner join of the SQL cubes, a row whose publication is not in the docs frame is dropped.
    """
    ids = docs["document_id"].to_numpy()
    if not len(ids):
        rows = rows.iloc[:0]
    wanted = rows["document_id"].to_numpy()
    pos = np.minimum(np.searchsorted(ids, wanted), max(len(ids) - 1, 0))
    found = ids[pos] == wanted if len(ids) else np.zeros(0, dtype=bool)
    cells = docs.take(pos[found]) if sums else docs[["document_id", "source_id", *CELL]].take(pos[found])
    cells = cells.reset_index(drop=True)
    keys = rows.loc[found].drop(columns="document_id").reset_index(drop=True)
    return pd.concat([cells, keys], axis=1)


def _sum(rows: pd.DataFrame, keys: list[str], **named: Any) -> pd.DataFrame:
    return rows.groupby(keys, sort=False, observed=True).agg(**named)


SUMS: dict[str, Any] = {name: (name, "sum") for name in UNION_SUMS} | {name: (name, "max") for name in EXAMPLES}
COUNT: dict[str, Any] = {"n": ("document_id", "size"), "ex_any": ("document_id", "max")}


def base_frames(facts: Facts) -> Iterator[tuple[Table, pd.DataFrame]]:
    """The four base cubes (month × source × level × country, and per topic, region and region pair)."""
    docs = facts.docs
    yield dash_cube, _sum(docs, ["month", "source_id", "level", "country"], n_all=("document_id", "size"), **SUMS)
    union_ids = docs.loc[docs["n"] == 1, ["document_id"]]
    topics = _with_cells(docs, facts.topics.merge(union_ids, on="document_id"), sums=False)
    yield dash_cube_topic, _sum(topics, ["topic", "month", "source_id", "level", "country"], **COUNT)
    regions = _with_cells(docs, facts.regions.merge(union_ids, on="document_id"))
    yield dash_cube_region, _sum(regions, ["region_code", *CELL], **SUMS)
    pairs = _with_cells(docs, _pairs(facts.regions).merge(union_ids, on="document_id"), sums=False)
    yield dash_cube_pair, _sum(pairs, ["ru", "by", *CELL], **COUNT)


def _pairs(regions: pd.DataFrame) -> pd.DataFrame:
    """document_id, ru, by: every Russian × Belarusian region pair a publication names."""
    ru = regions[regions["region_code"].astype(str).str.startswith("RU-")].rename(columns={"region_code": "ru"})
    by = regions[regions["region_code"].astype(str).str.startswith("BY-")].rename(columns={"region_code": "by"})
    return ru.merge(by, on="document_id")


def facet_frames(facts: Facts) -> Iterator[tuple[Table, pd.DataFrame]]:
    """The four cubes again, once per region (and per topic) a publication carries, and the region and pair
    cubes per source.

    A publication mentioning three regions is summed into three cells, so every
    figure under «region = R» (or «topic = T») is a sum over the cells of R
    alone — the same numbers and example ids as the join over the fact tables.
    Summed in pandas: the same eight GROUP BYs over 1.5–3 million joined rows
    took SQLite 70 s at a million publications.
    """
    docs, regions, topics = facts.docs, facts.regions, facts.topics
    if docs.empty:
        return
    union_ids = docs.loc[docs["n"] == 1, ["document_id"]]
    pairs_of = _pairs(regions)
    for kind in FACETS:
        values = _facet_values(kind, regions, topics)
        facet = _with_cells(docs, values)
        yield dash_fcube, _sum(facet, [*FACET, *CELL], n_all=("document_id", "size"), **SUMS)
        keyed = values.merge(union_ids, on="document_id")
        yield dash_fcube_topic, _sum(_with_cells(docs, keyed.merge(topics, on="document_id"), sums=False),
                                     ["topic", *FACET, *CELL], **COUNT)
        yield dash_fcube_region, _sum(_with_cells(docs, keyed.merge(regions, on="document_id")),
                                      ["region_code", *FACET, *CELL], **SUMS)
        yield dash_fcube_pair, _sum(_with_cells(docs, keyed.merge(pairs_of, on="document_id"), sums=False),
                                    ["ru", "by", *FACET, *CELL], **COUNT)
    union = docs[(docs["n"] == 1) & (docs["source_id"] != NO_SOURCE)]
    by_source = pd.DataFrame({"document_id": union["document_id"],
                              "filter_value": union["source_id"].astype(str).astype("category")})
    by_source = by_source.assign(filter_kind=pd.Categorical(["source"] * len(by_source)))
    yield dash_fcube_region, _sum(_with_cells(docs, by_source.merge(regions, on="document_id")),
                                  ["region_code", *FACET, *CELL], **SUMS)
    yield dash_fcube_pair, _sum(_with_cells(docs, by_source.merge(pairs_of, on="document_id"), sums=False),
                                ["ru", "by", *FACET, *CELL], **COUNT)


def _facet_values(kind: str, regions: pd.DataFrame, topics: pd.DataFrame) -> pd.DataFrame:
    """document_id, filter_value, filter_kind: one row per value of the facet a publication carries."""
    values = (regions.rename(columns={"region_code": "filter_value"}) if kind == "region" else
              topics.rename(columns={"topic": "filter_value"}))
    return values.assign(filter_kind=pd.Categorical([kind] * len(values)))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows to insert: integers as int, missing example ids, months and sources as NULL (column-wise: to_dict
    is slow)."""
    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    columns: dict[str, list[Any]] = {}
    for name in frame.columns:
        col = frame[name]
        if name in (*EXAMPLES, *COUNTS, *UNION_SUMS):
            col = col.astype("Int64")
        values = col.astype(object).where(col.notna(), None).tolist()
        if name == "month":
            values = [None if v == NO_MONTH else v for v in values]
        elif name == "source_id":
            values = [None if v == NO_SOURCE else v for v in values]
        columns[str(name)] = values
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]
