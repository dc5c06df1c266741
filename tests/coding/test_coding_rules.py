"""Coding rules on sentences written for the tests: one rule per test, evidence checked against the text."""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text
from regionlens.coding.furniture import strip_furniture


def code(text: str, title: str = "", lang: str | None = None) -> CodeResult:
    # the rules alone: the learned layer may overrule them where grouped CV showed it does better on real text
    result = code_text(text, title, lang=lang, learned=False)
    for e in result.evidence:  # every span must point at what it claims
        source = title if e.field == "title" else text
        assert source[e.start : e.end] == e.surface, e
    return result


def ev(result: CodeResult, variable: str) -> list[str]:
    return [e.surface for e in result.evidence if e.variable == variable]


def test_negation_voids_problems_and_keeps_positive_tone() -> None:
    r = code(
        "Губернатор Смоленской области и председатель Витебского облисполкома подписали соглашение о сотрудничестве. "
        "Поставки продукции идут без проблем, никаких барьеров нет.",
        "Смоленская и Витебская области договорились",
    )
    assert r.values["problem"] == 0
    voided = {e.surface: e.rule for e in r.evidence if e.variable == "problem"}
    assert voided == {"проблем": "negated", "барьеров": "negated"}
    assert r.values["tone"] == 1


def test_denied_problem_is_not_a_problem() -> None:
    text = ("Витебская область и Псковская область расширяют сотрудничество. "
            "Санкции не повлияли на сотрудничество наших регионов, отметил губернатор Псковской области.")
    r = code(text)
    assert r.values["problem"] == 0
    assert [e.rule for e in r.evidence if e.variable == "problem"] == ["denied"]
    assert r.values["genre"] == "NEWS"


def test_raised_problem_with_decline_and_criticism_is_negative() -> None:
    r = code(
        "Товарооборот Брестской области с Владимирской областью сократился на 12%. Перевозчики жалуются на очереди "
        "на границе, проблема не решена, критика звучит все громче. Совместные проекты сорваны.",
        "Торговля Бреста и Владимира падает",
    )
    assert r.values["problem"] == 1
    assert r.values["tone"] == -1
    assert {"сократился", "критика"} <= set(ev(r, "problem"))
    assert r.values["substantive"] == 1  # a figure and a real discussion of problems


def test_third_party_barrier_is_not_a_problem_of_the_relation() -> None:
    r = code("Гродненская область и Калининградская область наладили перевозки грузов. "
             "Литва ввела запрет на транзит, и барьер пришлось обходить через морской порт.")
    assert r.values["union"] == 1
    assert r.values["problem"] == 0
    assert {e.rule for e in r.evidence if e.variable == "problem"} == {"third-party"}


def test_capitals_as_governments_are_not_regions_but_places_are() -> None:
    gov = code("Москва и Минск договорились о цене на газ для Беларуси и России на следующий год.", "Россия и Беларусь договорились")
    assert gov.values["regions"] == []
    assert gov.values["union"] == 1
    assert gov.values["interregional"] == 0
    place = code("В Минске прошли Дни Санкт-Петербурга. Правительство Москвы и Мингорисполком подписали программу сотрудничества.")
    assert place.values["regions"] == ["BY-HM", "RU-MOW", "RU-SPE"]
    assert place.values["interregional"] == 1
    assert "REG" in place.values["actors"]


def test_protocol_versus_substantive() -> None:
    protocol = code("Брестская и Владимирская области подписали соглашение о торгово-экономическом, научно-техническом и "
                    "культурном сотрудничестве. Во встрече приняли участие 40 человек.", "Подписано соглашение")
    assert protocol.values["substantive"] == 0
    concrete = code("Гомельская и Брянская области подписали дорожную карту. Завод «Гомсельмаш» поставит в Брянскую область "
                    "120 комбайнов, товарооборот вырос до 450 млн долларов.")
    assert concrete.values["substantive"] == 1
    figures = ev(concrete, "substantive")
    assert "120 комбайнов" in figures and "450 млн" in figures and "Гомсельмаш" in figures


