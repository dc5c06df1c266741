"""A small project for the blind-coding tests: dated publications in three sources with automatic codes,
a blind job for two coders, gold codes, another coder's values and a reprint that links a blind unit to a
publication outside the job; and a way to change every protected value at once.

The leak tests record what a coder sees, change the codes they must not see, and record again: every
answer must be byte-for-byte the same (nothing of the hidden codes reaches the coder), while an admin's
answers change (the change is visible, so the comparison can fail).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, delete, insert, select, update
from websec_helpers import PASSWORD

from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import create_user
from regionlens.dashboard.facts import forget_checks, refresh_facts
from regionlens.manual.jobs import save_annotation
from regionlens.sources.model import SourceRecord
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project
from regionlens.store.schema import codes, coding_runs, documents, job_units, reprints, sources
from regionlens.text import analyse

SOURCES = [
    SourceRecord(name="Смоленский вестник", country="RU", level="regional", region_code="RU-SMO",
                 domains=["smol-vestnik.example"]),
    SourceRecord(name="Витебский курьер", country="BY", level="regional", region_code="BY-VI",
                 domains=["vit-kurier.example"]),
    SourceRecord(name="Союзный обзор", country="union", level="union", domains=["soyuz-obzor.example"]),
]
PLACES = [("Смоленск", "Витебск", ["RU-SMO", "BY-VI"]), ("Псков", "Гродно", ["RU-PSK", "BY-HR"]),
          ("Брянск", "Гомель", ["RU-BRY", "BY-HO"]), ("Калуга", "Могилёв", ["RU-KLU", "BY-MA"])]
TOPIC_CYCLE = ("ECON", "EDU", "CULT", "TRANS")
N_DOCS = 20
FIRST_DAY = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
# What a mutated protected publication gets: a topic and regions no publication has before the change.
NEW_TOPIC, NEW_REGIONS = "SEC", ["RU-TVE", "BY-MI"]


@dataclass
class BlindWorld:
    project: Project
    job_id: int
    docs: list[int]
    source_of: dict[int, int]
    day_of: dict[int, str]
    units: list[int]  # anna's units (= boris's: overlap 1)
    reprint_unit: int  # one of anna's units, a reprint of `original`
    original: int  # outside the job
    tokens: dict[str, str]

    @property
    def engine(self) -> Engine:
        return self.project.engine

    @property
    def protected(self) -> set[int]:
        """Publications whose codes anna must not learn anything about: her units and the reprint's original."""
        return set(self.units) | {self.original}


def _auto_codes(i: int) -> dict[str, Any]:
    return {"union": 0 if i % 7 == 6 else 1, "substantive": i % 2, "problem": int(i % 3 == 0),
            "tone": (-1, 0, 1)[i % 3], "topics": [TOPIC_CYCLE[i % 4]], "regions": PLACES[i % 4][2],
            "genre": "NEWS"}


