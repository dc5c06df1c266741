"""Region matching against the codebook `regions` rules, on full sentences in Russian and Belarusian."""

from __future__ import annotations

import pytest

from regionlens.gazetteer.matcher import RegionMention, _pattern, find_regions, region_codes
from regionlens.text import analyse
from regionlens.text.matcher import term_matches


def mentions(text: str, lang: str = "ru") -> list[RegionMention]:
    return find_regions(analyse(text, lang))


def codes(text: str, lang: str = "ru") -> list[str]:
    return region_codes(mentions(text, lang))


def rules_of(text: str, lang: str = "ru") -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions(text, lang):
        out.setdefault(m.code, set()).add(m.rule)
    return out


# ---------------------------------------------------------------- forms and cases


def test_russian_case_forms() -> None:
    text = "В Смоленской области и на Смоленщине ждут гостей: из Брянска приехали брянские аграрии."
    found = mentions(text)
    assert [(m.code, m.surface, m.rule) for m in found] == [
        ("RU-SMO", "Смоленской области", "name"),
        ("RU-SMO", "Смоленщине", "colloquial"),
        ("RU-BRY", "Брянска", "capital"),
        ("RU-BRY", "брянские", "adjective"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_belarusian_case_forms() -> None:
    text = "У Віцебскай вобласці і ў Гомелі сустрэлі гасцей з Гомельшчыны і Магілёва."
    found = rules_of(text, "be")
    assert found == {"BY-VI": {"name"}, "BY-HO": {"capital", "colloquial"}, "BY-MA": {"capital"}}


@pytest.mark.parametrize(
    ("source", "forms"),
    [
        ("Магілеў", ["Магілёў", "Магілёва", "Магілёве"]),
        ("Магілеўшчына", ["Магілёўшчына", "Магілёўшчыны", "Магілёўшчыне"]),
        ("Берасцейшчына", ["Берасцейшчына", "Берасцейшчыны", "Берасцейшчыну"]),
        ("Віцебская", ["Віцебскай", "Віцебская", "Віцебскую"]),
        ("Браншчына", ["Браншчына", "Браншчыны"]),
    ],
)
def test_belarusian_pattern_terms_cover_case_forms(source: str, forms: list[str]) -> None:
    """The Belarusian term (lemma or stem glob) matches what the Belarusian lemmatiser or the surface gives."""
    term = _pattern(source, "be")
    for form in forms:
        stream = analyse(form, "be")
        assert term_matches(term, stream.lemmas[0]) or term_matches(term, stream.words[0]), (term, form, stream.lemmas)


def test_colloquial_forms_in_cases() -> None:
    text = ("Аграрии Брянщины, Псковщины и Гомельщины, школьники Витебщины и Могилевщины, "
            "фермеры Гродненщины и Брестчины, гости Подмосковья, Кузбасса, Югры и Ямала.")
    assert codes(text) == sorted(["RU-BRY", "RU-PSK", "BY-HO", "BY-VI", "BY-MA", "BY-HR", "BY-BR", "RU-MOS", "RU-KEM", "RU-KHM", "RU-YAN"])
    be = "Госці з Віцебшчыны, Гомельшчыны, Магілёўшчыны, Гродзеншчыны, Берасцейшчыны, Смаленшчыны і Пскоўшчыны."
    assert codes(be, "be") == sorted(["BY-VI", "BY-HO", "BY-MA", "BY-HR", "BY-BR", "RU-SMO", "RU-PSK"])


def test_multi_word_official_names() -> None:
    text = ("Делегации прибыли из Ханты-Мансийского автономного округа — Югры, Республики Саха (Якутия), "
            "Еврейской автономной области, Кабардино-Балкарской Республики и Республики Северная Осетия — Алания.")
    found = mentions(text)
    assert [m.code for m in found] == ["RU-KHM", "RU-SA", "RU-YEV", "RU-KB", "RU-SE"]
    assert all(m.rule == "name" for m in found)
    assert found[0].surface == "Ханты-Мансийского автономного округа — Югры"


def test_names_do_not_run_across_sentences() -> None:
    found = mentions("Делегация выехала в республику. Северная Осетия ждала её вечером.")
    assert [(m.code, m.surface) for m in found] == [("RU-SE", "Северная Осетия")]


def test_novgorod_nizhny_and_veliky() -> None:
    assert codes("Выставка прошла в Нижнем Новгороде.") == ["RU-NIZ"]
    assert codes("Выставка прошла в Великом Новгороде.") == ["RU-NGR"]
    assert codes("Выставка прошла в Новгороде.") == ["RU-NGR"]


def test_capitals_and_city_regions_are_distinct_from_their_oblasts() -> None:
    assert codes("Фестиваль прошёл в Минской области.") == ["BY-MI"]
    assert codes("Фестиваль прошёл в Минске.") == ["BY-HM"]
    assert codes("Фестиваль прошёл в Московской области, в Подмосковье.") == ["RU-MOS"]
    assert codes("Фестиваль прошёл в Москве.") == ["RU-MOW"]
    assert codes("Фестиваль прошёл в Ленинградской области.") == ["RU-LEN"]
    assert codes("Фестиваль прошёл в Санкт-Петербурге, Петербурге и Питере.") == ["RU-SPE"]


def test_annexed_regions_and_crimea() -> None:
    text = "Поставки идут в ДНР, ЛНР, Запорожскую и Херсонскую области, в Крым и Севастополь."
    assert codes(text) == sorted(["RU-Donetsk", "RU-Luhansk", "RU-Zaporozhye", "RU-Kherson", "RU-Crimea", "RU-Sevastopol"])


# ---------------------------------------------------------------- proper names and districts


def test_capital_inside_a_proper_name() -> None:
    assert rules_of("Делегацию принял Минский тракторный завод.") == {"BY-HM": {"proper-name"}}
    assert rules_of("Вчера «Гомель» обыграл соперника со счётом 2:0.") == {"BY-HO": {"proper-name"}}
    assert rules_of("Вчера «Динамо-Брест» обыграло соперника.") == {"BY-BR": {"proper-name"}}
    assert rules_of("Студенты Гомельского государственного университета приехали в гости.") == {"BY-HO": {"proper-name"}}


def test_district_named_after_a_capital_counts_to_its_region() -> None:
    assert rules_of("Фермеры из Минского района расширяют посевы.") == {"BY-MI": {"district->region"}}
    assert rules_of("В Псковском районе открыли школу.") == {"RU-PSK": {"district->region"}}
    assert rules_of("В Витебском районе построили ферму.") == {"BY-VI": {"district->region"}}
    assert rules_of("Мінскі раён прымае гасцей.", "be") == {"BY-MI": {"district->region"}}


def test_moscow_district_of_a_city_is_not_moscow() -> None:
    assert codes("В Московском районе Санкт-Петербурга открыли библиотеку.") == ["RU-SPE"]


# ---------------------------------------------------------------- adjectives


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("На поля вышли брянские аграрии.", "RU-BRY"),
        ("К нам приехали витебские коллеги.", "BY-VI"),
        ("Об этом сообщил смоленский губернатор.", "RU-SMO"),
        ("Экспорт наращивают минские предприятия.", "BY-HM"),
        ("Ярмарку открыли смоленские и брянские фермеры.", "RU-BRY"),
        ("Гостям подарили тульский пряник.", "RU-TUL"),
        ("На Петербургском международном экономическом форуме подписали соглашение.", "RU-SPE"),
        ("Прибыли кузбасские горняки и югорские нефтяники.", "RU-KEM"),
        ("Віцебскія калегі прыехалі ў госці.", "BY-VI"),
    ],
)
def test_adjective_modifying_a_noun_counts(text: str, code: str) -> None:
    lang = "be" if "і" in text else "ru"
    assert code in codes(text, lang)


