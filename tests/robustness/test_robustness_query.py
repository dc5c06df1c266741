"""Hostile search queries (issue 9, item 1): the parser answers with a Russian QueryError or a tree,
and a parsed query never makes SQLite FTS5 or PostgreSQL raise a syntax error."""

from __future__ import annotations

import pytest
from hostile_files import TEXT, csv_bytes, is_russian, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regionlens.pipeline.ingest import ingest_paths
from regionlens.search.engine import count_by, search
from regionlens.search.query import QueryError, parse_query
from regionlens.store.project import Project

SYNTAX = ['"', "(", ")", "*", "-", " ", " ", " ", "AND", "OR", "NOT", "И", "ИЛИ", "НЕ", "^", ":", "+", "{", "}", "NEAR",
          "'", "\\", "!", "&", "|", "<->", ":*", "\x00", "\u202e", "\u200f", "ё", "Смоленской", "області", "123", "½", "ß"]
WORDS = ["смоленск", "витебск", "области", "минская", "смолен*", '"минская область"', "Брянской", "NEAR", "2023"]
QUERIES = st.lists(st.sampled_from(WORDS) | st.sampled_from(SYNTAX) | st.text(max_size=6), max_size=12).map(" ".join)
ENGINE_REFUSED = "поисковый индекс не принял запрос"


@pytest.fixture
def searchable(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = tmp_path_factory.mktemp("q")
    rows = [("Смоленск и Витебск", TEXT), ("Минская область", "Минская область и Брянская область: NEAR OR AND \"кавычки\" 'апостроф'")]
    ingest_paths(project, [write(folder, "docs.csv", csv_bytes(rows))])
    return project


def _try(project: Project, query: str) -> None:
    try:
        parse_query(query)
    except QueryError as exc:
        assert is_russian(str(exc)), str(exc)
        return
    try:
        search(project.engine, query, limit=2)
        count_by(project.engine, query, ["year"])
    except QueryError as exc:
        raise AssertionError(f"{query!r} parsed but the database refused it: {exc}") from exc


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES)
def test_random_queries_never_reach_the_database_as_syntax_errors(searchable: Project, query: str) -> None:
    _try(searchable, query)


@pytest.mark.parametrize(
    "query",
    [
        "(" * 600 + "смоленск" + ")" * 600,
        "смоленск " + "-" * 1500 + "витебск",
        "смоленск " + "НЕ " * 400 + "витебск",
        "смоленск AND " * 300 + "витебск",
        '"' + "смоленск " * 200 + '"',
        "смолен* OR витеб* NOT \"минская область\"",
        "NEAR(смоленск витебск)",
        "смоленск:*",
        "'смоленск' & !витебск",
        "\u202eсмоленск\u202c",
        "смоленск\x00витебск",
    ],
)
def test_hostile_query_shapes(searchable: Project, query: str) -> None:
    _try(searchable, query)


def test_deep_nesting_is_a_clear_error() -> None:
    with pytest.raises(QueryError, match="вложенность"):
        parse_query("(" * 600 + "смоленск" + ")" * 600)
    with pytest.raises(QueryError, match="вложенность"):
        parse_query("смоленск " + "-" * 1500 + "витебск")
