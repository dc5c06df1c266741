"""Publication dates found in the text, the URL and the page markup, and the order that decides between them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from regionlens.ingest import iter_path
from regionlens.ingest.dating import date_document
from regionlens.ingest.htmldates import find_meta_date
from regionlens.ingest.records import RawDocument
from regionlens.ingest.textdates import find_text_date
from regionlens.ingest.urldates import find_url_date, url_year

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
MSK = ZoneInfo("Europe/Moscow")
BODY = "Делегации двух областей обсудили поставки техники и совместные проекты в образовании.\n" * 3


def found(title: str, text: str, **hints: int) -> tuple[datetime, str] | None:
    hit = find_text_date(title, text, now=NOW, tz="Europe/Moscow", **hints)  # type: ignore[arg-type]
    return (hit.when, hit.where) if hit else None


@pytest.mark.parametrize(("title", "text", "expected", "where"), [
    ("Форум регионов", "19 апреля 2023\n" + BODY, datetime(2023, 4, 19, tzinfo=MSK), "head"),
    ("Форум регионов", BODY + "Опубликовано: 16.05.2010 12:06", datetime(2010, 5, 16, 12, 6, tzinfo=MSK), "marker"),
    ("Форум регионов", "Общество 16.05.2010 12:06\n" + BODY, datetime(2010, 5, 16, 12, 6, tzinfo=MSK), "head"),
    ("Форум регионов", " date 2025-10-25 Общество\n" + BODY, datetime(2025, 10, 25, tzinfo=MSK), "marker"),
    ("Сустрэча", "3 кастрычніка 2022\nДэлегацыі абмеркавалі супрацоўніцтва.", datetime(2022, 10, 3, tzinfo=MSK), "head"),
    ("Regions meet", "March 5, 2021\nThe delegations discussed trade.", datetime(2021, 3, 5, tzinfo=MSK), "head"),
    ("Regions meet", "5 March 2021 10:40\nThe delegations discussed trade.", datetime(2021, 3, 5, 10, 40, tzinfo=MSK), "head"),
    ("Regions meet", "BELARUS TV  April 3, 2024 9:45pm-10:50pm MSK\nNews.", datetime(2024, 4, 3, 21, 45, tzinfo=MSK), "head"),
    ("Форум", "2025, 26 ноября 15:26\n" + BODY, datetime(2025, 11, 26, 15, 26, tzinfo=MSK), "head"),
    ("Форум", "- 26 мая 2025 15:35\n- Новость\n" + BODY, datetime(2025, 5, 26, 15, 35, tzinfo=MSK), "head"),
    ("Форум", "Последнее обновление: 23.11.2024 14:59\n\n" + BODY, datetime(2024, 11, 23, 14, 59, tzinfo=MSK), "marker"),
    ("Форум", "19 апреля 2023 года в 12:06\n" + BODY, datetime(2023, 4, 19, 12, 6, tzinfo=MSK), "head"),
    ("Форум", BODY * 3 + "Фото: пресс-служба облисполкома\n12.03.2024", datetime(2024, 3, 12, tzinfo=MSK), "foot"),
    ("Форум", "МОСКВА, 25 октября 2023. /ТАСС/. Делегация прибыла.\n" + BODY, datetime(2023, 10, 25, tzinfo=MSK), "dateline"),
])
def test_date_stamps_in_head_and_foot(title: str, text: str, expected: datetime, where: str) -> None:
    assert found(title, text) == (expected, where)


@pytest.mark.parametrize("text", [
    # body-only historical dates: the story's date, not the publication's
    "Ветераны вспоминали войну.\n" + BODY + "9 мая 1945 года советские войска вошли в Берлин, рассказал гость.\n" + BODY,
    # a date opening a sentence of the story, and one under the plausible years
    "9 мая 2015 года ветераны возложили цветы к памятнику.\n" + BODY,
    "9 мая 1945\n" + BODY,
    # the end of a long sentence of the story: the event's date, not a stamp
    "Губернатор и председатель облисполкома провели рабочую встречу в Минске 19 мая 2022 года.\n" + BODY,
    # a short date line deep in the body is neither head nor foot
    BODY * 4 + "15 марта 2021\n" + BODY * 4,
    # after a preposition: a deadline, not a stamp
    "Заявки принимаются до 19 апреля 2023\n" + BODY,
    # phone numbers, prices, version numbers, times without dates
    "Справки по телефону 8.017.2023.11 и +375 17 222-33-44\n" + BODY,
    "Цена 12.50 руб., скидка 2023 года не действует\n" + BODY,
    "Вышла версия 1.2.2019 программы учёта.\n" + BODY,
    "Начало в 12:06\n" + BODY,
    # impossible and future dates
    "31.02.2023\n" + BODY,
    "19 апреля 2031\n" + BODY,
])
def test_no_date_from_body_numbers_or_implausible_stamps(text: str) -> None:
    assert found("Заголовок", text) is None


@pytest.mark.parametrize(("text", "expected", "where"), [
    ("МИНСК, 14 янв – РИА Новости. Делегация прибыла в столицу.\n" + BODY, datetime(2021, 1, 14, tzinfo=MSK), "dateline"),
    ("МОСКВА, 25 октября. /ТАСС/. Губернатор провёл встречу.\n" + BODY, datetime(2021, 10, 25, tzinfo=MSK), "dateline"),
    ("ГОМЕЛЬ, 3 кастрычніка. /БЕЛТА/ Дэлегацыя прыбыла.\n" + BODY, datetime(2021, 10, 3, tzinfo=MSK), "dateline"),
    ("Смоленск, 12 ноября. Сегодня подписано соглашение.\n" + BODY, datetime(2021, 11, 12, tzinfo=MSK), "dateline"),
    ("12 студзеня\n" + BODY, datetime(2021, 1, 12, tzinfo=MSK), "head"),
    ("1 февраля, Минск /Корр. БЕЛТА/. Премьер-министр назвал направления сотрудничества.\n" + BODY,
     datetime(2021, 2, 1, tzinfo=MSK), "dateline"),
    ("MOSCOW, January 28. /TASS/. The presidents will discuss integration.\nMore text.",
     datetime(2021, 1, 28, tzinfo=MSK), "dateline"),
    ("10:13, 18 May\nThe governor inspected the facilities.", datetime(2021, 5, 18, 10, 13, tzinfo=MSK), "head"),
])
def test_yearless_stamps_need_a_year_from_the_record(text: str, expected: datetime, where: str) -> None:
    assert found("Заголовок", text) is None  # no year anywhere: undated, not guessed
    assert found("Заголовок", text, year_hint=2021) == (expected, where)


def test_yearless_dates_inside_sentences_are_not_stamps() -> None:
    assert found("T", "Сегодня, 29 сентября, губернатор встретился с делегацией.\n" + BODY, year_hint=2024) is None
    assert found("T", "On 15 March, the PM of Belarus arrived in Kazan.\nMore text.", year_hint=2024) is None
    assert found("T", "Представители области 16 февраля в Москве подписали соглашения.\n" + BODY, year_hint=2024) is None


def test_december_dateline_under_a_january_url_is_the_year_before() -> None:
    assert found("T", "МИНСК, 31 дек – РИА Новости. Итоги года.\n" + BODY, year_hint=2024, month_hint=1) == (
        datetime(2023, 12, 31, tzinfo=MSK), "dateline")


def test_head_beats_foot_and_markers_beat_plain_stamps() -> None:
    text = "19 апреля 2023\n" + BODY + "20.04.2023"
    assert found("T", text) == (datetime(2023, 4, 19, tzinfo=MSK), "head")
    text = "Общество 19.04.2023\n" + BODY + "Дата публикации: 18.04.2023"
    assert found("T", text) == (datetime(2023, 4, 18, tzinfo=MSK), "marker")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example.by/2020/11/05/vizit-delegacii", (2020, 11, 5, "day")),
    ("https://news.example.by/society/2020/11/vizit", (2020, 11, 1, "month")),
    ("https://news.example.by/news/20230831-forum", (2023, 8, 31, "day")),
    ("https://news.example.by/n/26112024.html", (2024, 11, 26, "day")),
    ("https://news.example.by/2021-06-15/forum", (2021, 6, 15, "day")),
])
def test_url_dates(url: str, expected: tuple[int, int, int, str]) -> None:
    hit = find_url_date(url, NOW)
    assert hit is not None and (hit.year, hit.month, hit.day, hit.precision) == expected


@pytest.mark.parametrize("url", [
    "https://news.example.by/article/12345678",  # an id: neither reading is a date
    "https://news.example.by/id/1202308311234",  # digits inside a longer number
    "https://news.example.by/2031/01/01/future",  # after the ingest time
    "https://news.example.by/1985/05/09/archive",  # before any online outlet
    "https://news.example.by/news?date=20230831",  # query strings are ids and tracking, not the path
    "https://20230831.example.by/news",  # the host is not the path
    None,
])
def test_url_without_a_usable_date(url: str | None) -> None:
    assert find_url_date(url, NOW) is None


def test_url_year_only_completes_datelines() -> None:
    assert url_year("https://example.by/archive/2019/vizit", NOW) == (2019, None)
    assert url_year("https://example.by/2020/11/vizit", NOW) == (2020, 11)
    assert url_year("https://example.by/news/vizit", NOW) == (None, None)


def test_html_meta_dates() -> None:
    og = '<html><head><meta property="article:published_time" content="2021-06-15T10:20:00+03:00"></head><body></body></html>'
    assert find_meta_date(og, "Europe/Moscow", NOW) == datetime(2021, 6, 15, 7, 20, tzinfo=UTC)
    itemprop = '<html><body><time itemprop="datePublished" datetime="2022-02-03">3 февраля</time></body></html>'
    assert find_meta_date(itemprop, "Europe/Moscow", NOW) == datetime(2022, 2, 3, tzinfo=MSK)
    ld = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
          '{"@type": "NewsArticle", "dateModified": "2024-01-02", "datePublished": "2023-12-30T09:00:00Z"}]}'
          '</script></head><body></body></html>')
    assert find_meta_date(ld, "Europe/Moscow", NOW) == datetime(2023, 12, 30, 9, 0, tzinfo=UTC)
    modified_only = '<html><head><meta property="article:modified_time" content="2021-06-15"></head></html>'
    assert find_meta_date(modified_only, "Europe/Moscow", NOW) is None
    future = '<html><head><meta property="article:published_time" content="2030-01-01"></head></html>'
    assert find_meta_date(future, "Europe/Moscow", NOW) is None


def doc(text: str, *, url: str | None = None, when: datetime | None = None, source: str | None = None) -> RawDocument:
    return RawDocument(text=text, title="Визит делегации", url=url, published_at=when, date_source=source)


def test_priority_record_then_meta_then_text_then_url() -> None:
    text = "19 апреля 2023\n" + BODY
    url = "https://example.by/2022/01/05/vizit"
    record = date_document(doc(text, url=url, when=datetime(2020, 1, 1, tzinfo=UTC)), "Europe/Moscow", NOW)
    assert (record.published_at, record.date_source) == (datetime(2020, 1, 1, tzinfo=UTC), "record")
    meta = date_document(doc(text, url=url, when=datetime(2021, 1, 1, tzinfo=UTC), source="meta"), "Europe/Moscow", NOW)
    assert (meta.published_at, meta.date_source) == (datetime(2021, 1, 1, tzinfo=UTC), "meta")
    from_text = date_document(doc(text, url=url), "Europe/Moscow", NOW)
    assert (from_text.published_at, from_text.date_source) == (datetime(2023, 4, 19, tzinfo=MSK), "text")
    from_url = date_document(doc(BODY, url=url), "Europe/Moscow", NOW)
    assert (from_url.published_at, from_url.date_source) == (datetime(2022, 1, 5, tzinfo=MSK), "url")
    month = date_document(doc(BODY, url="https://example.by/2022/03/vizit"), "Europe/Moscow", NOW)
    assert (month.published_at, month.date_source, month.meta) == (datetime(2022, 3, 1, tzinfo=MSK), "url",
                                                                   {"date_precision": "month"})
    none = date_document(doc(BODY, url="https://example.by/news/vizit"), "Europe/Moscow", NOW)
    assert (none.published_at, none.date_source) == (None, None)


def test_yearless_dateline_takes_the_year_from_the_url() -> None:
    dated = date_document(doc("МИНСК, 14 янв – РИА Новости. Делегация прибыла.\n" + BODY,
                              url="https://example.ru/20210114/vizit.html"), "Europe/Moscow", NOW)
    assert (dated.published_at, dated.date_source) == (datetime(2021, 1, 14, tzinfo=MSK), "text")


ARTICLE = ("<p>Делегация Могилёвской области посетила Смоленск и обсудила поставки сельхозтехники, логистику "
           "и обмен студентами аграрных вузов двух областей.</p>") * 4


@pytest.mark.parametrize(("head", "body_start", "expected", "source"), [
    # no markup date: the stamp in the article text beats the date in the canonical URL
    ('<link rel="canonical" href="https://vestnik.example/2021/06/15/x">', "<p>19 апреля 2023, 12:06</p>",
     datetime(2023, 4, 19, 12, 6, tzinfo=MSK), "text"),
    ('<link rel="canonical" href="https://vestnik.example/2021/06/15/x">', "", datetime(2021, 6, 15, tzinfo=MSK), "url"),
    # a machine-readable <time> in the article is the markup's statement
    ("", '<time datetime="2022-02-03T10:00">3 февраля</time>', datetime(2022, 2, 3, 10, 0, tzinfo=MSK), "meta"),
    # the meta tag beats the visible stamp and the URL
    ('<meta property="article:published_time" content="2020-01-02T08:00:00+03:00">'
     '<link rel="canonical" href="https://vestnik.example/2021/06/15/x">', "<p>19 апреля 2023, 12:06</p>",
     datetime(2020, 1, 2, 8, 0, tzinfo=MSK), "meta"),
])
def test_html_pages_date_in_order_meta_text_url(tmp_path: Path, head: str, body_start: str, expected: datetime,
                                                source: str) -> None:
    page = (f'<html><head><meta charset="utf-8"><title>Визит</title>{head}</head><body><article>'
            f"<h1>Визит делегации</h1>{body_start}{ARTICLE}</article></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (doc,) = iter_path(tmp_path / "page.html")
    assert isinstance(doc, RawDocument)
    assert (doc.published_at, doc.date_source) == (expected, source)


def test_a_long_text_is_read_at_its_two_ends_only() -> None:
    middle = BODY * 400 + "15 марта 2021\n" + BODY * 400  # a date line deep inside a 70,000-character text
    assert found("Заголовок", middle) is None
    assert found("Заголовок", middle + "Опубликовано: 16.05.2010") == (datetime(2010, 5, 16, tzinfo=MSK), "marker")
