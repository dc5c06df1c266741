"""The dashboard on a corpus of saved pages without dates or a reprint search (issue 15).

«Объём по месяцам: нет данных» for 100 publications was wrong: the page must
say that the publications have no date, and must not show a share of reprints
that was never measured.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dash_web_helpers import add_accounts, logged_in

from regionlens.dashboard.aggregates import dashboard_aggregates
from regionlens.dashboard.facts import forget_checks
from regionlens.filters import Filters

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analysis"))
from metadata_project import Gaps, build_project  # noqa: E402


def test_undated_corpus_says_so_and_unmeasured_reprints_are_not_a_share(tmp_path: Path) -> None:
    forget_checks()
    project = build_project(tmp_path / "proj", Gaps(n=9, dates="none"))
    add_accounts(project.engine)
    agg = dashboard_aggregates(project.engine, Filters())
    assert agg["totals"]["undated"] == agg["totals"]["union"] == 7  # every union publication is undated
    assert agg["volume"] == [] and agg["reprints"]["measured"] is False
    c, _ = logged_in(tmp_path / "proj", "vera")
    page = c.get("/dashboard").text
    assert "Дата не известна ни у одной из 7 публикаций о союзных отношениях" in page
    assert "Нет данных для выбранных фильтров." not in page.split('id="volume"')[1].split("</section>")[0]
    reprint_total = page.split('id="total-reprint">')[1].split("</strong>")[0]
    assert "не измерялась" in reprint_total and "%" not in reprint_total


def test_partly_dated_corpus_notes_the_undated_ones(tmp_path: Path) -> None:
    forget_checks()
    project = build_project(tmp_path / "proj", Gaps(n=9, dates="some", reprints_run=True))
    add_accounts(project.engine)
    agg = dashboard_aggregates(project.engine, Filters())
    assert agg["reprints"]["measured"] is True
    undated = agg["totals"]["undated"]
    assert 0 < undated < agg["totals"]["union"]
    assert sum(v["n"] for v in agg["volume"]) + undated == agg["totals"]["union"]
    c, _ = logged_in(tmp_path / "proj", "vera")
    page = c.get("/dashboard").text
    assert f"Без даты {undated} публикаций о союзных отношениях" in page
