"""Region adjectives that share one head noun: lists, ellipsis and the Minsk of an oblast list (texts written here)."""

from __future__ import annotations

from regionlens.gazetteer.matcher import find_regions, region_codes
from regionlens.text.stream import analyse


def codes(text: str, lang: str = "ru") -> list[str]:
    return region_codes(find_regions(analyse(text, lang)))


def test_a_long_list_of_region_adjectives_before_one_head_noun() -> None:
    text = ("Соглашения подписаны с соседями: Архангельская, Вологодская, Калининградская, Ленинградская, "
            "Мурманская, Новгородская, Тверская области.")
    assert codes(text) == ["RU-ARK", "RU-KGD", "RU-LEN", "RU-MUR", "RU-NGR", "RU-TVE", "RU-VLG"]


def test_minsk_and_moscow_in_an_oblast_list_are_the_oblasts() -> None:
    text = "Область сотрудничает с Брестской, Витебской, Минской и Могилевской областями."
    assert codes(text) == ["BY-BR", "BY-MA", "BY-MI", "BY-VI"]
    assert codes("Коллективы из Московской, Рязанской и Тульской областей.") == ["RU-MOS", "RU-RYA", "RU-TUL"]
    # the city read as an adjective («с Минском») stays the city
    assert codes("Побратимские связи с Минском и Могилевской областью.") == ["BY-HM", "BY-MA"]


def test_an_adjective_standing_for_its_oblast_after_a_head_noun() -> None:
    text = "Производство сократилось: Витебская область — на 4,2 %, Гомельская — на 2,7 %."
    assert codes(text) == ["BY-HO", "BY-VI"]
    # a lone adjective with no head noun near names no region
    assert codes("Гомельская команда выиграла.") == ["BY-HO"]
    assert codes("Новая продукция. Гомельская — лучшая.") == []
