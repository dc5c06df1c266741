"""One-file-one-document formats (.txt, .html, .pdf, .docx) and folder walking."""

from __future__ import annotations

import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from regionlens.ingest import BadRecord, RawDocument, count_units, iter_path
from regionlens.ingest.zipguard import check_zip

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

ARTICLE_P1 = "Делегация Могилёвской области посетила Смоленск и обсудила поставки сельхозтехники."
ARTICLE_P2 = "Стороны договорились создать рабочую группу по логистике и встретиться снова осенью."

PAGE = f"""<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8">
<title>Могилёв и Смоленск: новые договорённости — Региональный вестник</title>
<meta property="og:title" content="Могилёв и Смоленск: новые договорённости">
<meta property="og:site_name" content="Региональный вестник">
<meta property="article:published_time" content="2021-06-15T10:20:00+03:00">
<link rel="canonical" href="https://vestnik.example/news/mogilev-smolensk">
</head><body>
<header><nav class="menu"><ul>
<li><a href="/">Главная страница портала</a></li><li><a href="/sport">Спортивные новости</a></li>
<li><a href="/weather">Прогноз погоды</a></li></ul></nav></header>
<div class="banner advert">Купите холодильник со скидкой прямо сейчас</div>
<main><article>
<h1>Могилёв и Смоленск: новые договорённости</h1>
<p>{ARTICLE_P1} Встреча прошла в здании областной администрации, участники обменялись опытом.</p>
<p>{ARTICLE_P2} Следующий раунд переговоров запланирован в Могилёве.</p>
<p>Эксперты отмечают, что сотрудничество двух регионов развивается уже много лет и охватывает промышленность, образование и культуру.</p>
</article></main>
<aside class="related"><h3>Читайте также</h3><ul>
<li><a href="/n/1">Футбольный клуб сменил тренера перед сезоном</a></li>
<li><a href="/n/2">Где купить дешёвые билеты на концерт</a></li></ul></aside>
<footer><p>Все права защищены редакцией портала</p></footer>
</body></html>"""


def docs_of(path: Path, **kwargs: object) -> list[RawDocument | BadRecord]:
    return list(iter_path(path, **kwargs))  # type: ignore[arg-type]


def test_koi8r_text_file(tmp_path: Path) -> None:
    path = tmp_path / "zametka-17.txt"
    body = "Псковские и витебские музеи готовят общую выставку.\r\nОткрытие намечено на весну, экспонаты привезут из обеих областей."
    path.write_bytes(f"Общая выставка музеев\r\n\r\n{body}".encode("koi8-r"))
    (doc,) = docs_of(path)
    assert isinstance(doc, RawDocument)
    assert doc.title == "Общая выставка музеев"
    assert doc.text == body.replace("\r\n", "\n")
    assert (doc.ext_id, doc.origin, doc.published_at) == ("zametka-17", "zametka-17.txt:1", None)


def test_long_first_line_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Очень длинная строка " * 20, encoding="cp1251")
    (doc,) = docs_of(path)
    assert isinstance(doc, RawDocument) and doc.title == "note" and doc.text.startswith("Очень длинная строка")


