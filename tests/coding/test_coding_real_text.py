"""The coder on the shapes of real web text (texts written for these tests, imitating page shapes only).

Classes of phenomena from issue 14: web furniture, numbers that are not substance, conflict frames and
protocol mentions of problems, English and classical Belarusian pages, genre from form and metadata.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import code_file, code_text
from regionlens.coding.furniture import classify_line, detect_title, strip_furniture
from regionlens.coding.metadata import SourceMeta
from regionlens.text.belarusian import to_official

BOOK = load_codebook()

PAGE = """Перейти к основному контенту
Лента новостей
Все новости
3.43 RUB  +19°C
Возрастное ограничение 6+
20 Общество
<image>data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB</image>
Главная / Новости / Регион
Витебская область и Псковская область договорились о поставках льна
Делегация Витебского облисполкома побывала в Пскове. Стороны обсудили совместные проекты.
Фото: пресс-служба облисполкома
Время чтения: 3 мин
Подписывайтесь на наш канал в Telegram
Похожие новости
В Гомеле прошел турнир по мини-футболу среди школьников
Цены на бензин выросли в трех регионах страны
Кризис на рынке жилья: эксперты спорят о причинах
"""


def test_furniture_lines_are_blanked_and_offsets_kept() -> None:
    clean, spans = strip_furniture(PAGE, BOOK)
    assert len(clean) == len(PAGE)
    kept = [line.strip() for line in clean.splitlines() if line.strip()]
    assert kept == [
        "Витебская область и Псковская область договорились о поставках льна",
        "Делегация Витебского облисполкома побывала в Пскове. Стороны обсудили совместные проекты.",
    ]
    rules = {rule for _, _, rule in spans}
    assert {"navigation", "widget", "date-stamp", "image", "credit", "teaser-list", "see-also"} <= rules


def test_furniture_does_not_fire_figures_problems_or_regions() -> None:
    result = code_text(PAGE)
    # the teaser «Кризис …» and the Gomel teaser are furniture: no problem, no BY-HO
    assert result.values["problem"] == 0
    assert "BY-HO" not in result.values["regions"]
    assert all(not (e.variable == "substantive" and "RUB" in e.surface) for e in result.evidence)
    for e in result.evidence:
        if e.end > e.start:
            assert PAGE[e.start:e.end] == e.surface  # evidence still highlights the original text


@pytest.mark.parametrize(("line", "kind"), [
    ("19 дек 12:06", "date-stamp"),
    ("Политика | 12.03.2024", "date-stamp"),
    ("USD 3,21 ▲ EUR 3,50", "widget"),
    ("Фото из открытых источников", "credit"),
    ("Главная › Новости › Общество", "navigation"),
    ("Войти в почту", "navigation"),
    ("Быстрая доставка новостей прямо в ваш Telegram", "promotion"),
])
def test_furniture_classes(line: str, kind: str) -> None:
    assert classify_line(line) == kind


@pytest.mark.parametrize("line", [
    "Губернатор подписал соглашение с Витебской областью",
    "Товарооборот вырос на 12% и достиг 1,5 млрд долларов.",
    "Минск и Москва",
])
def test_content_lines_are_not_furniture(line: str) -> None:
    assert classify_line(line) is None


def test_title_of_a_plain_text_page_skips_furniture() -> None:
    span = detect_title(PAGE)
    assert span is not None
    assert PAGE[span[0]:span[1]] == "Витебская область и Псковская область договорились о поставках льна"


def test_oneshot_record_without_title_takes_its_headline_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "text": PAGE}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert code_file(src, out) == (1, 0)
    row = json.loads(out.read_text(encoding="utf-8"))
    a, b = row["title_span"]
    assert PAGE[a:b].startswith("Витебская область и Псковская")
    for e in row["evidence"]:
        if e["end"] > e["start"] and e["field"] in ("title", "text"):
            base = a if e["field"] == "title" else 0
            assert PAGE[base + e["start"]:base + e["end"]] == e["surface"]


# ---------------------------------------------------------------- numbers that are not substance

PROTOCOL = ("В Минске 19 декабря в 10.00 открылся Форум регионов Беларуси и России. В нем участвуют 300 представителей "
            "регионов и 2 тысячи делегатов. Губернатор Смоленской области и председатель Витебского облисполкома "
            "обсудили сотрудничество в торгово-экономической и гуманитарной сферах.")


def test_dates_times_and_attendance_are_not_figures() -> None:
    result = code_text(PROTOCOL)
    assert result.values["union"] == 1
    assert result.values["substantive"] == 0, [e for e in result.evidence if e.variable == "substantive"]


def test_real_figures_still_count() -> None:
    text = ("Витебская область и Смоленская область подписали соглашение. Предприятия области поставят "
            "300 тракторов, товарооборот составил почти миллиард долларов.")
    result = code_text(text)
    figures = [e.surface for e in result.evidence if e.variable == "substantive" and e.rule == "figure"]
    assert result.values["substantive"] == 1
    assert any("300 тракторов" in f for f in figures) and any("миллиард долларов" in f for f in figures)


# ---------------------------------------------------------------- conflict frames and protocol problems

@pytest.mark.parametrize("text", [
    "«Газпром» пригрозил сократить поставки газа в Белоруссию, если Минск не погасит долг за топливо.",
    "Россельхознадзор ввел запрет на ввоз белорусской молочной продукции в Россию.",
    "ФСБ установила пограничную зону на границе Брянской области с Беларусью.",
    "Белоруссия потребовала от России компенсацию за налоговый маневр в нефтяной отрасли.",
    "Эксперт считает, что интеграция России и Беларуси буксует: союзные программы остаются на бумаге.",
])
def test_conflict_frames_are_problems(text: str) -> None:
    result = code_text(text, learned=False)  # the rule class itself (the learned layer may weigh it further)
    assert result.values["union"] == 1
    assert result.values["problem"] == 1, [e for e in result.evidence if e.variable == "problem"]


@pytest.mark.parametrize("text", [
    "Губернатор Смоленской области и председатель Витебского облисполкома обсудили актуальные проблемы "
    "сотрудничества России и Беларуси.",
    "Брянская и Гомельская области создадут рабочую группу для решения проблем приграничного сотрудничества "
    "России и Беларуси.",
])
def test_protocol_mentions_of_problems_are_not_problems(text: str) -> None:
    result = code_text(text, learned=False)
    assert result.values["union"] == 1
    assert result.values["problem"] == 0
    assert result.values["tone"] != -1


# ---------------------------------------------------------------- English and classical Belarusian

def test_english_page_of_an_oblast_executive_committee() -> None:
    text = ("The Vitebsk Regional Executive Committee and the Government of Smolensk Region signed a roadmap of "
            "cooperation. Belarusian-Russian trade between the regions reached 1.2 billion dollars.")
    result = code_text(text)
    v = result.values
    assert v["union"] == 1 and v["interregional"] == 1
    assert v["regions"] == ["BY-VI", "RU-SMO"]
    assert "REG" in v["actors"] and v["substantive"] == 1


def test_english_person_named_like_a_city_is_not_a_region() -> None:
    result = code_text("Vladimir Putin met Alexander Lukashenko in Minsk to discuss the Union State.")
    assert "RU-VLA" not in result.values["regions"]
    assert result.values["union"] == 1


def test_english_distractor_without_belarus() -> None:
    result = code_text("The Smolensk Region opened a new hospital for local residents.")
    assert result.values["union"] == 0


def test_classical_belarusian_spelling() -> None:
    assert to_official("вобласьць") == "вобласць"
    text = ("ФСБ Расейскай Фэдэрацыі ўстанавіла памежную зону на мяжы зь Беларусьсю. Зона ахоплівае "
            "Смаленскую вобласьць. Віцебская вобласьць і Менск.")
    result = code_text(text, learned=False)
    v = result.values
    assert v["union"] == 1
    assert {"BY-VI", "BY-HM", "RU-SMO"} <= set(v["regions"])
    assert v["problem"] == 1


# ---------------------------------------------------------------- genre from form and metadata

def test_interview_by_speaker_turns() -> None:
    text = ("Корреспондент: Как развивается сотрудничество Гомельской и Брянской областей?\n"
            "Иван Петров: Мы подписали программу на три года.\n"
            "Корреспондент: Что мешает торговле между Россией и Беларусью?\n"
            "Иван Петров: Очереди на границе, но их решаем.\n")
    assert code_text(text).values["genre"] == "INTERVIEW"


def test_first_person_commentary_is_analysis() -> None:
    text = ("Я давно слежу за отношениями России и Беларуси. Мне кажется, что союзные программы пишутся для отчетов. "
            "По-моему, интеграция держится на энтузиазме регионов, а не на решениях Москвы. "
            "Я считаю, что без общего рынка нет и Союзного государства.")
    assert code_text(text).values["genre"] == "ANALYSIS"


@pytest.mark.parametrize(("meta", "channel"), [
    (SourceMeta(url="https://vitebsk-region.gov.by/ru/news/123"), "official"),
    (SourceMeta(url="https://www.admin-smolensk.ru/news/1"), "official"),
    (SourceMeta(url="https://belembassy.org/news"), "embassy"),
    (SourceMeta(url="https://www.bsu.by/en/main.aspx?guid=1"), "university"),
    (SourceMeta(level="official"), "official"),
    (SourceMeta(url="https://www.sb.by/articles/1.html"), None),
])
def test_official_channels(meta: SourceMeta, channel: str | None) -> None:
    assert meta.channel() == channel


def test_oneshot_metadata_makes_an_official_release(tmp_path: Path) -> None:
    # a notice of the authority's own coming visit: OFFICIAL on its own site, NEWS when an outlet reprints it
    # (the channel alone is not enough: authorities' sites also repost agency reports, which stay NEWS)
    text = ("Делегация Витебского облисполкома посетит Смоленскую область. Стороны подпишут план мероприятий "
            "по сотрудничеству на 2025 год.")
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "gov", "title": "Визит в Смоленск", "text": text, "url": "https://vitebsk-region.gov.by/ru/news/1"},
                   ensure_ascii=False) + "\n"
        + json.dumps({"id": "media", "title": "Визит в Смоленск", "text": text, "url": "https://example-news.ru/news/1"},
                     ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    code_file(src, out)
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["gov"]["genre"] == "OFFICIAL"
    assert rows["media"]["genre"] == "NEWS"
    assert any("official channel" in e["rule"] and e["field"] == "meta"
               for e in rows["gov"]["evidence"] if e["variable"] == "genre")


def test_outlet_country_from_metadata_is_the_implicit_side() -> None:
    text = "Делегация Брянской области посетила Гомель и подписала соглашение о сотрудничестве."
    assert code_text(text, meta=SourceMeta(country="RU")).values["union"] == 1


def test_opinion_section_of_a_site() -> None:
    assert SourceMeta(url="https://example.ru/opinion/2024/05/integration").url_genre() == "ANALYSIS"
    assert SourceMeta(url="https://example.ru/news/2024/05/integration").url_genre() is None


def test_publication_page_shows_furniture_greyed_not_gone() -> None:
    from regionlens.web.highlight import furniture_of, mark_text

    html = str(mark_text(PAGE, [(PAGE.index("Витебская"), PAGE.index("Витебская") + 9)], furniture_of(PAGE, load_codebook())))
    assert '<span class="furniture">Перейти к основному контенту</span>' in html
    assert "<mark>Витебская</mark>" in html
    assert "Кризис на рынке жилья" in html  # the teaser is still on the page


@pytest.mark.parametrize(("text", "lang"), [
    # a Russian report quoting a Belarusian official at length stays Russian
    ("Губернатор Смоленской области встретился с председателем Витебского облисполкома. Стороны обсудили "
     "поставки техники и строительство дорог. «Мы ўдзячныя за супрацоўніцтва», — сказал председатель.", "ru"),
    # a Belarusian page with a Russian menu line stays Belarusian
    ("Главная новости\nСтаршыня Віцебскага аблвыканкама сустрэўся з губернатарам Смаленскай вобласці ў Віцебску. "
     "Бакі абмеркавалі пастаўкі тэхнікі і будаўніцтва дарог.", "be"),
    # classical orthography with a ґ stays Belarusian
    ("Ґрунтоўная размова ў Менску: Беларусь і Расея абмеркавалі сувязі паміж рэгіёнамі і пастаўкі.", "be"),
])
def test_language_of_mixed_pages(text: str, lang: str) -> None:
    from regionlens.coding.coder import guess_language
    from regionlens.text.langid import detect_language

    assert guess_language(text) == lang
    assert detect_language(text) == lang
