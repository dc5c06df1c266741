"""The CLI's `search`, the search page and the API's /search list the same publications for the same filters.

Built through the real pipeline (ingest → code → reprints) from our own short texts: media publications
of three levels and two countries, and official documents ingested with `--kind official`, all mentioning
cooperation, so one query matches everything and the filters alone decide. Each layer is driven through its
own arguments (`--from`, `--union`, `date_from=…`, `union=1`), so a layer that maps a filter wrongly shows.
The API's /publications (the documents table) is held to the same ids as the search without a query (the
dashboard's facts): the two targets of the one filter builder must agree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import create_user
from regionlens.cli.main import app as cli_app
from regionlens.dashboard.facts import forget_checks
from regionlens.filters import FLAGS
from regionlens.pipeline.code import code_project
from regionlens.pipeline.ingest import ingest_paths
from regionlens.pipeline.reprints import detect_reprints
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project
from regionlens.web import create_app

PASSWORD = "correct horse 42"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUERY = "сотрудничество"

SOURCES = """\
sources:
  - {name: Смоленский курьер, domains: [smol-kurier.ru], country: RU, level: regional, region_code: RU-SMO}
  - {name: Витебские вести, domains: [vit-vesti.by], country: BY, level: regional, region_code: BY-VI}
  - {name: Агентство Столица, domains: [stolica-news.ru], country: RU, level: federal}
  - {name: Оршанский край, domains: [orsha-kraj.by], country: BY, level: local, region_code: BY-VI}
