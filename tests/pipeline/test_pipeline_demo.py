"""The demo end to end: planted effects are recovered from the automatically coded corpus,
and a null corpus yields no effect findings."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from regionlens.pipeline.demo import run_demo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from reader_checks import html_text, offenders, outside_printable, pdf_pages, pdf_text, xlsx_text  # noqa: E402

N_DOCS = 3000


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo") / "out"
    run_demo(out, seed=5, n_docs=N_DOCS, langs=("ru", "en"), with_validation=False)
    return out, json.loads((out / "analysis.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def null(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("null") / "out"
    run_demo(out, seed=5, n_docs=N_DOCS, null=True, langs=("ru",), formats=("html",), with_validation=False)
    return json.loads((out / "analysis.json").read_text(encoding="utf-8"))


def _findings(analysis: dict) -> dict[str, dict]:
    return {f["key"]: f for f in analysis["findings"]}


def test_all_outputs_are_written(planted: tuple[Path, dict]) -> None:
    out, analysis = planted
    for name in ("report.html", "report.pdf", "report.xlsx", "analysis.json", "report.en.html", "report.en.pdf",
                 "report.en.xlsx", "corpus/ground_truth.jsonl", "corpus/ground_truth.md", "corpus/events.yaml"):
        assert (out / name).exists(), name
    html = (out / "report.html").read_text(encoding="utf-8")
    for section in analysis["sections"]:
        assert section["title_ru"] in html
    assert len(PdfReader(out / "report.pdf").pages) >= 5
    sheets = load_workbook(out / "report.xlsx", read_only=True).sheetnames
    assert len(sheets) >= 2 + sum(len(s["tables"]) for s in analysis["sections"]) // 2
    assert analysis["corpus"]["publications"] == N_DOCS


def test_demo_reports_are_short_fit_the_page_and_speak_the_readers_language(planted: tuple[Path, dict]) -> None:
    out, _ = planted
    for base in ("report", "report.en"):
        pdf = out / f"{base}.pdf"
        assert pdf_pages(pdf) <= 30, base
        assert outside_printable(pdf) == [], base
        assert offenders(pdf_text(pdf)) == [], base
        assert offenders(html_text(out / f"{base}.html")) == [], base
        assert offenders(xlsx_text(out / f"{base}.xlsx")) == [], base


def _table(analysis: dict, section: str, table: str) -> list[dict]:
    return next(s for s in analysis["sections"] if s["key"] == section)["tables"][table]


def test_planted_effects_are_recovered(planted: tuple[Path, dict]) -> None:
    _, analysis = planted
    found = _findings(analysis)
    # a) regional and local media less substantive than federal (planted 25% vs 45%)
    gap = found["substantive_level_gap"]["numbers"]
    assert found["substantive_level_gap"]["p_value"] < 0.001
    assert 0.08 <= gap["diff"] <= 0.30  # the automatic coder blurs the planted 20 points a little
    assert gap["gee_or_regional"] < 1 and gap["gee_or_regional_p"] < 0.01
    # b) problems rare everywhere, rarer in Belarusian media (planted 10% vs 4%)
    assert "problem_country_gap" in found and "problem_avoidance:BY" in found
    # c) agency reprints: about 30% of regional items, none at the federal level
    by_level = {r["level"]: r for r in _table(analysis, "reprints", "by_level")}
    assert 0.20 <= by_level["regional"]["reprint_share"] <= 0.40
    assert by_level["federal"]["reprint_share"] == 0
    assert "low_original_content:regional" in found
    # d) border pairs covered mostly in their own media, one side much more (planted 3:1 and 2:1)
    pairs = {(r["ru_region"], r["by_region"]): r for r in _table(analysis, "network", "reciprocity")}
    smo = pairs[("RU-SMO", "BY-VI")]
    assert smo["dominant_side"] == "RU-SMO" and 2.0 <= smo["asymmetry_ratio"] <= 4.5 and smo["own_region_share"] > 0.8
    bry = pairs[("RU-BRY", "BY-HO")]
    assert bry["dominant_side"] == "BY-HO" and 1.3 <= bry["asymmetry_ratio"] <= 3.2 and bry["own_region_share"] > 0.8
    assert "border_reciprocity:RU-SMO/BY-VI" in found
    # e) attention peaks at the Forum of Regions
    assert "event_driven" in found
    # f) RU media emphasise ECON/IND, BY media POL/CULT
    assert "topic_divergence" in found
    assert {"ECON", "IND"} & set(found["topic_divergence"]["numbers"]["ru_topics"])
    ru_part = found["topic_divergence"]["text_ru"].split("у белорусских")[0]
    assert "экономика" in ru_part or "промышленность" in ru_part  # named, not coded


def test_null_corpus_reports_no_effect(null: dict) -> None:
    effects = [f for f in null["findings"] if f["severity"] != "info"]
    assert effects == [], [f["key"] for f in effects]
