from __future__ import annotations

import pytest

from regionlens.search.query import (
    And,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    parse_query,
    positive_patterns,
    to_fts5,
    to_tsquery,
)


def test_word_forms_become_lemmas() -> None:
    node = parse_query("Смоленской области")
    assert node == And((Term(("смоленский",)), Term(("область",))))


def test_operators_in_russian_and_english_with_groups() -> None:
    node = parse_query("сотрудничество И (Гомель ИЛИ Витебск) НЕ футбол")
    assert isinstance(node, And)
    assert node.items[0] == Term(("сотрудничество",))
    assert node.items[1] == Or((Term(("гомель",)), Term(("витебск",))))
    assert node.items[2] == Not(Term(("футбол",)))
    assert parse_query("a OR b") == parse_query("a ИЛИ b")


def test_phrases_prefixes_and_hyphens() -> None:
    assert parse_query('"Смоленской области"') == Phrase((Term(("смоленский",)), Term(("область",))))
    assert parse_query("смолен*") == Term(("смолен",), prefix=True)
    assert parse_query("Ханты-Мансийского") == Term(("ханты", "мансийский"))
    assert positive_patterns(parse_query('"Смоленской области" -Москва смолен*')) == ["смоленский область", "смолен*"]


def test_generated_syntax_quotes_user_text() -> None:
    node = parse_query('"Минск" OR минск*')
    assert to_fts5(node) == '("минск" OR "минск" *)'
    assert to_tsquery(node) == "('минск' | 'минск':*)"
    # characters that are FTS5 or tsquery syntax never pass through unquoted
    tricky = parse_query("NEAR:abc col:x")
    assert ":" not in to_fts5(tricky).replace('"', "")
    assert "NEAR" not in to_fts5(tricky)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "пустой запрос"),
        ("   ", "пустой запрос"),
        ("NOT Минск", "только из исключений"),
        ("(Минск", "скобка не закрыта"),
        ("Минск)", "лишняя закрывающая скобка"),
        ('"Минск', "незакрытая кавычка"),
        ("Минск OR", "после оператора нужно слово"),
        ("ми*нск", "звёздочка допустима только в конце"),
        ('""', "пустая фраза"),
        ("*", "не содержит букв"),
    ],
)
def test_malformed_queries_get_clear_errors(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse_query(query)
