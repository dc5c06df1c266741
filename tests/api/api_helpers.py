"""A small project for the API tests: two countries, three levels, codes with evidence, users, tokens, a job."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import create_user
from regionlens.sources.model import SourceRecord
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project
from regionlens.store.schema import codes, coding_runs, documents, job_units, mentions, sources
from regionlens.text import analyse
from regionlens.web import create_app

PASSWORD = "correct horse 42"
ROLES_OF = {"anna": "coder", "boris": "coder", "vera": "viewer", "root": "admin"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

SOURCES = [
    SourceRecord(name="Рабочий путь", country="RU", level="regional", region_code="RU-SMO", domains=["rabochy.example"]),
    SourceRecord(name="Вiцебскiя навiны", country="BY", level="regional", region_code="BY-VI", domains=["vit.example"]),
    SourceRecord(name="Союзное вече", country="union", level="union", domains=["veche.example"]),
]

# (source index, date, title, text, auto codes, mentioned regions); own short texts.
DOCS: list[tuple[int, datetime, str, str, dict[str, Any], list[str]]] = [
    (0, datetime(2024, 1, 15, 9, tzinfo=UTC), "Смоленская делегация в Витебске",
     "Губернатор Смоленской области посетил Витебск и подписал соглашение о поставках техники.",
     {"tone": 1, "topics": ["ECON", "IND"]}, ["RU-SMO", "BY-VI"]),
    (0, datetime(2024, 2, 3, 12, tzinfo=UTC), "Ярмарка в Смоленске",
     "В Смоленске открылась ярмарка белорусских товаров.",
     {"tone": 0, "topics": ["ECON"]}, ["RU-SMO"]),
    (1, datetime(2024, 2, 20, 8, tzinfo=UTC), "Витебские студенты в Смоленске",
     "Студенты из Витебска приехали в Смоленск на олимпиаду по физике.",
     {"tone": 1, "topics": ["EDU"]}, ["BY-VI", "RU-SMO"]),
    (1, datetime(2024, 3, 5, 10, tzinfo=UTC), "Новый маршрут автобуса",
     "Из Витебска в Псков пустили новый автобус.",
     {"tone": 0, "topics": ["TRANS"]}, ["BY-VI", "RU-PSK"]),
    (2, datetime(2024, 3, 28, 15, tzinfo=UTC), "Форум регионов",
     "На форуме регионов обсуждали совместные программы Смоленской и Витебской областей.",
     {"tone": 1, "topics": ["POL", "ECON"]}, ["RU-SMO", "BY-VI"]),
    (2, datetime(2024, 4, 2, 11, tzinfo=UTC), "Культурная неделя",
     "Неделя культуры прошла в Пскове с участием артистов из Гродно.",
     {"tone": 1, "topics": ["CULT"]}, ["RU-PSK", "BY-HR"]),
]


@dataclass
class ApiWorld:
    project: Project
    doc_ids: list[int]
    source_ids: list[int]
    tokens: dict[str, str]
    job_id: int
    units: dict[str, set[int]] = field(default_factory=dict)

    @property
    def engine(self) -> Engine:
        return self.project.engine


def _insert_documents(engine: Engine, source_ids: list[int]) -> list[int]:
    now = datetime.now(UTC)
    ids: list[int] = []
    with engine.begin() as conn:
        for i, (src, when, title, text, auto, regions) in enumerate(DOCS):
            lemmas = analyse(title, "ru").lemma_text() + " " + analyse(text, "ru").lemma_text()
            key = conn.execute(insert(documents).values(
                source_id=source_ids[src], url=f"https://example.org/{i}", title=title, text=text,
                published_at=when, language="ru", kind="media", content_hash=f"api-test-{i}", lemmas=lemmas,
                ingested_at=now)).inserted_primary_key
            assert key is not None
            doc_id = int(key[0])
            ids.append(doc_id)
            full = {"union": 1, "substantive": 1, "problem": 0, "regions": regions, **auto}
            for variable, value in full.items():
                evidence = [{"variable": variable, "field": "text", "start": 0, "end": 5, "surface": text[:5]}]
                conn.execute(insert(codes).values(
                    document_id=doc_id, variable=variable, coder="auto", value=json.dumps(value),
                    codebook_version="test", evidence=json.dumps(evidence, ensure_ascii=False), coded_at=now))
            conn.execute(insert(coding_runs).values(document_id=doc_id, coder="auto", codebook_version="test",
                                                    codebook_hash="test", software_version="test", coded_at=now))
            for region in regions:
                conn.execute(insert(mentions).values(document_id=doc_id, region_code=region, start=0, end=3,
                                                     surface=text[:3], field="text"))
    return ids


def build_world(project: Project) -> ApiWorld:
    from regionlens.manual.jobs import JobSpec, create_job

    engine = project.engine
    import_sources(engine, SOURCES)
    with engine.connect() as conn:
        by_name = {r.name: int(r.id) for r in conn.execute(select(sources.c.id, sources.c.name))}
    source_ids = [by_name[s.name] for s in SOURCES]
    doc_ids = _insert_documents(engine, source_ids)
    tokens = {}
    for name, role in ROLES_OF.items():
        create_user(engine, name, PASSWORD, role)
        tokens[name] = create_token(engine, name, "tests")
    spec = JobSpec(name="пилот", variables=["tone"], coders=["anna", "boris"], sample_size=4, overlap=0.5,
                   strata=None, seed=3, show_auto=False)
    job_id = int(create_job(engine, spec, codebook=project.codebook))
    world = ApiWorld(project, doc_ids, source_ids, tokens, job_id)
    with engine.connect() as conn:
        for coder in ("anna", "boris"):
            world.units[coder] = set(conn.execute(select(job_units.c.document_id).where(
                job_units.c.job_id == job_id, job_units.c.coder == coder)).scalars())
    return world


def api_client(world: ApiWorld) -> TestClient:
    return TestClient(create_app(world.project.root), base_url="https://testserver")


def auth(world: ApiWorld, who: str) -> dict[str, str]:
    """Headers for a caller: a user's token, a made-up token, or nothing (anonymous)."""
    if who == "anonymous":
        return {}
    if who == "bad_token":
        return {"Authorization": "Bearer rl_this-token-was-never-issued"}
    return {"Authorization": f"Bearer {world.tokens[who]}"}


def browser_login(c: TestClient, username: str) -> str:
    """Log in through the page form; returns the session's CSRF token."""
    found = CSRF.search(c.get("/login").text)
    assert found
    r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": found.group(1)},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    page = CSRF.search(c.get("/jobs").text)
    assert page
    return page.group(1)