@pytest.mark.parametrize(
    "text",
    [
        "Стороны обсудили выполнение Минских соглашений.",
        "Встреча начнётся в 10:00 по московскому времени.",
        "Туристы посетили Московский Кремль.",
        "Прогулка по Тверской заняла час.",
    ],
)
def test_adjective_naming_something_elsewhere_does_not_count(text: str) -> None:
    assert codes(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Пробка растянулась по Минскому шоссе.", "BY-HM"),
        ("Магазин открылся на Московском проспекте.", "RU-MOW"),
        ("Поезд прибыл на Казанский вокзал.", "RU-TA"),
        ("Кафе открылось на Тверской улице.", "RU-TVE"),
        ("Кафе открылось на улице Смоленской.", "RU-SMO"),
        ("Новый сквер появился на улице Минской в Омске.", "BY-HM"),
    ],
)
def test_street_and_station_names_are_proper_names_with_the_capital(text: str, code: str) -> None:
    assert code in codes(text)


def test_instrumental_of_a_capital_is_a_place() -> None:
    assert codes("Под Смоленском построят логистический центр.") == ["RU-SMO"]
    assert codes("Трассу между Брянском и Гомелем отремонтируют.") == ["BY-HO", "RU-BRY"]


# ---------------------------------------------------------------- Moscow / Minsk as a government


