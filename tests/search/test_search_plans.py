"""The two query plans of lemma search (sort the matches / walk the date index) give the same pages,
totals and counts, and counts by month follow the display time zone across month boundaries."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from regionlens.filters import Filters
from regionlens.pipeline.ingest import ingest_paths
from regionlens.search import engine as search_engine
from regionlens.search.engine import count_by, search
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project

SOURCES = """\
sources:
  - {name: Брянский вестник, domains: [br-vestnik.ru], country: RU, level: regional, region_code: RU-BRY}
  - {name: Гомельские новости, domains: [gomel-nov.by], country: BY, level: regional, region_code: BY-HO}
  - {name: Столичное агентство, domains: [stol-agent.ru], country: RU, level: federal}
  - {name: Районка, domains: [raionka.by], country: BY, level: local, region_code: BY-HO}
"""
DOMAINS = ["br-vestnik.ru", "gomel-nov.by", "stol-agent.ru", "raionka.by"]
SENTENCES = [
    "Губернатор Брянской области встретился с председателем Гомельского облисполкома.",
    "Предприятия двух регионов договорились о поставках техники и удобрений.",
    "Студенты из Гомеля приедут на летнюю практику в Брянск.",
    "В районе открыли новую школу, ремонт дороги продолжится весной.",
    "Товарооборот между областями вырос, обсуждали сотрудничество в медицине.",
]


@pytest.fixture
def corpus_project(project: Project, tmp_path: Path) -> Project:
    reg = tmp_path / "sources.yaml"
    reg.write_text(SOURCES, encoding="utf-8")
    import_sources(project.engine, read_registry(reg)[0])
    rng = random.Random(5)
    start = datetime(2022, 1, 1, tzinfo=UTC)
    lines = []
    for i in range(160):
        # many publications share a timestamp (ties broken by id) and several sit at month edges in Moscow
        when = start + timedelta(days=rng.choice([0, 30, 31, 58, 59, 90]), hours=rng.choice([0, 20, 21, 22]))
        text = " ".join(rng.sample(SENTENCES, 3)) + f" Номер заметки {i}."
        lines.append(json.dumps({"id": str(i), "title": f"Заметка {i}", "url": f"https://{DOMAINS[i % 4]}/n/{i}",
                                 "date": when.isoformat(), "text": text}, ensure_ascii=False))
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ingest_paths(project, [corpus]).added == 160
    return project


CASES = [
    ("губернатор", Filters()),
    ("сотрудничество OR студенты", Filters(country="BY")),
    ("поставка техника", Filters(level="regional", date_from=date(2022, 2, 1))),
    ("школа NOT студенты", Filters(source_region="BY-HO", date_to=date(2022, 3, 1))),
    ("област*", Filters(level="local", source_region="BY-HO")),
]


@pytest.mark.parametrize(("query", "filters"), CASES)
def test_index_walk_and_sorted_matches_agree(corpus_project: Project, monkeypatch: pytest.MonkeyPatch,
                                             query: str, filters: Filters) -> None:
    eng = corpus_project.engine
    monkeypatch.setattr(search_engine, "INDEX_WALK_MIN", 10**9)  # always sort the matches
    pages_sorted = [search(eng, query, filters=filters, limit=7, offset=o) for o in (0, 7, 30)]
    counts_sorted = count_by(eng, query, ["level", "month", "source"], filters=filters)
    monkeypatch.setattr(search_engine, "INDEX_WALK_MIN", 0)  # always walk the date index (SQLite)
    pages_walk = [search(eng, query, filters=filters, limit=7, offset=o) for o in (0, 7, 30)]
    assert [(t, [h.id for h in hits]) for t, hits in pages_walk] == [(t, [h.id for h in hits]) for t, hits in pages_sorted]
    assert count_by(eng, query, ["level", "month", "source"], filters=filters) == counts_sorted
    total, hits = pages_sorted[0]
    assert total > 7 and len(hits) == 7
    assert sum(r["count"] for r in counts_sorted) == total
    order = [(h.published_at, h.id) for t, page in pages_sorted for h in page]
    assert order == sorted(order, reverse=True)  # newest first, ties by id, across pages


def test_counts_by_month_follow_the_display_zone(corpus_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """21:00 UTC on 31 January is 1 February in Moscow but still 31 January in London."""
    eng = corpus_project.engine
    total, hits = search(eng, "заметка", limit=1000)
    # Kolkata: +05:30, counted by minute; New York and Kiritimati (−05:00 and +14:00): month starts and ends
    for zone in ("Europe/Moscow", "Europe/London", "Asia/Kolkata", "America/New_York", "Pacific/Kiritimati", "UTC"):
        monkeypatch.setenv("REGIONLENS_TZ", zone)
        _, hits = search(eng, "заметка", limit=1000)
        expected: dict[str, int] = {}
        for h in hits:
            assert h.published_at is not None
            key = h.published_at.strftime("%Y-%m")
            expected[key] = expected.get(key, 0) + 1
        got = {r["month"]: r["count"] for r in count_by(eng, "заметка", ["month"])}
        assert got == expected and sum(got.values()) == total == 160
    monkeypatch.setenv("REGIONLENS_TZ", "Europe/Moscow")
    moscow = {r["month"]: r["count"] for r in count_by(eng, "заметка", ["month"])}
    monkeypatch.setenv("REGIONLENS_TZ", "Europe/London")
    assert moscow != {r["month"]: r["count"] for r in count_by(eng, "заметка", ["month"])}
