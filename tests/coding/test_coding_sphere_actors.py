"""Actor classes from the real development set's disagreements, on texts written for these tests.

One test per class of phenomenon: who is civil society (a named journalist as the analyst, a named club,
a named school — not reporters asked, a governor's team or schools in passing), what is a personal name
(not a region, a country or an outlet), who is business (carriers, investors), and which level a body
is on when the text names its unit with a generic word or sends a delegation.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text

BOOK = load_codebook()


def rules(text: str, title: str = "", lang: str | None = None) -> CodeResult:
    """The rules' decisions alone (the learned layer is tested in test_coding_learned.py)."""
    return code_text(text, title, BOOK, lang=lang, learned=False)


def actors(text: str, title: str = "", lang: str | None = None) -> list[str]:
    return list(rules(text, title, lang).values["actors"])


def test_reporters_asked_are_not_civil_society_but_a_named_analyst_is() -> None:
    asked = ("«Цены на газ не изменятся», — сказал журналистам вице-премьер Беларуси. Журналистам показали "
             "новый терминал.")
    assert "CIV" not in actors(asked, "Цены на газ не изменятся")
    analyst = ("Журналист Андрей Бабицкий разбирается, почему Минск требует компенсации за налоговый манёвр "
               "России и к чему приведёт спор.")
    assert "CIV" in actors(analyst, "Почему Минск требует компенсации")


def test_schools_in_passing_are_no_actor_a_named_school_is() -> None:
    passing = "В школах и гимназиях Витебской области начался учебный год, сообщили в облисполкоме."
    assert "CIV" not in actors(passing, "Учебный год начался")
    named = ("Школа «Интеллект» из Витебска и псковская гимназия «Лидер» подписали договор об обмене "
             "учениками.")
    assert "CIV" in actors(named, "Школы двух городов договорились об обмене")


def test_a_team_is_a_club_only_with_its_name() -> None:
    team = "В выходные я со своей командой побывал на Гомельщине. Хороший край, трудолюбивые люди."
    assert "CIV" not in actors(team, "Губернатор побывал на Гомельщине")
    club = "Местная команда «Динамо» обыграла гостей из Гомеля со счётом 2:1."
    assert "CIV" in actors(club, "Брестское «Динамо» победило")


def test_an_outlet_or_a_country_after_a_noun_is_not_a_persons_name() -> None:
    outlet = ("Что даёт сотрудничество с Белоруссией области и её жителям – разбиралась Псковская Лента "
              "Новостей.")
    assert "CIT" not in actors(outlet, "Что даёт сотрудничество")
    country = "Россельхознадзор ограничил ввоз продукции предприятий Республики Беларусь в Смоленскую область."
    assert "BUS" not in actors(country, "Ввоз ограничен")
    person = "«Очереди на границе стали короче», — рассказала жительница Витебска Ольга Т."
    assert "CIT" in actors(person, "Очереди на границе")


def test_carriers_and_investors_are_business() -> None:
    text = ("Инвесторы из Брянской области вложат средства в завод в Гомеле. Перевозчики ждут открытия "
            "нового пункта пропуска.")
    assert "BUS" in actors(text, "Брянские инвесторы придут в Гомель")
    en = ("Belarusian carriers say the new permits will ruin them. Carriers and farmers from Brest "
          "asked the ministry for help; the carriers have already cut routes.")
    assert "BUS" in actors(en, "Carriers protest new permits", lang="en")


def test_a_generic_unit_word_after_a_title_names_its_level() -> None:
    reg = "В правительстве области рассказали о поставках льна в Беларусь."
    got = actors(reg, "Лён для Беларуси")
    assert "REG" in got and "FED" not in got
    loc = "Глава района встретился с делегацией из Оршанского района Витебской области."
    assert "LOC" in actors(loc, "Встреча с делегацией")


def test_a_regions_delegation_is_regional_a_capitals_is_undecided() -> None:
    region = "Делегация Курской области прибыла в Беларусь с официальным визитом."
    assert "REG" in actors(region, "Куряне в Беларуси")
    capital = "Делегация Челябинска посетила выставку в Минске."
    got = actors(capital, "Гости из Челябинска")
    assert "REG" not in got and "LOC" not in got


