"""Belarusian in three spellings (official, тарашкевіца, Łacinka): look-up forms, language, tokens, regions.

Every text here is written for the test. Each check fails on the code before `text/belarusian.py`: classical
and Latin forms then got no official lemma, Łacinka text was English, and region names matched only the
official (and a generated classical) spelling.
"""

from __future__ import annotations

import pytest

from regionlens.coding.coder import guess_language
from regionlens.gazetteer.matcher import find_regions
from regionlens.text.belarusian import (
    LEXICAL_PAIRS,
    belarusian_lemma,
    canonical_lemma,
    from_lacinka,
    lookup_variants,
    to_official,
)
from regionlens.text.langid import detect_language
from regionlens.text.morph_be import lemma_be
from regionlens.text.stream import analyse, lemma_for
from regionlens.text.tokenize import iter_tokens

# ---------------------------------------------------------------- тарашкевіца → official: letter rules


@pytest.mark.parametrize(("classical", "official"), [
    ("сьвет", "свет"),            # сь before soft в
    ("зьвяз", "звяз"),            # зь before soft в
    ("дзьве", "дзве"),            # дзь before soft в
    ("сьцяг", "сцяг"),            # сь before soft ц
    ("вобласьць", "вобласць"),    # -сьць at the end
    ("сьнег", "снег"),            # сь before soft н
    ("сьлёзы", "слёзы"),          # сь before soft л
    ("зьніжэньне", "зніжэнне"),   # зь before н, -ньне
    ("рашэньня", "рашэння"),      # -ньня
    ("жыцьця", "жыцця"),          # -цьця
    ("вясельле", "вяселле"),      # льл
    ("сьцьвярджаць", "сцвярджаць"),  # a chain: сь before ць before soft в
    ("беларусьсю", "беларуссю"),  # Беларусь in the instrumental
    ("зьява", "з'ява"),           # ь for the official apostrophe
    ("зь'явілася", "з'явілася"),  # the same from Łacinka «źjaviłasia»
    ("ґаз", "газ"),               # ґ is г
    ("беларуска-расейскі", "беларуска-расійскі"),  # compounds part by part
])
def test_classical_letter_rules(classical: str, official: str) -> None:
    assert to_official(classical) == official


@pytest.mark.parametrize("word", ["бацькі", "вельмі", "восеньскі", "пісьмо", "гомельшчына", "свет", "вобласць"])
def test_official_words_the_rules_must_not_touch(word: str) -> None:
    # к is not softened by assimilation, ль stays before consonants other than л, a ь before a hard consonant stays
    assert to_official(word) == word


@pytest.mark.parametrize(("classical", "official"), [("зь", "з"), ("празь", "праз"), ("безь", "без"), ("ня", "не")])
def test_prepositions_with_soft_sign_and_stressed_nia(classical: str, official: str) -> None:
    assert to_official(classical) == official
    assert lemma_for(classical, "be") == lemma_for(official, "be")


@pytest.mark.parametrize(("classical", "official"), [
    ("расея", "расія"), ("расеі", "расіі"), ("расейская", "расійская"),
    ("фэдэрацыя", "федэрацыя"),
    ("эўропа", "еўропа"), ("эўрапейскі", "еўрапейскі"),
    ("менск", "мінск"), ("менскі", "мінскі"),
    ("меншчына", "міншчына"),
    ("летува", "літва"), ("летувісы", "літоўцы"),
    ("міністар", "міністр"),
])
def test_lexical_pairs(classical: str, official: str) -> None:
    assert to_official(classical) == official


def test_every_lexical_pair_has_a_test_above() -> None:
    tested = {"расе", "фэдэрац", "эў", "менск", "меншчын", "летув", "летувіс"}
    assert {old for old, _, _ in LEXICAL_PAIRS} == tested


def test_lexical_pairs_do_not_rewrite_other_words() -> None:
    assert to_official("расе") == "расе"  # the locative of «раса», not «Расея»
    assert to_official("летуценны") == "летуценны"


