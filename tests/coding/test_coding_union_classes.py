"""Classes of union, interregional and regions decisions on real pages, each on texts written for these tests.

Distractors that name a region of one country next to a third country, formats other pairs of countries hold
too, a diplomat's domestic appointment, hyphenated relations with third countries, the outlet's own country
known only from its domain, and page furniture that hid an article or made a headline a tag line.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text
from regionlens.coding.furniture import classify_furniture, classify_line
from regionlens.coding.metadata import SourceMeta

BOOK = load_codebook()


def rules(text: str, title: str = "", meta: SourceMeta | None = None, lang: str | None = None) -> CodeResult:
    return code_text(text, title, BOOK, lang=lang, meta=meta, learned=False)


# ---------------------------------------------------------------- union: distractors with a third country


def test_a_regional_delegation_to_a_third_country_is_not_the_relation() -> None:
    text = ("Делегация Гомельской области Республики Беларусь посетила Шанхай (КНР). В составе делегации были "
            "руководители комитета экономики облисполкома и предприятий области. Делегация приняла участие в "
            "китайско-белорусском бизнес-форуме. В ходе визита прошли встречи с руководителями китайских компаний. "
            "Китайская сторона проявила интерес к поставкам молочной продукции. Стороны договорились продолжить "
            "переговоры о сотрудничестве, участвовал и представитель торгпредства РФ.")
    result = rules(text, "Визит делегации Гомельской области в Китай")
    assert result.values["union"] == 0
    # the same visit to a Russian region is the relation
    ours = text.replace("Шанхай (КНР)", "Брянск").replace("китайско-белорусском", "белорусско-российском")
    assert rules(ours, "Визит делегации Гомельской области в Брянск").values["union"] == 1


def test_a_forum_of_regions_of_belarus_and_a_third_country_is_not_the_union() -> None:
    text = ("В рамках форума регионов Беларуси и Украины, который проходит в Житомире, подписаны соглашения о "
            "сотрудничестве между областями двух стран. Глава Николаевской области подписал соглашение с "
            "председателем Минского облисполкома.")
    assert rules(text, "Области подписали соглашения на форуме в Житомире").values["union"] == 0
    ours = "В рамках Форума регионов в Могилеве подписаны соглашения о сотрудничестве между областями."
    assert rules(ours, "Соглашения подписаны").values["union"] == 1


def test_a_hyphenated_relation_with_a_third_country_makes_no_side() -> None:
    text = ("Пограничники задержали группу мигрантов. Двое граждан России пытались провести их через лес к "
            "белорусско-литовской границе, сообщает пограничная служба.")
    result = rules(text, "Задержаны нарушители границы")
    assert result.values["union"] == 0
    assert not any(e.variable == "union" for e in result.evidence)


def test_an_ambassadors_domestic_appointment_is_not_the_relation() -> None:
    text = ("Президент Беларуси назначил посла Беларуси в России Ивана Петрова председателем Витебского "
            "облисполкома. До назначения Петров два года работал в России в ранге чрезвычайного и полномочного "
            "посла. Руководство Витебской областью он примет от своего предшественника.")
    result = rules(text, "Назначен новый председатель Витебского облисполкома")
    assert result.values["union"] == 0
    assert result.values["interregional"] == 0
    # an ambassador who acts in the host country's region is the relation: the sending country is a side
    visit = ("Посол Беларуси в России встретился с губернатором Смоленской области. Стороны обсудили поставки "
             "техники и сотрудничество предприятий.")
    assert rules(visit, "Встреча в администрации области").values["union"] == 1


def test_the_outlets_country_comes_from_its_domain_when_the_registry_is_silent() -> None:
    # a Russian governor speaks of «our partner» in Belarus without naming Russia
    text = ("Губернатор отметил, что в рамках рабочих групп ведётся активное взаимодействие. «Наш дорогой "
            "партнёр — Гомельская область. В мае мы принимали гостей у себя, а в эти выходные я побывал на "
            "Гомельщине», — сказал он.")
    title = "Губернатор рассказал о поездке"
    assert rules(text, title, SourceMeta(url="https://news.example.ru/politics/1")).values["union"] == 1
    assert rules(text, title, SourceMeta(url="https://news.example.com/politics/1")).values["union"] == 0


# ---------------------------------------------------------------- furniture that hid the article


def test_a_headline_with_a_preposition_and_a_country_is_not_a_tag_line() -> None:
    assert classify_line("В Смоленске открылось отделение посольства Республики Беларусь") is None
    assert classify_line("Россия Белоруссия Смоленск Витебск политика общество экономика") == "tags"


def test_an_article_cut_off_at_the_excerpts_end_is_not_a_teaser_list() -> None:
    page = ("Ваш город ?\n\n"
            "В Гомеле открылся центр белорусско-российского сотрудничества\n\n"
            "В Гомеле открылся центр белорусско-российского сотрудничества\n\n"
            "Фото: пресс-служба\n"
            "5 июля 2020 в 11:41\n\n"
            "В Гомеле прошла торжественная церемония открытия центра при участии губерн")
    assert not [s for s in classify_furniture(page) if s.rule == "teaser-list"]
    # after an article, the same run of headlines is a list of other stories
    article = "Губернатор провёл приём граждан. На приём пришли двенадцать человек.\n\n"
    teasers = ("В Брянске открылся новый детский сад\n"
               "Смоляне выиграли турнир по мини-футболу\n"
               "Под Псковом отремонтируют мост через реку\n")
    kinds = {page_text(article + teasers, s) for s in classify_furniture(article + teasers) if s.rule == "teaser-list"}
    assert "Смоляне выиграли турнир по мини-футболу" in kinds


def test_a_line_of_two_sentences_is_running_text_not_a_teaser() -> None:
    text = ("Губернатор провёл приём граждан. На приём пришли двенадцать человек.\n\n"
            "В Брянске открылся новый детский сад\n"
            "Смоляне выиграли турнир по мини-футболу\n"
            "Президент продолжает встречи с руководителями регионов. Сегодня в Минске с перв")
    assert not [s for s in classify_furniture(text) if s.rule == "teaser-list"]


def page_text(text: str, span: object) -> str:
    start, end = span.start, span.end  # type: ignore[attr-defined]
    return text[start:end].strip()


def test_only_the_outlets_own_country_is_a_domestic_story() -> None:
    text = ("Руководство Псковской области подписало множество соглашений с другими регионами страны. "
            "Соглашения с партнёрами из Москвы и Санкт-Петербурга дают области новые контракты. "
            "Сотрудничество с соседями по округу развивается.")
    home = SourceMeta(url="https://pskov-news.ru/society/1")
    assert rules(text, "В чём польза соглашений", home).values["union"] == 0


def test_classical_belarusian_relation_words() -> None:
    text = "Беларускі ўрад заявіў пра гэта ў аўторак. Дачыненьні з Расеяй застаюцца стабільнымі."
    assert rules(text, "Заява ўраду", lang="be").values["union"] == 1


def test_english_pages_of_belarusian_bodies_name_contacts_in_their_own_words() -> None:
    text = ("The Belarusian State University welcomed its new students. "
            "Collaboration with Russian universities is growing.")
    assert rules(text, "News of the university").values["union"] == 1


def test_sport_and_weather_stories_name_both_countries_without_a_relation() -> None:
    match = ("Белорусский клуб «Неман» обыграл в матче чемпионата российский «Торпедо». Тренер похвалил игроков "
             "за второй период, соперник забил лишь один гол. Следующий матч пройдёт в субботу.")
    assert rules(match, "«Неман» победил «Торпедо»").values["union"] == 0
    weather = ("Синоптики обещают мороз: циклон из Белоруссии принесёт в Смоленскую область снег. Температура "
               "опустится до минус двадцати градусов, осадки продлятся до выходных.")
    assert rules(weather, "Погода на выходные").values["union"] == 0
    # sport cooperation named as such is the relation
    cooperation = ("Спортивные федерации России и Белоруссии подписали соглашение о сотрудничестве. Совместный "
                   "турнир пройдёт в Минске, матчи сборных состоятся в июне. Сотрудничество тренеров продолжится, "
                   "а обмен игроками станет регулярным.")
    assert rules(cooperation, "Соглашение о сотрудничестве в хоккее").values["union"] == 1


# ---------------------------------------------------------------- furniture that named regions


def test_a_menu_of_towns_and_a_masthead_city_name_no_region() -> None:
    page = ("Выбор города\n  • Балашиха\n  • Красногорск\n  • Химки\n\n"
            "В Смоленске открылось отделение посольства Республики Беларусь\n\n"
            "В Смоленске прошла торжественная церемония открытия отделения посольства.")
    assert rules(page).values["regions"] == ["RU-SMO"]
    masthead = ("Главные новости Санкт-Петербурга\nСанкт-Петербург\n\n"
                "В Витебске прошли народные гуляния. Специальным гостем стала Ленинградская область.")
    assert rules(masthead).values["regions"] == ["BY-VI", "RU-LEN"]


def test_a_tag_line_with_abbreviated_region_names_is_furniture() -> None:
    line = "Глеб Никитин Роман Головченко Россия Белоруссия Нижегородская обл. Минск Глеб Никитин Роман Головченко"
    assert classify_line(line) == "tags"
    assert classify_line("Губернатор посетил г. Минск и встретился с коллегами.") is None


def test_lacinka_names_both_countries() -> None:
    text = "Biełaruś i Rasija padpisali novaje pahadnieńnie ab supracoŭnictvie ŭ halinie adukacyi."
    assert rules(text, "Novaje pahadnieńnie", lang="be").values["union"] == 1