"""

MEDIA = [  # (domain, date, title, text): our own texts
    ("smol-kurier.ru", "2022-03-04", "Смоленская область и Витебская область подписали соглашение",
     "Губернатор Смоленской области и председатель Витебского облисполкома подписали соглашение о сотрудничестве "
     "в торговле: поставки техники вырастут на 10 процентов."),
    ("vit-vesti.by", "2022-04-11", "Витебские студенты поедут в Смоленск",
     "Сотрудничество в образовании: 200 студентов из Витебской области будут учиться в вузах Смоленской области."),
    ("stolica-news.ru", "2022-05-19", "Правительство обсудило бюджет",
     "Правительство обсудило сотрудничество министерств при подготовке федерального бюджета."),
    ("orsha-kraj.by", "2022-06-02", "Очереди на границе",
     "Перевозчики Витебской области жалуются на очереди на границе со Смоленской областью; сотрудничество "
     "таможен пока не помогло, поставки задерживаются."),
    ("stolica-news.ru", "2022-07-15", "Форум регионов России и Беларуси",
     "На форуме регионов России и Беларуси обсудили сотрудничество в промышленности и совместное производство."),
    ("vit-vesti.by", "2022-08-23", "Псковские туристы в Витебске",
     "Туроператоры Псковской области и Витебской области открыли маршрут; сотрудничество в туризме растёт."),
]
MEDIA.append(("orsha-kraj.by", "2022-03-05", MEDIA[0][2], MEDIA[0][3]))  # a verbatim reprint a day later
OFFICIAL = [  # issued texts of our own, ingested as official documents
    ("2022-02-01", "Программа сотрудничества Смоленской области и Витебской области",
     "Программа определяет направления сотрудничества в торговле, образовании и транспорте на 2022–2024 годы."),
    ("2022-09-10", "Соглашение о сотрудничестве в сфере культуры",
     "Стороны развивают сотрудничество музеев и театров, проводят дни культуры."),
]

# (name, filters in the URL's and the API's names); the CLI's options are derived by `cli_args`.
FILTER_SETS: list[tuple[str, dict[str, str]]] = [
    ("none", {}),
    ("period", {"date_from": "2022-04-01", "date_to": "2022-06-30"}),
    ("level", {"level": "regional"}),
    ("country", {"country": "BY"}),
    ("topic", {"topic": "ECON"}),
    ("union", {"union": "1"}),
    ("mentioned region", {"region": "RU-SMO", "union": "1"}),
    ("outlet region", {"source_region": "BY-VI"}),
    ("official", {"kind": "official"}),
    ("official in a period", {"kind": "official", "date_from": "2022-06-01"}),
    ("several", {"country": "BY", "date_from": "2022-04-01", "union": "1"}),
]
CLI_NAMES = {"date_from": "--from", "date_to": "--to"}


def cli_args(filters: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key, value in filters.items():
        if key == "union":
            out.append("--union")
        else:
            out += [CLI_NAMES.get(key, "--" + key.replace("_", "-")), value]
    return out


@pytest.fixture
def world(project: Project, tmp_path: Path) -> tuple[Project, dict[str, Any]]:
    forget_checks()
    reg = tmp_path / "sources.yaml"
    reg.write_text(SOURCES, encoding="utf-8")
    import_sources(project.engine, read_registry(reg)[0])
    media = tmp_path / "media.jsonl"
    media.write_text("\n".join(json.dumps({"id": f"m{i}", "title": title, "text": text, "url": f"https://{d}/n/{i}",
                                           "date": f"{day}T10:00:00+03:00"}, ensure_ascii=False)
                               for i, (d, day, title, text) in enumerate(MEDIA)) + "\n", encoding="utf-8")
    official = tmp_path / "official.jsonl"
    official.write_text("\n".join(json.dumps({"id": f"o{i}", "title": title, "text": text,
                                              "date": f"{day}T10:00:00+03:00"}, ensure_ascii=False)
                                  for i, (day, title, text) in enumerate(OFFICIAL)) + "\n", encoding="utf-8")
    assert ingest_paths(project, [media]).added == len(MEDIA)
    assert ingest_paths(project, [official], kind="official").added == len(OFFICIAL)
    assert code_project(project).failed == 0
    detect_reprints(project)
    create_user(project.engine, "root", PASSWORD, "admin")
    token = create_token(project.engine, "root", "tests")
    client = TestClient(create_app(project.root), base_url="https://testserver")
    found = CSRF.search(client.get("/login").text)
    assert found
    r = client.post("/login", data={"username": "root", "password": PASSWORD, "csrf_token": found.group(1)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return project, {"client": client, "headers": {"Authorization": f"Bearer {token}"}}


def cli_ids(project: Project, query: str, filters: dict[str, str]) -> list[int]:
    result = CliRunner().invoke(cli_app, ["search", query, "--project", str(project.root), "--limit", "100",
                                          *cli_args(filters)])
    assert result.exit_code == 0, result.output
    return [int(i) for i in re.findall(r"^#(\d+) ", result.output, re.MULTILINE)]


def web_ids(client: TestClient, query: str, filters: dict[str, str]) -> list[int]:
    r = client.get("/search", params={"q": query, **filters})
    assert r.status_code == 200, r.text
    return [int(i) for i in re.findall(r'href="/publications/(\d+)" class="hit-link"', r.text)]


def api_ids(client: TestClient, headers: dict[str, str], query: str, filters: dict[str, str]) -> list[int]:
    r = client.get("/api/v1/search", params={"q": query, "limit": 100, **filters}, headers=headers)
    assert r.status_code == 200, r.text
    return [int(item["id"]) for item in r.json()["items"]]


def test_cli_web_and_api_search_list_the_same_publications(world: tuple[Project, dict[str, Any]]) -> None:
    project, layers = world
    client, headers = layers["client"], layers["headers"]
    seen: dict[str, list[int]] = {}
    for name, filters in FILTER_SETS:
        from_cli = cli_ids(project, QUERY, filters)
        from_web = web_ids(client, QUERY, filters)
        from_api = api_ids(client, headers, QUERY, filters)
        assert from_cli == from_web == from_api, (name, from_cli, from_web, from_api)
        seen[name] = from_cli
    # the filters really select: media by default, official documents only when asked for, subsets that differ
    assert len(seen["none"]) == len(MEDIA) and len(seen["official"]) == len(OFFICIAL)
    assert not set(seen["official"]) & set(seen["none"])
    for name, ids in seen.items():
        assert ids, f"{name}: nothing found, so the comparison would prove nothing"
        if name not in ("none", "official"):
            base = seen["official"] if name.startswith("official") else seen["none"]
            assert set(ids) < set(base), name
    assert len({tuple(ids) for ids in seen.values()}) >= 8  # the sets are not all the same list


def test_api_publications_select_what_the_search_lists(world: tuple[Project, dict[str, Any]]) -> None:
    """/publications filters the documents table, the search without a query the dashboard's facts."""
    _, layers = world
    client, headers = layers["client"], layers["headers"]
    more = [(flag, {"flag": flag}) for flag in FLAGS] + [(f"union {flag}", {"union": "1", "flag": flag}) for flag in FLAGS]
    more += [("russian", {"language": "ru"}), ("belarusian", {"language": "be"}), ("every kind", {"kind": "all"})]
    sizes: dict[str, int] = {}
    for name, filters in FILTER_SETS + more:
        listed = client.get("/api/v1/publications", params={"limit": 500, **filters}, headers=headers)
        searched = client.get("/search", params=filters)
        assert listed.status_code == searched.status_code == 200, name
        ids = [int(item["id"]) for item in listed.json()["items"]]
        assert ids == [int(i) for i in re.findall(r'href="/publications/(\d+)" class="hit-link"', searched.text)], name
        sizes[name] = len(ids)
    # the flags split the publications (a reprint and its original; problems and the rest), so they were tested
    assert sizes["reprint"] == 1 and sizes["original"] == len(MEDIA) - 1, sizes
    assert sizes["every kind"] == len(MEDIA) + len(OFFICIAL) and 0 < sizes["problem"] < len(MEDIA), sizes


