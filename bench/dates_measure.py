"""Share of publications dated correctly by regionlens.ingest.dating, on 25 texts written for this purpose
(shapes of Russian, Belarusian and English news pages: datelines, stamps in head and foot, markers, URL
dates, year-less stamps, and texts whose only dates are in the body), and optionally on a folder of real
.txt publications (only counted there: how many texts got a date, and the head/foot lines to check by eye).

    python bench/dates_measure.py [FOLDER_OF_TXT]
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

from regionlens.ingest.dating import date_document
from regionlens.ingest.firstline import first_line_title
from regionlens.ingest.records import RawDocument

NOW = datetime(2026, 12, 7, tzinfo=UTC)
P = "Стороны обсудили поставки техники, обмен студентами и подготовку к форуму регионов.\n"
E = "The sides discussed machinery supplies, student exchanges and the coming forum of regions.\n"
B = "Бакі абмеркавалі пастаўкі тэхнікі, абмен студэнтамі і падрыхтоўку да форуму рэгіёнаў.\n"

# (text, url, expected date or None when the text and URL carry no publication date)
CASES: list[tuple[str, str | None, date | None]] = [
    ("Могилёв и Смоленск договорились\nМОСКВА, 25 октября 2023. /ТАСС/. Губернатор встретился с делегацией.\n" + P * 3,
     None, date(2023, 10, 25)),
    ("Делегация прибыла в Минск\nМИНСК, 14 янв – РИА Новости. Делегация области прибыла.\n" + P * 3,
     "https://ria.example/20210114/delegaciya-123.html", date(2021, 1, 14)),
    ("Гомель и Брянск\nГОМЕЛЬ, 3 кастрычніка. /БЕЛТА/ Дэлегацыя прыбыла.\n" + B * 3,
     "https://belta.example/regions/view/2022/", date(2022, 10, 3)),
    ("Форум регионов\n19 апреля 2023, 12:06 | Общество\n" + P * 4, None, date(2023, 4, 19)),
    ("Итоги визита\nОбщество 16.05.2010 12:06 Просмотров: 348\n" + P * 4, None, date(2010, 5, 16)),
    ("Общество\n date 2025-10-25 Общество\n" + P * 3, None, date(2025, 10, 25)),
    ("Сустрэча ў Віцебску\n3 кастрычніка 2022\n" + B * 4, None, date(2022, 10, 3)),
    ("Regions sign a plan\nMarch 5, 2021\n" + E * 4, None, date(2021, 3, 5)),
    ("Governor visits Vitebsk\n5 March 2021 10:40\n" + E * 4, None, date(2021, 3, 5)),
    ("Governor inspects facilities\n10:13, 18 May\n" + E * 3,
     "https://eng.example.by/news/2023/governor-inspects", date(2023, 5, 18)),
    ("Соглашение подписано\n" + P * 5 + "Опубликовано: 12.03.2024", None, date(2024, 3, 12)),
    ("Ярмарка в Орше\n" + P * 5 + "Фото: пресс-служба райисполкома\n02.09.2019 14:10", None, date(2019, 9, 2)),
    ("Делегация в Пскове\n" + P * 4, "https://pskov.example/news/2020/11/05/delegaciya", date(2020, 11, 5)),
    ("Мост через реку\n" + P * 4, "https://vitebsk.example/news/20230831-most", date(2023, 8, 31)),
    ("Праздник дружбы\n" + P * 4, "https://smolensk.example/item/26112024.html", date(2024, 11, 26)),
    ("Брянский губернатор встретился с главой Гомельской области\n2025, 26 ноября 15:26\n" + P * 3, None,
     date(2025, 11, 26)),
    ("Минниханов обсудил сотрудничество\n- 26 мая 2025 15:35\n- Новость\n" + P * 3, None, date(2025, 5, 26)),
    ("Сургут и Гомель\nПоследнее обновление: 23.11.2024 14:59\n\n" + P * 3, None, date(2024, 11, 23)),
    ("Смоленск и Орша станут побратимами\nСмоленск, 12 ноября. Сегодня подписано соглашение.\n" + P * 3,
     "https://smol-gorsovet.example/2019/11/pobratimy", date(2019, 11, 12)),
    ("Память\n" + P * 2 + "9 мая 1945 года советские войска завершили освобождение Европы.\n" + P * 2, None, None),
    ("Выставка к юбилею\n" + P + "Музей покажет документы, подписанные 16 июля 1944 года.\n" + P * 3, None, None),
    ("Заявки на конкурс\nЗаявки принимаются до 19 апреля 2023 года.\n" + P * 3, None, None),
    ("Новая версия портала\nВышла версия 2.3.2019 портала услуг. Справки: 8.017.222.33.44\n" + P * 3, None, None),
    ("Встреча в Казани\nOn 15 March, the PM of Belarus arrived in Kazan for a two-day visit.\n" + E * 3, None, None),
    ("Форум в Могилёве\nСегодня, 29 сентября, губернатор встретился с председателем облисполкома.\n" + P * 3,
     None, None),
]


def dated(title: str, text: str, url: str | None) -> date | None:
    doc = date_document(RawDocument(text=text, title=title, url=url), "Europe/Moscow", NOW)
    return doc.published_at.date() if doc.published_at else None


def own_cases() -> None:
    right = 0
    for text, url, expected in CASES:
        title, body = first_line_title(text)
        got = dated(title, body, url)
        right += got == expected
        if got != expected:
            print(f"  wrong: {text.splitlines()[0]!r}: {got} (expected {expected})")
    with_date = sum(1 for *_, e in CASES if e is not None)
    right_dated = sum(1 for t, u, e in CASES if e is not None and dated(*first_line_title(t), u) == e)
    print(f"own texts: {right} of {len(CASES)} right ({right / len(CASES):.0%}); "
          f"of the {with_date} that show a date: {right_dated} right ({right_dated / with_date:.0%}); "
          f"of the {len(CASES) - with_date} without one: {right - right_dated} left undated")


def real_folder(folder: Path) -> None:
    files = sorted(folder.glob("*.txt"))
    got = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        title, body = first_line_title(text)
        when = dated(title, body, None)
        got += when is not None
        print(f"  {path.name}: {when}")
    print(f"real texts: {got} of {len(files)} got a date (check each against its head and foot by eye)")


if __name__ == "__main__":
    own_cases()
    if len(sys.argv) > 1:
        real_folder(Path(sys.argv[1]))
