"""Sources in the project database, and attributing documents to them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from regionlens.sources.model import SourceRecord, normalise_domain
from regionlens.store.schema import documents, source_domains, sources


def import_sources(engine: Engine, records: Iterable[SourceRecord]) -> tuple[int, int]:
    """Insert new sources and update existing ones (matched by name); returns (added, updated)."""
    added = updated = 0
    with engine.begin() as conn:
        for rec in records:
            values = {k: v for k, v in asdict(rec).items() if k != "domains"}
            row = conn.execute(select(sources.c.id).where(sources.c.name == rec.name)).first()
            if row is None:
                inserted = conn.execute(insert(sources).values(**values)).inserted_primary_key
                assert inserted is not None
                source_id = inserted[0]
                added += 1
            else:
                source_id = row[0]
                conn.execute(update(sources).where(sources.c.id == source_id).values(**values))
                conn.execute(delete(source_domains).where(source_domains.c.source_id == source_id))
                updated += 1
            for domain in dict.fromkeys(rec.domains):
                conn.execute(delete(source_domains).where(source_domains.c.domain == domain))
                conn.execute(insert(source_domains).values(domain=domain, source_id=source_id))
    return added, updated


def list_sources(engine: Engine) -> list[dict[str, Any]]:
    """Every source with its domains and number of documents."""
    counts = (
        select(documents.c.source_id, func.count().label("n")).group_by(documents.c.source_id).subquery()
    )
    with engine.connect() as conn:
        rows = conn.execute(
            select(sources, func.coalesce(counts.c.n, 0).label("documents"))
            .select_from(sources.outerjoin(counts, counts.c.source_id == sources.c.id))
            .order_by(sources.c.country, sources.c.level, sources.c.name)
        ).mappings().all()
        domains: dict[int, list[str]] = {}
        for d in conn.execute(select(source_domains).order_by(source_domains.c.domain)).mappings():
            domains.setdefault(d["source_id"], []).append(d["domain"])
    return [{**dict(r), "domains": domains.get(r["id"], [])} for r in rows]


def registry_records(engine: Engine) -> list[SourceRecord]:
    """The registry as records, for export."""
    return [
        SourceRecord(
            name=r["name"], country=r["country"], level=r["level"], domains=r["domains"],
            region_code=r["region_code"], founder=r["founder"], language=r["language"],
            feed_url=r["feed_url"], output_per_month=r["output_per_month"], sitemap_url=r["sitemap_url"],
        )
        for r in list_sources(engine)
    ]


class SourceResolver:
    """Maps a document's explicit source (name or domain) or URL to a source id.

    The registry is small, so it is read once per batch and resolved in memory;
    a URL's host is tried with its parent domains (news.example.by → example.by).
    """

    def __init__(self, engine: Engine):
        with engine.connect() as conn:
            self.by_name = {r.name.casefold(): r.id for r in conn.execute(select(sources.c.id, sources.c.name))}
            self.by_domain = {r.domain: r.source_id for r in conn.execute(select(source_domains))}

    def resolve(self, source: str | None, url: str | None) -> int | None:
        if source:
            hit = self.by_name.get(source.strip().casefold())
            if hit is not None:
                return hit
            hit = self._domain(normalise_domain(source))
            if hit is not None:
                return hit
        if url:
            return self._domain(normalise_domain(url))
        return None

    def _domain(self, host: str) -> int | None:
        parts = host.split(".")
        for i in range(len(parts) - 1):
            hit = self.by_domain.get(".".join(parts[i:]))
            if hit is not None:
                return hit
        return None
