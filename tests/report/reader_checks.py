"""What a reader sees in report files, for the tests that check it (report tests and the demo test).

Kept out of conftest so both test folders import it by a unique module name.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
from openpyxl import load_workbook

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
BARE_CODE = re.compile(r"\b(?:RU|BY)-[A-Z]{2,3}\b|\b(?:ECON|IND|AGRI|TRANS|ENERGY|EDU|CULT|SOC|TOUR|SEC|POL|INFO|FED|REG|LOC"
                       r"|BUS|CIV|CIT)\b")
MARGIN_PT = 16 / 25.4 * 72  # left/right page margins of report.css
TOLERANCE_PT = 2.0


class _Text(HTMLParser):
    """Visible text only: no tags, attributes, styles or the embedded chart data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def offenders(text: str) -> list[str]:
    """snake_case identifiers and bare codes (region and codebook codes) in a text."""
    return sorted(set(SNAKE.findall(text)) | set(BARE_CODE.findall(text)))


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(page.extract_text() or "" for page in pdf.pages)


def xlsx_text(path: Path) -> str:
    """Sheet names and every text cell except links."""
    wb = load_workbook(path)
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and not str(c.value).startswith(("http", "#"))]
    return " ".join(cells + wb.sheetnames)


def pdf_pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def outside_printable(path: Path) -> list[tuple[int, str]]:
    """Characters beyond the side margins or off the page, with their page numbers."""
    with pdfplumber.open(path) as pdf:
        return [(page.page_number, c["text"]) for page in pdf.pages for c in page.chars
                if c["x0"] < MARGIN_PT - TOLERANCE_PT or c["x1"] > page.width - MARGIN_PT + TOLERANCE_PT
                or c["top"] < 0 or c["bottom"] > page.height]
