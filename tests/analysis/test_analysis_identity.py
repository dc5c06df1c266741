"""The analysis counted in the database gives the same result as the per-publication pandas analysis it replaced.

The reference (tests/analysis/reference, the old code) runs next to the new one on the same inputs: a demo
corpus's ground truth with planted effects (every finding rule fires), a synthetic frame with reprint
clusters, its null twin, and a project built through the real pipeline on SQLite and PostgreSQL. Every
table cell, statistic, finding number and example id must agree (floats to a relative 1e-9).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from analysis_synth import NULL, Plant, make_frame
from reference.pipeline_analyze import analyze_project as reference_project
from reference.run import AnalysisConfig as ReferenceConfig
from reference.run import analyze as reference_analyze

from bench.analysis_compare import comparable, differences
from regionlens.analysis import AnalysisConfig, Event, analyze
from regionlens.analysis.frame import frame_from_demo
from regionlens.demo import generate_demo
from regionlens.demo.generator import forum_of
from regionlens.demo.places import BORDER_PAIRS
from regionlens.pipeline.analyze import analyze_project
from regionlens.store.project import Project

YEARS = (2021, 2022, 2023)


def _events() -> list[Event]:
    out = []
    for y in YEARS:
        f = forum_of(y)
        start = date(y, f.month, f.day)
        out.append(Event(f"Форум регионов {y}", f"Forum of Regions {y}", start, start + timedelta(days=f.days - 1)))
    return out


def _json(result: Any) -> dict[str, Any]:
    return comparable(json.loads(json.dumps(result.to_json(), default=str)))


def _same(old: Any, new: Any) -> None:
    diffs = differences(_json(old), _json(new))
    assert diffs == [], "\n".join(diffs)


def _finding_keys(result: Any) -> set[str]:
    return {f.key for f in result.findings if f.severity != "info"}


@pytest.fixture(scope="module")
def demo_frame(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out: Path = tmp_path_factory.mktemp("demo")
    generate_demo(out, seed=2022, n_docs=5000, years=YEARS)
    return frame_from_demo(out)


def test_demo_ground_truth_gives_the_same_result(demo_frame: pd.DataFrame) -> None:
    events = _events()
    new = analyze(demo_frame, AnalysisConfig(events=events, border_pairs=BORDER_PAIRS))
    old = reference_analyze(demo_frame, ReferenceConfig(events=events, border_pairs=BORDER_PAIRS))
    assert len(_finding_keys(new)) >= 8  # the comparison covers the rules that fire, not only empty tables
    _same(old, new)


@pytest.mark.parametrize("plant", [Plant(), NULL], ids=["planted", "null"])
def test_synthetic_frames_give_the_same_result(plant: Plant) -> None:
    frame = make_frame(3000, plant, seed=5)
    frame.loc[frame.index[::97], "published_at"] = pd.NaT  # undated publications: counted, not in the series
    frame.loc[frame.index[::89], "source"] = None
    events = [Event(f"Форум {y}", f"Forum {y}", date(y, 6, 25), date(y, 6, 27)) for y in YEARS]
    new = analyze(frame, AnalysisConfig(events=events, reciprocity_min_n=5))
    old = reference_analyze(frame, ReferenceConfig(events=events, reciprocity_min_n=5))
    _same(old, new)


def test_models_sample_the_same_rows_above_the_row_limit(demo_frame: pd.DataFrame) -> None:
    from reference.indices import level_models as reference_models

    from regionlens.analysis.indices import level_models

    new, old = level_models(demo_frame, max_rows=900, seed=3), reference_models(demo_frame, max_rows=900, seed=3)
    assert len(new) and (new["n"] == 900).all()
    pd.testing.assert_frame_equal(new, old, check_exact=False, rtol=1e-9)


@pytest.fixture
def pipeline_project(project: Project, tmp_path: Path) -> Project:
    from regionlens.pipeline.code import code_project
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.pipeline.reprints import detect_reprints
    from regionlens.sources.files import read_registry
    from regionlens.sources.registry import import_sources

    corpus = tmp_path / "corpus"
    generate_demo(corpus, seed=11, n_docs=1200, years=YEARS)
    import_sources(project.engine, read_registry(corpus / "sources.yaml")[0])
    ingest_paths(project, [corpus / "corpus.jsonl"], batch_size=500)
    code_project(project)
    detect_reprints(project)
    return project


def test_project_gives_the_same_result_on_both_back_ends(pipeline_project: Project) -> None:
    config = {"events": _events(), "border_pairs": BORDER_PAIRS}
    new, analysed = analyze_project(pipeline_project, AnalysisConfig(**config))
    old, frame = reference_project(pipeline_project, ReferenceConfig(**config))
    assert analysed == len(frame) == 1200
    assert new.section("reprints").stats["reprints"] > 0 and new.corpus["examples"]
    _same(old, new)


def test_a_period_of_a_project_gives_the_same_result(pipeline_project: Project) -> None:
    from regionlens.store.timezone import period_bounds

    start, end = period_bounds(date(2022, 2, 1), date(2022, 9, 30))
    config = {"events": _events(), "border_pairs": BORDER_PAIRS}
    new, analysed = analyze_project(pipeline_project, AnalysisConfig(**config), date_from=start, date_to=end)
    old, frame = reference_project(pipeline_project, ReferenceConfig(**config), date_from=start, date_to=end)
    assert 0 < analysed == len(frame) < 1200
    assert new.corpus["period_from"] >= "2022-02-01" and new.corpus["period_to"] <= "2022-09-30"
    _same(old, new)
