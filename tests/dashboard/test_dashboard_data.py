"""The dashboard data layer on both back ends, checked against the analysis frame and analysis statistics."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from dash_corpus import build_corpus
from sqlalchemy import delete, func, select

from regionlens.analysis.indices import index_table
from regionlens.dashboard.aggregates import dashboard_aggregates, publication_ids, uses_cube
from regionlens.dashboard.facts import forget_checks, refresh_facts
from regionlens.dashboard.findings import dashboard_findings
from regionlens.filters import Filters, parse_filters
from regionlens.store.frame import load_frame
from regionlens.store.project import Project
from regionlens.store.schema import (
    dash_docs,
    dash_fcube,
    dash_regions,
    dash_topics,
    documents,
    reprints,
    sources,
)


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    forget_checks()
    return build_corpus(project, tmp_path)


def _union(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["union"] == 1]


def test_aggregates_agree_with_the_analysis_frame(coded: Project) -> None:
    frame = load_frame(coded.engine)
    agg = dashboard_aggregates(coded.engine, Filters())
    json.dumps(agg)  # the API serves it as is
    union = _union(frame)
    assert agg["totals"]["publications"] == len(frame)
    assert agg["totals"]["union"] == len(union) == agg["indices"]["overall"]["n"]

    expected = index_table(frame, "level").set_index("level")
    for level, group in agg["indices"]["by_level"].items():
        row = expected.loc[level]
        assert group["n"] == row["n"]
        for index in ("substantive", "problem"):
            assert group[index]["share"] == pytest.approx(row[f"{index}_share"])
            assert group[index]["ci_low"] == pytest.approx(row[f"{index}_ci_low"])
            assert group[index]["ci_high"] == pytest.approx(row[f"{index}_ci_high"])
        assert group["tone"]["mean"] == pytest.approx(row["tone_mean"])
        if row["n"] > 1 and not pd.isna(row["tone_ci_low"]):
            assert group["tone"]["ci_low"] == pytest.approx(row["tone_ci_low"])
            assert group["tone"]["ci_high"] == pytest.approx(row["tone_ci_high"])
    assert set(agg["indices"]["by_level"]) == set(expected.index)
    overall = agg["indices"]["overall"]
    assert overall["tone"]["mean"] == pytest.approx(union["tone"].mean())
    assert overall["substantive"]["k"] == union["substantive"].sum()

    topics = union["topics"].explode().dropna().value_counts()
    assert {t["topic"]: t["n"] for t in agg["topics"]} == topics.to_dict()
    regions = union["regions"].explode().dropna().value_counts()
    covered = {r["code"]: r["coverage"]["k"] for r in agg["regions"] if r["coverage"]["k"]}
    assert covered == regions.to_dict()
    assert {r["code"] for r in agg["regions"]} >= {"BY-VI", "BY-HM", "RU-SMO", "RU-MOW"}  # the whole gazetteer

    pairs: dict[tuple[str, str], int] = {}
    for codes in union["regions"]:
        for ru in {c for c in codes if c.startswith("RU-")}:
            for by in {c for c in codes if c.startswith("BY-")}:
                pairs[(ru, by)] = pairs.get((ru, by), 0) + 1
    assert {(p["ru"], p["by"]): p["n"] for p in agg["pairs"]} == pairs

    reprinted = union["reprint_of"].notna().sum()
    assert reprinted >= 1
    assert agg["reprints"]["overall"]["k"] == reprinted
    months = union["published_at"].dt.strftime("%Y-%m").value_counts().to_dict()
    by_month: dict[str, int] = {}
    for v in agg["volume"]:
        by_month[v["month"]] = by_month.get(v["month"], 0) + v["n"]
    assert by_month == months


def test_filters_select_the_same_publications_as_the_frame(coded: Project) -> None:
    frame = _union(load_frame(coded.engine))
    with coded.engine.connect() as conn:
        smolensk = conn.execute(select(sources.c.id).where(sources.c.name == "Смоленский курьер")).scalar_one()
    cases = [
        (Filters(level="regional"), frame["level"] == "regional"),
        (Filters(country="BY"), frame["country"] == "BY"),
        (Filters(region="RU-SMO"), frame["regions"].map(lambda r: "RU-SMO" in r)),
        (Filters(topic="AGRI"), frame["topics"].map(lambda t: "AGRI" in t)),
        (Filters(source_id=int(smolensk)), frame["source"] == "Смоленский курьер"),
        (Filters(date_from=date(2021, 4, 1), date_to=date(2021, 5, 17)),
         (frame["published_at"].dt.date >= date(2021, 4, 1)) & (frame["published_at"].dt.date <= date(2021, 5, 17))),
        (Filters(country="RU", topic="AGRI"), (frame["country"] == "RU") & frame["topics"].map(lambda t: "AGRI" in t)),
        (Filters(region="RU-SMO", topic="AGRI"),  # both: one joined list of the region's publications with the topic
         frame["regions"].map(lambda r: "RU-SMO" in r) & frame["topics"].map(lambda t: "AGRI" in t)),
    ]
    everything = dashboard_aggregates(coded.engine, Filters())["indices"]["overall"]["n"]
    for filters, mask in cases:
        chosen = frame[mask]
        agg = dashboard_aggregates(coded.engine, filters)
        assert 0 < agg["indices"]["overall"]["n"] < everything, filters
        assert agg["indices"]["overall"]["n"] == len(chosen), filters
        assert agg["indices"]["overall"]["substantive"]["k"] == chosen["substantive"].sum(), filters
        total, ids = publication_ids(coded.engine, filters, limit=100)
        assert total == len(chosen) and sorted(ids) == sorted(int(i) for i in chosen["id"]), filters
    total, ids = publication_ids(coded.engine, Filters(flag="problem"), limit=100)
    assert sorted(ids) == sorted(int(i) for i in frame.loc[frame["problem"] == 1, "id"]) and total == len(ids)
    nobody = dashboard_aggregates(coded.engine, Filters(region="BY-BR"))
    assert nobody["indices"]["overall"]["n"] == 0 and nobody["volume"] == [] and nobody["indices"]["overall"]["substantive"]["share"] is None


def test_examples_are_publications_behind_the_figure(coded: Project) -> None:
    frame = _union(load_frame(coded.engine)).set_index("id")
    agg = dashboard_aggregates(coded.engine, Filters())
    for level, group in agg["indices"]["by_level"].items():
        for ex in group["examples"]["substantive"]:
            assert frame.loc[str(ex), "level"] == level and frame.loc[str(ex), "substantive"] == 1
        for ex in group["examples"]["problem"]:
            assert frame.loc[str(ex), "problem"] == 1
    for topic in agg["topics"]:
        assert all(topic["topic"] in frame.loc[str(ex), "topics"] for ex in topic["examples"])
    findings = dashboard_findings(agg)
    assert {f["key"] for f in findings} >= {"problems_and_conflict", "reprint_share"}
    for f in findings:
        assert f["text_ru"] and f["text_en"] and f["link"]["flag"]
        assert all(str(ex) in frame.index for ex in f["examples"])


def test_facts_follow_new_codes_reprints_and_source_edits(coded: Project, tmp_path: Path) -> None:
    from regionlens.dashboard.registry import get_source, save_source

    before = dashboard_aggregates(coded.engine, Filters())
    smolensk_before = dashboard_aggregates(coded.engine, Filters(region="RU-SMO"))["totals"]["publications"]
    assert refresh_facts(coded.engine) == 0  # nothing changed since the lazy refresh
    with coded.engine.begin() as conn:
        conn.execute(delete(reprints))
    forget_checks()
    after = dashboard_aggregates(coded.engine, Filters())
    assert before["reprints"]["overall"]["k"] > 0 and after["reprints"]["overall"]["k"] == 0

    with coded.engine.connect() as conn:
        sid = int(conn.execute(select(sources.c.id).where(sources.c.name == "Рославльские новости")).scalar_one())
        local_before = conn.execute(select(func.count()).select_from(dash_docs).where(dash_docs.c.source_id == sid)).scalar_one()
    source = get_source(coded.engine, sid)
    assert source is not None
    saved, errors = save_source(coded.engine, {**source, "level": "regional", "domains": ", ".join(source["domains"])}, sid)
    assert errors == [] and saved == sid
    moved = dashboard_aggregates(coded.engine, Filters(source_id=sid))
    assert set(moved["indices"]["by_level"]) == {"regional"} and moved["indices"]["overall"]["n"] == local_before

    from regionlens.pipeline.code import code_project
    from regionlens.pipeline.ingest import ingest_paths

    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({
        "id": "x", "title": "Смоленская и Витебская области открыли новый автобусный маршрут",
        "text": "Смоленская область и Витебская область открыли автобусный маршрут, перевезено 500 пассажиров.",
        "url": "https://smol-kurier.ru/n/extra", "date": "2021-07-01T10:00:00+03:00"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    assert ingest_paths(coded, [extra]).added == 1
    code_project(coded)
    forget_checks()
    grown = dashboard_aggregates(coded.engine, Filters())
    assert grown["totals"]["publications"] == before["totals"]["publications"] + 1
    assert grown["totals"]["publications"] == len(load_frame(coded.engine))
    smolensk = Filters(region="RU-SMO")
    frame = load_frame(coded.engine)
    assert dashboard_aggregates(coded.engine, smolensk)["totals"]["publications"] == \
        int(frame["regions"].map(lambda r: "RU-SMO" in r).sum()) == smolensk_before + 1
    assert dashboard_aggregates(coded.engine, smolensk) == dashboard_aggregates(coded.engine, smolensk, use_cube=False)

    with coded.engine.begin() as conn:  # a deleted publication leaves the facts by cascade and the cubes on refresh
        conn.execute(delete(documents).where(documents.c.url == "https://smol-kurier.ru/n/extra"))
    forget_checks()
    assert dashboard_aggregates(coded.engine, Filters()) == dashboard_aggregates(coded.engine, Filters(), use_cube=False)
    assert dashboard_aggregates(coded.engine, smolensk)["totals"]["publications"] == smolensk_before
    assert dashboard_aggregates(coded.engine, smolensk) == dashboard_aggregates(coded.engine, smolensk, use_cube=False)
    assert dashboard_aggregates(coded.engine, Filters())["totals"]["publications"] == before["totals"]["publications"]


def test_parse_filters_normalises_and_explains() -> None:
    f = parse_filters({"date_from": "2021-01-01", "date_to": " 2021-12-31 ", "country": "by", "level": "Regional",
                            "region": "ru-smo", "source_id": "3", "topic": "econ", "other": "kept out"})
    assert f == Filters(date(2021, 1, 1), date(2021, 12, 31), "BY", "regional", "RU-SMO", source_id=3, topic="ECON")
    assert parse_filters({"region": "ru-crimea", "country": ""}) == Filters(region="RU-Crimea")
    assert f.as_query()["date_from"] == "2021-01-01" and parse_filters(f.as_query()) == f
    bad = [({"date_from": "12.03.2021"}, "date_from"), ({"date_from": "2021-02-01", "date_to": "2021-01-01"}, "позже"),
           ({"country": "PL"}, "страна"), ({"level": "galactic"}, "уровень"), ({"region": "Смоленск"}, "код региона"),
           ({"source_id": "-1"}, "source_id"), ({"source_id": "abc"}, "source_id"), ({"topic": "SPORT"}, "тема")]
    for params, word in bad:
        with pytest.raises(ValueError, match=word):
            parse_filters(params)


def test_month_cubes_give_the_same_figures_as_the_facts(coded: Project) -> None:
    with coded.engine.connect() as conn:
        sid = int(conn.execute(select(sources.c.id).where(sources.c.name == "Витебские вести")).scalar_one())
    cases = [Filters(), Filters(level="regional"), Filters(country="RU"), Filters(source_id=sid),
             Filters(date_from=date(2021, 4, 1), date_to=date(2021, 5, 31)), Filters(date_to=date(2021, 4, 30), country="BY")]
    for filters in cases:
        from_cube = dashboard_aggregates(coded.engine, filters)
        from_facts = dashboard_aggregates(coded.engine, filters, use_cube=False)
        assert from_cube == from_facts, filters
        assert from_cube["indices"]["overall"]["n"] > 0, filters
    mid_month = Filters(date_from=date(2021, 4, 2), date_to=date(2021, 5, 31))
    frame = _union(load_frame(coded.engine))
    chosen = frame[(frame["published_at"].dt.date >= date(2021, 4, 2)) & (frame["published_at"].dt.date <= date(2021, 5, 31))]
    assert dashboard_aggregates(coded.engine, mid_month)["indices"]["overall"]["n"] == len(chosen)


def test_facet_cubes_give_the_same_figures_as_the_facts(coded: Project) -> None:
    """A region or a topic filter reads the facet cubes: every number and example link must match the fact tables."""
    refresh_facts(coded.engine)
    with coded.engine.connect() as conn:
        regions = sorted(conn.execute(select(dash_regions.c.region_code).distinct()).scalars())
        topics = sorted(conn.execute(select(dash_topics.c.topic).distinct()).scalars())
        vitebsk = int(conn.execute(select(sources.c.id).where(sources.c.name == "Витебские вести")).scalar_one())
    assert len(regions) >= 4 and len(topics) >= 3
    cases = [Filters(region=code) for code in regions] + [Filters(topic=topic) for topic in topics] + [
        Filters(region="RU-SMO", level="regional"), Filters(region="BY-VI", country="BY"),
        Filters(topic="AGRI", country="RU"), Filters(topic="ECON", date_from=date(2021, 4, 1), date_to=date(2021, 5, 31)),
        Filters(region="RU-SMO", date_to=date(2021, 4, 30)), Filters(region="BY-BR"), Filters(topic="ENERGY")]
    for filters in cases:
        assert uses_cube(filters), filters
        from_cube = dashboard_aggregates(coded.engine, filters)
        assert from_cube == dashboard_aggregates(coded.engine, filters, use_cube=False), filters
    smolensk = dashboard_aggregates(coded.engine, Filters(region="RU-SMO"))
    assert smolensk["indices"]["overall"]["n"] > 0 and smolensk["pairs"] and smolensk["topics"]
    assert {r["code"] for r in smolensk["regions"] if r["coverage"]["k"]} > {"RU-SMO"}  # co-mentioned regions count
    frame = _union(load_frame(coded.engine))
    for code in regions:  # and the cubes agree with the analysis frame, not only with the facts
        chosen = frame[frame["regions"].map(lambda r, c=code: c in r)]
        agg = dashboard_aggregates(coded.engine, Filters(region=code))
        assert agg["indices"]["overall"]["n"] == len(chosen), code
        assert agg["indices"]["overall"]["examples"]["any"][:1] == ([max(int(i) for i in chosen["id"])] if len(chosen) else [])
    with coded.engine.connect() as conn:
        source_ids = [int(i) for i in conn.execute(select(sources.c.id)).scalars()]
    for sid in source_ids:  # a source filter reads the region and pair cubes of the «source» facet
        for filters in (Filters(source_id=sid), Filters(source_id=sid, date_from=date(2021, 5, 1))):
            assert uses_cube(filters)
            assert dashboard_aggregates(coded.engine, filters) == dashboard_aggregates(coded.engine, filters,
                                                                                      use_cube=False), filters
    assert dashboard_aggregates(coded.engine, Filters(source_id=vitebsk))["pairs"]
    for filters in (Filters(region="RU-SMO", source_id=vitebsk), Filters(region="RU-SMO", topic="AGRI"),
                    Filters(region="RU-SMO", date_from=date(2021, 4, 2))):
        assert not uses_cube(filters), filters  # the facet cubes have no source, no second facet, whole months only


def test_facet_cubes_are_created_for_a_database_migrated_without_them(coded: Project) -> None:
    """A project moved to schema v6 before the facet cubes existed gets them (filled) on the next refresh."""
    expected = dashboard_aggregates(coded.engine, Filters(region="BY-VI"), use_cube=False)
    with coded.engine.begin() as conn:
        for table in ("dash_fcube_pair", "dash_fcube_region", "dash_fcube_topic", "dash_fcube"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
    forget_checks()
    assert dashboard_aggregates(coded.engine, Filters(region="BY-VI")) == expected
    with coded.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(dash_fcube)).scalar_one() > 0


def test_concurrent_refreshes_queue_instead_of_colliding(coded: Project) -> None:
    """Several web workers may find the facts stale at once; every refresh must succeed and leave one copy."""
    from concurrent.futures import ThreadPoolExecutor

    with coded.engine.begin() as conn:
        conn.execute(delete(dash_docs))
        conn.execute(sources.update().values(level=sources.c.level))
        from regionlens.store.schema import meta

        conn.execute(delete(meta).where(meta.c.key.like("dashboard_%")))
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: refresh_facts(coded.engine), range(3)))
    assert sorted(results)[-1] == len(load_frame(coded.engine)) and sorted(results)[:2] == [0, 0]
    with coded.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(dash_docs)).scalar_one() == len(load_frame(coded.engine))


def test_date_filters_follow_moscow_days_on_both_back_ends(coded: Project) -> None:
    """22:30 UTC on 30 April is 01:30 on 1 May in Moscow: the publication belongs to 1 May."""
    from datetime import UTC, datetime

    frame = _union(load_frame(coded.engine))
    doc_id = int(frame["id"].iloc[0])
    with coded.engine.begin() as conn:
        conn.execute(documents.update().where(documents.c.id == doc_id)
                     .values(published_at=datetime(2021, 4, 30, 22, 30, tzinfo=UTC)))
    refresh_facts(coded.engine, full=True)
    may_first = Filters(date_from=date(2021, 5, 1), date_to=date(2021, 5, 1))
    april_last = Filters(date_from=date(2021, 4, 30), date_to=date(2021, 4, 30))
    assert doc_id in publication_ids(coded.engine, may_first, limit=500)[1]
    assert doc_id not in publication_ids(coded.engine, april_last, limit=500)[1]
