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
from pathlib import Path

import numpy as np
import pdfplumber
import pytest
import yaml
from openpyxl import load_workbook
from PIL import Image

from regionlens.analysis.run import analyze
from regionlens.report.build import build_report
from regionlens.report.i18n import I18N_DIR, load_strings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from analysis_synth import make_frame  # noqa: E402
from reader_checks import html_text, offenders, outside_printable, pdf_pages, pdf_text, xlsx_text  # noqa: E402


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    result = analyze(make_frame(600, seed=5))
    result.corpus.update({"period_from": "2021-01-01", "period_to": "2023-12-31"})
    out = tmp_path_factory.mktemp("reader")
    return {lang: build_report(result, out, lang=lang, basename=f"report.{lang}") for lang in ("ru", "en")}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_identifiers_or_bare_codes_reach_the_reader(reports: dict[str, dict[str, Path]], lang: str) -> None:
    files = reports[lang]
    assert offenders(html_text(files["html"])) == []
    assert offenders(pdf_text(files["pdf"])) == []
    assert offenders(xlsx_text(files["xlsx"])) == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_text_outside_the_printable_area(reports: dict[str, dict[str, Path]], lang: str) -> None:
    assert pdf_pages(reports[lang]["pdf"]) <= 30
    assert outside_printable(reports[lang]["pdf"]) == []


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


def test_appendix_adds_every_table_in_reader_words(tmp_path: Path) -> None:
    result = analyze(make_frame(300, seed=7))
    main = build_report(result, tmp_path / "main", lang="ru", formats="html")["html"]
    full = build_report(result, tmp_path / "full", lang="ru", formats="html", appendix=True)["html"]
    text = html_text(full)
    assert offenders(text) == []
    assert 'id="appendix"' in full.read_text(encoding="utf-8")
    assert 'id="appendix"' not in main.read_text(encoding="utf-8")
    for section in result.sections:  # every table's title is in the appendix
        for name in section.tables:
            title = load_strings("ru").table_title(section.key, name)
            assert title in text, (section.key, name)
