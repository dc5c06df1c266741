"""Problem classes found in the real development set's errors, each on texts written for these tests.

Idioms and page furniture that contain a problem word, a bare generic word in a headline, a falling burden,
challenges from outside the relation and the joint fight against crime are not problems of the relation;
unresolved talks, cost barriers and cut services are.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text

BOOK = load_codebook()


def rules(text: str, title: str = "", lang: str | None = None) -> CodeResult:
    return code_text(text, title, BOOK, lang=lang, learned=False)


def test_idioms_and_furniture_with_a_problem_word_are_not_problems() -> None:
    text = ("Возрастное ограничение 6+\nГубернатор Нижегородской области провёл переговоры с премьер-министром "
            "Беларуси. Нижегородские заводы поставляют в Беларусь материалы для строительства. В свою очередь из "
            "Беларуси в Нижегородскую область поступают тракторы и автобусы.")
    result = rules(text, "Нижегородская область и Беларусь обсудили поставки")
    assert result.values["union"] == 1
    assert result.values["problem"] == 0


def test_a_generic_problem_word_in_a_headline_states_no_problem() -> None:
    text = ("Интеграция России и Беларуси в Союзном государстве продвинулась дальше других объединений на "
            "постсоветском пространстве. Стороны создали общие органы и приняли союзные программы.")
    assert rules(text, "Союзное государство России и Беларуси: проблемы и перспективы").values["problem"] == 0
    stated = text + " Однако единый рынок газа так и не создан, а сроки переносились трижды."
    assert rules(stated, "Союзное государство России и Беларуси: проблемы и перспективы").values["problem"] == 1


def test_a_falling_burden_is_not_a_decline_of_the_relation() -> None:
    text = ("Белорусская сторона добивается снижения железнодорожного тарифа на перевозку удобрений до российских "
            "портов. В белорусских тракторах доля импортных узлов упала, их заменили российские комплектующие.")
    assert rules(text, "Беларусь и Россия обсуждают перевозки удобрений").values["problem"] == 0
    faster = ("Министры внутренних дел Беларуси и России подписали в Смоленске протокол о сокращении сроков "
              "исполнения запросов о правовой помощи.")
    assert rules(faster, "МВД Беларуси и России провели коллегию").values["problem"] == 0
    decline = ("Товарооборот Витебской области с Псковской областью за полгода снизился на 12 процентов, "
               "поставки льна в Псков сократились.")
    assert rules(decline, "Торговля Витебщины и Псковщины").values["problem"] == 1


def test_challenges_from_outside_and_crime_fought_together_are_not_problems_of_the_relation() -> None:
    outside = ("Россия и Беларусь вместе отвечают на внешнее давление и трудности, созданные санкционным давлением "
               "Запада. Губернатор Орловской области и посол Беларуси обсудили поставки техники.")
    assert rules(outside, "Орловщина и Беларусь обсудили сотрудничество").values["problem"] == 0
    crime = ("Пограничники Беларуси и России перекрыли канал контрабанды сигарет на границе Смоленской и "
             "Витебской областей. Возбуждено уголовное дело против контрабандистов.")
    assert rules(crime, "Пограничники двух стран пресекли контрабанду").values["problem"] == 0


def test_unresolved_talks_cost_barriers_and_cut_services_are_problems() -> None:
    talks = ("Переговоры о цене на российский газ для Беларуси завершились без результата: стороны не сошлись в "
             "оценке формулы расчёта.")
    assert rules(talks, "Цена газа для Беларуси пока не определена").values["problem"] == 1
    cost = ("Белорусская сторона считает перевозку удобрений по российской железной дороге до Мурманска слишком "
            "дорогой.")
    assert rules(cost, "Мурманск и Беларусь обсудили перевалку").values["problem"] == 1
    service = ("Перевозчик прекратил рейсы между Краснинским районом Смоленской области и Оршей Витебской области. "
               "Жители российских деревень остались без прямого автобуса в Беларусь, сообщил глава района.")
    assert rules(service, "Автобус из Смоленщины в Оршу больше не ходит").values["problem"] == 1


def test_technical_tests_are_not_ordeals() -> None:
    text = ("Клинцовский автокрановый завод Брянской области поставит в Гомель партию автокранов. Машины прошли "
            "испытания на полигоне, сообщили на заводе. Контракт с Гомельским облисполкомом подписан в марте.")
    assert rules(text, "Брянские автокраны поедут в Гомель").values["problem"] == 0


def test_problems_as_the_subject_of_a_seminar_or_a_vow_are_not_problems() -> None:
    seminar = ("На выставке в Екатеринбурге с участием делегации Минской области прошли семинары по проблемам "
               "развития лазерных технологий и круглые столы, посвящённые проблемам малого бизнеса России и Беларуси.")
    assert rules(seminar, "Свердловская область и Минская область на выставке").values["problem"] == 0
    vow = ("Россия и Беларусь вместе в радости и в горе. Стойко противостоим любым трудностям, работаем на благо "
           "Союзного государства, отметил губернатор Смоленской области в приветствии жителям Витебской области.")
    assert rules(vow, "Поздравление с Днём единения").values["problem"] == 0
