"""The analysis frame: one row per publication with its source, codes and reprint link.

This is the only place that turns stored rows into the DataFrame the analysis
package consumes (see regionlens/analysis/frame.py for the column contract).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from regionlens.store.schema import codes, documents, reprints, sources
from regionlens.store.timezone import display_tz

MULTI = ("regions", "topics", "actors")
BINARY = ("union", "interregional", "substantive", "problem", "tone")
BORDER_FALLBACK = {"RU-PSK", "RU-SMO", "RU-BRY", "BY-VI", "BY-MA", "BY-HO"}


def border_codes() -> set[str]:
    try:
        from regionlens.gazetteer.gazetteer import border_codes as gazetteer_border
    except ImportError:
        return set(BORDER_FALLBACK)
    return set(gazetteer_border())


def load_frame(
    engine: Engine,
    *,
    coder: str = "auto",
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    kind: str | None = "media",
) -> pd.DataFrame:
    """Coded publications (documents without codes are left out) as the analysis frame."""
    query = (
        select(
            documents.c.id, documents.c.title, documents.c.url, documents.c.published_at, documents.c.language,
            documents.c.date_source, sources.c.origin.label("attribution"), sources.c.name.label("source"), sources.c.level, sources.c.country, sources.c.region_code,
            sources.c.output_per_month, reprints.c.original_id, reprints.c.cluster_id, reprints.c.original_known,
        )
        .select_from(
            documents.outerjoin(sources, sources.c.id == documents.c.source_id).outerjoin(
                reprints, reprints.c.document_id == documents.c.id
            )
        )
    )
    selected = select(documents.c.id)
    for cond in selection(kind, date_from, date_to):
        query = query.where(cond)
        selected = selected.where(cond)
    with engine.connect() as conn:
        docs = pd.DataFrame(conn.execute(query).mappings().all())
        if docs.empty:
            return empty_frame()
        # the codes of the selected documents only: the official documents' frame must not read every
        # media publication's codes (9 million rows at a million publications)
        coded = pd.DataFrame(
            conn.execute(select(codes.c.document_id, codes.c.variable, codes.c.value)
                         .where(codes.c.coder == coder, codes.c.document_id.in_(selected))).all(),
            columns=["document_id", "variable", "value"],
        )
    if coded.empty:
        return empty_frame()
    coded["value"] = coded["value"].map(json.loads)
    wide = coded.pivot(index="document_id", columns="variable", values="value")
    docs = docs.join(wide, on="id", how="inner")
    return _finish(docs)


def selection(kind: str | None, date_from: datetime | None, date_to: datetime | None) -> list[Any]:
    """WHERE terms over documents for a kind and a [from, to) period."""
    out: list[Any] = []
    if kind:
        out.append(documents.c.kind == kind)
    if date_from is not None:
        out.append(documents.c.published_at >= date_from)
    if date_to is not None:
        out.append(documents.c.published_at < date_to)
    return out


def _finish(docs: pd.DataFrame) -> pd.DataFrame:
    for col in MULTI:
        if col not in docs:
            docs[col] = [[] for _ in range(len(docs))]
        docs[col] = docs[col].map(lambda v: list(v) if isinstance(v, list) else [])
    for col in BINARY:
        if col not in docs:
            docs[col] = 0
        docs[col] = pd.to_numeric(docs[col], errors="coerce").fillna(0).astype(int)
    if "genre" not in docs:
        docs["genre"] = "NEWS"
    docs["genre"] = docs["genre"].fillna("NEWS").astype(str)
    docs["published_at"] = pd.to_datetime(docs["published_at"], utc=True).dt.tz_convert(display_tz())
    # How the outlet was identified: registry | catalogue | unknown (no source at all); projects from before
    # schema v8 have only registry sources, stored with origin NULL.
    if "attribution" in docs:
        has_source = docs["source"].notna() if "source" in docs else False
        docs["attribution"] = docs["attribution"].where(docs["attribution"].notna(),
                                                        "registry").where(has_source, "unknown")
    docs["reprint_of"] = docs.pop("original_id").map(_id_or_none)
    docs.loc[docs["reprint_of"] == docs["id"].astype(str), "reprint_of"] = None
    docs["cluster_id"] = docs["cluster_id"].map(lambda v: None if pd.isna(v) else int(v)).astype(object)
    # False: the publication's cluster has no dated copy, so `reprint_of` names the cluster's first copy, not a
    # known original (the count of reprints stays right: n copies, n − 1 reprints); None: not in a cluster
    if "original_known" not in docs:
        docs["original_known"] = None
    docs["original_known"] = docs["original_known"].map(lambda v: None if pd.isna(v) else bool(v)).astype(object)
    docs["id"] = docs["id"].astype(str)
    for col in ("level", "country"):
        docs[col] = docs[col].fillna("unknown")
    docs["output_per_month"] = pd.to_numeric(docs["output_per_month"], errors="coerce")
    border = border_codes()
    docs["border"] = docs["region_code"].isin(border)
    return docs.reset_index(drop=True)


def _id_or_none(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(int(value))


def empty_frame() -> pd.DataFrame:
    cols = ["id", "title", "url", "published_at", "language", "date_source", "attribution", "source", "level",
            "country", "region_code",
            "output_per_month", "cluster_id", "original_known", *BINARY, *MULTI, "genre", "reprint_of", "border"]
    return pd.DataFrame(columns=cols)
