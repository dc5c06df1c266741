"""The packaged gazetteer: completeness, consistency, and that every region's own names find it."""

from __future__ import annotations

import re

import pytest

from regionlens.gazetteer.gazetteer import (
    FEDERAL_DISTRICTS,
    border_codes,
    is_valid_code,
    load_gazetteer,
)
from regionlens.gazetteer.matcher import find_regions, region_codes
from regionlens.text import analyse

GAZ = load_gazetteer()


def test_counts_and_unique_codes() -> None:
    codes = GAZ.codes()
    assert len(codes) == len(set(codes))
    assert len(GAZ.by_country("RU")) == 89
    assert len(GAZ.by_country("BY")) == 7
    assert GAZ.version == "1.0"
    for code in codes:
        assert re.fullmatch(r"(RU|BY)-[A-Za-z]+", code), code


def test_iso_and_stable_codes_present() -> None:
    for code in ("RU-SMO", "RU-MOW", "RU-MOS", "RU-SPE", "RU-LEN", "RU-KHM", "RU-SA", "RU-YAN", "RU-YEV",
                 "BY-VI", "BY-HM", "BY-MI", "BY-BR", "BY-HO", "BY-HR", "BY-MA",
                 "RU-Crimea", "RU-Sevastopol", "RU-Donetsk", "RU-Luhansk", "RU-Zaporozhye", "RU-Kherson"):
        assert code in GAZ, code
    assert GAZ["BY-HM"].type == "city" and GAZ["RU-YEV"].type == "autonomous oblast"


def test_types_per_country() -> None:
    ru_types = [r.type for r in GAZ.by_country("RU")]
    assert ru_types.count("city") == 3
    assert ru_types.count("krai") == 9
    assert ru_types.count("autonomous okrug") == 4
    assert ru_types.count("republic") == 24  # 21 + Crimea + DPR + LPR
    assert ru_types.count("oblast") == 48


def test_federal_districts_and_border() -> None:
    for region in GAZ.by_country("RU"):
        assert region.federal_district in FEDERAL_DISTRICTS, region.code
    for region in GAZ.by_country("BY"):
        assert region.federal_district is None
    assert border_codes() == {"RU-PSK", "RU-SMO", "RU-BRY", "BY-VI", "BY-MA", "BY-HO"}


def test_neighbours_are_symmetric_and_cross_the_border() -> None:
    for region in GAZ.regions:
        for other in region.neighbours:
            assert region.code in GAZ[other].neighbours, (region.code, other)
    assert set(GAZ["BY-VI"].neighbours) >= {"RU-PSK", "RU-SMO"}
    assert set(GAZ["RU-BRY"].neighbours) >= {"BY-HO", "BY-MA"}


def test_no_yo_in_stored_forms() -> None:
    for region in GAZ.regions:
        forms = [*region.names.get("ru", ()), *region.colloquial.get("ru", ()), region.capital["ru"]]
        assert not any("ё" in f for f in forms), region.code


def test_is_valid_code_and_cache() -> None:
    assert is_valid_code("RU-SMO") and is_valid_code("BY-HM") and is_valid_code("RU-Crimea")
    assert not is_valid_code("RU-XXX") and not is_valid_code("BY-XX1") and not is_valid_code("")
    assert load_gazetteer() is GAZ


@pytest.mark.parametrize("region", GAZ.regions, ids=lambda r: r.code)
def test_every_region_found_by_its_names(region) -> None:  # type: ignore[no-untyped-def]
    ru_name = region.names["ru"][0]
    text = f"Главная новость недели: {ru_name} подвела итоги года."
    assert region.code in region_codes(find_regions(analyse(text, "ru"))), text
    capital = region.capital["ru"]
    capital_owner = next((r.code for r in GAZ.regions if r.is_city and capital in r.names["ru"]), region.code)
    text = f"Делегация прибыла в город {capital} на два дня."
    assert capital_owner in region_codes(find_regions(analyse(text, "ru"))), text
    be_name = region.names["be"][0]
    text = f"Галоўная навіна тыдня: {be_name} падвяла вынікі года."
    assert region.code in region_codes(find_regions(analyse(text, "be"))), text


@pytest.mark.parametrize("region", GAZ.regions, ids=lambda r: r.code)
def test_every_form_of_a_region_is_found(region) -> None:  # type: ignore[no-untyped-def]
    """Colloquial forms, adjectives, Belarusian capitals and towns as the gazetteer lists them."""
    for lang in ("ru", "be"):
        for form in region.colloquial.get(lang, ()):
            text = f"Новости: {form} подвела итоги." if lang == "ru" else f"Навіны: {form} падвяла вынікі."
            assert region.code in region_codes(find_regions(analyse(text, lang))), text
        for adjective in region.adjectives.get(lang, ()):
            if adjective in region.ambiguous:
                continue
            text = (f"На выставку приехали {adjective} предприниматели." if lang == "ru"
                    else f"На выставу прыехалі {adjective} прадпрымальнікі.")
            assert region.code in region_codes(find_regions(analyse(text, lang))), text
        for town in region.towns.get(lang, ()):
            name = region.names[lang][0]
            text = (f"Делегация приехала в {town}. {name} гордится этим." if lang == "ru"
                    else f"Дэлегацыя прыехала ў {town}. {name} ганарыцца гэтым.")
            found = find_regions(analyse(text, lang))
            assert any(m.rule == "town" and m.code == region.code for m in found), text
    capital = region.capital.get("be")
    if capital and not region.is_city and region.code != "BY-MI":
        text = f"Дэлегацыя прыехала ў горад {capital} на два дні."
        assert region.code in region_codes(find_regions(analyse(text, "be"))), text
