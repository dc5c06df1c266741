"""The shipped outlet catalogue: loading and validation, attribution at ingest, registry override, counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from regionlens.pipeline.ingest import ingest_paths
from regionlens.sources.catalogue import (
    CatalogueError,
    attribute,
    default_catalogue,
    host_of,
    read_catalogue,
)
from regionlens.sources.files import read_registry
from regionlens.sources.model import COUNTRIES, LEVELS
from regionlens.sources.registry import attribution_counts, import_sources, list_sources
from regionlens.store.project import Project
from regionlens.store.schema import documents, sources

CATALOGUE = """\
# a test catalogue written for these tests
version: "0.1-test"
sources:
- {name: Приднепровская правда, domains: [dnepr-pravda.by], country: BY, level: local, region_code: BY-MA, founder: municipal, language: ru, provenance: https://dnepr-pravda.by/about}
- {name: Облисполком, domains: [oblast-test.gov.by], country: BY, level: official, region_code: BY-VI, founder: regional_authority, provenance: https://oblast-test.gov.by/}
- {name: Районный исполком, domains: [rayon.oblast-test.gov.by], country: BY, level: official, region_code: BY-VI, founder: municipal, provenance: https://rayon.oblast-test.gov.by/}
- {name: Федеральное агентство, domains: [fed-agency.ru, fed-agency.by], country: RU, level: federal, founder: state, provenance: https://fed-agency.ru/about, note: its Belarusian edition counts as a Russian outlet}
- {name: Союзный портал, domains: [union-portal.org], country: union, level: union, provenance: https://union-portal.org/}
"""


def write(tmp_path: Path, text: str, name: str = "catalogue.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def catalogue(tmp_path: Path):  # type: ignore[no-untyped-def]
    return read_catalogue(write(tmp_path, CATALOGUE))


def test_test_catalogue_loads_with_lines_and_version(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert catalogue.version == "0.1-test"
    assert [e.name for e in catalogue.entries][:2] == ["Приднепровская правда", "Облисполком"]
    assert catalogue.entries[0].line == 4 and catalogue.entries[3].line == 7
    assert catalogue.entries[3].note == "its Belarusian edition counts as a Russian outlet"
    assert catalogue.by_domain["fed-agency.by"].record.country == "RU"


def test_duplicate_domain_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    text = CATALOGUE + "- {name: Двойник, domains: [www.dnepr-pravda.by], country: BY, level: local, provenance: https://x.by/}\n"
    with pytest.raises(CatalogueError) as err:
        read_catalogue(write(tmp_path, text))
    message = str(err.value)
    assert "catalogue.yaml:9: «Двойник»: домен dnepr-pravda.by уже указан у «Приднепровская правда» (строка 4)" in message


def test_bad_level_region_and_provenance_name_the_entry_and_line(tmp_path: Path) -> None:
    text = """\
version: "1"
sources:
- {name: Плохой уровень, domains: [a.by], country: BY, level: районка, provenance: https://a.by/}
- {name: Плохой регион, domains: [b.by], country: BY, level: local, region_code: BY-XX, provenance: https://b.by/}
- {name: Без источника сведений, domains: [c.by], country: BY, level: local}
- {name: Без домена, country: BY, level: local, provenance: https://d.by/}
"""
    with pytest.raises(CatalogueError) as err:
        read_catalogue(write(tmp_path, text))
    lines = str(err.value).splitlines()
    assert any(":3: «Плохой уровень»: неизвестный уровень «районка»" in line for line in lines)
    assert any(":4: «Плохой регион»: неверный код региона «BY-XX»" in line for line in lines)
    assert any(":5: «Без источника сведений»: нужен адрес источника сведений" in line for line in lines)
    assert any(":6: «Без домена»: не указан ни один домен" in line for line in lines)
    assert len(lines) == 4


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="не указана версия"):
        read_catalogue(write(tmp_path, "sources: []\n"))
    with pytest.raises(CatalogueError, match=r"catalogue.yaml:3: ошибка синтаксиса YAML"):
        read_catalogue(write(tmp_path, 'version: "1"\nsources:\n\t- {name: x}\n'))
    with pytest.raises(CatalogueError, match="файл каталога не найден"):
        read_catalogue(tmp_path / "missing.yaml")


def test_lookup_by_host_subdomain_www_and_mobile(catalogue) -> None:  # type: ignore[no-untyped-def]
    assert catalogue.lookup("https://www.dnepr-pravda.by/news/1").name == "Приднепровская правда"
    assert catalogue.lookup("https://m.dnepr-pravda.by/news/1").name == "Приднепровская правда"
    assert catalogue.lookup("http://sport.dnepr-pravda.by:8080/x?y=1").name == "Приднепровская правда"
    # the nearest catalogued parent wins: a district's own site before its oblast's
    assert catalogue.lookup("https://rayon.oblast-test.gov.by/ru/news").name == "Районный исполком"
    assert catalogue.lookup("https://other.oblast-test.gov.by/").name == "Облисполком"
    assert catalogue.lookup("https://notdnepr-pravda.by/") is None
    assert catalogue.lookup("https://gov.by/") is None
    assert catalogue.lookup(None) is None and catalogue.lookup("") is None
    assert catalogue.lookup_name("федеральное АГЕНТСТВО").name == "Федеральное агентство"
    assert catalogue.lookup_name("union-portal.org").name == "Союзный портал"
    assert host_of("HTTPS://M.Example.BY/a") == "example.by" and host_of("m.by") == "m.by"


def test_shipped_catalogue_is_valid_and_covers_the_strata() -> None:
    shipped = default_catalogue()
    assert len(shipped.entries) >= 500
    assert all(e.provenance.startswith(("http://", "https://")) for e in shipped.entries)
    strata = {(e.record.country, e.record.level) for e in shipped.entries}
    for needed in [("BY", "federal"), ("BY", "regional"), ("BY", "local"), ("BY", "official"),
                   ("RU", "federal"), ("RU", "regional"), ("RU", "local"), ("RU", "official"), ("union", "union")]:
        assert needed in strata, needed
    assert all(e.record.country in COUNTRIES and e.record.level in LEVELS for e in shipped.entries)
    for region in ("RU-SMO", "RU-BRY", "RU-PSK", "BY-BR", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI", "BY-HM"):
        assert any(e.record.region_code == region for e in shipped.entries), region
    assert attribute("https://www.souzveche.ru/news/1/").record.level == "union"
    assert attribute("https://zviazda.by/be/news/1").record.country == "BY"


DOCS = [
    {"id": "1", "url": "https://www.dnepr-pravda.by/news/1", "text": "Делегация района побывала в Смоленске на ярмарке."},
    {"id": "2", "url": "https://m.dnepr-pravda.by/news/2", "text": "В районе открыли новый цех по переработке льна."},
    {"id": "3", "url": "https://rayon.oblast-test.gov.by/news/3", "text": "Райисполком сообщил о ремонте дорог к весне."},
    {"id": "4", "url": "https://fed-agency.by/4", "text": "Минск и Москва обсудили поставки газа на будущий год."},
    {"id": "5", "url": "https://registry-paper.ru/5", "text": "Губернатор провёл приём граждан в областном центре."},
    {"id": "6", "url": "https://nobody.example.com/6", "text": "Текст без известного источника про погоду и урожай."},
]

REGISTRY = """\
sources:
  - {name: Газета из реестра, domains: [registry-paper.ru], country: RU, level: regional, region_code: RU-BRY}
"""


def ingest(project: Project, tmp_path: Path, catalogue, docs=DOCS):  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")
    return ingest_paths(project, [corpus], catalogue=catalogue)


def source_of(project: Project, ext_id: str) -> dict:  # type: ignore[type-arg]
    with project.engine.connect() as conn:
        row = conn.execute(
            select(sources).join(documents, documents.c.source_id == sources.c.id).where(documents.c.ext_id == ext_id)
        ).mappings().first()
    return dict(row) if row else {}


def test_ingest_attributes_from_catalogue_and_registry_first(project: Project, tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    import_sources(project.engine, read_registry(write(tmp_path, REGISTRY, "reg.yaml"))[0])
    summary = ingest(project, tmp_path, catalogue)
    assert summary.read == 6 and summary.unattributed == 1
    dnepr = source_of(project, "1")
    assert (dnepr["name"], dnepr["country"], dnepr["level"], dnepr["region_code"], dnepr["founder"], dnepr["origin"]) == (
        "Приднепровская правда", "BY", "local", "BY-MA", "municipal", "catalogue")
    assert source_of(project, "2")["id"] == dnepr["id"]  # www. and m. are one outlet, one source row
    assert source_of(project, "3")["name"] == "Районный исполком"
    assert (source_of(project, "4")["country"], source_of(project, "4")["level"]) == ("RU", "federal")
    assert source_of(project, "5")["origin"] == "registry"
    assert source_of(project, "6") == {}
    assert attribution_counts(project.engine) == {"registry": 1, "catalogue": 4, "unknown": 1}
    # a second run makes no new source rows for the same outlets
    n_sources = len(list_sources(project.engine))
    more = [{"id": "7", "url": "https://dnepr-pravda.by/news/7", "text": "Ещё одна заметка о посевной в районе."}]
    ingest(project, tmp_path, read_catalogue(write(tmp_path, CATALOGUE)), more)
    assert len(list_sources(project.engine)) == n_sources
    assert source_of(project, "7")["id"] == dnepr["id"]


def test_registry_overrides_the_catalogue_after_ingest(project: Project, tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    ingest(project, tmp_path, catalogue)
    before = source_of(project, "1")
    override = """\
sources:
  - {name: Днепровская правда (наш реестр), domains: [dnepr-pravda.by], country: BY, level: regional, region_code: BY-MA, founder: regional_authority}
"""
    added, updated = import_sources(project.engine, read_registry(write(tmp_path, override, "reg2.yaml"))[0])
    assert (added, updated) == (1, 0)
    after = source_of(project, "1")
    assert after["id"] == before["id"]  # the documents stay with their source row, which now carries the registry's word
    assert (after["name"], after["level"], after["founder"], after["origin"]) == (
        "Днепровская правда (наш реестр)", "regional", "regional_authority", "registry")
    assert attribution_counts(project.engine) == {"registry": 2, "catalogue": 2, "unknown": 2}
    # later publications of that outlet go to the registry's source, not to a new catalogue row
    more = [{"id": "8", "url": "https://www.dnepr-pravda.by/news/8", "text": "Заметка после импорта реестра о севе."}]
    ingest(project, tmp_path, catalogue, more)
    assert source_of(project, "8")["id"] == before["id"]


def test_registry_name_taken_keeps_registry_source(project: Project, tmp_path: Path, catalogue) -> None:  # type: ignore[no-untyped-def]
    taken = """\
sources:
  - {name: Приднепровская правда, domains: [other-paper.by], country: BY, level: local, region_code: BY-HO}
"""
    import_sources(project.engine, read_registry(write(tmp_path, taken, "reg3.yaml"))[0])
    ingest(project, tmp_path, catalogue)
    made = source_of(project, "1")
    assert made["name"] == "Приднепровская правда (dnepr-pravda.by)" and made["origin"] == "catalogue"
    registry_row = next(r for r in list_sources(project.engine) if r["name"] == "Приднепровская правда")
    assert registry_row["region_code"] == "BY-HO" and registry_row["domains"] == ["other-paper.by"]


def test_counts_on_an_empty_project(project: Project) -> None:
    assert attribution_counts(project.engine) == {"registry": 0, "catalogue": 0, "unknown": 0}


def test_cyrillic_domains_match_their_punycode(tmp_path: Path) -> None:
    text = 'version: "1"\nsources:\n- {name: Комитет, domains: [комитет-тест.рф], country: union, level: union, provenance: https://комитет-тест.рф/}\n'
    cat = read_catalogue(write(tmp_path, text))
    assert cat.lookup("https://xn----itbbjjmn3afbbc.xn--p1ai/news/1").name == "Комитет"
    assert cat.lookup("https://www.комитет-тест.рф/news/1").name == "Комитет"


def test_step_8_adds_origin_and_marks_existing_sources_as_registry(tmp_path: Path) -> None:
    """A project written before schema v8 has no `sources.origin`; its sources all came from registry imports."""
    from sqlalchemy import inspect, text

    from regionlens.store.migrations import STEPS, migrate
    from regionlens.store.project import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, target=6)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE sources DROP COLUMN origin"))  # what a v6 project looks like
        conn.execute(text("INSERT INTO sources (name, country, level) VALUES ('Старая газета', 'RU', 'regional')"))
    assert migrate(engine) == sorted(s for s in STEPS if s >= 7)  # every later step (numbers may have gaps)
    with engine.connect() as conn:
        assert "origin" in {c["name"] for c in inspect(conn).get_columns("sources")}
        assert conn.execute(text("SELECT origin FROM sources")).scalar_one() == "registry"
    engine.dispose()
