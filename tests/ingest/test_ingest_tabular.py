"""CSV/TSV in legacy encodings, JSONL with broken lines, XLSX and Parquet."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from regionlens.ingest import BadRecord, ColumnMapping, RawDocument, count_units, iter_path

MSK = ZoneInfo("Europe/Moscow")

ARTICLES = [
    ("Смоленск и Витебск договорились о ярмарке", "Власти двух областей обсудили совместную ярмарку и поставки льна.", "12.03.2021 14:35", "Смоленская газета", "https://example.ru/a/1"),
    ("Новый автобусный маршрут", "Между Брянском и Гомелем запустят прямой автобус, билеты уже в продаже.", "13.03.2021", "Брянские новости", "https://example.ru/a/2"),
    ("Студенческий обмен", "Вузы Пскова и Полоцка подписали соглашение об обмене студентами.", "14 марта 2021 г., 09:00", "Псковская лента", "https://example.ru/a/3"),
]


def split(records: list[RawDocument | BadRecord]) -> tuple[list[RawDocument], list[BadRecord]]:
    return [r for r in records if isinstance(r, RawDocument)], [r for r in records if isinstance(r, BadRecord)]


def write_csv(path: Path, encoding: str, delimiter: str = ";") -> None:
    lines = [delimiter.join(["Заголовок", "Текст", "Дата", "Источник", "Ссылка"])]
    lines += [delimiter.join(row) for row in ARTICLES]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r"])
def test_csv_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    write_csv(path, encoding)
    docs, bad = split(list(iter_path(path)))
    assert bad == []
    assert [d.title for d in docs] == [a[0] for a in ARTICLES]
    assert [d.text for d in docs] == [a[1] for a in ARTICLES]
    assert [d.source for d in docs] == [a[3] for a in ARTICLES]
    assert [d.url for d in docs] == [a[4] for a in ARTICLES]
    assert docs[0].published_at == datetime(2021, 3, 12, 14, 35, tzinfo=MSK)
    assert docs[2].published_at == datetime(2021, 3, 14, 9, 0, tzinfo=MSK)
    assert [d.origin for d in docs] == ["export.csv:2", "export.csv:3", "export.csv:4"]
    assert all(d.kind == "media" for d in docs)


def test_cp1251_semicolon_csv_with_quotes_and_multiline_cells(tmp_path: Path) -> None:
    content = (
        'Заголовок;Текст;Дата;Источник;Ссылка;Рубрика\n'
        '"Встреча; итоги";"Первая строка.\n\nВторая строка &laquo;в кавычках&raquo;.";12.03.2021;Газета;http://x.ru/1;Экономика\n'
        'Пустая;   ;12.03.2021;Газета;http://x.ru/2;Экономика\n'
        'Плохая дата;Текст есть;31.02.2021;Газета;http://x.ru/3;\n'
        'Последняя;Ещё один текст;01.04.2021;Газета;http://x.ru/4;Общество\n'
    )
    path = tmp_path / "smi.csv"
    path.write_bytes(content.encode("cp1251"))
    docs, bad = split(list(iter_path(path, kind="media")))
    assert [d.title for d in docs] == ["Встреча; итоги", "Последняя"]
    assert docs[0].text == "Первая строка.\n\nВторая строка «в кавычках»."
    assert docs[0].meta == {"Рубрика": "Экономика"}
    assert docs[1].origin == "smi.csv:7"  # the first row spans lines 2-4
    assert [(b.origin, b.reason) for b in bad] == [
        ("smi.csv:5", "пустой текст"),
        ("smi.csv:6", "не удалось разобрать дату «31.02.2021»: такой даты нет"),
    ]
    assert count_units(path) == 6


def test_utf8_sig_tsv_and_explicit_mapping(tmp_path: Path) -> None:
    path = tmp_path / "dump.tsv"
    rows = ["Когда\tСообщение\tПлощадка\tКод", "2021-05-01 10:00:00\tКомментарий жителя Орши про новый мост\tvk.com\t1001"]
    path.write_bytes("\n".join(rows).encode("utf-8-sig"))
    docs, bad = split(list(iter_path(path, ColumnMapping(text="сообщение", date="Когда", source="Площадка", id="Код"), default_tz="Europe/Minsk")))
    assert bad == []
    (doc,) = docs
    assert doc.text == "Комментарий жителя Орши про новый мост"
    assert doc.published_at == datetime(2021, 5, 1, 10, 0, tzinfo=ZoneInfo("Europe/Minsk"))
    assert (doc.source, doc.ext_id, doc.origin) == ("vk.com", "1001", "dump.tsv:2")


def test_csv_without_text_column_is_one_bad_record_naming_headers(tmp_path: Path) -> None:
    path = tmp_path / "stats.csv"
    path.write_text("Регион,Год,Оборот\nСмоленская,2021,15\n", encoding="utf-8")
    (bad,) = list(iter_path(path))
    assert isinstance(bad, BadRecord)
    assert bad.origin == "stats.csv:1"
    assert "«Регион», «Год», «Оборот»" in bad.reason


def test_undecodable_file_is_one_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(bytes(range(256)) * 40)
    assert [(r.origin, r.reason) for r in iter_path(path) if isinstance(r, BadRecord)] == [("garbage.csv", "неизвестная кодировка")]


def test_oversize_field_and_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    huge = "слово " * 400
    path.write_text(
        f"title,text\nОгромная,{huge}\nНормальная,Текст\x00 с\x01 управляющими\x1b символами\n", encoding="utf-8"
    )
    docs, bad = split(list(iter_path(path, max_field_chars=1000)))
    assert [(b.origin, b.reason) for b in bad] == [("big.csv:2", "поле text длиннее 1 000 символов")]
    assert [(d.title, d.text, d.origin) for d in docs] == [("Нормальная", "Текст с управляющими символами", "big.csv:3")]


def test_field_over_the_csv_parser_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("title,text\nОгромная," + "z" * 300_000 + "\nМаленькая,Короткий текст\n", encoding="utf-8")
    records = list(iter_path(path, max_field_chars=200_000))
    assert [(r.origin, r.reason) for r in records if isinstance(r, BadRecord)] == [("huge.csv:2", "поле длиннее 200 000 символов")]
    assert [(r.text, r.origin) for r in records if isinstance(r, RawDocument)] == [("Короткий текст", "huge.csv:3")]


def test_jsonl_broken_line_is_reported_and_others_pass(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": 1, "headline": "Первый", "body": "Текст первой заметки", "published_at": "2021-03-12T08:00:00Z", "outlet": "belta.by", "lang": "RU", "author": "Иванов"}, ensure_ascii=False),
        '{"id": 2, "headline": "Сломанный", "body": "нет закрывающей скобки"',
        "",
        json.dumps({"id": 3, "title": "Третий", "text": "Тэкст па-беларуску", "date": "12 сакавіка 2021", "kind": "official", "language": "be"}, ensure_ascii=False),
        json.dumps(["не", "объект"], ensure_ascii=False),
        json.dumps({"id": 5, "title": "Без текста", "text": ""}, ensure_ascii=False),
        json.dumps({"id": 6, "title": "Длинный", "text": "x" * 2000}),
        json.dumps({"id": 7, "title": "Нулевой байт", "text": "до\u0000после"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, bad = split(list(iter_path(path, max_field_chars=1000)))
    assert [d.ext_id for d in docs] == ["1", "3", "7"]
    first, third, seventh = docs
    assert first.published_at == datetime(2021, 3, 12, 8, 0, tzinfo=UTC)
    assert (first.title, first.source, first.language, first.meta) == ("Первый", "belta.by", "ru", {"author": "Иванов"})
    assert third.kind == "official" and third.published_at == datetime(2021, 3, 12, tzinfo=ZoneInfo("Europe/Moscow"))
    assert seventh.text == "допосле"
    assert [b.origin for b in bad] == ["feed.jsonl:2", "feed.jsonl:5", "feed.jsonl:6", "feed.jsonl:7"]
    assert bad[0].reason.startswith("битая строка JSON")
    assert bad[2].reason == "пустой текст"
    assert bad[3].reason == "поле text длиннее 1 000 символов"
    assert count_units(path) == 8


def test_jsonl_giant_line_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "giant.ndjson"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "y" * 3_000_000}) + "\n")
        fh.write(json.dumps({"text": "короткий"}, ensure_ascii=False) + "\n")
    records = list(iter_path(path, max_field_chars=100))
    assert isinstance(records[0], BadRecord) and records[0].origin == "giant.ndjson:1"
    assert "строка длиннее" in records[0].reason
    assert isinstance(records[1], RawDocument) and records[1].text == "короткий"


def test_xlsx_sheets_dates_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "monitoring.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Публикации"
    sheet.append(["ID", "Дата", "СМИ", "Заголовок", "Текст", "URL", "Охват"])
    sheet.append([101, datetime(2021, 3, 12, 14, 35), "Гомельская правда", "Форум регионов", "На форуме подписали двенадцать соглашений.", "https://example.by/f", 5400])
    sheet.append([102, "13.03.2021", "Витебские вести", "Без текста", None, None, None])
    sheet.append([103, 44300, "Витебские вести", "Серийная дата", "Дата записана числом Excel.", None, 12])
    notes = book.create_sheet("Справка")
    notes.append(["Пояснение"])
    notes.append(["Лист без текстовой колонки пропускается"])
    book.save(path)
    docs, bad = split(list(iter_path(path)))
    assert [d.ext_id for d in docs] == ["101", "103"]
    assert docs[0].published_at == datetime(2021, 3, 12, 14, 35, tzinfo=MSK)
    assert (docs[0].source, docs[0].url, docs[0].meta) == ("Гомельская правда", "https://example.by/f", {"Охват": 5400})
    assert docs[0].origin == "monitoring.xlsx:Публикации:2"
    assert docs[1].published_at == datetime(2021, 4, 14, tzinfo=MSK)
    assert [(b.origin, b.reason) for b in bad] == [("monitoring.xlsx:Публикации:3", "пустой текст")]
    assert count_units(path) == 4


def test_xlsx_without_any_text_sheet(tmp_path: Path) -> None:
    path = tmp_path / "numbers.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Регион", "Оборот"])
    sheet.append(["Брестская", 10])
    book.save(path)
    (bad,) = list(iter_path(path))
    assert isinstance(bad, BadRecord) and "не найдена колонка с текстом" in bad.reason and "«Регион»" in bad.reason


def test_parquet_streamed_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "archive.parquet"
    n = 2500
    table = pa.table(
        {
            "id": [f"d{i}" for i in range(n)],
            "text": [f"Заметка номер {i}" if i != 1500 else "  " for i in range(n)],
            "published_at": [datetime(2021, 1, 1, tzinfo=UTC)] * n,
            "domain": ["sb.by"] * n,
            "rubric": ["Регионы"] * n,
        }
    )
    pq.write_table(table, path, row_group_size=700)
    docs, bad = split(list(iter_path(path)))
    assert len(docs) == n - 1
    assert [(b.origin, b.reason) for b in bad] == [("archive.parquet:1501", "пустой текст")]
    assert docs[-1].text == f"Заметка номер {n - 1}" and docs[-1].origin == f"archive.parquet:{n}"
    assert docs[0].published_at == datetime(2021, 1, 1, tzinfo=UTC)
    assert (docs[0].source, docs[0].meta) == ("sb.by", {"rubric": "Регионы"})
    assert count_units(path) == n
