"""Sources in the project database, and attributing documents to them.

A source row records where its metadata came from (`origin`): the project's registry, the
shipped catalogue (created on first sight of a catalogued domain at ingest) or nowhere.
The registry always wins: the resolver asks it first, and importing a registry record
whose domain covers catalogue-made sources takes those rows over with the registry's values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from regionlens.sources.catalogue import Catalogue, CatalogueEntry, default_catalogue
from regionlens.sources.model import SourceRecord, normalise_domain
from regionlens.store.schema import documents, source_domains, sources

ORIGINS = ("registry", "catalogue", "unknown")


def _covered(domain: str, by: str) -> bool:
    return domain == by or domain.endswith("." + by)


def _catalogue_rows(conn: Connection, domains: list[str]) -> list[int]:
    """Ids of catalogue-made sources with a domain equal to or under one of `domains`, oldest first."""
    rows = conn.execute(
        select(source_domains.c.domain, source_domains.c.source_id)
        .join(sources, sources.c.id == source_domains.c.source_id)
        .where(sources.c.origin == "catalogue")
    ).all()
    return sorted({sid for dom, sid in rows if any(_covered(dom, d) for d in domains)})


def import_sources(engine: Engine, records: Iterable[SourceRecord]) -> tuple[int, int]:
    """Insert new sources and update existing ones (matched by name); returns (added, updated)."""
    added = updated = 0
    with engine.begin() as conn:
        for rec in records:
            values = {k: v for k, v in asdict(rec).items() if k != "domains"} | {"origin": "registry"}
            found = conn.execute(select(sources.c.id).where(sources.c.name == rec.name)).first()
            row: tuple[Any, ...] | None = None if found is None else tuple(found)
            taken = _catalogue_rows(conn, rec.domains)
            new = row is None
            if taken:  # the registry overrides what the catalogue said about these publications
                meta = {k: v for k, v in values.items() if k not in ("name", "feed_url", "output_per_month")}
                conn.execute(update(sources).where(sources.c.id.in_(taken)).values(**meta))
                if row is None:  # the first such row becomes the registry's source, keeping its documents
                    row = (taken[0],)
            if row is None:
                inserted = conn.execute(insert(sources).values(**values)).inserted_primary_key
                assert inserted is not None
                source_id = inserted[0]
                added += 1
            else:
                source_id = row[0]
                conn.execute(update(sources).where(sources.c.id == source_id).values(**values))
                conn.execute(delete(source_domains).where(source_domains.c.source_id == source_id))
                added, updated = (added + 1, updated) if new else (added, updated + 1)
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


class NeedsRegistration(LookupError):
    """A catalogued outlet has no source row yet, and this resolver (a worker's snapshot) may not add one."""


class SourceResolver:
    """Maps a document's explicit source (name or domain) or URL to a source id.

    The registry is small, so it is read once per batch and resolved in memory;
    a URL's host is tried with its parent domains (news.example.by → example.by).
    Only when the registry has no answer is the catalogue asked; a catalogued outlet
    gets its source row on first sight (`origin = catalogue`) and keeps it.
    """

    def __init__(self, engine: Engine, catalogue: Catalogue | None = None):
        self.engine: Engine | None = engine
        self.catalogue = default_catalogue() if catalogue is None else catalogue
        with engine.connect() as conn:
            rows = conn.execute(select(sources.c.id, sources.c.name, sources.c.origin)).all()
            made = {r.id for r in rows if r.origin == "catalogue"}
            self.by_name = {r.name.casefold(): r.id for r in rows if r.id not in made}
            self.by_domain: dict[str, int] = {}
            self.catalogued: dict[str, int] = {}  # catalogue domain → its source row
            for r in conn.execute(select(source_domains)):
                (self.catalogued if r.source_id in made else self.by_domain)[r.domain] = r.source_id

    def resolve(self, source: str | None, url: str | None) -> int | None:
        if source:
            hit = self.by_name.get(source.strip().casefold())
            if hit is not None:
                return hit
            hit = self._domain(normalise_domain(source))
            if hit is not None:
                return hit
        if url:
            hit = self._domain(normalise_domain(url))
            if hit is not None:
                return hit
        entry = self.catalogue.lookup_name(source) if source else None
        if entry is None and url:
            entry = self.catalogue.lookup(url)
        return None if entry is None else self._catalogue_source(entry)

    def _catalogue_source(self, entry: CatalogueEntry) -> int:
        known = next((self.catalogued[d] for d in entry.domains if d in self.catalogued), None)
        if known is not None:
            return known
        if self.engine is None:
            raise NeedsRegistration(entry.name)
        with self.engine.begin() as conn:
            source_id = add_catalogue_source(conn, entry)
        for domain in entry.domains:
            self.catalogued[domain] = source_id
        return source_id

    def snapshot(self) -> SourceResolver:
        """A copy without the database, for worker processes: it resolves what this one knows now and
        raises NeedsRegistration where this one would add a catalogued outlet's source row."""
        copy = object.__new__(SourceResolver)
        copy.engine, copy.catalogue = None, self.catalogue
        copy.by_name, copy.by_domain, copy.catalogued = dict(self.by_name), dict(self.by_domain), dict(self.catalogued)
        return copy

    def learn(self, catalogued: dict[str, int]) -> None:
        """Take in the catalogued outlets' source rows another resolver has added since the snapshot."""
        self.catalogued.update(catalogued)

    def _domain(self, host: str) -> int | None:
        parts = host.split(".")
        for i in range(len(parts) - 1):
            hit = self.by_domain.get(".".join(parts[i:]))
            if hit is not None:
                return hit
        return None


def add_catalogue_source(conn: Connection, entry: CatalogueEntry) -> int:
    """Store a catalogued outlet as a source (`origin = catalogue`) with the domains no registry source holds.

    A registry source may already use the outlet's name for something else; the row is then
    named with its domain, so the registry's own source is never touched.
    """
    names = (entry.name, f"{entry.name} ({entry.domains[0]})")
    rows = conn.execute(select(sources.c.id, sources.c.name, sources.c.origin).where(sources.c.name.in_(names))).all()
    same = next((r.id for r in rows if r.origin == "catalogue"), None)
    if same is not None:  # made on an earlier run whose domains another source has since taken
        return int(same)
    name = names[1] if rows else names[0]
    values = {k: v for k, v in asdict(entry.record).items() if k != "domains"} | {"name": name, "origin": "catalogue"}
    inserted = conn.execute(insert(sources).values(**values)).inserted_primary_key
    assert inserted is not None
    source_id = int(inserted[0])
    held = set(conn.execute(select(source_domains.c.domain).where(source_domains.c.domain.in_(entry.domains))).scalars())
    for domain in entry.domains:
        if domain not in held:
            conn.execute(insert(source_domains).values(domain=domain, source_id=source_id))
    return source_id


def attribution_counts(engine: Engine) -> dict[str, int]:
    """Publications by how their source got its metadata: registry, catalogue or unknown (no source or no metadata).

    Sources from projects before schema v8 carry no origin; they came from registry imports.
    """
    origin = func.coalesce(sources.c.origin, "registry")
    with engine.connect() as conn:
        rows = conn.execute(
            select(origin, func.count())
            .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
            .where(documents.c.source_id.is_not(None))
            .group_by(origin)
        ).all()
        none = conn.execute(select(func.count()).select_from(documents).where(documents.c.source_id.is_(None))).scalar()
    counts = dict.fromkeys(ORIGINS, 0)
    for key, n in rows:
        counts[key if key in counts else "unknown"] += int(n)
    counts["unknown"] += int(none or 0)
    return counts