# ---------------------------------------------------------------- lemmas in the stream


@pytest.mark.skipif(lemma_be("вобласць") is None, reason="hunspell-be is not installed")
@pytest.mark.parametrize(("official", "classical", "lacinka"), [
    ("вобласці", "вобласьці", "vobłaści"),
    ("Расіі", "Расеі", "Rasii"),
    ("Беларуссю", "Беларусьсю", "Biełaruśsiu"),
    ("пагадненне", "пагадненьне", "pahadnieńnie"),
    ("супрацоўніцтва", "супрацоўніцтва", "supracoŭnictva"),
    ("Мінску", "Менску", "Minsku"),
    ("свеце", "сьвеце", "śviecie"),
    ("рашэнне", "рашэньне", "rašeńnie"),
    ("Еўропы", "Эўропы", "Jeŭropy"),
])
def test_three_spellings_share_one_lemma(official: str, classical: str, lacinka: str) -> None:
    lemmas = {lemma_for(w.lower(), "be") for w in (official, classical, lacinka)}
    assert len(lemmas) == 1, lemmas


@pytest.mark.skipif(lemma_be("план") is None, reason="hunspell-be is not installed")
@pytest.mark.parametrize(("classical", "official"), [
    ("плян", "план"), ("клюбу", "клуб"), ("фэстывалі", "фестываль"), ("прэзыдэнта", "прэзідэнт"),
    ("сытуацыі", "сітуацыя"), ("унівэрсытэце", "універсітэт"), ("экспэрты", "эксперт"),
    ("грамадзкай", "грамадскі"), ("краінаў", "краіна"), ("грамадзянаў", "грамадзяне"),
])
def test_loanword_spellings_are_tried_against_the_dictionary(classical: str, official: str) -> None:
    assert lemma_for(classical, "be") == lemma_for(official, "be") == canonical_lemma(official)


def test_loanword_rewrites_are_only_candidates() -> None:
    variants = lookup_variants("унівэрсытэт")
    assert variants[0] == "унівэрсытэт"  # the rule-made form first, rewrites after it
    assert "універсітэт" in variants
    assert belarusian_lemma("плян", lambda w: None) is None  # nothing known: the rewrite is not made the lemma


@pytest.mark.skipif(lemma_be("ўрад") is None, reason="hunspell-be is not installed")
def test_initial_u_and_short_u_are_one_lemma() -> None:
    # hunspell-be lists «ўрад», «ўдзел»; running text writes «урад» after a consonant
    assert lemma_for("урад", "be") == lemma_for("ўрада", "be") == "урад"
    assert lemma_for("удзельнікі", "be") == lemma_for("ўдзельнікаў", "be")
    assert lemma_for("ў", "be") == lemma_for("у", "be")


def test_a_classical_form_unknown_to_the_dictionary_keeps_its_official_form() -> None:
    # the codebook's stem globs are written in the official spelling: «запазычанасц*» must see «запазычанасць…»
    assert belarusian_lemma("запазычанасьці", lambda w: None) == "запазычанасці"
    assert belarusian_lemma("trade", lambda w: None) is None  # a plain English word stays English


# ---------------------------------------------------------------- Łacinka


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("biełaruś", "беларусь"),
    ("rasieja", "расея"),
    ("minsk", "мінск"),
    ("viciebsk", "віцебск"),
    ("homiel", "гомель"),
    ("mahiloŭ", "магілёў"),
    ("hrodna", "гродна"),
    ("smalensk", "смаленск"),
    ("bieraście", "берасьце"),
    ("abłasć", "абласць"),
    ("pjany", "п'яны"),            # j after a consonant: the apostrophe
    ("jana", "яна"),               # word-initial ja
    ("maja", "мая"),               # ja after a vowel
    ("rehijon", "рэгіён"),         # e is э, jo after a vowel is ё
    ("chata", "хата"),             # ch is х
    ("dźvie", "дзьве"),
    ("łukašenka", "лукашэнка"),    # ł is л, š is ш
    ("ludzi", "людзі"),            # l before a vowel is soft
    ("lidzija", "лідзія"),
    ("ŭ", "ў"),
    ("čaćvier", "чацьвер"),
])
def test_lacinka_transliteration(latin: str, cyrillic: str) -> None:
    assert from_lacinka(latin) == cyrillic


