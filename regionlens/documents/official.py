"""Official documents as a frame of coded documents grouped into document sets.

A document set is what a researcher compares as one voice: all Russian regional
strategies, all Union State programmes. It comes from the document's `set` meta
field when the importer gave one, else from its issuer in the source registry
(country, issuer level, region).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, select

from regionlens.store.schema import documents

DOC_COLUMNS = ["id", "title", "set", "country", "issuer_level", "region_code", "published_at", "topics"]
MANIFEST = "documents_official.csv"
REGISTRY = "sources_official.yaml"


def issuer_level(country: str | None, region_code: str | None, meta: dict[str, Any] | None = None) -> str:
    """union / regional / interregional / federal: the level the document speaks for."""
    given = (meta or {}).get("issuer_level")
    if given:
        return str(given)
    if country == "union":
        return "union"
    return "regional" if region_code else "federal"


def default_set(country: str, level: str, region: str | None) -> str:
    return f"{country}/{level}" + (f"/{region}" if region and level == "regional" else "")


def finish_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=DOC_COLUMNS)
    frame["topics"] = frame["topics"].map(lambda v: list(v) if isinstance(v, (list, tuple)) else [])
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True, format="mixed")
    return frame


def documents_frame(engine: Engine, coder: str = "auto") -> pd.DataFrame:
    """Coded official documents of a project (kind `official`) with their set and issuer."""
    from regionlens.store.frame import load_frame

    coded = load_frame(engine, kind="official", coder=coder)
    if coded.empty:
        return finish_frame([])
    ids = [int(i) for i in coded["id"]]
    with engine.connect() as conn:
        metas = {str(r.id): json.loads(r.meta) if r.meta else {}
                 for r in conn.execute(select(documents.c.id, documents.c.meta).where(documents.c.id.in_(ids)))}
    rows = []
    for rec in coded.to_dict(orient="records"):
        m = metas.get(str(rec["id"]), {})
        country = str(m.get("country") or rec["country"])
        region = m.get("region_code") or rec["region_code"]
        region = None if region is None or (isinstance(region, float) and region != region) else str(region)
        level = issuer_level(country, region, m)
        rows.append({"id": str(rec["id"]), "title": rec["title"], "set": str(m.get("set") or default_set(country, level, region)),
                     "country": country, "issuer_level": level, "region_code": region,
                     "published_at": rec["published_at"], "topics": rec["topics"]})
    return finish_frame(rows)


@dataclass(slots=True)
class OfficialFile:
    path: Path
    source: str
    published_at: datetime | None
    meta: dict[str, str] = field(default_factory=dict)


def read_manifest(directory: Path) -> list[OfficialFile]:
    """The folder's `documents_official.csv`: file, source, published_at and any further columns as meta."""
    out = []
    with (directory / MANIFEST).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            date = row.pop("published_at", "") or ""
            when = datetime.fromisoformat(date).replace(tzinfo=UTC) if date else None
            file, source = row.pop("file"), row.pop("source")
            out.append(OfficialFile(directory / file, source, when, {k: v for k, v in row.items() if v}))
    return out
