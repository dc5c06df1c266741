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


def _finish(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=DOC_COLUMNS)
    frame["topics"] = frame["topics"].map(lambda v: list(v) if isinstance(v, (list, tuple)) else [])
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True, format="mixed")
    return frame


def documents_frame(engine: Engine, coder: str = "auto") -> pd.DataFrame:
    """Coded official documents of a project (kind `official`) with their set and issuer."""
    from regionlens.store.frame import load_frame

    coded = load_frame(engine, kind="official", coder=coder)
    if coded.empty:
        return _finish([])
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
    return _finish(rows)


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


def official_frame_from_dir(directory: str | Path) -> pd.DataFrame:
    """The documents frame of a folder written by `generate_extras`, coded here with the codebook (no store)."""
    import yaml

    from regionlens.coding.codebook import load_codebook
    from regionlens.pipeline.code import code_document

    d = Path(directory)
    registry = yaml.safe_load((d / REGISTRY).read_text(encoding="utf-8"))["sources"]
    by_name = {s["name"]: s for s in registry}
    book = load_codebook()
    rows = []
    for n, item in enumerate(read_manifest(d), start=1):
        src = by_name.get(item.source, {})
        lines = item.path.read_text(encoding="utf-8").strip().splitlines()
        title, text = lines[0].strip(), "\n".join(lines[1:]).strip()
        country = str(src.get("country", "other"))
        region = src.get("region_code")
        level = issuer_level(country, region, item.meta)
        # coded exactly as the stored pipeline codes an official document (same function, same outlet facts)
        doc = {"id": n, "title": title, "text": text, "language": None, "url": None, "kind": "official",
               "country": country, "level": src.get("level"),
               "source_name": item.source}
        topics = code_document(doc, book)["values"].get("topics") or []
        rows.append({"id": f"official-{n:03d}", "title": title, "set": item.meta.get("set") or default_set(country, level, region),
                     "country": country, "issuer_level": level, "region_code": region,
                     "published_at": item.published_at, "topics": list(topics)})
    return _finish(rows)


def ingest_official(project: Any, directory: str | Path) -> tuple[int, list[str]]:
    """Store a folder of official documents: issuers from `sources_official.yaml`, files and their
    issuer, date and set from `documents_official.csv`. Returns (documents added, problems)."""
    from regionlens.ingest.readers import iter_path
    from regionlens.ingest.records import BadRecord
    from regionlens.pipeline.ingest import document_row
    from regionlens.sources.files import read_registry
    from regionlens.sources.registry import SourceResolver, import_sources
    from regionlens.store.documents import insert_documents

    d = Path(directory)
    records, problems = read_registry(d / REGISTRY)
    import_sources(project.engine, records)
    resolver = SourceResolver(project.engine)
    now = datetime.now(UTC)
    rows = []
    for item in read_manifest(d):
        source_id = resolver.resolve(item.source, None)
        if source_id is None:
            problems.append(f"{d / MANIFEST}: издатель «{item.source}» не найден в {REGISTRY}")
        if not item.path.exists():
            problems.append(f"{item.path}: файл не найден")
            continue
        for doc in iter_path(item.path, kind="official"):
            if isinstance(doc, BadRecord):
                problems.append(f"{doc.origin}: {doc.reason}")
                continue
            doc.published_at = item.published_at
            doc.source = item.source
            doc.url = f"file://{item.path.name}"
            doc.meta = dict(item.meta)
            rows.append(document_row(doc, source_id, str(source_id or item.source), now))
    with project.engine.begin() as conn:
        added = insert_documents(conn, rows)
    return added, problems
