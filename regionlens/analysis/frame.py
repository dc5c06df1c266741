"""The analysis frame contract: one row per publication with its outlet and codes.

Every analysis reads the same columns, so the check lives in one place and a
missing column is reported once, in Russian, with all missing names listed.
`frame_from_records` builds the frame from plain records (the demo's ground
truth, tests) without a store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

REQUIRED: tuple[str, ...] = (
    "id", "source", "level", "country", "region_code", "published_at", "language", "title", "url",
    "union", "interregional", "substantive", "problem", "tone", "regions", "topics", "actors", "genre",
    "reprint_of", "cluster_id", "output_per_month", "border",
)
BINARY: tuple[str, ...] = ("union", "interregional", "substantive", "problem")
MULTI: tuple[str, ...] = ("regions", "topics", "actors")
BORDER_REGIONS: frozenset[str] = frozenset({"RU-PSK", "RU-SMO", "RU-BRY", "BY-VI", "BY-MA", "BY-HO"})
TOPICS: tuple[str, ...] = ("ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO")
ACTORS: tuple[str, ...] = ("FED", "REG", "LOC", "BUS", "CIV", "CIT")
LEVEL_ORDER: tuple[str, ...] = ("federal", "union", "regional", "local")
SUBNATIONAL: tuple[str, ...] = ("regional", "local")


class FrameError(ValueError):
    """The frame does not follow the analysis contract."""


def validate_frame(docs: pd.DataFrame) -> pd.DataFrame:
    """Check the contract and return the frame; raise one error naming every missing column."""
    if not isinstance(docs, pd.DataFrame):
        raise FrameError(f"Ожидалась таблица pandas.DataFrame, получено {type(docs).__name__}")
    missing = [c for c in REQUIRED if c not in docs.columns]
    if missing:
        raise FrameError(
            "В таблице публикаций нет обязательных столбцов: " + ", ".join(missing)
            + f" (missing columns: {', '.join(missing)})"
        )
    if not pd.api.types.is_datetime64_any_dtype(docs["published_at"]):
        if len(docs):
            raise FrameError("Столбец published_at должен содержать даты (pandas Timestamp с часовым поясом)")
        docs = docs.assign(published_at=pd.to_datetime(docs["published_at"], utc=True))
    return docs


def without_reprints(docs: pd.DataFrame) -> pd.DataFrame:
    """Originals and unclustered publications only: counts of original content."""
    keep = docs["reprint_of"].isna() | (docs["reprint_of"].astype(object) == docs["id"].astype(object))
    return docs.loc[keep]


def dated(docs: pd.DataFrame) -> pd.DataFrame:
    """Publications with a known date: the base of every analysis over time (the rest is counted, not guessed)."""
    return docs.loc[docs["published_at"].notna()]


def union_docs(docs: pd.DataFrame) -> pd.DataFrame:
    """Publications that concern Russia–Belarus relations: the base of every index."""
    return docs.loc[docs["union"].astype(int) == 1]


def explode(docs: pd.DataFrame, column: str, keep: Iterable[str] = ("id", "level", "country")) -> pd.DataFrame:
    """Long table (one row per publication × label); publications without labels are dropped."""
    cols = [*dict.fromkeys([*keep, column])]
    long = docs[cols].explode(column)
    long = long.loc[long[column].notna()]
    return long.rename(columns={column: "label"})


def level_group(level: pd.Series) -> pd.Series:
    """federal / union / subnational (regional + local), for the national-vs-regional contrasts."""
    return level.where(~level.isin(SUBNATIONAL), "subnational")


def _as_list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple, set, np.ndarray)):
        return [str(v) for v in value]
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(value)]


def _none_if_missing(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def frame_from_records(docs: list[dict[str, Any]], sources: list[dict[str, Any]]) -> pd.DataFrame:
    """The analysis frame from publication records and the outlet registry.

    A publication record has `id`, `source` (outlet name), `published_at` and the
    codebook variables, at the top level or under `codes`; reprint links may be
    `reprint_of` or `original_id`. Outlets are matched by `name`.
    """
    by_name: dict[str, Mapping[str, Any]] = {str(s["name"]): s for s in sources}
    rows: list[dict[str, Any]] = []
    for rec in docs:
        nested = rec.get("codes")
        codes: Mapping[str, Any] = nested if isinstance(nested, Mapping) else {}
        merged = {**rec, **codes}
        src = by_name.get(str(merged.get("source")), {})
        region = _none_if_missing(src.get("region_code", merged.get("region_code")))
        reprint = _none_if_missing(merged.get("reprint_of", merged.get("original_id")))
        doc_id = str(merged["id"])
        cluster = _none_if_missing(merged.get("cluster_id"))
        rows.append({
            "id": doc_id,
            "source": str(merged.get("source", "")),
            "level": str(src.get("level", merged.get("level", "unknown"))),
            "country": str(src.get("country", merged.get("country", "unknown"))),
            "region_code": region,
            "published_at": merged.get("published_at"),
            "language": merged.get("language", src.get("language")),
            "title": merged.get("title", ""),
            "url": merged.get("url", ""),
            **{c: int(merged.get(c) or 0) for c in BINARY},
            "tone": int(merged.get("tone") or 0),
            **{c: _as_list(merged.get(c)) for c in MULTI},
            "genre": str(merged.get("genre") or "NEWS"),
            "reprint_of": None if reprint is None or str(reprint) == doc_id else str(reprint),
            "cluster_id": None if cluster is None else int(cluster),
            "output_per_month": src.get("output_per_month", merged.get("output_per_month")),
            "border": region in BORDER_REGIONS,
        })
    frame = pd.DataFrame(rows, columns=list(REQUIRED))
    _derive_clusters(frame)
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True, format="mixed")
    frame["output_per_month"] = pd.to_numeric(frame["output_per_month"], errors="coerce").astype(float)
    frame["cluster_id"] = frame["cluster_id"].astype(object)
    for col in ("reprint_of", "region_code"):
        values = frame[col].astype(object)
        frame[col] = values.where(values.notna(), None)
    frame["border"] = frame["border"].astype(bool)
    return frame


def _derive_clusters(frame: pd.DataFrame) -> None:
    """Records with reprint links but no cluster ids: one cluster per original, numbered by first appearance."""
    if frame["cluster_id"].notna().any() or frame["reprint_of"].isna().all():
        return
    originals = pd.unique(frame["reprint_of"].dropna())
    number = {orig: i for i, orig in enumerate(originals, start=1)}
    key = frame["reprint_of"].where(frame["reprint_of"].notna(), frame["id"])
    frame["cluster_id"] = pd.Series([number.get(k) for k in key], index=frame.index, dtype=object)


def frame_from_demo(directory: str | Path) -> pd.DataFrame:
    """The frame of a demo corpus directory (sources.yaml, corpus.jsonl, ground_truth.jsonl), codes from ground truth."""
    d = Path(directory)
    registry = yaml.safe_load((d / "sources.yaml").read_text(encoding="utf-8"))
    sources = registry["sources"] if isinstance(registry, dict) else registry
    truth = {r["id"]: r for r in _jsonl(d / "ground_truth.jsonl")}
    docs = [{**doc, **truth.get(doc["id"], {})} for doc in _jsonl(d / "corpus.jsonl")]
    return frame_from_records(docs, sources)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
