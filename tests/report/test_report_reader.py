"""What a reader of the report files sees (issue 16): no identifiers, text inside the page, real charts.

One stored project (the analysis frame of `analysis_synth`, 600 publications)
is reported in Russian and English once per module; every check reads the
written files: HTML text, the PDF's character boxes (pdfplumber), the XLSX
cells and sheet names, and pdftoppm screenshots of the first five pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
import yaml
from openpyxl import load_workbook
from PIL import Image

from regionlens.analysis.run import analyze
from regionlens.report.build import build_report
from regionlens.report.i18n import I18N_DIR

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from analysis_synth import make_frame  # noqa: E402

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
BARE_CODE = re.compile(r"\b(?:RU|BY)-[A-Z]{2,3}\b|\b(?:ECON|IND|AGRI|TRANS|ENERGY|EDU|CULT|SOC|TOUR|SEC|POL|INFO|FED|REG|LOC|BUS|CIV|CIT)\b")
MARGIN_PT = 16 / 25.4 * 72  # left/right page margins of report.css


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


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    result = analyze(make_frame(600, seed=5))
    result.corpus.update({"period_from": "2021-01-01", "period_to": "2023-12-31"})
    out = tmp_path_factory.mktemp("reader")
    return {lang: build_report(result, out, lang=lang, basename=f"report.{lang}") for lang in ("ru", "en")}


def _offenders(text: str) -> list[str]:
    return sorted(set(SNAKE.findall(text)) | set(BARE_CODE.findall(text)))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_identifiers_or_bare_codes_reach_the_reader(reports: dict[str, dict[str, Path]], lang: str) -> None:
    files = reports[lang]
    parser = _Text()
    parser.feed(files["html"].read_text(encoding="utf-8"))
    assert _offenders(" ".join(parser.parts)) == []
    with pdfplumber.open(files["pdf"]) as pdf:
        assert _offenders(" ".join(page.extract_text() or "" for page in pdf.pages)) == []
    wb = load_workbook(files["xlsx"])
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and not str(c.value).startswith(("http", "#"))]
    assert _offenders(" ".join(cells + wb.sheetnames)) == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_text_outside_the_printable_area(reports: dict[str, dict[str, Path]], lang: str) -> None:
    with pdfplumber.open(reports[lang]["pdf"]) as pdf:
        assert len(pdf.pages) <= 30
        outside = [(page.page_number, c["text"]) for page in pdf.pages for c in page.chars
                   if c["x0"] < MARGIN_PT - 2 or c["x1"] > page.width - MARGIN_PT + 2 or c["top"] < 0
                   or c["bottom"] > page.height]
    assert outside == []


def test_numbers_follow_the_locale(reports: dict[str, dict[str, Path]]) -> None:
    with pdfplumber.open(reports["ru"]["pdf"]) as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert not re.search(r"\bp\s*[<=]\s*0\.\d", text)  # «p = 0,034», never «p = 0.034» in Russian
    assert re.search(r"p\s*<\s*0,001", text)


def test_workbook_sheets_contents_formats_filters(reports: dict[str, dict[str, Path]]) -> None:
    for lang in ("ru", "en"):
        wb = load_workbook(reports[lang]["xlsx"])
        contents = wb.worksheets[0]
        listed = [r[0] for r in contents.iter_rows(min_row=3, values_only=True)]
        assert listed == wb.sheetnames[1:] and all(r[2] for r in contents.iter_rows(min_row=3, values_only=True))
        for ws in wb.worksheets[2:]:
            assert ws.freeze_panes == "A2" and ws.auto_filter.ref, ws.title
        numbers = [c for ws in wb.worksheets[2:] for row in ws.iter_rows(min_row=2) for c in row
                   if isinstance(c.value, float)]
        assert numbers and all(c.number_format != "General" for c in numbers)
    for lang in ("ru", "en"):  # sheet names fit Excel's 31 characters by design, not by cutting
        data = yaml.safe_load((I18N_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert all(len(name) <= 31 for name in data["sheets"].values())


def test_survey_alpha_is_cronbach() -> None:
    ru = yaml.safe_load((I18N_DIR / "ru.yaml").read_text(encoding="utf-8"))
    assert ru["columns"]["expert_survey.alpha"] == "альфа Кронбаха"
    assert "Кронбаха" in ru["tables"]["expert_survey.scales"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_first_pages_show_drawn_charts(reports: dict[str, dict[str, Path]], lang: str, tmp_path: Path) -> None:
    pdf_path = reports[lang]["pdf"]
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed for the screenshot check"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "5", str(pdf_path), str(tmp_path / "p")], check=True)
    shots = sorted(tmp_path.glob("p-*.png"))
    assert len(shots) == 5
    charts = 0
    with pdfplumber.open(pdf_path) as pdf:
        for shot, page in zip(shots, pdf.pages[:5], strict=True):
            png = Image.open(shot).convert("L")
            scale = png.width / float(page.width)
            for image in page.images:
                box = [int(v * scale) for v in (image["x0"], image["top"], image["x1"], image["bottom"])]
                pixels = np.asarray(png.crop(box), dtype=float)
                assert (pixels < 200).mean() > 0.02, f"page {page.page_number}: an empty chart"
                assert pixels.std() > 20
                charts += 1
    assert charts >= 1