def test_export_writes_the_documents_the_api_lists(world: tuple[Project, dict[str, Any]], tmp_path: Path) -> None:
    """`regionlens export` takes the same filter options; without them it writes every document of every kind."""
    project, layers = world
    client, headers = layers["client"], layers["headers"]
    for name, filters in [*FILTER_SETS, ("every kind", {"kind": "all"})]:
        out = tmp_path / f"export-{len(name)}-{abs(hash(name))}.jsonl"
        args = ["export", str(out), "--project", str(project.root), *cli_args(filters)]
        if "kind" not in filters:
            args += ["--kind", "media"]  # the export's own default is every kind
        result = CliRunner().invoke(cli_app, args)
        assert result.exit_code == 0, result.output
        exported = sorted(int(json.loads(line)["id"]) for line in out.read_text(encoding="utf-8").splitlines())
        listed = client.get("/api/v1/publications", params={"limit": 500, **filters}, headers=headers)
        assert listed.status_code == 200, listed.text
        assert exported == sorted(int(item["id"]) for item in listed.json()["items"]), name
    everything = tmp_path / "all.jsonl"
    assert CliRunner().invoke(cli_app, ["export", str(everything), "--project", str(project.root)]).exit_code == 0
    assert len(everything.read_text(encoding="utf-8").splitlines()) == len(MEDIA) + len(OFFICIAL)


def test_each_layer_names_a_bad_filter_as_its_user_typed_it(world: tuple[Project, dict[str, Any]]) -> None:
    project, layers = world
    result = CliRunner().invoke(cli_app, ["search", QUERY, "--project", str(project.root), "--from", "12.03.2022"])
    assert result.exit_code != 0 and "--from" in result.output and "12.03.2022" in result.output
    result = CliRunner().invoke(cli_app, ["search", QUERY, "--project", str(project.root), "--kind", "memo"])
    assert result.exit_code != 0 and "--kind" in result.output and "memo" in result.output
    r = layers["client"].get("/api/v1/search", params={"q": QUERY, "kind": "memo"}, headers=layers["headers"])
    assert r.status_code == 422 and "kind" in r.json()["detail"] and "memo" in r.json()["detail"]
    r = layers["client"].get("/api/v1/search", params={"q": QUERY, "date_from": "12.03.2022"},
                             headers={**layers["headers"], "Accept-Language": "en"})
    assert r.status_code == 422 and "date_from" in r.json()["detail"] and "not a date" in r.json()["detail"]
    r = layers["client"].get("/search", params={"q": QUERY, "union": "maybe"})
    assert r.status_code == 400 and "union" in r.text and "maybe" in r.text
