"""Charts from every ChartSpec kind: SVG with real Cyrillic text, no missing glyphs, byte-stable output."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from regionlens.analysis.result import AnalysisResult, ChartSpec
from regionlens.messages.numbers import NNBSP
from regionlens.report.charts import ChartError, chart_png, chart_svg


def _glyph_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if "glyph" in str(w.message).lower() or "missing" in str(w.message).lower()]


def test_every_kind_renders_cyrillic_without_missing_glyphs(result: AnalysisResult) -> None:
    kinds = set()
    for section in result.sections:
        spec = section.chart
        assert spec is not None
        kinds.add(spec.kind)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            svg = chart_svg(spec, section.tables[spec.table], "ru")
            png = chart_png(spec, section.tables[spec.table], "ru", dpi=60)
        assert _glyph_warnings(caught) == [], section.key
        assert svg.startswith("<svg")
        assert png.startswith(b"\x89PNG")
        assert spec.title_ru in svg  # the Cyrillic title is real text in the SVG
    assert kinds == {"bar", "stacked_bar", "line", "heatmap", "network", "scatter", "errorbar"}


def test_glyph_check_detects_a_font_gap() -> None:
    """The warning check above is meaningful: a character DejaVu lacks does warn."""
    spec = ChartSpec("bar", "t", "label", "n", title_ru="漢字")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart_png(spec, pd.DataFrame({"label": ["a"], "n": [1]}), "ru", dpi=40)
    assert _glyph_warnings(caught)


def test_network_names_regions_in_the_report_language(result: AnalysisResult) -> None:
    section = result.section("network")
    assert section.chart is not None
    ru = chart_svg(section.chart, section.tables["pairs"], "ru")
    en = chart_svg(section.chart, section.tables["pairs"], "en")
    assert "Смоленская область" in ru and "Витебская область" in ru
    assert "Smolensk" in en and "Смоленская" not in en


def test_share_axis_uses_language_percent(result: AnalysisResult) -> None:
    section = result.section("levels")
    assert section.chart is not None
    ru = chart_svg(section.chart, section.tables["by_level"], "ru")
    en = chart_svg(section.chart, section.tables["by_level"], "en")
    assert f"20{NNBSP}%" in ru and "федеральный" in ru
    assert "20%" in en and "federal" in en


def test_output_is_deterministic(result: AnalysisResult) -> None:
    section = result.section("dynamics")
    assert section.chart is not None
    table = section.tables["monthly"]
    assert chart_svg(section.chart, table, "ru") == chart_svg(section.chart, table, "ru")
    assert chart_png(section.chart, table, "en", dpi=60) == chart_png(section.chart, table, "en", dpi=60)
    assert "апрель 2022" in chart_svg(section.chart, table, "ru")


def test_markup_in_labels_is_escaped() -> None:
    spec = ChartSpec("bar", "t", "label", "n", title_ru="<script>alert(1)</script>")
    svg = chart_svg(spec, pd.DataFrame({"label": ["<b>x</b>"], "n": [3]}), "ru")
    assert "<script>" not in svg and "<b>" not in svg


def test_spec_that_does_not_fit_the_table_raises() -> None:
    with pytest.raises(ChartError, match="нет столбцов"):
        chart_svg(ChartSpec("bar", "t", "nope", "n"), pd.DataFrame({"n": [1]}), "ru")
    with pytest.raises(ChartError):
        chart_svg(ChartSpec("errorbar", "t", "x", "n"), pd.DataFrame({"x": ["a"], "n": [1]}), "ru")
