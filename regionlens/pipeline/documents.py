"""Storing and coding official documents: the pipeline's side of the `documents` command.

Reading the folder's manifest and grouping documents into sets is the documents
package's job; turning files into stored rows and coded frames runs the ingest
and coding stages, which belong to the pipeline (the layer above both).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from regionlens.documents.official import (
    MANIFEST,
    REGISTRY,
    default_set,
    finish_frame,
    issuer_level,
    read_manifest,
)


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
    return finish_frame(rows)


def ingest_official(project: Any, directory: str | Path) -> tuple[int, list[str]]:
    """Store a folder of official documents: issuers from `sources_official.yaml`, files and their
    issuer, date and set from `documents_official.csv`. Returns (documents added, problems)."""
    from regionlens.ingest.readers import iter_path
    from regionlens.ingest.records import BadRecord
    from regionlens.pipeline.ingest import document_row
    from regionlens.sources.catalogue import catalogue_at
    from regionlens.sources.files import read_registry
    from regionlens.sources.registry import SourceResolver, import_sources
    from regionlens.store.documents import insert_documents

    d = Path(directory)
    records, problems = read_registry(d / REGISTRY)
    import_sources(project.engine, records)
    resolver = SourceResolver(project.engine, catalogue_at(project.catalogue_path))
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