@pytest.mark.parametrize(
    "text",
    [
        "Москва и Минск договорились о новых поставках.",
        "Минск и Москва подписали протокол о сотрудничестве.",
        "Минск настаивает на снижении цены.",
        "Москва официально заявила о поддержке.",
        "Позиция Москвы по этому вопросу не изменилась.",
        "Официальный Минск пока не прокомментировал решение.",
        "Кремль заявил о готовности к диалогу.",
        "Отношения между Москвой и Минском остаются союзническими.",
    ],
)
def test_capital_as_a_government_does_not_count(text: str) -> None:
    assert codes(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Делегация прибыла с визитом в Минск.", ["BY-HM"]),
        ("Из Москвы вылетел первый рейс.", ["RU-MOW"]),
        ("Мэр Москвы открыл выставку.", ["RU-MOW"]),
        ("Правительство Москвы выделило средства.", ["RU-MOW"]),
        ("Мингорисполком утвердил план.", ["BY-HM"]),
        ("Рейсы между Москвой и Минском возобновят весной.", ["BY-HM", "RU-MOW"]),
        ("Делегации из Москвы и Минска приехали на форум.", ["BY-HM", "RU-MOW"]),
        ("Москва принимает участников форума.", ["RU-MOW"]),
    ],
)
def test_capital_as_a_place_counts(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_belarusian_government_and_place() -> None:
    assert codes("Масква і Мінск дамовіліся аб пастаўках.", "be") == []
    assert codes("Афіцыйны Мінск заявіў пра падтрымку.", "be") == []
    assert codes("Дэлегацыя прыехала ў Мінск і ў Маскву.", "be") == ["BY-HM", "RU-MOW"]
    assert codes("Мінск настойвае на зніжэнні цаны.", "be") == []
    assert codes("Пазіцыя Мінска не змянілася.", "be") == []
    assert codes("Мэр Масквы адкрыў выставу.", "be") == ["RU-MOW"]
    assert codes("Мінск прымае гасцей форуму.", "be") == ["BY-HM"]


# ---------------------------------------------------------------- towns and vague areas


def test_town_counts_only_with_its_region_named() -> None:
    assert codes("В Орше и Полоцке открыли новые цеха.") == []
    text = "В Орше открыли новый цех. Витебская область наращивает выпуск."
    found = mentions(text)
    assert [(m.code, m.rule) for m in found] == [("BY-VI", "town"), ("BY-VI", "name")]
    assert codes("Рославль и Вязьма получили гранты.") == []
    assert rules_of("Рославль и Вязьма — города Смоленщины.") == {"RU-SMO": {"town", "colloquial"}}


def test_federal_districts_and_vague_areas_are_not_regions() -> None:
    text = ("Предприятия Центрального федерального округа, Урала, Сибири и Поволжья, "
            "а также Уральского и Приволжского федеральных округов расширяют экспорт на Дальний Восток.")
    assert codes(text) == []


# ---------------------------------------------------------------- ambiguous words


def test_oryol_city_versus_bird() -> None:
    assert codes("Делегация прибыла в Орёл на два дня.") == ["RU-ORL"]
    assert codes("Над полем кружил орёл.") == []
    assert codes("На гербе изображён двуглавый орёл.") == []
    assert codes("Орёл расправил крылья над долиной.") == []
    assert codes("Орёл принял гостей, орловские аграрии показали фермы.") == ["RU-ORL"]


def test_kurgan_city_versus_mound() -> None:
    assert codes("В Кургане открыли завод.") == ["RU-KGN"]
    assert codes("Ветераны поднялись на Мамаев курган.") == []
    assert codes("У подножия кургана нашли монеты.") == []
    assert codes("Цветы возложили к Кургану Славы.") == []


def test_vladimir_city_versus_first_name() -> None:
    assert codes("Во Владимире прошла ярмарка.") == ["RU-VLA"]
    assert codes("Владимир Путин провёл совещание.") == []
    assert codes("Выступил Владимир Иванович, директор школы.") == []


def test_kirov_city_versus_surname_and_street() -> None:
    assert codes("В Кирове построят мост.") == ["RU-KIR"]
    assert codes("Памятник Сергею Кирову отреставрировали.") == []
    assert codes("Магазин на улице Кирова закрылся.") == []
    assert codes("Завод имени Кирова выпустил трактор.") == []


def test_mir_town_versus_peace() -> None:
    assert codes("Мир и согласие важнее всего.") == []
    assert codes("Туристы приехали в Мир посмотреть замок.") == []
    assert codes("Туристы приехали в Мир посмотреть замок, гордость Гродненской области.") == ["BY-HR"]


def test_grozny_and_ivanovo() -> None:
    assert codes("В Грозном прошла встреча.") == ["RU-CE"]
    assert codes("Он бросил грозный взгляд.") == []
    assert codes("В Иванове открыли фабрику.") == ["RU-IVA"]
    assert codes("С докладом выступила Ирина Иванова.") == []


def test_belgorod_versus_belgorod_dnestrovsky() -> None:
    assert codes("Фестиваль прошёл в Белгороде.") == ["RU-BEL"]
    assert codes("Фестиваль прошёл в Белгород-Днестровском.") == []


# ---------------------------------------------------------------- output helpers


def test_all_occurrences_and_region_codes() -> None:
    text = "Смоленск и Гомель — побратимы. В Смоленске ждут гостей из Гомеля."
    found = mentions(text)
    assert [m.code for m in found] == ["RU-SMO", "BY-HO", "RU-SMO", "BY-HO"]
    assert region_codes(found) == ["BY-HO", "RU-SMO"]
    assert [text[m.start : m.end] for m in found] == ["Смоленск", "Гомель", "Смоленске", "Гомеля"]


def test_district_cases_that_look_like_the_city() -> None:
    """«Смоленском», «Минском» are read by pymorphy as the city in the instrumental; the district still wins."""
    assert rules_of("В Смоленском районе открыли школу.") == {"RU-SMO": {"district->region"}}
    assert rules_of("В Минском районе открыли школу.") == {"BY-MI": {"district->region"}}
    assert codes("Решение принял Минский областной исполнительный комитет.") == ["BY-MI"]


def test_districts_named_after_a_region_or_a_person_are_elsewhere() -> None:
    assert codes("В Ленинградском районе Калининграда открыли сквер.") == ["RU-KGD"]
    assert codes("В Кировском районе Казани открыли школу.") == ["RU-TA"]
    assert codes("Кировский завод выпустил новый трактор.") == []
    assert codes("Кировские аграрии приехали на выставку. Кировская область гордится ими.") == ["RU-KIR"]
    assert len(mentions("Кировские аграрии приехали на выставку. Кировская область гордится ими.")) == 2


def test_colloquial_that_is_also_a_first_name() -> None:
    assert codes("Вечером в Питере открылась выставка.") == ["RU-SPE"]
    assert codes("Детям показали спектакль «Питер Пэн».") == []


def test_unambiguous_capitals_need_no_place_context() -> None:
    text = "Пермь, Калуга, Омск, Ульяновск и Липецк подписали соглашения с Гродно."
    assert codes(text) == sorted(["RU-PER", "RU-KLU", "RU-OMS", "RU-ULY", "RU-LIP", "BY-HR"])


def test_korolev_town_versus_queen() -> None:
    text = "В Королёве открыли технопарк, которым гордится Московская область."
    assert rules_of(text) == {"RU-MOS": {"town", "name"}}
    assert codes("Королева Великобритании посетила выставку. Московская область ждёт гостей.") == ["RU-MOS"]
    assert [m.rule for m in mentions("Королева Великобритании посетила выставку. Московская область ждёт гостей.")] == ["name"]
