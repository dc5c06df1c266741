"""The title of a plain-text page is its headline line, not the site furniture above it."""

from __future__ import annotations

from pathlib import Path

from regionlens.ingest import RawDocument, iter_path

PAGE = (
    "Перейти к основному контенту\n"
    "Лента новостей\n"
    "19 дек 12:06\n"
    "USD 3,21 EUR 3,50 +2°C\n"
    "Гомельские аграрии отправили в Брянскую область семенной картофель\n"
    "Первую партию семенного картофеля хозяйства Гомельщины отгрузили брянским партнерам.\n"
)


def test_plain_text_title_skips_navigation_and_widgets(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    (doc,) = list(iter_path(path))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Гомельские аграрии отправили в Брянскую область семенной картофель"
    # the furniture stays in the text (shown greyed, blanked for coding); the title line does not repeat
    assert doc.text.startswith("Перейти к основному контенту")
    assert "семенной картофель\n" not in doc.text and "Первую партию" in doc.text
