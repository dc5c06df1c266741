"""Column mapping (auto-detected and given by the caller) and text cleanup."""

from __future__ import annotations

import pytest

from regionlens.ingest.clean import clean_line, clean_text, html_to_text
from regionlens.ingest.columns import (
    ColumnMapping,
    MappingError,
    detect_mapping,
    parse_mapping,
    resolve_mapping,
)


def test_detects_russian_monitoring_headers() -> None:
    mapping = detect_mapping(["№", "Дата публикации", "Название СМИ", "Заголовок", "Полный текст", "Ссылка", "Язык", "Автор"])
    assert mapping == ColumnMapping(
        text="Полный текст", title="Заголовок", date="Дата публикации", url="Ссылка", source="Название СМИ", language="Язык"
    )


def test_detects_english_headers_ignoring_case_and_punctuation() -> None:
    mapping = detect_mapping(["ID", "Published_At", "Outlet", "HEADLINE", "Body", "Link"])
    assert (mapping.id, mapping.date, mapping.source, mapping.title, mapping.text, mapping.url) == (
        "ID", "Published_At", "Outlet", "HEADLINE", "Body", "Link",
    )


def test_full_text_is_preferred_over_short_text() -> None:
    assert detect_mapping(["Текст", "Полный текст"]).text == "Полный текст"
    assert detect_mapping(["Дата и время", "Текст сообщения", "СМИ"]).source == "СМИ"


def test_missing_text_column_lists_headers() -> None:
    with pytest.raises(MappingError, match="«Рубрика», «Автор»"):
        detect_mapping(["Рубрика", "Автор"])


def test_parse_mapping_and_unknown_key() -> None:
    assert parse_mapping("text=Сообщение, date=Когда") == ColumnMapping(text="Сообщение", date="Когда")
    with pytest.raises(MappingError, match="неизвестное поле «body»"):
        parse_mapping("body=Текст")
    with pytest.raises(MappingError, match="поле=колонка"):
        parse_mapping("text")


def test_explicit_mapping_overrides_detection_and_checks_columns() -> None:
    headers = ["Текст", "Аннотация", "Дата"]
    resolved = resolve_mapping(headers, ColumnMapping(text="аннотация"))
    assert resolved.text == "Аннотация" and resolved.date == "Дата"
    with pytest.raises(MappingError, match="колонка «Тело» для поля text не найдена"):
        resolve_mapping(headers, ColumnMapping(text="Тело"))


def test_clean_text_keeps_paragraphs_and_drops_invisible_marks() -> None:
    raw = "Первый\u200b абзац\x07 текста.\r\n\r\n\r\n\r\nВторой\u00a0\u00a0абзац &amp; \u202eконец\x00"
    assert clean_text(raw, unescape_html=True) == "Первый абзац текста.\n\nВторой абзац & конец"
    assert clean_line("  Заголовок\n с переносом\t ") == "Заголовок с переносом"
    assert clean_text("строка\x0bвторая\x0cтретья") == "строка\nвторая\nтретья"


def test_html_to_text_strips_tags_and_scripts() -> None:
    text = html_to_text("<p>Раз&nbsp;<b>два</b></p><script>var x=1;</script><p>три &laquo;четыре&raquo;</p>")
    assert text == "Раз два\n\nтри «четыре»"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Заголовок", "title"), ("Текст", "text"), ("Полный текст", "text"), ("Текст сообщения", "text"),
        ("Дата", "date"), ("Дата публикации", "date"), ("Дата и время", "date"), ("Источник", "source"),
        ("СМИ", "source"), ("Название СМИ", "source"), ("Ссылка", "url"), ("URL", "url"), ("Адрес", "url"),
        ("Язык", "language"), ("ID", "id"), ("title", "title"), ("headline", "title"), ("text", "text"),
        ("body", "text"), ("content", "text"), ("full_text", "text"), ("date", "date"), ("published", "date"),
        ("published_at", "date"), ("pubdate", "date"), ("source", "source"), ("outlet", "source"),
        ("media", "source"), ("url", "url"), ("link", "url"), ("id", "id"),
    ],
)
def test_every_documented_header(header: str, field: str) -> None:
    headers = [header] if field == "text" else [header, "Текст"]
    assert getattr(detect_mapping(headers), field) == header
