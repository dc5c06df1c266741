"""Actor classes from the real development set's disagreements, on texts written for these tests.

One test per class of phenomenon: who is civil society (a named club, not a governor's team; the named
author of a commentary; educational institutions and activists), who is a citizen (a named speaker after a
dialogue dash), who is business (carriers, investors), which level a body is on (the head of state's office,
Minsk's city executive committee, district bodies in full, a government with no owner) and when an office is
only mentioned.
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


def test_a_team_is_a_club_only_with_its_name() -> None:
    team = "В выходные я со своей командой побывал на Гомельщине. Хороший край, трудолюбивые люди."
    assert "CIV" not in actors(team, "Губернатор побывал на Гомельщине")
    club = "Местная команда «Динамо» обыграла гостей из Гомеля со счётом 2:1."
    assert "CIV" in actors(club, "Брестское «Динамо» победило")


def test_carriers_and_investors_are_business() -> None:
    text = ("Инвесторы из Брянской области вложат средства в завод в Гомеле. Перевозчики ждут открытия "
            "нового пункта пропуска.")
    assert "BUS" in actors(text, "Брянские инвесторы придут в Гомель")
    en = ("Belarusian carriers say the new permits will ruin them. Carriers and farmers from Brest "
          "asked the ministry for help; the carriers have already cut routes.")
    assert "BUS" in actors(en, "Carriers protest new permits", lang="en")


def test_the_head_of_state_office_is_national() -> None:
    text = ("Губернатор Свердловской области и глава администрации президента Беларуси договорились о поставках "
            "техники.")
    got = actors(text, "Договорились о поставках")
    assert "FED" in got and "LOC" not in got


def test_the_city_executive_committee_of_minsk_is_regional_in_english() -> None:
    text = "An agreement was concluded between Minsk City Executive Committee and the Tula Oblast Government."
    got = actors(text, "Minsk and Tula sign agreement", lang="en")
    assert "REG" in got and "LOC" not in got


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
