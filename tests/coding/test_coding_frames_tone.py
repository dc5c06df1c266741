"""Tone classes found in the real development set's errors, each on texts written for these tests.

One test per class of phenomenon: growth stated with a figure or as a lasting trend is an achievement (a growing
burden is not), warmth words do not outweigh a counted problem, closeness and thanks are praise in any voice,
and wishes are aims.
"""

from __future__ import annotations

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import CodeResult, code_text

BOOK = load_codebook()


def rules(text: str, title: str = "", lang: str | None = None) -> CodeResult:
    """The rules' decisions alone (the learned layer is tested in test_coding_learned.py)."""
    return code_text(text, title, BOOK, lang=lang, learned=False)


def test_growth_with_a_figure_is_an_achievement_and_bare_growth_is_not() -> None:
    measured = ("Товарооборот Гомельской области с Брянской областью за полгода вырос на 18 процентов. "
                "Поставки белорусских лифтов в брянские города выросли вдвое, сообщил председатель облисполкома.")
    result = rules(measured, "Гомельщина и Брянщина подвели итоги полугодия")
    assert result.values["tone"] == 1
    assert any(e.variable == "tone" and e.surface.startswith("вырос") for e in result.evidence)
    bare = ("Губернатор Брянской области и председатель Гомельского облисполкома обсудили рост товарооборота "
            "и поставки техники в ходе встречи в Гомеле.")
    assert rules(bare, "Гомельщина и Брянщина обсудили торговлю").values["tone"] == 0


def test_warmth_words_do_not_outweigh_a_counted_problem() -> None:
    text = ("Новая совместная программа Союзного государства по станкостроению так и не вышла из стадии "
            "согласования. Общий рынок электроэнергии откладывается уже в третий раз, единые правила для "
            "совместных предприятий остаются на бумаге. Новые сроки стороны не назвали, хотя общие цели "
            "России и Беларуси в совместных документах записаны давно, а новые планы обсуждают вместе.")
    result = rules(text, "Союзные программы: сроки снова сдвинулись")
    assert result.values["problem"] == 1
    assert result.values["tone"] != 1


def test_closeness_thanks_and_brotherly_ties_are_praise_in_any_voice() -> None:
    text = ("Председатель Витебского облисполкома назвал сотрудничество со Смоленской областью тесным, "
            "а работу совместной комиссии результативной.")
    assert rules(text, "Витебщина и Смоленщина подвели итоги года").values["tone"] == 1
    be = ("Старшыня Віцебскага аблвыканкама адзначыў, што брацкія народы Беларусі і Расіі звязваюць трывалыя "
          "сувязі, а супрацоўніцтва з Пскоўскай вобласцю працягваецца.")
    assert rules(be, "Віцебшчына і Пскоўшчына", lang="be").values["tone"] == 1


def test_wishes_and_what_a_document_is_to_bring_about_are_aims() -> None:
    text = ("Госсекретарь Союзного государства передал участникам конференции в Могилёве пожелания успехов в работе. "
            "Соглашение между Могилёвской и Тульской областями позволит установить более тесные связи.")
    assert rules(text, "В Могилёве открылась конференция Союзного государства").values["tone"] == 0


def test_growth_as_a_lasting_trend_or_a_comparison_with_a_figure_is_an_achievement() -> None:
    trend = ("Число желающих поступить в Белорусско-российский университет в Могилёве ежегодно растёт, "
             "сообщили в Постоянном комитете Союзного государства.")
    assert rules(trend, "Белорусско-российский университет").values["tone"] == 1
    be = ("Мірскі замак за восем месяцаў наведалі 40 тысяч расійскіх турыстаў, на чвэрць больш, чым летась. "
          "Найбольш груп прыязджае са Смаленскай вобласці, паведамілі ў Гродзенскім аблвыканкаме.")
    assert rules(be, "Расійскія турысты едуць у Мір", lang="be").values["tone"] == 1


def test_a_growing_burden_is_no_achievement() -> None:
    text = ("Цены на российский газ выросли на 20 процентов по новому соглашению России и Беларуси, сообщили "
            "в Минэнерго Беларуси.")
    assert rules(text, "Газ для Беларуси").values["tone"] != 1


def test_a_protocol_report_with_some_warmth_is_neutral() -> None:
    # signing, joint plans, experience: the vocabulary of any protocol report, repeated, is not an evaluation
    text = ("Глава Оршанского района Витебской области и глава Смоленского района Смоленской области подписали план "
            "совместных мероприятий. В план вошли совместные выставки и совместные ярмарки. Делегация ознакомилась "
            "с опытом работы районной больницы.")
    assert rules(text, "Оршанский и Смоленский районы").values["tone"] == 0
