"""The first-character guard must never change what a scanning expression finds."""

from __future__ import annotations

import random
import re

import pytest

from regionlens.coding.furniture import DOMAIN, WIDGET_SPANS
from regionlens.text.regex_guard import first_char_guard, line_scanner

# Text written for these tests: widgets glued to sentences, datelines, prices, the kinds of furniture pages carry.
WIDGET_TEXT = (
    "Курс: USD 3,21 и EUR ↑ 3.45; сегодня 3.43 RUB за доллар. Погода: +19°C, ночью 12 °С.\n"
    "МОСКВА, 19 дек - РИА Новости. Делегация прибыла в Смоленск. 18+ Время чтения: 3 мин.\n"
    "10 января, Минск /Корр. БЕЛТА/. Просмотров: 1 204. © Редакция, 2024. Подробнее https://example.org/x.\n"
    "MINSK (BelTA) – talks went on. <image>фото</image> data:image/png;base64,AAAA Читать 5 минут.\n"
    "Пишите на сайт news.example.ru или smolensk.media — 12+ 0+ 6+ 16+."
)


@pytest.mark.parametrize("pattern", [WIDGET_SPANS, DOMAIN])
def test_guarded_scanners_find_the_same_spans(pattern: re.Pattern[str]) -> None:
    guarded = first_char_guard(pattern)
    assert guarded is not pattern and guarded.pattern.startswith("(?=[")
    want = [(m.span(), m.group()) for m in pattern.finditer(WIDGET_TEXT)]
    assert want, "the text must contain widgets, or the comparison proves nothing"
    assert [(m.span(), m.group()) for m in guarded.finditer(WIDGET_TEXT)] == want


@pytest.mark.parametrize("source", [
    r"a*b?",          # may match empty text: no first character
    r"[^a]bc",        # a negated class
    r"^Фото",         # anchored: already cheap, left alone
    r"(x)\1|.y",      # any character
    r"(?i:фото)x",    # a case-insensitive group in a case-sensitive expression
    r"(?:^|\s)",      # every branch may consume nothing
])
def test_expressions_without_a_fixed_first_character_are_left_alone(source: str) -> None:
    compiled = re.compile(source, re.MULTILINE)
    assert first_char_guard(compiled) is compiled


@pytest.mark.parametrize("source", [
    r"[ \t]*Фото\b",              # optional lead-in: its characters join the set
    r"\d{1,2}\s?°|[+\-−]\d",      # branches with classes and literals
    r"(?:USD|EUR)\s*\d+(?:[.,]\d+)?",
    r"\bвзнос|(?<=\s)кредит\w*",  # zero-width items before the first character
    r"(?:ab)+c|(?:x|y)z",
    r"(?i)фото|k\w|s\.",          # case-insensitive, with letters whose case folding is unusual (K, ſ)
    r"(?:^|[.\n]\s*|\s)Статья\s+\d+",  # an optional start: what follows supplies the first character
    r"(?i)(?:[—-]\s*о том|разбирал(?:ся|ось)?\b|(?:побывал|ab)(?:а|о)?\b)",
    r"(?:^|[.!?\n]\s*)((?:С|Со)\s+(?:[Дд]н[её]м|[Пп]раздник\w*)\b[^.!?\n]{0,20}!)",
])
def test_guard_is_exact_on_random_texts(source: str) -> None:
    compiled = re.compile(source, re.MULTILINE)
    guarded = first_char_guard(compiled)
    assert guarded is not compiled and guarded.flags == compiled.flags
    rng = random.Random(7)
    # pieces rather than letters, so the expressions' words actually occur, next to every kind of neighbour
    pieces = ["Фото", "фото", "USD", "EUR", "3", "21", ".", ",", " ", "\t", "\n", "°", "+", "-", "−", "ab", "c",
              "x", "y", "z", "взнос", "кредит", "ы", "Ф", "ФОТО", "K", "\u212a", "\u017f", "S", "s.", "Статья",
              "статья", "С", "Со", "днём", "Днем", "праздником", "!", "?", "О ТОМ", "— о том", "разбиралось",
              "Побывала", "—", "İ", "i"]
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in compiled.finditer(text)], text


@pytest.mark.parametrize("source", [
    r"^[ \t]*(?:Фото|Источник)[ \t]*(?::|—)[^\n]{0,20}$",  # a credit line
    r"^[ \t]*[А-ЯA-Z]{2,}[ \t]*,?[ \t]*/[^/\n]{1,10}/\n?",  # a dateline, possibly taking its line break
    r"^(?<![a-z])[ \t]*x\w*",                                # a look-behind at the line start
])
def test_line_scanner_finds_what_finditer_finds(source: str) -> None:
    compiled = re.compile(source, re.MULTILINE)
    scan = line_scanner(compiled)
    assert scan != compiled.finditer, "a line-anchored expression gets the line-start scanner"
    rng = random.Random(11)
    pieces = ["Фото", "Источник", ": ", "—", " ", "\t", "\n", "\n\n", "МИНСК", "MOSCOW", ",", "/БЕЛТА/", "/", "x", "xy",
              "a", "текст"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert [(m.span(), m.group()) for m in scan(text)] == [(m.span(), m.group()) for m in compiled.finditer(text)], text


@pytest.mark.parametrize("source", [r"^\s*", r"Фото$", r"^a|b"])
def test_line_scanner_keeps_finditer_where_it_cannot_be_sure(source: str) -> None:
    compiled = re.compile(source, re.MULTILINE)
    assert line_scanner(compiled) == compiled.finditer
