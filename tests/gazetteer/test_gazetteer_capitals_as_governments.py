"""Moscow and Minsk as governments or places, and English region names (texts written for these tests)."""

from __future__ import annotations

from regionlens.gazetteer.matcher import find_regions, region_codes
from regionlens.text.stream import analyse


def codes(text: str, lang: str = "ru") -> list[str]:
    return region_codes(find_regions(analyse(text, lang)))


def test_a_capital_that_acts_several_words_before_its_verb_is_the_government() -> None:
    assert codes("Вице-премьер заявил, что Минск сегодня в 16 часов перевёл платёж за газ.") == []
    assert codes("Минск с начала года неоднократно просил снизить цену на газ.") == []
    assert codes("Почему одна сторона не признаёт долг, а Москва так настаивает на его погашении?") == []
    # the city that hosts, receives or is visited stays a place
    assert codes("Минск с радостью принимает гостей фестиваля.") == ["BY-HM"]
    assert codes("Делегация прибыла в Минск.") == ["BY-HM"]


def test_english_capitals_are_places_only_after_a_preposition_or_inside_a_name() -> None:
    text = ("Moscow is trying to create another platform for integration. Minsk reckons that the conflict will "
            "pass, and Russia keeps pressuring Minsk. Belarus professes to be Moscow's closest ally.")
    assert codes(text) == []
    assert codes("The delegation arrived in Minsk on Monday.") == ["BY-HM"]
    assert codes("Minsk Tractor Works signed a contract.") == ["BY-HM"]
    assert codes("A direct air route has connected Brest and Moscow.") == ["BY-BR", "RU-MOW"]


def test_english_names_are_words_not_stems() -> None:
    # «Perm» is a capital, «permits» and «permission» are not
    assert codes("Carriers received permits; the other side gave permission for a quarter.") == []
    assert codes("A delegation from Perm visited Vitebsk.") == ["BY-VI", "RU-PER"]
    assert codes("Trade between Belarus and the Rostov region grew, and Leningrad Region signed too.") == ["RU-LEN", "RU-ROS"]
    assert codes("The forum in St. Petersburg opened.") == ["RU-SPE"]
