"""Ingest → store → search → export on both back ends, with the CLI's own functions."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from regionlens.export.documents import export_documents
from regionlens.filters import Filters
from regionlens.pipeline.ingest import ingest_paths
from regionlens.search.engine import count_by, search
from regionlens.search.query import QueryError
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project

SOURCES = """\
sources:
  - {name: Смоленский курьер, domains: [smol-kurier.ru], country: RU, level: regional, region_code: RU-SMO}
  - {name: Витебские вести, domains: [vit-vesti.by], country: BY, level: regional, region_code: BY-VI, language: be}
  - {name: Агентство Столица, domains: [stolica-news.ru], country: RU, level: federal}
"""

DOCS = [
    {"id": "1", "title": "Губернатор Смоленской области посетил Витебск", "url": "https://smol-kurier.ru/n/1",
     "date": "2021-03-12T10:00:00+03:00",
     "text": "Делегация Смоленской области провела переговоры в Витебске о поставках техники."},
    {"id": "2", "title": "Смоленщина и Витебщина", "url": "https://smol-kurier.ru/n/2", "date": "12 марта 2021",
     "text": "Смоленщина расширяет связи с белорусскими партнёрами, товарооборот вырос на 12%."},
    {"id": "3", "title": "Сустрэча ў Віцебску", "url": "https://vit-vesti.by/a/3", "date": "12 сакавіка 2021",
     "text": "Старшыня Віцебскага аблвыканкама сустрэўся з губернатарам Смаленскай вобласці."},
    {"id": "4", "title": "В Москве обсудили бюджет", "url": "https://stolica-news.ru/x/4", "date": "2021-04-01",
     "text": "Правительство обсудило федеральный бюджет и налоги, без упоминания регионов."},
    {"id": "5", "title": "Футбол", "url": "https://smol-kurier.ru/n/5", "date": "2021-05-02",
     "text": "Смоленский футбольный клуб проиграл, болельщики Смоленской области расстроены."},
]


@pytest.fixture
def loaded(project: Project, tmp_path: Path) -> Project:
    reg = tmp_path / "sources.yaml"
    reg.write_text(SOURCES, encoding="utf-8")
    import_sources(project.engine, read_registry(reg)[0])
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps(d, ensure_ascii=False) for d in DOCS]
    lines.insert(2, '{"id": "broken", "text": "нет закрывающей скобки"')
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest_paths(project, [corpus])
    assert summary.read == 5 and summary.added == 5
    assert len(summary.bad) == 1 and summary.bad[0].origin.endswith("corpus.jsonl:3")
    assert summary.unattributed == 0
    again = ingest_paths(project, [corpus])
    assert again.added == 0 and again.duplicates == 5
    return project


def test_lemma_search_finds_other_case_forms(loaded: Project) -> None:
    total, hits = search(loaded.engine, '"смоленская область"')
    assert total == 2
    assert {h.title for h in hits} == {"Губернатор Смоленской области посетил Витебск", "Футбол"}
    keywords = {line.keyword for h in hits for line in h.lines}
    assert "Смоленской области" in keywords
    first = next(h for h in hits if h.title.startswith("Губернатор"))
    assert first.source == "Смоленский курьер" and first.level == "regional" and first.country == "RU"
    assert first.published_at is not None and first.published_at.year == 2021


def test_boolean_prefix_and_filters(loaded: Project) -> None:
    assert search(loaded.engine, "смолен*")[0] == 3  # смоленский, смоленщина
    assert search(loaded.engine, "смоленский область NOT футбольный")[0] == 1
    assert search(loaded.engine, "Смоленщина OR бюджет")[0] == 2
    assert search(loaded.engine, "віцебская вобласць OR аблвыканкам")[0] == 1
    assert search(loaded.engine, "смолен*", filters=Filters(level="federal"))[0] == 0
    rows = count_by(loaded.engine, "смолен*", ["level", "country", "month"])
    assert rows == [
        {"level": "regional", "country": "RU", "month": "2021-03", "count": 2},
        {"level": "regional", "country": "RU", "month": "2021-05", "count": 1},
    ]


def test_malformed_query_is_a_clear_error(loaded: Project) -> None:
    with pytest.raises(QueryError, match="скобка"):
        search(loaded.engine, "(Смоленск")
    total, _ = search(loaded.engine, 'NEAR(a b) "x" OR col:y')  # FTS syntax in user text is just words
    assert total == 0


def test_export_all_formats_with_source_metadata(loaded: Project, tmp_path: Path) -> None:
    for fmt in ("csv", "jsonl", "xlsx", "parquet", "dta"):
        out = tmp_path / f"docs.{fmt}"
        assert export_documents(loaded.engine, out) == 5
    with (tmp_path / "docs.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["source_level"] for r in rows} == {"regional", "federal"}
    assert {r["source_region"] for r in rows} == {"RU-SMO", "BY-VI", ""}
    assert "union" in rows[0] and "regions" in rows[0]
    table = pq.read_table(tmp_path / "docs.parquet")
    assert table.num_rows == 5 and "source_country" in table.column_names
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    ws = load_workbook(tmp_path / "docs.xlsx", read_only=True)["documents"]
    assert sum(1 for _ in ws.iter_rows()) == 6
    first = json.loads((tmp_path / "docs.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["source"] == "Смоленский курьер" and first["published_at"].startswith("2021-03-12T07:00:00")
