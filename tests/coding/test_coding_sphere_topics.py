"""Topic classes from the real development set's disagreements, on texts written for these tests.

One test per class of phenomenon: what makes POL (twinning, diplomacy, a political head of a Union State
noun) and what does not (the Union State as a mere owner), whose sphere a deal is (an energy contract, a
food ban), and when media are a sphere (a media holding) rather than the audience of a statement.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text

BOOK = load_codebook()


def rules(text: str, title: str = "", lang: str | None = None) -> CodeResult:
    """The rules' decisions alone (the learned layer is tested in test_coding_learned.py)."""
    return code_text(text, title, BOOK, lang=lang, learned=False)


def topics(text: str, title: str = "", lang: str | None = None) -> list[str]:
    return list(rules(text, title, lang).values["topics"])


def test_twinning_is_political_relations() -> None:
    text = ("Могилёв и Тула — побратимы уже двадцать лет. Этой осенью города обменяются делегациями "
            "творческих коллективов.")
    assert "POL" in topics(text, "Города-побратимы отметили юбилей дружбы")
    be = "Магілёў і Тула — гарады-пабрацімы ўжо дваццаць гадоў. Восенню гарады абмяняюцца дэлегацыямі."
    assert "POL" in topics(be, "Пабрацімы адзначылі юбілей", lang="be")
    en = "Gomel and Kursk renewed their twinning ties and agreed on mutual visits of folk ensembles."
    assert "POL" in topics(en, "Gomel and Kursk renew ties", lang="en")


def test_embassies_and_diplomatic_relations_are_political() -> None:
    text = ("Россия готовится открыть отделения посольства в Витебске и Гомеле. Сейчас в Бресте и Гродно "
            "работают генеральные консульства.")
    assert "POL" in topics(text, "Россия откроет новые представительства в Беларуси")


def test_union_state_as_the_owner_of_a_person_or_a_contest_is_not_political() -> None:
    text = ("Госсекретарь Союзного государства осмотрел выставку картин витебских художников в Пскове. "
            "Экспозиция в музее открыта до конца месяца.")
    got = topics(text, "В Пскове открылась выставка художников")
    assert "CULT" in got and "POL" not in got
    en = "The secretary of the Union State visited an exhibition of Vitebsk painters at the Pskov museum."
    got = topics(en, "Painters from Vitebsk exhibit in Pskov", lang="en")
    assert "CULT" in got and "POL" not in got
    # a political head keeps it: the Union State's budget, programmes, council
    budget = "Депутаты обсудили бюджет Союзного государства на следующий год и новые союзные программы."
    assert "POL" in topics(budget, "Депутаты обсудили бюджет")
    within = "Стороны планируют новую программу работ в рамках Союзного государства по чернобыльской теме."
    assert "POL" in topics(within, "Новая программа")


def test_a_gas_contract_is_energy_not_trade_or_an_agreement() -> None:
    text = ("Газпром и белорусская сторона подписали контракт на поставку газа на следующий год. "
            "Цена газа для республики составит 128 долларов за тысячу кубометров.")
    assert topics(text, "Цена на газ для Беларуси определена") == ["ENERGY"]


def test_a_veterinary_ban_on_food_is_agriculture_only() -> None:
    text = ("Россельхознадзор запретил ввоз в Россию молочной продукции трёх белорусских предприятий. "
            "Запрет на импорт молока и сыра введён из-за нарушений ветеринарных требований.")
    result = rules(text, "Россия запретила ввоз белорусского молока")
    assert result.values["problem"] == 1
    assert "AGRI" in result.values["topics"] and "ECON" not in result.values["topics"]


def test_reporters_asked_are_no_media_sphere_but_a_media_holding_is() -> None:
    text = ("«Цена останется прежней», — сказал вице-премьер журналистам после встречи. Позже министр "
            "рассказал журналистам о транзите газа. Журналистам также показали новый терминал.")
    assert "INFO" not in topics(text, "Цена на газ останется прежней")
    be = ("«Цана застанецца ранейшай», — сказаў Сямашка журналістам. Мілер расказаў журналістам пра транзіт газу. "
          "Журналістам паказалі новы тэрмінал.")
    assert "INFO" not in topics(be, "Цана на газ застанецца ранейшай", lang="be")
    holding = "Президенты предложили создать общий медиахолдинг двух стран и расширять информационное пространство."
    assert "INFO" in topics(holding, "Союзные СМИ")


def test_history_in_passing_is_no_culture_but_memory_named_is() -> None:
    text = ("Впервые в истории области губернатор подписал соглашение о поставках зерна в Гомель. "
            "Стороны договорились о поставках техники.")
    assert "CULT" not in topics(text, "Губернатор подписал соглашение")
    memory = ("В Витебске открыли выставку об истории партизанского движения. Исторические документы "
              "передал Псковский музей.")
    assert "CULT" in topics(memory, "Выставка об общей истории")


def test_a_named_sphere_of_defence_counts_from_one_mention() -> None:
    sec = "Стороны обсудили вопросы военно-технического сотрудничества и торговли."
    assert "SEC" in topics(sec, "Визит в Минск")
    en = "The presidents approved 28 union programmes and an updated military doctrine of the Union State."
    assert "SEC" in topics(en, "Union programmes approved", lang="en")


def test_sphere_stems_do_not_catch_unrelated_words() -> None:
    # Belarusian «мясцовы» (local) is not meat, «Грузія» (Georgia) is not cargo, a news «партал» is not a port
    be = ("Мясцовыя ўлады Віцебска сустрэліся з дэлегацыяй з Грузіі. Пра сустрэчу паведаміў "
          "інфармацыйны партал горада.")
    got = topics(be, "Мясцовыя ўлады сустрэлі гасцей", lang="be")
    assert "AGRI" not in got and "TRANS" not in got
    ru = "Председатель облисполкома Мясникович встретился с делегацией из Грузии в Мясниковском районе."
    assert "AGRI" not in topics(ru, "Встреча с делегацией")


def test_names_built_on_a_sphere_word_are_places_not_spheres() -> None:
    text = ("В делегацию вошли главы приграничных муниципальных образований. Встреча прошла во Дворце спорта "
            "Витебска, стороны обсудили поставки зерна.")
    got = topics(text, "Главы районов обсудили поставки")
    assert "EDU" not in got and "TOUR" not in got
