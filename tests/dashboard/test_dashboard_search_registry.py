"""Search with dashboard filters, the publication view's evidence, registry editing, and the v4 → v5 migration."""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_corpus import build_corpus
from sqlalchemy import func, select

from regionlens.dashboard.aggregates import dashboard_aggregates
from regionlens.dashboard.facts import forget_checks
from regionlens.dashboard.registry import get_source, save_source
from regionlens.dashboard.search import evidence_spans, get_publication, search_publications
from regionlens.filters import Filters
from regionlens.search.query import QueryError
from regionlens.store.frame import load_frame
from regionlens.store.migrations import LATEST, current_version, migrate
from regionlens.store.project import Project, init_project, open_project
from regionlens.store.schema import dash_docs, documents, source_domains, sources


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    forget_checks()
    return build_corpus(project, tmp_path)


def test_lemma_search_with_filters_kwic_and_facets(coded: Project) -> None:
    frame = load_frame(coded.engine)
    # «Витебская» as typed finds «Витебского», «Витебской», «Витебскую» (and not the city name «Витебск»)
    result = search_publications(coded.engine, "Витебская", Filters(), limit=50)
    with coded.engine.connect() as conn:
        texts = dict(conn.execute(select(documents.c.id, documents.c.title + " " + documents.c.text)).all())
    expected = {i for i, t in texts.items() if "Витебск" in t and any(f in t for f in ("Витебской", "Витебского", "Витебскую", "Витебская"))}
    assert {h.id for h in result.hits} == expected and result.total == len(expected)
    for hit in result.hits:
        assert hit.lines and all(line.keyword.lower().startswith("витебск") for line in hit.lines)
    assert sum(n for _, n in result.facets["level"]) == result.total
    assert sum(n for _, n in result.facets["country"]) == result.total
    assert dict(result.facets["region"])["BY-VI"] >= 1

    narrowed = search_publications(coded.engine, "Витебская", Filters(country="BY"), limit=50)
    assert 0 < narrowed.total < result.total and all(h.country == "BY" for h in narrowed.hits)
    union = frame[frame["union"] == 1]
    listed = search_publications(coded.engine, "", Filters(topic="TRANS", union=True), limit=50)
    assert {h.id for h in listed.hits} == {int(i) for i in union.loc[union["topics"].map(lambda t: "TRANS" in t), "id"]}
    pair = search_publications(coded.engine, "", Filters(region="RU-SMO", union=True), also_region="BY-VI")
    pairs = {(p["ru"], p["by"]): p["n"] for p in dashboard_aggregates(coded.engine, Filters())["pairs"]}
    assert pair.total == pairs[("RU-SMO", "BY-VI")]
    page2 = search_publications(coded.engine, "", Filters(), limit=3, offset=3)
    page1 = search_publications(coded.engine, "", Filters(), limit=3)
    assert len(page2.hits) == 3 and not {h.id for h in page1.hits} & {h.id for h in page2.hits}
    with pytest.raises(QueryError):
        search_publications(coded.engine, "(Витебск", Filters())
    with pytest.raises(ValueError, match="flag"):
        search_publications(coded.engine, "", Filters(flag="nonsense"))


def test_publication_has_codes_with_evidence_spans_in_its_text(coded: Project) -> None:
    with coded.engine.connect() as conn:
        doc_id = conn.execute(select(documents.c.id).where(documents.c.title.like("Очереди%"))).scalars().first()
    assert doc_id is not None
    pub = get_publication(coded.engine, int(doc_id))
    assert pub is not None and pub.codes and pub.source and pub.source["name"] == "Смоленский курьер"
    by_var = {c.variable: c for c in pub.codes}
    assert by_var["problem"].value == 1 and by_var["problem"].evidence
    for code in pub.codes:
        for ev in code.evidence:
            field_text = pub.title if ev["field"] == "title" else pub.text
            assert field_text[ev["start"]:ev["end"]] == ev["surface"]
    spans = evidence_spans(pub, "problem")
    assert spans["text"] or spans["title"]
    def positioned(evidence: list[dict[str, object]]) -> int:  # rule-level evidence may carry no span
        return sum(1 for e in evidence if int(str(e["end"])) > int(str(e["start"])))

    assert len(spans["text"]) + len(spans["title"]) == positioned(by_var["problem"].evidence)
    everything = evidence_spans(pub)
    assert sum(map(len, everything.values())) == sum(positioned(c.evidence) for c in pub.codes)
    assert get_publication(coded.engine, 10**9) is None
    reprint = [p for p in (get_publication(coded.engine, int(i)) for i in load_frame(coded.engine)["id"]) if p and p.reprint_of]
    assert reprint and all(p.reprint_of != p.id for p in reprint)


