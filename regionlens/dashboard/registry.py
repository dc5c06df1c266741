"""Adding and editing one source of the registry from a form, with the registry's own validation.

regionlens.sources imports whole files and matches sources by name; a form
edits one source by id (so it can be renamed) and must report every problem
in the words the file import uses.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from regionlens.accounts.blind import OPEN, BlindScope
from regionlens.dashboard.facts import forget_checks
from regionlens.sources.validate import validate_record
from regionlens.store.schema import source_domains, sources

FORM_FIELDS = ("name", "domains", "country", "level", "region_code", "founder", "language", "feed_url",
               "output_per_month", "sitemap_url")


def get_source(engine: Engine, source_id: int) -> dict[str, Any] | None:
    """One source with its domains, or None."""
    with engine.connect() as conn:
        row = conn.execute(select(sources).where(sources.c.id == source_id)).mappings().first()
        if row is None:
            return None
        domains = list(conn.execute(select(source_domains.c.domain).where(source_domains.c.source_id == source_id)
                                    .order_by(source_domains.c.domain)).scalars())
    return {**dict(row), "domains": domains}


def save_source(engine: Engine, raw: dict[str, Any], source_id: int | None = None) -> tuple[int | None, list[str]]:
    """Validate and store a source (new when `source_id` is None); returns (id, []) or (None, errors)."""
    record, errors = validate_record({k: raw.get(k) for k in FORM_FIELDS}, "форма")
    if record is None:
        return None, [e.removeprefix("форма: ") for e in errors]
    # A source described or corrected by hand is the registry's word, also when the catalogue made the row.
    values = {k: v for k, v in asdict(record).items() if k != "domains"} | {"origin": "registry"}
    with engine.begin() as conn:
        clash = conn.execute(select(sources.c.id).where(sources.c.name == record.name)).scalar()
        if clash is not None and clash != source_id:
            return None, [f"источник с названием «{record.name}» уже есть в реестре"]
        taken = conn.execute(
            select(source_domains.c.domain, sources.c.name)
            .join(sources, sources.c.id == source_domains.c.source_id)
            .where(source_domains.c.domain.in_(record.domains), source_domains.c.source_id != (source_id or -1))
        ).all()
        if taken:
            return None, [f"домен {d} уже принадлежит источнику «{n}»" for d, n in taken]
        if source_id is None:
            key = conn.execute(insert(sources).values(**values)).inserted_primary_key
            assert key is not None
            source_id = int(key[0])
        else:
            if conn.execute(update(sources).where(sources.c.id == source_id).values(**values)).rowcount == 0:
                return None, [f"источника с номером {source_id} нет в реестре"]
            conn.execute(delete(source_domains).where(source_domains.c.source_id == source_id))
        for domain in dict.fromkeys(record.domains):
            conn.execute(insert(source_domains).values(domain=domain, source_id=source_id))
    forget_checks()  # level or country may have changed: the dashboard facts must follow
    return source_id, []


def source_counts(engine: Engine, scope: BlindScope = OPEN) -> dict[int, dict[str, int]]:
    """Per source: coded media publications, those about Union relations, and reprints among them
    (without the publications whose codes a blind `scope` hides)."""
    from sqlalchemy import func

    from regionlens.dashboard.facts import ensure_facts
    from regionlens.store.schema import dash_docs

    ensure_facts(engine)
    d = dash_docs.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(d.source_id, func.count(), func.sum(d.is_union), func.sum(d.reprint * d.is_union))
            .where(d.source_id.is_not(None), scope.visible(d.document_id)).group_by(d.source_id)
        ).all()
    return {int(r[0]): {"coded": int(r[1]), "union": int(r[2] or 0), "reprints": int(r[3] or 0)} for r in rows}
