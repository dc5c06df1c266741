"""Rebuilding a report from analysis.json (the to_json form)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from regionlens.analysis.result import AnalysisResult
from regionlens.messages.numbers import NNBSP
from regionlens.report import load_result, render_html


def test_report_from_analysis_json_matches_the_original(result: AnalysisResult, tmp_path: Path) -> None:
    data = result.to_json()
    for section_json, section in zip(data["sections"], result.sections, strict=True):
        if section.chart is not None:
            section_json["chart"] = asdict(section.chart)
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    loaded = load_result(path)
    assert [s.key for s in loaded.sections] == [s.key for s in result.sections]
    assert loaded.section("dynamics").tables["monthly"]["month"].dtype.kind == "M"
    html = render_html(loaded, "ru")
    assert html.count("<svg") == len(result.sections)
    assert "март 2022" in html and f"22,4{NNBSP}%" in html and "p\u00a0&lt;\u00a00,001" in html
    for section in result.sections:
        assert f"<h3>{section.title_ru}</h3>" in html


def test_json_without_charts_still_renders(result: AnalysisResult) -> None:
    from regionlens.report import result_from_json

    data = json.loads(json.dumps(result.to_json(), default=str))
    for section in data["sections"]:
        section.pop("chart")  # analysis.json written before charts were stored
    loaded = result_from_json(data)
    html = render_html(loaded, "en")
    assert "<svg" not in html
    assert all(f"<h3>{s.title_en}</h3>" in html for s in result.sections)