def _put_codes(engine: Engine, doc: int, coder: str, values: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(delete(codes).where(codes.c.document_id == doc, codes.c.coder == coder))
        for variable, value in values.items():
            evidence = [{"variable": variable, "field": "text", "start": 0, "end": 4, "surface": "Губе"}]
            conn.execute(insert(codes).values(document_id=doc, variable=variable, coder=coder,
                                              value=json.dumps(value), codebook_version="test",
                                              evidence=json.dumps(evidence, ensure_ascii=False), coded_at=now))


def build_blind_world(project: Project) -> BlindWorld:
    from regionlens.manual.jobs import JobSpec, create_job

    engine = project.engine
    import_sources(engine, SOURCES)
    with engine.connect() as conn:
        by_name = {r.name: int(r.id) for r in conn.execute(select(sources.c.id, sources.c.name))}
    source_ids = [by_name[s.name] for s in SOURCES]
    docs: list[int] = []
    source_of: dict[int, int] = {}
    day_of: dict[int, str] = {}
    now = datetime.now(UTC)
    for i in range(N_DOCS):
        ru, by, _ = PLACES[i % 4]
        title = f"{ru} и {by}: сотрудничество, выпуск {i}"
        text = (f"Губернатор области ({ru}) и председатель облисполкома ({by}) обсудили сотрудничество "
                f"в выпуске номер {i}. Договорились о новых поставках и обмене делегациями.")
        when = FIRST_DAY + timedelta(days=i)
        src = source_ids[i % 3]
        with engine.begin() as conn:
            key = conn.execute(insert(documents).values(
                source_id=src, url=f"https://example.org/blind/{i}", title=title, text=text, published_at=when,
                language="ru", kind="media", content_hash=f"blind-{i}", ingested_at=now,
                lemmas=analyse(title, "ru").lemma_text() + " " + analyse(text, "ru").lemma_text(),
            )).inserted_primary_key
            assert key is not None
            doc = int(key[0])
            conn.execute(insert(coding_runs).values(document_id=doc, coder="auto", codebook_version="test",
                                                    codebook_hash="test", software_version="test", coded_at=now))
        _put_codes(engine, doc, "auto", _auto_codes(i))
        docs.append(doc)
        source_of[doc] = src
        day_of[doc] = when.date().isoformat()
    for name, role in {"anna": "coder", "boris": "coder", "vera": "viewer", "root": "admin"}.items():
        create_user(engine, name, PASSWORD, role)
    tokens = {name: create_token(engine, name, "blind tests") for name in ("anna", "root")}
    spec = JobSpec(name="слепое", variables=["union", "tone", "genre"], coders=["anna", "boris"], sample_size=6,
                   overlap=1.0, strata=None, seed=11, show_auto=False)
    job_id = int(create_job(engine, spec, codebook=project.codebook))
    with engine.connect() as conn:
        units = sorted(conn.execute(select(job_units.c.document_id).where(
            job_units.c.job_id == job_id, job_units.c.coder == "anna")).scalars())
    reprint_unit = units[0]
    original = next(d for d in docs if d not in units)
    with engine.begin() as conn:  # the unit is a reprint of a publication outside the job (identical codes)
        conn.execute(insert(reprints), [
            {"document_id": original, "cluster_id": original, "original_id": original, "similarity": 1.0},
            {"document_id": reprint_unit, "cluster_id": original, "original_id": original, "similarity": 0.97}])
    _put_codes(engine, original, "auto", {**_auto_codes(docs.index(reprint_unit))})
    for unit in units[1:3]:  # adjudicated: gold codes exist for two units
        _put_codes(engine, unit, "gold", {"union": 1, "tone": 1, "genre": "NEWS"})
    for unit in units:
        save_annotation(engine, job_id, "boris", unit, {"union": 1, "tone": -1, "genre": "NEWS"}, codebook=project.codebook)
    refresh_facts(engine, full=True)
    forget_checks()
    return BlindWorld(project, job_id, docs, source_of, day_of, units, reprint_unit, original, tokens)


def change_protected_values(world: BlindWorld) -> None:
    """Change everything anna must not see: automatic and gold codes of her units and of the reprint's
    original, and boris's values; nothing else (no publication, date, source or progress count changes)."""
    engine = world.engine
    with engine.connect() as conn:
        rows = conn.execute(select(codes.c.document_id, codes.c.coder, codes.c.variable, codes.c.value).where(
            codes.c.document_id.in_(sorted(world.protected)))).all()
    flipped = {"union": lambda v: 1 - v, "substantive": lambda v: 1 - v, "problem": lambda v: 1 - v,
               "tone": lambda v: -v if v else 1, "topics": lambda v: [NEW_TOPIC], "regions": lambda v: NEW_REGIONS,
               "genre": lambda v: "INTERVIEW"}
    with engine.begin() as conn:
        for doc, coder, variable, value in rows:
            new = flipped[variable](json.loads(value))
            conn.execute(update(codes).where(and_(codes.c.document_id == doc, codes.c.coder == coder,
                                                  codes.c.variable == variable)).values(value=json.dumps(new)))
    for unit in world.units:
        save_annotation(engine, world.job_id, "boris", unit, {"union": 0, "tone": 1, "genre": "ANALYSIS"}, codebook=world.project.codebook)
    refresh_facts(engine, full=True)
    forget_checks()