def test_html_article_without_navigation_and_ads(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (doc,) = docs_of(path)
    assert isinstance(doc, RawDocument)
    assert ARTICLE_P1 in doc.text and ARTICLE_P2 in doc.text
    for junk in ("Главная страница портала", "Прогноз погоды", "холодильник", "Футбольный клуб", "дешёвые билеты", "Все права защищены"):
        assert junk not in doc.text
    assert doc.title == "Могилёв и Смоленск: новые договорённости"
    assert doc.published_at is not None and doc.published_at.date() == datetime(2021, 6, 15).date()
    assert doc.url == "https://vestnik.example/news/mogilev-smolensk"
    assert doc.source == "Региональный вестник"


def test_html_in_cp1251(tmp_path: Path) -> None:
    path = tmp_path / "old.htm"
    page = PAGE.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">')
    path.write_bytes(page.encode("cp1251"))
    (doc,) = docs_of(path)
    assert isinstance(doc, RawDocument) and ARTICLE_P1 in doc.text and "Прогноз погоды" not in doc.text


def test_pdf_with_cyrillic_text(tmp_path: Path) -> None:
    path = tmp_path / "programme.pdf"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle("Программа сотрудничества")
    pdf.setFont("DejaVuSans", 12)
    pdf.drawString(72, 760, "Программа сотрудничества Брестской и Смоленской областей")
    pdf.showPage()
    pdf.setFont("DejaVuSans", 12)
    pdf.drawString(72, 760, "Раздел второй: торговля и транспорт")
    pdf.save()
    (doc,) = docs_of(path, kind="official")
    assert isinstance(doc, RawDocument)
    assert "Программа сотрудничества Брестской и Смоленской областей" in doc.text
    assert "Раздел второй: торговля и транспорт" in doc.text
    assert (doc.title, doc.kind, doc.meta["pages"]) == ("Программа сотрудничества", "official", 2)


def test_broken_pdf_is_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    (bad,) = docs_of(path)
    assert isinstance(bad, BadRecord) and bad.origin == "broken.pdf:1"


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "Соглашение о сотрудничестве"
    document.core_properties.created = datetime(2020, 11, 5, 9, 30)
    document.core_properties.author = "Отдел внешних связей"
    document.add_paragraph("Соглашение между Гродненской и Калининградской областями.")
    document.add_paragraph("")
    document.add_paragraph("Статья 1. Стороны развивают торговлю и туризм.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Срок действия"
    table.rows[0].cells[1].text = "пять лет"
    document.save(str(path))


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    path = tmp_path / "agreement.docx"
    make_docx(path)
    (doc,) = docs_of(path)
    assert isinstance(doc, RawDocument)
    assert doc.text == (
        "Соглашение между Гродненской и Калининградской областями.\n\n"
        "Статья 1. Стороны развивают торговлю и туризм.\n\nСрок действия | пять лет"
    )
    assert doc.title == "Соглашение о сотрудничестве"
    assert doc.published_at == datetime(2020, 11, 5, 9, 30, tzinfo=UTC)
    assert doc.meta == {"author": "Отдел внешних связей"}


def declare_huge_size(path: Path, member: str) -> None:
    """Rewrite the central-directory entry of `member` to claim ~3.7 GB uncompressed."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into("<I", data, pos + 24, 0xE0000000)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert pos != -1
    path.write_bytes(bytes(data))


def test_zip_bomb_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    make_docx(path)
    declare_huge_size(path, "word/document.xml")
    assert max(i.file_size for i in zipfile.ZipFile(path).infolist()) == 0xE0000000
    (bad,) = docs_of(path)
    assert isinstance(bad, BadRecord) and bad.origin == "bomb.docx:1"
    assert bad.reason.startswith("подозрительный архив")


def test_zip_bomb_xlsx_is_refused(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "bomb.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["text"])
    sheet.append(["обычная строка"])
    book.save(path)
    assert [type(r) for r in docs_of(path)] == [RawDocument]
    declare_huge_size(path, "xl/worksheets/sheet1.xml")
    (bad,) = docs_of(path)
    assert isinstance(bad, BadRecord) and bad.origin == "bomb.xlsx" and bad.reason.startswith("подозрительный архив")


def test_absurd_compression_ratio_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    assert check_zip(path) is not None and "степень сжатия" in str(check_zip(path))
    make_docx(tmp_path / "normal.docx")
    assert check_zip(tmp_path / "normal.docx") is None


def test_undecodable_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "zero.jsonl").write_bytes(b"")
    assert [(r.origin, r.reason) for r in docs_of(tmp_path) if isinstance(r, BadRecord)] == [
        ("binary.txt", "неизвестная кодировка"),
        ("zero.jsonl", "пустой файл"),
    ]


def test_not_a_zip_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("просто текст", encoding="utf-8")
    (bad,) = docs_of(path)
    assert isinstance(bad, BadRecord) and "повреждён" in bad.reason


def test_folder_walk_mixes_formats_and_reports_unknown(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "html").mkdir(parents=True)
    (root / "html" / "page.htm").write_text(PAGE, encoding="utf-8")
    (root / "a.txt").write_bytes("Заметка\n\nКороткая заметка о визите.".encode("cp1251"))
    (root / "rows.csv").write_text("text,date\nПервая строка,2021-01-02\nВторая строка,2021-01-03\n", encoding="utf-8")
    (root / "data.json").write_text('[{"text": "Из JSON", "title": "J"}]', encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("скрытый", encoding="utf-8")
    make_docx(root / "agreement.docx")
    records = docs_of(root)
    origins = [r.origin for r in records]
    assert origins == [
        "a.txt:1", "agreement.docx:1", "data.json:1", "image.png", "rows.csv:2", "rows.csv:3", "html/page.htm:1",
    ]
    (bad,) = [r for r in records if isinstance(r, BadRecord)]
    assert bad.reason == "неподдерживаемый формат «.png»"
    rows = [r for r in records if isinstance(r, RawDocument) and r.origin.startswith("rows.csv")]
    assert rows[0].published_at == datetime(2021, 1, 2, tzinfo=ZoneInfo("Europe/Moscow"))
    assert count_units(root) == 7


def test_missing_path_and_bad_kind_raise() -> None:
    with pytest.raises(FileNotFoundError, match="путь не найден"):
        iter_path("/nonexistent/regionlens/input.csv")
    with pytest.raises(ValueError, match="неизвестный вид"):
        iter_path(".", kind="blog")