def test_interview_form() -> None:
    text = ("Председатель Могилевского облисполкома рассказал о связях с российскими регионами.\n\n"
            "— Как развивается сотрудничество с Брянской областью?\n\n— Очень успешно, мы подписали новую дорожную карту.\n\n"
            "— А что с торговлей?\n\n— Товарооборот растет.")
    r = code(text, "«Мы открыты для партнеров»")
    assert r.values["genre"] == "INTERVIEW"
    assert r.values["union"] == 1 and r.values["interregional"] == 1
    reported = code("Председатель Могилевского облисполкома рассказал, что сотрудничество с Брянской областью развивается успешно.")
    assert reported.values["genre"] == "NEWS"


def test_official_greeting_and_analysis() -> None:
    greeting = code("Уважаемые жители Смоленской области!\n\nОт имени Витебского облисполкома поздравляю вас с Днем единения "
                    "народов Беларуси и России. Желаю вам мира и добра.\n\nПредседатель Витебского облисполкома",
                    "Поздравление председателя Витебского облисполкома")
    assert greeting.values["genre"] == "OFFICIAL"
    assert greeting.values["substantive"] == 0
    column = code("Почему районные газеты молчат о побратимах из России? На мой взгляд, дело не в редакторах. "
                  "Зачем тогда подписывать соглашения с белорусскими соседями?", "Колонка обозревателя")
    assert column.values["genre"] == "ANALYSIS"


def test_belarusian_text() -> None:
    r = code("Віцебскі аблвыканкам і губернатар Смаленскай вобласці падпісалі пагадненне аб супрацоўніцтве ў сферы адукацыі "
             "і культуры. Студэнты Віцебскага ўніверсітэта паедуць у Смаленск.",
             "Віцебская і Смаленская вобласці будуць супрацоўнічаць")
    assert r.values["regions"] == ["BY-VI", "RU-SMO"]
    assert r.values["union"] == 1 and r.values["interregional"] == 1
    assert {"CULT", "EDU"} <= set(r.values["topics"])
    assert "REG" in r.values["actors"]
    assert "аблвыканкам" in ev(r, "actors") and "губернатар" in ev(r, "actors")


def test_university_merely_located_is_not_interregional() -> None:
    r = code("Витебский медицинский университет и Смоленский медицинский университет провели совместную конференцию "
             "врачей Беларуси и России.")
    assert r.values["union"] == 1
    assert r.values["interregional"] == 0
    assert r.values["actors"] == ["CIV"]


def test_dateline_is_furniture() -> None:
    text = "МИНСК, 3 июля /БЕЛТА/ – Беларусь и Россия подписали соглашение о сотрудничестве в сфере энергетики."
    clean, spans = strip_furniture(text, load_codebook())
    assert len(clean) == len(text) and spans and spans[0][2] == "dateline"
    assert clean.lstrip().startswith("Беларусь")
    r = code(text)
    assert r.values["regions"] == []
    assert all(e.start >= spans[0][1] for e in r.evidence if e.field == "text")


def test_union_zero_forces_dependent_variables() -> None:
    r = code("В Смоленске на улице Минской открылся новый спорткомплекс. Глава города перерезал ленточку. "
             "Проблем с финансированием, к сожалению, хватает.")
    assert r.values["union"] == 0
    assert (r.values["interregional"], r.values["substantive"], r.values["problem"], r.values["tone"]) == (0, 0, 0, 0)
    assert "RU-SMO" in r.values["regions"] and "TOUR" in r.values["topics"]


def test_wreaths_alone_are_not_culture_and_energy_dispute_is_energy_only() -> None:
    wreath = code("Делегации Брянской и Гомельской областей возложили венки к монументу на границе. "
                  "Минутой молчания почтили память погибших.")
    assert "CULT" not in wreath.values["topics"]
    energy = code("Беларусь и Россия продолжают спор о цене на нефть: налоговый маневр бьет по белорусскому бюджету, "
                  "потери составили 400 млн долларов. Переговоры о компенсации зашли в тупик.")
    assert energy.values["topics"] == ["ENERGY"]
    assert energy.values["problem"] == 1


