"""Corpora for the manual-coding tests: a small hand-made one in the database, and the demo corpus.

The small corpus has a known composition by outlet level, country and year,
so stratified sampling can be checked against exact proportions; the demo
corpus comes with the generator's ground truth, against which simulated
coders make errors at known rates.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, select

from regionlens.demo import generate_demo
from regionlens.pipeline.ingest import ingest_paths
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project
from regionlens.store.schema import documents, sources

# (level, country, year) → number of documents: 60 % regional, 30 % federal, 10 % local; two countries; two years.
COMPOSITION = {
    ("regional", "RU", 2022): 36, ("regional", "BY", 2023): 24,
    ("federal", "RU", 2023): 18, ("federal", "BY", 2022): 12,
    ("local", "RU", 2022): 10,
}
TOTAL = sum(COMPOSITION.values())


def add_small_corpus(engine: Engine) -> list[int]:
    """100 short invented texts in five strata; returns the document ids."""
    ids: list[int] = []
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for n, ((level, country, year), count) in enumerate(COMPOSITION.items()):
            key = conn.execute(insert(sources).values(name=f"Издание {n}", country=country, level=level)).inserted_primary_key
            assert key is not None
            for i in range(count):
                row = conn.execute(insert(documents).values(
                    source_id=int(key[0]), title=f"Заметка {n}-{i}",
                    text=f"Делегация области {n} обсудила с партнёрами проект номер {i}.",
                    published_at=datetime(year, 1 + i % 12, 1 + i % 28, 12, tzinfo=UTC), language="ru", kind="media",
                    content_hash=f"manual-{n}-{i}", lemmas="", ingested_at=now))
                pk = row.inserted_primary_key
                assert pk is not None
                ids.append(int(pk[0]))
    return ids


def strata_of(engine: Engine, ids: list[int]) -> dict[tuple[str, str, int], int]:
    out: dict[tuple[str, str, int], int] = {}
    with engine.connect() as conn:
        for r in conn.execute(select(documents.c.published_at, sources.c.level, sources.c.country)
                              .select_from(documents.join(sources)).where(documents.c.id.in_(ids))):
            key = (r.level, r.country, r.published_at.year)
            out[key] = out.get(key, 0) + 1
    return out


def demo_project(project: Project, tmp: Path, n_docs: int) -> dict[int, dict[str, Any]]:
    """Ingest a generated demo corpus; returns document id → ground-truth codes."""
    manifest = generate_demo(tmp / "demo", n_docs=n_docs, seed=11)
    records, errors = read_registry(manifest.sources_path)
    assert not errors
    import_sources(project.engine, records)
    ingest_paths(project, [manifest.corpus_path])
    truth = {r["id"]: r for r in map(json.loads, manifest.ground_truth_path.read_text(encoding="utf-8").splitlines())}
    with project.engine.connect() as conn:
        return {int(r.id): truth[r.ext_id] for r in conn.execute(select(documents.c.id, documents.c.ext_id))}


def noisy(truth: dict[str, Any], error: float, rng: random.Random) -> dict[str, Any]:
    """A simulated coder: each binary value flipped, each tone replaced, each topic label toggled with prob. `error`."""
    out: dict[str, Any] = {}
    for var in ("union", "problem"):
        out[var] = 1 - truth[var] if rng.random() < error else truth[var]
    out["tone"] = rng.choice([v for v in (-1, 0, 1) if v != truth["tone"]]) if rng.random() < error else truth["tone"]
    topics = set(truth["topics"])
    if rng.random() < error:
        topics ^= {rng.choice(["ECON", "CULT", "EDU"])}
    out["topics"] = sorted(topics)
    return out


def expected_binary_alpha(prevalence: float, errors: list[float]) -> float:
    """Alpha expected when every coder codes every unit and coder i flips a binary value with prob. errors[i]."""
    pairs = [(a, b) for i, a in enumerate(errors) for b in errors[i + 1:]]
    d_o = sum(a * (1 - b) + b * (1 - a) for a, b in pairs) / len(pairs)
    mean_e = sum(errors) / len(errors)
    q = prevalence * (1 - mean_e) + (1 - prevalence) * mean_e
    return 1 - d_o / (2 * q * (1 - q))
