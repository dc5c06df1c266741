"""Region forms found on real pages: classical Belarusian, names glued onto a capital, a region's town or club,
numbered units, embassies and speakers in a capital (texts written for these tests)."""

from __future__ import annotations

from regionlens.gazetteer.matcher import find_regions, region_codes
from regionlens.text.stream import analyse


def codes(text: str, lang: str = "ru") -> list[str]:
    return region_codes(find_regions(analyse(text, lang)))


def test_classical_belarusian_names_of_grodno_and_brest_oblasts() -> None:
    assert codes("Сустрэча з актывам Гарадзенскай вобласці адбылася ў пятніцу.", "be") == ["BY-HR"]
    assert codes("Берасьцейская вобласьць атрымала новыя аўтобусы.", "be") == ["BY-BR"]


def test_an_adjective_before_a_numbered_unit() -> None:
    assert codes("Вайскоўцы гарадзенскай 557-ай брыгады рыхтуюцца да вучэнняў.", "be") == ["BY-HR"]


def test_an_adjective_before_a_town_or_a_quoted_club_names_its_region() -> None:
    assert codes("Как породнились гродненская Сморгонь и костромской Кологрив.") == ["BY-HR", "RU-KOS"]
    assert codes("Матч брянского «Динамо» против омского «Иртыша» состоится в субботу.") == ["RU-BRY", "RU-OMS"]


def test_a_proper_name_glued_onto_a_capital_counts() -> None:
    assert codes("Область поставляет трубы на Минскводоканал и Гродноазот.") == ["BY-HM", "BY-HR"]
    # an abbreviation does not spell the capital out
    assert codes("Область поставляет трубы на МАЗ и МТЗ.") == []


def test_embassies_are_buildings_in_a_capital_and_a_speaker_there_is_in_the_city() -> None:
    assert codes("Помимо посольства в Москве работают генконсульства в Казани.") == ["RU-MOW", "RU-TA"]
    assert codes("Посол в Москве вручил верительные грамоты.") == []
    assert codes("Госсекретарь на встрече в Минске заявил, что интеграция продолжится.") == ["BY-HM"]
    assert codes("В Минске считают, что цены на газ завышены.") == []


def test_lacinka_adjectives_name_their_region() -> None:
    assert codes("Delegacyja Viciebskaj vobłasci naviedała Rasiju.", "be") == ["BY-VI"]
    assert codes("Homielskaja kampanija pastaŭlaje małako.", "be") == ["BY-HO"]