def test_lacinka_with_combining_diacritics() -> None:
    assert from_lacinka("mahilou\u0306") == "магілёў"


def test_lacinka_tokens_stay_whole() -> None:
    text = "Biełaruś, Mahilou\u0306 i Bieras\u0301cie; Łukašenka"
    assert [t for t, _, _, _ in iter_tokens(text)] == ["Biełaruś", "Mahilou\u0306", "i", "Bieras\u0301cie", "Łukašenka"]


LACINKA_TEXT = ("Viciebskaja vobłaść i Smalenskaja vobłaść padpisali pahadnieńnie ab supracoŭnictvie. "
                "Hubiernatar naviedaŭ Viciebsk, a potym Minsk i Homiel.")


def test_lacinka_text_is_belarusian() -> None:
    assert detect_language(LACINKA_TEXT) == "be"
    assert guess_language(LACINKA_TEXT) == "be"


@pytest.mark.parametrize("text", [
    "The Vitebsk region and the Smolensk region signed an agreement on cooperation.",
    "Współpraca Polski i Białorusi: szkoła, łódź, źródło, wieś i rzeka.",
    ("The opposition paper quoted Aliaksandr Łukašenka, the writer Uładzimir Karatkievič and the poet Maksim "
     "Bahdanovič in its review of the week, then turned to trade between the Vitebsk and Smolensk regions, "
     "which grew by a tenth, and to the new bus route between the two regional capitals."),
])
def test_english_and_polish_are_not_lacinka(text: str) -> None:
    assert detect_language(text) != "be"
    assert guess_language(text) != "be"


# ---------------------------------------------------------------- regions in every spelling


@pytest.mark.parametrize(("text", "codes"), [
    ("Віцебшчына і Магілёўшчына сябруюць з Расеяй.", {"BY-VI", "BY-MA"}),
    ("Дэлегацыя Смаленскай вобласьці прыехала на Віцебшчыну.", {"RU-SMO", "BY-VI"}),
    ("Губэрнатар Браншчыны наведаў Гомельшчыну і Берасьце.", {"RU-BRY", "BY-HO", "BY-BR"}),
    ("Сустрэча зь кіраўніцтвам Менску адбылася ў Магілёве.", {"BY-HM", "BY-MA"}),
    ("Delehacyja sa Smalenska prybyła ŭ Viciebsk, a potym u Homiel, Mahiloŭ i Hrodna.",
     {"RU-SMO", "BY-VI", "BY-HO", "BY-MA", "BY-HR"}),
    ("Kiraŭnictva Bieraścia i Mahilova sustrelisia ŭ Minsku.", {"BY-BR", "BY-MA", "BY-HM"}),
])
def test_regions_in_every_spelling(text: str, codes: set[str]) -> None:
    found = {m.code for m in find_regions(analyse(text, "be"))}
    assert found == codes


def test_offsets_and_surfaces_stay_those_of_the_page() -> None:
    text = "Дэлегацыя Смаленскай вобласьці і Viciebskaja vobłaść."
    stream = analyse(text, "be")
    mentions = find_regions(stream)
    assert [(m.code, m.surface) for m in mentions] == [("RU-SMO", "Смаленскай вобласьці"), ("BY-VI", "Viciebskaja vobłaść")]
    assert all(text[m.start:m.end] == m.surface for m in mentions)
    # only the look-up form changes: the token keeps the page's spelling and span
    k = stream.words.index("вобласьці")
    assert text[stream.starts[k]:stream.ends[k]] == "вобласьці"
    assert stream.lemmas[k] == stream.lemmas[stream.words.index("vobłaść")] == lemma_for("вобласць", "be")