def test_third_country_officials_are_not_coded() -> None:
    r = code("Губернатор провинции Хэнань посетил Гродненскую область. Китай и Беларусь расширят сотрудничество.")
    assert r.values["union"] == 0
    assert "REG" not in r.values["actors"]


def test_unaffiliated_quoted_speaker_is_a_citizen() -> None:
    r = code("Гомельская и Брянская области открыли новый автобусный маршрут между райцентрами. «Теперь к сестре "
             "в Брянск езжу без пересадок», – рассказала Анна Ковалева.")
    assert "CIT" in r.values["actors"]
    assert "Анна Ковалева" in ev(r, "actors")
    titled = code("Гомельская и Брянская области открыли новый маршрут. «Маршрут востребован», – сказал глава района Иван Петров.")
    assert "CIT" not in titled.values["actors"] and "LOC" in titled.values["actors"]


def test_ner_enrichment_only_adds() -> None:
    text = "Председатель Гомельского облисполкома и губернатор Брянской области обсудили поставки техники ОАО «Гомсельмаш»."
    plain = code_text(text)
    enriched = code_text(text, ner=True)
    assert set(plain.values["actors"]) <= set(enriched.values["actors"])
    assert {k: v for k, v in plain.values.items() if k != "actors"} == {k: v for k, v in enriched.values.items() if k != "actors"}


def test_problem_raised_in_a_question_and_denied_in_the_answer() -> None:
    text = ("Директор завода рассказал о поставках в Брянскую область и сотрудничестве с белорусскими партнерами.\n\n"
            "— Санкции не осложнили работу с Беларусью?\n\n— Никак. Ни один контракт не сорвался, санкции нас только сблизили.\n\n"
            "— Какие планы?\n\n— Увеличить поставки.")
    r = code(text, "«Мы работаем как единая команда»")
    assert r.values["genre"] == "INTERVIEW"
    assert r.values["problem"] == 0
    assert {e.rule for e in r.evidence if e.variable == "problem"} == {"denied in the answer"}
    raised = code(text.replace("— Никак.", "— Да, осложнили."))
    assert raised.values["problem"] == 1


def test_belarusian_entries_do_not_match_russian_lookalikes() -> None:
    # «разам» (be: together) would lemmatise to Russian «раз»; «нов*»-style stems must not catch «Новгород».
    r = code("Делегация Нижнего Новгорода в третий раз посетила Минск, где обсудила с Мингорисполкомом сотрудничество.")
    assert not [e for e in r.evidence if e.variable == "tone" and e.surface in ("раз", "Новгорода")]


def test_biography_is_not_a_relation() -> None:
    r = code("Почетным гражданином Калуги стал ветеран Иван Сидоров. Он родился в деревне под Оршей Витебской области, "
             "после войны связал жизнь с Калугой и до сих пор поддерживает связь с земляками.")
    assert r.values["union"] == 0
    assert {"BY-VI", "RU-KLU"} <= set(r.values["regions"])


def test_absent_officials_do_not_act() -> None:
    r = code("Университеты Гродно и Смоленска подписали соглашение о сотрудничестве без губернаторов.")
    assert "REG" not in r.values["actors"]
    assert r.values["interregional"] == 0


def test_other_dateline_forms_and_credits_are_furniture() -> None:
    book = load_codebook()
    for text in ("ГОМЕЛЬ, 12 марта (Sputnik) – Гомельская область", "Минск, 3 июля. /БЕЛТА/. Гомельская область",
                 "МІНСК, 3 ліпеня /БЕЛТА/ – Гомельская область", "БРЯНСК, 14 апреля 2027 – Гомельская область"):
        clean, _ = strip_furniture(text, book)
        assert clean.strip() == "Гомельская область", text
    clean, spans = strip_furniture("Текст.\nЧитайте также: Брянск ждет гостей\nФото: пресс-служба облисполкома\nЕще текст", book)
    assert [s[2] for s in spans] == ["see-also", "credit"]
    assert "Брянск" not in clean and "Еще текст" in clean
    kept, none = strip_furniture("Минск и Москва, 3 марта подписали соглашение", book)
    assert not none and kept.startswith("Минск и Москва")
