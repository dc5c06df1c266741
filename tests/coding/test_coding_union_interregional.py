"""Interregional: the Forum of Regions as subject or venue, regions of both countries named together, English
parties (texts written for these tests)."""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text

BOOK = load_codebook()


def rules(text: str, title: str = "") -> CodeResult:
    return code_text(text, title, BOOK, learned=False)


def test_the_forum_of_regions_as_the_subject_is_interregional() -> None:
    text = ("Предстоящий XII Форум регионов России и Беларуси станет очередным шагом в развитии Союзного "
            "государства. Форум помогает быстро решать имеющиеся вопросы.")
    assert rules(text, "Форум регионов станет шагом к единству").values["interregional"] == 1
    # one passing mention is not yet the subject
    assert rules(text, "Подвиг героев в нашей памяти").values["interregional"] == 0


def test_the_forum_of_regions_only_as_a_venue_is_not() -> None:
    text = ("Заместитель государственного секретаря Союзного государства заявил на X Форуме регионов Беларуси и "
            "России, что сокращение числа союзных программ недопустимо.")
    result = rules(text, "На Форуме регионов назвали недопустимым сокращение программ")
    assert result.values["union"] == 1
    assert result.values["interregional"] == 0
    universities = ("Университет подписал пять соглашений с российскими вузами на Форуме регионов в Уфе. "
                    "Документы предусматривают обмен студентами.")
    assert rules(universities, "Вуз подписал соглашения на форуме").values["interregional"] == 0


def test_regions_of_both_countries_named_together_are_interregional() -> None:
    text = ("На празднике в Витебске были представлены приграничные регионы Беларуси и России. "
            "Гостей встречали песнями и угощениями.")
    assert rules(text, "В Витебске прошли народные гуляния").values["interregional"] == 1
    # the bare word as an aim of national bodies is not
    aim = ("Отделения посольства России в Витебске и Гомеле будут способствовать развитию межрегиональных связей, "
           "заявил представитель МИД России.")
    assert rules(aim, "Посольство откроет отделения").values["interregional"] == 0


def test_english_regions_named_as_parties_to_an_agreement() -> None:
    text = ("The government of Belarus will sign cooperation agreements with the governments of Bashkortostan, "
            "Khabarovsk Krai and Leningrad Oblast of Russia.")
    assert rules(text, "Belarus to sign cooperation agreements with three Russian regions").values["interregional"] == 1


def test_regional_directorates_of_a_national_service_are_not_regional_authorities() -> None:
    text = ("На границах Смоленской, Псковской и Брянской областей с Белоруссией будет установлена пограничная "
            "зона. Согласно приказам директора ФСБ региональные управления в Смоленской, Псковской и Брянской "
            "областях должны установить места для въезда в погранзону.")
    result = rules(text, "ФСБ распорядилась установить погранзону на границе с Белоруссией")
    assert result.values["union"] == 1
    assert result.values["interregional"] == 0


def test_a_national_leaders_title_is_not_a_regional_authority() -> None:
    text = ("Минск с начала года просил Россию снизить цены на газ. Глава республики Александр Лукашенко "
            "отмечал, что контракт с «Газпромом» следует пересмотреть.")
    assert rules(text, "Долг Белоруссии за газ вырос").values["interregional"] == 0


def test_a_region_and_the_other_country_as_two_parties() -> None:
    text = ("Беларусь и Дагестан приступают к реализации первых кооперационных инициатив в лёгкой "
            "промышленности. Республика открыта и для других сфер.")
    assert rules(text, "Дагестан предлагает выгодные условия").values["interregional"] == 1
    # people from a region and a country are not two parties
    readers = "Свыше 60 чтецов из Псковской области и Белоруссии выступили на конкурсе в Пскове."
    assert rules(readers, "Конкурс чтецов Союзного государства").values["interregional"] == 0


def test_individuals_visiting_a_region_do_not_make_it_a_party() -> None:
    text = "Жительница Витебска Ольга Петрова посетила Псков и встретилась с родственниками из России."
    result = rules(text, "Встреча родственников")
    assert result.values["union"] == 1
    assert result.values["interregional"] == 0
    tourists = "Туристы из Могилевской области посетили Смоленск в рамках тура по России."
    assert rules(tourists, "Туристы из Беларуси").values["interregional"] == 0
    # a region named as a party to an enterprise's agreement still is one
    plant = ("Сборка тракторов началась после заключения соглашения о сотрудничестве между Краснодарским краем и "
             "Минским тракторным заводом.")
    assert rules(plant, "Завод в крае собрал тысячу тракторов «Беларус»").values["interregional"] == 1


def test_a_region_hosting_a_union_state_session_is_not_a_party() -> None:
    text = ("Заседание Совета Министров Союзного государства прошло в Бресте. Премьер-министры России и Беларуси "
            "обсудили союзные программы. Участников приветствовал председатель Брестского облисполкома.")
    result = rules(text, "В Бресте прошло заседание Совмина Союзного государства")
    assert result.values["union"] == 1
    assert result.values["interregional"] == 0
    # authorities of both countries meeting on its sidelines are parties
    sidelines = ("На полях сессии Парламентского собрания губернатор Псковской области встретился с председателем "
                 "Витебского облисполкома.")
    assert rules(sidelines, "Встреча на полях сессии").values["interregional"] == 1


def test_a_region_trading_with_the_other_country_is_a_party() -> None:
    text = "Псковская область поставляет в Беларусь лён и древесину, сообщили в облправительстве."
    assert rules(text, "Итоги года").values["interregional"] == 1
    # a firm that merely sits in the region is not the region
    firm = "Предприятие Псковской области поставляет в Беларусь лён."
    assert rules(firm, "Итоги года").values["interregional"] == 0
    farmers = ("Аграрии Саратовской области месяцами ждут поставок запчастей к белорусской технике, "
               "жалуются фермеры.")
    assert rules(farmers, "Запчасти задерживаются").values["interregional"] == 0
    turnover = "Товарооборот Брянской области с Беларусью вырос на 15 процентов."
    assert rules(turnover, "Итоги года").values["interregional"] == 1


def test_an_authority_in_a_sentence_of_relation_words_takes_part() -> None:
    # a local paper: the countries are named once at the top, the partner district only as «соседний»
    lead = "Белорусские и российские районы развивают связи. В районе открыли новую школу. Отремонтировали дорогу. "
    text = lead + "Председатель райисполкома подписал соглашение о сотрудничестве с соседним районом."
    assert rules(text, "Новости района").values["interregional"] == 1
    # the same authority busy at home is not
    home = lead + "Председатель райисполкома провёл приём граждан по личным вопросам."
    assert rules(home, "Новости района").values["interregional"] == 0
