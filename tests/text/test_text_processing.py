from __future__ import annotations

import pytest

from regionlens.text import analyse
from regionlens.text.langid import detect_language
from regionlens.text.matcher import LemmaMatcher, longest_non_overlapping
from regionlens.text.morph_be import expand, lemma_table, parse_aff
from regionlens.text.morph_ru import lemma_ru


def test_tokens_keep_offsets_hyphens_and_numbers() -> None:
    text = "Ханты-Мансийский округ отправил 1,5 тыс. тонн в Віцебск, сям'ю ждут."
    s = analyse(text, "ru")
    for word, start, end in zip(s.words, s.starts, s.ends, strict=True):
        assert text[start:end].lower().replace("ё", "е") == word
    assert "ханты-мансийский" in s.words
    assert "1,5" in s.words and s.numbers[s.words.index("1,5")]
    assert "сям'ю" in s.words


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("Смоленской", "смоленский"), ("области", "область"), ("Брянске", "брянск"), ("Орла", "орел"),
     ("облисполкома", "облисполком"), ("тракторов", "трактор")],
)
def test_russian_lemmas_in_any_case(form: str, lemma: str) -> None:
    assert analyse(form, "ru").lemmas == [lemma]


@pytest.mark.parametrize(
    ("form", "lemma"),
    [("Віцебскай", "віцебскі"), ("вобласці", "вобласць"), ("сакавіка", "сакавік"), ("Гомельшчыне", None)],
)
def test_belarusian_lemmas_from_hunspell(form: str, lemma: str | None) -> None:
    assert lemma_table(), "hunspell-be must be installed (scripts/setup.sh installs it)"
    got = analyse(form, "be").lemmas[0]
    if lemma is None:
        assert got  # unknown words fall back to the normalised form, never to nothing
    else:
        assert got == lemma


def test_hunspell_expansion_applies_suffix_rules() -> None:
    aff = "SET UTF-8\nSFX A Y 2\nSFX A а ы [бвд]а\nSFX A а у а\n"
    dic = "2\nвада/A\nхата\n"
    sfx, _ = parse_aff(aff)
    assert len(sfx["A"]) == 2
    table = expand(dic, aff)
    assert table["вады"] == "вада" and table["ваду"] == "вада" and table["хата"] == "хата"
    assert "хаты" not in table  # no flag, no forms


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Губернатор Смоленской области встретился с председателем Витебского облисполкома.", "ru"),
        ("Старшыня Віцебскага аблвыканкама сустрэўся з губернатарам Смаленскай вобласці ў Віцебску.", "be"),
        ("Голова обласної державної адміністрації зустрівся з делегацією, їхні плани узгоджено.", "uk"),
        ("The governor of Smolensk region met the Vitebsk delegation.", "en"),
    ],
)
def test_language_identification(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_matcher_multiword_globs_and_any_token() -> None:
    text = "Делегация Смоленской области прибыла на Смоленщину; Ханты-Мансийский автономный округ — Югра."
    s = analyse(text, "ru")
    m = LemmaMatcher(
        [("Смоленская область", "SMO-name"), ("смоленщин*", "SMO-coll"), ("ханты-мансийский автономный округ * югра", "KHM"),
         ("смоленский", "SMO-adj")],
        lemma_ru,
    )
    found = m.find(s.lemmas)
    by_payload = {x.pattern.payload: text[s.starts[x.first]:s.ends[x.last]] for x in found}
    assert by_payload["SMO-name"] == "Смоленской области"
    assert by_payload["SMO-coll"] == "Смоленщину"
    assert "SMO-adj" in by_payload
    kept = longest_non_overlapping(found)
    assert [k.pattern.payload for k in kept].count("SMO-adj") == 0
    # the dash is not a token, so "округ — Югра" are adjacent and "*" (exactly one token) does not match
    assert "KHM" not in by_payload


def test_matcher_any_token_consumes_exactly_one() -> None:
    s = analyse("соглашение между Брянской и Гомельской областями", "ru")
    m = LemmaMatcher([("соглашение между *", "x"), ("брянский * гомельский", "y")], lemma_ru)
    found = {x.pattern.payload: (x.first, x.last) for x in m.find(s.lemmas)}
    assert found == {"x": (0, 2), "y": (2, 4)}
