"""The HTML report: every section and finding in both languages, language formatting, safety, self-containment."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from report_sample import EVIL_TITLE

from regionlens.analysis.result import AnalysisResult, ChartSpec, Section
from regionlens.messages.numbers import NNBSP
from regionlens.report.html import TEMPLATES, render_html
from regionlens.report.i18n import ReportLanguageError, load_strings
from regionlens.report.view import example_href


class _Refs(HTMLParser):
    """Collects every attribute that makes a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts = 0
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "a" and values.get("href"):
            self.anchors.append(str(values["href"]))
        for name in ("src", "srcset", "data", "poster"):
            if values.get(name):
                self.fetches.append(str(values[name]))
        if tag == "link" and values.get("href"):
            self.fetches.append(str(values["href"]))
        if tag in ("image", "use") and (values.get("href") or values.get("xlink:href")):
            self.fetches.append(str(values.get("href") or values.get("xlink:href")))


def _refs(html: str) -> _Refs:
    parser = _Refs()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_section_and_finding_is_rendered(result: AnalysisResult, lang: str) -> None:
    html = render_html(result, lang)
    strings = load_strings(lang)
    for key in ("summary", "analysis", "recommendations", "methods", "methods_corpus",
                "methods_coding", "methods_reliability", "methods_sources", "methods_validation"):
        assert strings.t(key) in html, key
    for section in result.sections:
        title = section.title_ru if lang == "ru" else section.title_en
        other = section.title_en if lang == "ru" else section.title_ru
        assert f"<h3>{title}</h3>" in html
        assert other not in html
    for finding in result.findings:
        assert (finding.text_ru if lang == "ru" else finding.text_en) in html
    assert html.count("<svg") == len(result.sections)
    assert f'<html lang="{lang}">' in html


def test_russian_report_reads_russian(result: AnalysisResult) -> None:
    html = render_html(result, "ru")
    assert "Мониторинг освещения межрегионального сотрудничества России и Беларуси" in html
    for heading in ("Основные выводы", "Результаты анализа", "Рекомендации", "Методика"):
        assert f"<h2>{heading}</h2>" in html
    assert "1\u00a0марта 2022\u00a0г. — 31\u00a0мая 2022\u00a0г." in html


def test_numbers_follow_the_language(result: AnalysisResult) -> None:
    ru = render_html(result, "ru")
    en = render_html(result, "en")
    assert f"22,4{NNBSP}%" in ru and "22.4%" not in ru.replace("22.4% of", "")
    assert "22.4%" in en
    assert f"12{NNBSP}345" in ru and "12,345" in en  # thousands in tables and the corpus size
    assert f"17{NNBSP}337" in ru and "17,337" in en
    assert "p\u00a0&lt;\u00a00,001" in ru and "p\u00a0&lt;\u00a00.001" in en
    assert "p\u00a0=\u00a00,021" in ru and "p\u00a0=\u00a00.021" in en
    assert "0,812" in ru and "0.812" in en  # reliability alpha
    assert "федеральный" in ru and "Беларусь" in ru  # codes shown by name
    assert "Смоленская область" in ru and "Smolensk Oblast" in en


def test_no_external_resources(result: AnalysisResult) -> None:
    for lang in ("ru", "en"):
        for mode in ("svg", "png"):
            html = render_html(result, lang, charts=mode)  # type: ignore[arg-type]
            refs = _refs(html)
            assert refs.scripts == 0
            assert all(not re.match(r"^(https?:)?//", ref, re.I) for ref in refs.fetches), refs.fetches
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
            assert not re.search(r"@import", html)
    png = _refs(render_html(result, "ru", charts="png"))
    assert len(png.fetches) == len(result.sections)
    assert all(ref.startswith("data:image/png;base64,") for ref in png.fetches)


def test_publication_titles_are_escaped_and_linked(result: AnalysisResult) -> None:
    html = render_html(result, "ru")
    assert EVIL_TITLE not in html
    assert "&lt;script&gt;alert(" in html
    refs = _refs(html)
    assert "/documents/d1" in refs.anchors and "/documents/d4" in refs.anchors
    assert not any(a.lower().startswith("javascript:") for a in refs.anchors)
    assert "Брянские аграрии на выставке в Гомеле" in html
    assert "2\u00a0апреля 2022\u00a0г." in html