def test_save_source_validates_like_the_registry(coded: Project) -> None:
    engine = coded.engine
    new_id, errors = save_source(engine, {"name": "Гомельская правда", "country": "BY", "level": "regional",
                                          "region_code": "BY-HO", "domains": "gp.by, www.gomel-pravda.by",
                                          "output_per_month": "120,5"})
    assert errors == [] and new_id is not None
    stored = get_source(engine, new_id)
    assert stored is not None and stored["domains"] == ["gomel-pravda.by", "gp.by"] and stored["output_per_month"] == 120.5

    _, errors = save_source(engine, {"name": "", "country": "PL", "level": "galactic", "region_code": "XX-1",
                                     "output_per_month": "много"})
    text = " ".join(errors)
    for word in ("название", "страна", "уровень", "код региона", "output_per_month"):
        assert word in text
    assert not any(e.startswith("форма:") for e in errors)
    _, errors = save_source(engine, {"name": "Смоленский курьер", "country": "RU", "level": "regional"})
    assert errors and "уже есть" in errors[0]
    _, errors = save_source(engine, {"name": "Другая газета", "country": "RU", "level": "local", "domains": "smol-kurier.ru"})
    assert errors and "smol-kurier.ru" in errors[0]

    renamed, errors = save_source(engine, {"name": "Гомельская праўда", "country": "BY", "level": "local",
                                           "region_code": "BY-HO", "domains": "gp.by"}, new_id)
    assert errors == [] and renamed == new_id
    with engine.connect() as conn:
        row = conn.execute(select(sources.c.name, sources.c.level).where(sources.c.id == new_id)).one()
        assert tuple(row) == ("Гомельская праўда", "local")
        assert list(conn.execute(select(source_domains.c.domain).where(source_domains.c.source_id == new_id)).scalars()) == ["gp.by"]
    _, errors = save_source(engine, {"name": "Призрак", "country": "RU", "level": "local"}, 10**6)
    assert errors and "нет в реестре" in errors[0]


def test_project_at_schema_4_upgrades_and_fills_the_dashboard(tmp_path: Path) -> None:
    """A v4 project with coded publications opens in v5, and the dashboard builds its facts from the old codes."""
    from sqlalchemy import text

    from regionlens.store.project import make_engine

    root = tmp_path / "old"
    proj = init_project(root)
    build_corpus(proj, tmp_path)
    n_coded = len(load_frame(proj.engine))
    with proj.engine.begin() as conn:  # take the project back to what schema 4 wrote
        for table in ("dash_topics", "dash_regions", "dash_docs"):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("DROP INDEX ix_coding_runs_coded_at"))
        conn.execute(text("UPDATE meta SET value = '4' WHERE key = 'schema_version'"))
        conn.execute(text("DELETE FROM meta WHERE key LIKE 'dashboard_%'"))
    proj.engine.dispose()
    engine = make_engine(f"sqlite:///{root / 'regionlens.db'}")
    with engine.connect() as conn:
        assert current_version(conn) == 4
    engine.dispose()
    forget_checks()
    reopened = open_project(root)
    with reopened.engine.connect() as conn:
        assert current_version(conn) == LATEST >= 6  # later steps (v7: dates) run too
        assert conn.execute(select(func.count()).select_from(dash_docs)).scalar_one() == 0
        indexes = {i["name"] for i in __import__("sqlalchemy").inspect(conn).get_indexes("coding_runs")}
        assert "ix_coding_runs_coded_at" in indexes
    assert dashboard_aggregates(reopened.engine, Filters())["totals"]["publications"] == n_coded
    assert migrate(reopened.engine) == []