def test_a_name_after_another_title_is_not_the_citizens_name() -> None:
    text = "С праздником поздравил жителей региона губернатор Алексей Богомаз."
    assert "CIT" not in actors(text, "Губернатор поздравил земляков")
    en = "The number of residents of the Great Stone Industrial Park could double, the park's head said."
    assert "CIT" not in actors(en, "Great Stone park grows", lang="en")


def test_the_head_of_state_office_is_national() -> None:
    text = ("Губернатор Свердловской области и глава администрации президента Беларуси договорились о поставках "
            "техники.")
    got = actors(text, "Договорились о поставках")
    assert "FED" in got and "LOC" not in got


def test_the_city_executive_committee_of_minsk_is_regional_in_english() -> None:
    text = "An agreement was concluded between Minsk City Executive Committee and the Tula Oblast Government."
    got = actors(text, "Minsk and Tula sign agreement", lang="en")
    assert "REG" in got and "LOC" not in got


def test_an_institution_named_by_its_proper_adjectives_takes_part() -> None:
    text = "Губернатор Псковской области подписал меморандум об обмене специалистами с Витебским государственным университетом."
    assert "CIV" in actors(text, "Подписан меморандум об обмене специалистами")
    # the same noun without a proper name, in an oblique case, is only mentioned
    plain = "Псковский губернатор рассказал о поездке, программе визита и встрече с университетом."
    assert "CIV" not in actors(plain, "Губернатор рассказал о поездке")


def test_a_named_speaker_after_a_dialogue_dash_is_a_citizen() -> None:
    text = "Очередь на границе двигалась медленно. Стоим уже третий час, – рассказал Николай Сидоренко из Орши."
    assert "CIT" in actors(text, "Очереди на границе")
    # a citizen's noun, a preposition of origin and a town before the name: the name is still the citizen's
    driver = "На границе снова очередь, рассказал водитель из Орши Николай Сидоренко."
    assert "CIT" in actors(driver, "Очереди на границе")
    appositive = "Город готовится к празднику, – центральная площадь украшена флагами Беларуси и России."
    assert "CIT" not in actors(appositive, "Город готовится к празднику")


def test_the_named_author_of_a_commentary_and_civic_bodies_are_civil_society() -> None:
    comment = "Комментарий Георгия Петрова. Минск и Москва снова спорят о цене на нефть и пошлинах."
    assert "CIV" in actors(comment, "Нефтяной спор")
    delegation = ("В составе делегации Курской области – руководители предприятий, учреждений образования и "
                  "культуры.")
    assert "CIV" in actors(delegation, "Делегация Курской области в Минске")
    be = "Пасол сустрэўся ў Віцебску з актывістамі грамадзянскай супольнасці і мясцовымі прадпрымальнікамі."
    assert "CIV" in actors(be, "Сустрэча ў Віцебску", lang="be")


def test_an_office_mentioned_in_passing_is_no_federal_actor() -> None:
    text = ("Губернатор Брянской области отметил, что сотрудничество развивается в русле политики наших "
            "президентов. Область готова расширять поставки техники в Гомель.")
    assert "FED" not in actors(text, "Брянщина расширит поставки")
    met = "Губернатор Брянской области встретился с президентом Беларуси Александром Лукашенко."
    assert "FED" in actors(met, "Встреча в Минске")


def test_a_government_without_owner_in_a_regional_story_is_regional() -> None:
    text = ("Губернатор Тульской области и председатель правительства Юрий Андрианов подписали соглашение "
            "о поставках в Беларусь.")
    got = actors(text, "Тула и Гомель подписали соглашение")
    assert "REG" in got and "FED" not in got
    national = "Правительство России одобрило соглашение с Беларусью о поставках нефти."
    assert "FED" in actors(national, "Соглашение одобрено")


def test_district_and_city_bodies_in_full_are_local_and_a_capital_citys_regional() -> None:
    text = "Председатель Смоленской районной Думы поздравил земляков с Днём единения народов."
    assert "LOC" in actors(text, "Поздравление с Днём единения")
    full = "В составе делегации – председатель Лепельского районного исполнительного комитета."
    assert "LOC" in actors(full, "Делегация в Пскове")
    minsk = "Соглашение подписали Минский городской исполнительный комитет и правительство Тульской области."
    got = actors(minsk, "Минск и Тула подписали соглашение")
    assert "REG" in got and "LOC" not in got
