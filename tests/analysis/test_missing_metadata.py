"""Analysis and report on corpora with every combination of missing metadata (issue 15, parts 1 and 4).

Hypothesis draws a project — no dates / some / all, with or without an outlet
registry, one level, one country, one publication, no union items, reprint
search run or not — and the whole path must work: analysis, then the report
in HTML, PDF and XLSX, with no «nan» and no share of reprints that was not
measured.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from metadata_project import Gaps, build_project
from openpyxl import load_workbook
from pypdf import PdfReader

from regionlens.pipeline.analyze import analyze_project
from regionlens.report.build import build_report

GAPS = st.builds(
    Gaps,
    n=st.sampled_from([1, 2, 9]),
    dates=st.sampled_from(["all", "some", "none"]),
    registry=st.booleans(),
    one_level=st.booleans(),
    one_country=st.booleans(),
    union=st.booleans(),
    reprints_run=st.booleans(),
)
NAN = re.compile(r"\bnan\b|\bNaT\b|\binf\b", re.IGNORECASE)


def _run(gaps: Gaps, root: Path) -> None:
    project = build_project(root / "proj", gaps)
    result, analysed = analyze_project(project)
    assert analysed == gaps.n
    facts = result.corpus["facts"]
    assert facts["publications"] == gaps.n
    assert facts["dated"] + facts["undated"] == gaps.n
    assert facts["reprints_measured"] is gaps.reprints_run
    keys = {f.key for f in result.findings}
    if gaps.dates == "none":
        assert "limit_dates" in keys
    if not gaps.registry:
        assert facts["attribution"]["unknown"] == gaps.n and "limit_levels" in keys
    for lang in ("ru", "en"):
        files = build_report(result, root / lang, lang=lang)
        html = files["html"].read_text(encoding="utf-8")
        assert not NAN.search(html), NAN.search(html)
        pdf_text = " ".join(page.extract_text() or "" for page in PdfReader(str(files["pdf"])).pages)
        assert not NAN.search(pdf_text)
        cells = [str(c.value) for ws in load_workbook(files["xlsx"]).worksheets for row in ws.iter_rows() for c in row
                 if c.value is not None]
        assert not any(NAN.search(c) for c in cells)
        if not gaps.reprints_run:  # never «0,0 % reprints» for a search that did not run
            said = "Доля перепечаток не измерялась" if lang == "ru" else "The share of reprints was not measured"
            assert said in html
            reprint_section = html[html.index('id="section-reprints"'):html.index('id="section-voice"')]
            assert "%" not in reprint_section


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(gaps=GAPS)
@example(gaps=Gaps(n=9, dates="none", registry=False))  # the reported case: a folder of .txt pages
@example(gaps=Gaps(n=1, dates="none", registry=False, union=False))
@example(gaps=Gaps(n=9, dates="some", one_level=True, one_country=True, reprints_run=True))
def test_analysis_and_report_survive_missing_metadata(gaps: Gaps) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _run(gaps, Path(tmp))


def test_methods_describe_the_corpus_as_it_is(tmp_path: Path) -> None:
    project = build_project(tmp_path / "proj", Gaps(n=9, dates="some", registry=False))
    result, _ = analyze_project(project)
    html = build_report(result, tmp_path, lang="ru", formats="html")["html"].read_text(encoding="utf-8")
    methods = html[html.index('id="methods"'):]
    assert "зарегистрированных источников" not in methods  # the old boilerplate
    assert "по реестру источников у 0, по каталогу изданий у 0, не определено у 9" in methods
    assert "Дата известна у 5 публикаций, нет даты у 4." in methods
    assert "русский — 6, белорусский — 3" in methods
    assert "Поиск перепечаток не выполнялся" in methods


def test_reprint_scope_counts_the_publications_searched(tmp_path: Path) -> None:
    project = build_project(tmp_path / "proj", Gaps(n=9, dates="some", reprints_run=True))
    result, _ = analyze_project(project)
    facts = result.corpus["facts"]
    # undated publications are compared too, so the whole corpus was searched
    assert facts["reprints_measured"] and facts["reprints_checked"] == 9 and facts["reprints_unchecked"] == 0
    assert "limit_reprints_partial" not in {f.key for f in result.findings}
    # a run recorded by an older stage that compared dated publications only is reported as partial
    from regionlens.reprints.scope import record_reprint_run

    with project.engine.begin() as conn:
        record_reprint_run(conn, 5, threshold=0.5, window_days=30, dated_only=True)
    result, _ = analyze_project(project)
    facts = result.corpus["facts"]
    assert facts["reprints_checked"] == 5 and facts["reprints_unchecked"] == 4
    assert "limit_reprints_partial" in {f.key for f in result.findings}
