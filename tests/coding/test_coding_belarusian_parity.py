"""Belarusian cue dictionaries match the Russian ones: the same short story in Russian and in Belarusian
(official orthography) gets the same code, one pair per class of cue that had no Belarusian entry.

The texts are written for the test. Before the Belarusian counterparts were added, each Belarusian version
lost the code its Russian twin gets (tone from «брацкія»/«радушна», problem from «крытычна»/«заблакаваць»/
«супярэчнасці», FED from «МЗС»/«Дзярждума», IND from «будаўнічы»/«будоўля», AGRI from «аграпрамысловы», and
a ban imposed by «ЗША» counted as a problem of the relation because «ЗША» was no third party).
"""

from __future__ import annotations

import pytest

from regionlens.coding.coder import code_text

PAIRS = [
    pytest.param(
        "tone",
        "Делегацию Смоленской области радушно встретили в Витебске: белорусы и россияне - братские соседи, "
        "сказал председатель облисполкома.",
        "Дэлегацыю Смаленскай вобласці радушна сустрэлі ў Віцебску: беларусы і расіяне - брацкія суседзі, "
        "сказаў старшыня аблвыканкама.",
        1, id="tone-brotherly"),
    pytest.param(
        "problem",
        "Белорусская сторона критически оценила решение России заблокировать транзит грузов через Смоленскую "
        "область. Противоречия между сторонами сохраняются.",
        "Беларускі бок крытычна ацаніў рашэнне Расіі заблакаваць транзіт грузаў праз Смаленскую вобласць. "
        "Супярэчнасці паміж бакамі захоўваюцца.",
        1, id="problem-criticism-blockade"),
    pytest.param(
        "actors",
        "МИД Беларуси и Госдума России обсудили сотрудничество с Псковской областью.",
        "МЗС Беларусі і Дзярждума Расіі абмеркавалі супрацоўніцтва з Пскоўскай вобласцю.",
        ["FED"], id="actors-national-bodies"),
    pytest.param(
        "topics",
        "Могилевская область и Брянская область развивают сотрудничество в строительной отрасли: строительные "
        "организации региона участвуют в стройке в Брянске.",
        "Магілёўская вобласць і Бранская вобласць развіваюць супрацоўніцтва ў будаўнічай галіне: будаўнічыя "
        "арганізацыі рэгіёна ўдзельнічаюць у будоўлі ў Бранску.",
        ["IND"], id="topics-construction"),
    pytest.param(
        "topics",
        "Гомельская область и Брянская область обсудили сотрудничество агропромышленных комплексов.",
        "Гомельская вобласць і Бранская вобласць абмеркавалі супрацоўніцтва аграпрамысловых комплексаў.",
        ["AGRI"], id="topics-agro-industry"),
    pytest.param(
        "problem",
        "США ввели санкции и запрет на ввоз белорусских товаров. Сотрудничество Гродненской области с Россией "
        "продолжается.",
        "ЗША ўвялі санкцыі і забарону на ўвоз беларускіх тавараў. Супрацоўніцтва Гродзенскай вобласці з Расіяй "
        "працягваецца.",
        0, id="problem-third-party"),
]


@pytest.mark.parametrize(("variable", "russian", "belarusian", "expected"), PAIRS)
def test_belarusian_version_gets_the_russian_code(variable: str, russian: str, belarusian: str, expected: object) -> None:
    ru = code_text(russian, learned=False).values
    be = code_text(belarusian, learned=False).values
    assert ru[variable] == expected
    assert be[variable] == ru[variable]
    assert be["union"] == ru["union"] == 1


def test_belarusian_globs_do_not_catch_unrelated_words() -> None:
    # «мясцовы» (local) is no meat, «ураджай» (harvest) no government, «урачысты» (solemn) no doctor,
    # «аграмадны» (huge) no agriculture: with initial ў read as у these words reach the у-globs too
    text = ("Мясцовыя ўлады Віцебскай вобласці і Пскоўскай вобласці правялі ўрачысты сход. "
            "Аграмадны ўраджай збожжа сабралі ў Пскоўскай вобласці, а ў Віцебскай вобласці адкрылі выставу.")
    values = code_text(text, learned=False).values
    assert "SOC" not in values["topics"]
    assert "FED" not in values["actors"]
    evidence = code_text(text, learned=False).evidence
    agri = {text[e.start:e.end] for e in evidence if e.variable == "topics" and e.value == "AGRI"}
    assert agri <= {"збожжа", "ўраджай"} and "Мясцовыя" not in agri and "Аграмадны" not in agri
