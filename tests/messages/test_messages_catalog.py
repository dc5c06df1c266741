"""The English message catalogue: complete for the code's interface wording, and matched correctly."""

from __future__ import annotations

import pytest

from regionlens.cli.untranslated import missing, wording_in_cli, wording_in_source
from regionlens.messages import current_lang, set_lang, tr, translate, use_lang
from regionlens.messages.catalog import CatalogError, parse_catalog

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяі"


def test_every_interface_message_has_an_english_entry() -> None:
    gaps = missing("en")
    assert gaps == {}, "messages without English wording (add them to regionlens/messages/data/en.yaml):\n" + "\n".join(
        f"{where}: {text}" for text, where in gaps.items())


def test_the_scan_finds_wording_where_people_read_it() -> None:
    found = {text for text, _ in wording_in_source()}
    # an error raised in the core, a CLI error, and a Rich table header are all interface wording
    assert "неизвестный часовой пояс «{0}»" in found
    assert "{0}: неизвестный уровень «{1}»; допустимы: {2}" in found
    assert "Источник" in found
    helps = {text for text, _ in wording_in_cli()}
    assert any(text.startswith("Создать проект") for text in helps)


def test_template_with_placeholders_and_nested_message() -> None:
    inner = "неизвестный часовой пояс «Mars/Olympus»"
    outer = f"документ 17: {inner}"
    assert translate(outer, "en") == "document 17: unknown time zone «Mars/Olympus»"


def test_multiline_messages_are_translated_line_by_line() -> None:
    text = "пустой текст\nпустая дата\nЗаголовок публикации, который не шаблон"
    assert translate(text, "en").split("\n") == ["empty text", "empty date", "Заголовок публикации, который не шаблон"]


def test_russian_is_returned_as_written_and_data_is_left_alone() -> None:
    assert translate("пустой текст", "ru") == "пустой текст"
    assert translate("Смоленская область и Витебская область", "en") == "Смоленская область и Витебская область"


def test_tr_formats_the_english_template_directly() -> None:
    assert tr("Публикаций в кластерах перепечаток: {0}", 12, lang="en") == "Publications in reprint clusters: 12"
    assert tr("Публикаций в кластерах перепечаток: {0}", 12, lang="ru") == "Публикаций в кластерах перепечаток: 12"


def test_language_comes_from_context_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGIONLENS_LANG", "en_GB.UTF-8")
    assert current_lang() == "en"
    with use_lang("ru"):
        assert translate("пустой текст") == "пустой текст"
    monkeypatch.setenv("REGIONLENS_LANG", "fr")
    assert current_lang() == "ru"
    set_lang("en")
    try:
        assert translate("пустой текст") == "empty text"
    finally:
        set_lang(None)


def test_catalogue_entries_must_keep_their_placeholders() -> None:
    with pytest.raises(CatalogError, match="заполнители"):
        parse_catalog({"строка {0} из {1}": "line {0}"}, "test.yaml")
    with pytest.raises(CatalogError):
        parse_catalog(["not", "a", "mapping"], "test.yaml")


def test_english_catalogue_has_no_russian_in_its_wording() -> None:
    from regionlens.messages import load_catalog

    catalog = load_catalog("en")
    targets = list(catalog.exact.values()) + [t.target for t in catalog.templates]
    # quoted Russian query syntax (И/ИЛИ/НЕ) is the only Cyrillic an English message may show
    offenders = [t for t in targets if any(c in t.lower() for c in CYRILLIC) and "И/ИЛИ/НЕ" not in t
                 and "NOT/НЕ" not in t]
    assert offenders == []