def test_example_links_only_use_safe_targets() -> None:
    assert example_href("d1", {"url": "https://x.org/a"}, "{url}") == "https://x.org/a"
    assert example_href("d1", {"url": "javascript:alert(1)"}, "{url}") is None
    assert example_href("d1", {"url": "javascript:alert(1)"}, None) is None
    assert example_href("a/b c", {}, "/documents/{id}") == "/documents/a%2Fb%20c"
    assert example_href("d1", {}, "{url}") is None
    assert example_href("d1", {"url": "https://x.org/a"}, None) == "https://x.org/a"


def test_recommendations_are_merged_and_point_to_findings(result: AnalysisResult) -> None:
    html = render_html(result, "ru")
    assert html.count("Готовить материалы с цифрами и названиями проектов.") == 1
    block = html[html.index('<section id="recommendations"'):html.index('<section id="methods"')]
    assert 'href="#finding-no_substance"' in block and 'href="#finding-regional_gap"' in block
    assert "no_substance" not in block.replace('href="#finding-no_substance"', "")  # «вывод 1», not the rule key
    assert block.index("Готовить материалы") < block.index("Расширить каналы")  # critical before warning


def test_methods_show_corpus_reliability_and_validation(result: AnalysisResult) -> None:
    html = render_html(result, "ru")
    methods = html[html.index('<section id="methods"'):]
    assert "по кодификатору версии 1" in methods
    assert "0.1.0" in methods
    assert "альфа Криппендорфа" in methods and "0,701" in methods
    assert "союзная тематика" in methods  # validation variable named, not coded
    assert "точность" in methods and "0,930" in methods


def test_without_reliability_the_report_says_so(result: AnalysisResult) -> None:
    del result.corpus["reliability"]
    html = render_html(result, "ru")
    assert load_strings("ru").t("methods_reliability_none") in html


def test_a_broken_chart_spec_does_not_stop_the_report(result: AnalysisResult) -> None:
    result.sections.append(
        Section("broken", "Раздел с ошибкой в диаграмме", "Broken chart", {"t": pd.DataFrame({"a": [1]})},
                chart=ChartSpec("bar", "t", "missing", "a"))
    )
    html = render_html(result, "ru")
    assert "<h3>Раздел с ошибкой в диаграмме</h3>" in html
    assert html.count("<svg") == len(result.sections) - 1


def test_unknown_language_is_refused(result: AnalysisResult) -> None:
    with pytest.raises(ReportLanguageError, match="не поддерживается"):
        render_html(result, "de")


def test_strings_exist_in_both_languages() -> None:
    ru, en = load_strings("ru"), load_strings("en")
    assert set(ru.ui) == set(en.ui)
    assert set(ru.columns) == set(en.columns)
    assert set(ru.values) == set(en.values)
    template = (Path(TEMPLATES) / "report.html.j2").read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\(\"([a-z_]+)\"", template))
    assert used and used <= set(ru.ui)


def test_long_tables_are_cut_in_html_but_not_in_xlsx(result: AnalysisResult, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from regionlens.report.xlsx import render_xlsx

    long = pd.DataFrame({"source": [f"Издание {i}" for i in range(250)], "publications": range(250)})
    result.sections.append(Section("outlets", "Издания", "Outlets", {"outlets": long}))
    html = render_html(result, "ru")
    html = render_html(result, "ru", appendix=True)
    block = html[html.index('id="appendix"'):]
    assert "Издание 199<" in block and "Издание 200<" not in block
    assert "Показаны 200 строк из 250" in block
    main = render_html(result, "ru")
    section = main[main.index('id="section-outlets"'):main.index('<section id="recommendations"')]
    assert "Издание 11<" in section and "Издание 12<" not in section  # the main report shows a compact table
    assert "Показаны 12 строк из 250" in section
    ws = load_workbook(render_xlsx(result, tmp_path / "r.xlsx", "ru"))["Издания 1"]
    assert ws.max_row == 251 and ws["A251"].value == "Издание 249"
