"""One story in the three Belarusian spellings is coded the same: official orthography, тарашкевіца, Łacinka.

The texts are written for the test in the shape of regional news: a cooperation story (two oblasts sign an
agreement, supplies and a trade figure, praise) and a problem story (an import ban, a drop in supplies, border
controls). Before the normaliser the classical version lost the cues spelled differently («пасьпяхова»,
«вобласьці», «Расея») and the Łacinka version was read as English and matched nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from regionlens.coding.coder import code_text

COMPARED = ("union", "interregional", "regions", "topics", "substantive", "problem", "tone", "actors")

COOPERATION = {
    "official": (
        "Віцебская вобласць і Смаленская вобласць падпісалі пагадненне аб супрацоўніцтве. Губернатар Смаленскай "
        "вобласці наведаў Віцебскі аблвыканкам. Бакі дамовіліся павялічыць пастаўкі малочнай прадукцыі і "
        "сельскагаспадарчай тэхнікі; тавараабарот паміж рэгіёнамі летась склаў 300 млн долараў. Супрацоўніцтва "
        "паспяхова развіваецца, адзначылі ў Віцебскім аблвыканкаме."
    ),
    "classical": (
        "Віцебская вобласьць і Смаленская вобласьць падпісалі пагадненьне аб супрацоўніцтве. Губэрнатар Смаленскай "
        "вобласьці наведаў Віцебскі аблвыканкам. Бакі дамовіліся павялічыць пастаўкі малочнай прадукцыі і "
        "сельскагаспадарчай тэхнікі; тавараабарот паміж рэгіёнамі летась склаў 300 млн даляраў. Супрацоўніцтва "
        "пасьпяхова разьвіваецца, адзначылі ў Віцебскім аблвыканкаме."
    ),
    "lacinka": (
        "Viciebskaja vobłaść i Smalenskaja vobłaść padpisali pahadnieńnie ab supracoŭnictvie. Hubiernatar Smalenskaj "
        "vobłaści naviedaŭ Viciebski abłvykankam. Baki damovilisia pavialičyć pastaŭki małočnaj pradukcyi i "
        "sielskahaspadarčaj techniki; tavaraabarot pamiž rehijonami letaś skłaŭ 300 mln dalaraŭ. Supracoŭnictva "
        "paśpiachova raźvivajecca, adznačyli ŭ Viciebskim abłvykankamie."
    ),
}

PROBLEM = {
    "official": (
        "Гомельская вобласць і Бранская вобласць: пагаршэнне гандлю. Беларускія вытворцы паведамляюць пра "
        "складанасці з пастаўкамі малочнай прадукцыі ў Расію: сёлета яны склалі толькі 40 працэнтаў ад леташняга "
        "аб'ёму. Расійскія кантралёры фіксуюць парушэнні на пункце пропуску, а перавозчыкі кажуць пра цяжкасці на "
        "мяжы з Беларуссю."
    ),
    "classical": (
        "Гомельская вобласьць і Бранская вобласьць: пагаршэньне гандлю. Беларускія вытворцы паведамляюць пра "
        "складанасьці з пастаўкамі малочнай прадукцыі ў Расею: сёлета яны склалі толькі 40 працэнтаў ад леташняга "
        "аб'ёму. Расейскія кантралёры фіксуюць парушэньні на пункце пропуску, а перавозчыкі кажуць пра цяжкасьці на "
        "мяжы зь Беларусьсю."
    ),
    "lacinka": (
        "Homielskaja vobłaść i Branskaja vobłaść: paharšeńnie handlu. Biełaruskija vytvorcy paviedamlajuć pra "
        "składanaści z pastaŭkami małočnaj pradukcyi ŭ Rasieju: sioleta jany skłali tolki 40 pracentaŭ ad letašniaha "
        "abjomu. Rasiejskija kantralory fiksujuć parušeńni na punkcie propusku, a pieravozčyki kažuć pra ciažkaści na "
        "miažy ź Biełaruśsiu."
    ),
}


def _codes(text: str) -> dict[str, Any]:
    values = code_text(text, learned=False).values
    return {k: sorted(v) if isinstance(v, list) else v for k, v in values.items() if k in COMPARED}


@pytest.fixture(scope="module")
def cooperation() -> dict[str, dict[str, Any]]:
    return {spelling: _codes(text) for spelling, text in COOPERATION.items()}


@pytest.fixture(scope="module")
def problem() -> dict[str, dict[str, Any]]:
    return {spelling: _codes(text) for spelling, text in PROBLEM.items()}


def test_cooperation_story_is_coded_from_the_official_spelling(cooperation: dict[str, dict[str, Any]]) -> None:
    codes = cooperation["official"]
    assert codes["union"] == 1 and codes["interregional"] == 1
    assert codes["regions"] == ["BY-VI", "RU-SMO"]
    assert codes["substantive"] == 1 and codes["problem"] == 0 and codes["tone"] == 1
    assert "REG" in codes["actors"] and {"AGRI", "ECON", "POL"} <= set(codes["topics"])


@pytest.mark.parametrize("spelling", ["classical", "lacinka"])
def test_cooperation_story_same_codes_in_every_spelling(cooperation: dict[str, dict[str, Any]], spelling: str) -> None:
    assert cooperation[spelling] == cooperation["official"]


def test_problem_story_is_coded_from_the_official_spelling(problem: dict[str, dict[str, Any]]) -> None:
    codes = problem["official"]
    assert codes["union"] == 1 and codes["problem"] == 1 and codes["tone"] == -1
    assert codes["regions"] == ["BY-HO", "RU-BRY"]
    assert codes["substantive"] == 1 and {"AGRI", "ECON"} <= set(codes["topics"])


@pytest.mark.parametrize("spelling", ["classical", "lacinka"])
def test_problem_story_same_codes_in_every_spelling(problem: dict[str, dict[str, Any]], spelling: str) -> None:
    assert problem[spelling] == problem["official"]


def test_evidence_points_at_the_page_spelling() -> None:
    text = PROBLEM["classical"]
    result = code_text(text, learned=False)
    problems = {text[e.start:e.end] for e in result.evidence if e.variable == "problem" and e.field == "text"}
    assert {"складанасьці", "парушэньні", "цяжкасьці"} <= problems
    regions = {text[e.start:e.end] for e in result.evidence if e.variable == "regions" and e.field == "text"}
    assert "Гомельская вобласьць" in regions
