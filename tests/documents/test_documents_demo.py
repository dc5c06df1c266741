"""Planted document–media relations recovered, and official documents through the pipeline on both back ends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from regionlens.analysis.frame import frame_from_demo
from regionlens.demo.extras import generate_extras
from regionlens.demo.generator import generate_demo
from regionlens.documents import alignment_section, documents_frame
from regionlens.pipeline.code import code_project
from regionlens.pipeline.documents import ingest_official, official_frame_from_dir
from regionlens.store.project import Project


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame, Path]:
    media_dir = tmp_path_factory.mktemp("media")
    generate_demo(media_dir, seed=3, n_docs=1200)
    extras = tmp_path_factory.mktemp("extras")
    generate_extras(extras, seed=3, media_dir=media_dir)
    return official_frame_from_dir(extras), frame_from_demo(media_dir), extras


def test_planted_priority_and_country_contrast_are_recovered(material: tuple[pd.DataFrame, pd.DataFrame, Path]) -> None:
    docs, media, _ = material
    section, findings = alignment_section(docs, media, n_perm=500, seed=1)
    table = section.tables["comparisons"].set_index("comparison")
    overall = table.loc["overall"]
    assert overall["p_value"] < 0.01
    assert overall["documents_stress"][0] == "ENERGY"
    ruby = table.loc["RU_vs_BY"]
    assert ruby["p_value"] < 0.01
    assert {"ECON", "IND"} & set(ruby["documents_stress"])
    assert {"EDU", "CULT", "SOC"} <= set(ruby["media_stress"])
    energy = section.tables["topics"].query("comparison == 'overall' and topic == 'ENERGY'").iloc[0]
    assert energy["share_a"] > 0.1 > energy["share_b"]
    keys = {f.key: f for f in findings}
    assert "энергетика" in keys["alignment_overall"].text_ru and keys["alignment_overall"].recommendations_ru
    assert "ENERGY" not in keys["alignment_overall"].text_ru  # the topic is named, not coded
    assert keys["alignment_ru_by_documents"].p_value is not None and keys["alignment_ru_by_documents"].p_value < 0.01
    assert set(section.tables["profiles"]["set"]) >= {"ru_regional_strategies", "by_oblast_programmes", "union_programmes"}
    assert section.chart is not None and section.chart.table == "profiles"


def test_identical_media_and_documents_show_no_gap(material: tuple[pd.DataFrame, pd.DataFrame, Path]) -> None:
    _, media, _ = material
    union = media.loc[media["union"] == 1].reset_index(drop=True)
    fake_docs = pd.DataFrame({"id": union["id"].head(200), "title": "", "set": "copy", "country": "RU",
                              "issuer_level": "federal", "region_code": None, "published_at": union["published_at"].head(200),
                              "topics": union["topics"].head(200)})
    section, _ = alignment_section(fake_docs, media, n_perm=300)
    overall = section.tables["comparisons"].set_index("comparison").loc["overall"]
    assert overall["p_value"] > 0.01
    assert overall["js_distance"] < 0.15


def test_official_documents_through_the_pipeline(project: Project, material: tuple[pd.DataFrame, pd.DataFrame, Path]) -> None:
    expected, _, extras = material
    added, problems = ingest_official(project, extras)
    assert problems == [] and added == len(expected)
    again, _ = ingest_official(project, extras)
    assert again == 0  # idempotent
    code_project(project)
    docs = documents_frame(project.engine)
    assert len(docs) == len(expected)
    assert docs["set"].value_counts().to_dict() == expected["set"].value_counts().to_dict()
    assert set(docs["issuer_level"]) == {"regional", "union", "interregional"}
    assert docs.loc[docs["set"] == "union_programmes", "country"].eq("union").all()
    assert docs.loc[docs["set"] == "by_oblast_programmes", "region_code"].str.startswith("BY-").all()
    assert docs["published_at"].notna().all()
    got = sorted(sorted(t) for t in docs["topics"])
    assert got == sorted(sorted(t) for t in expected["topics"])


def test_materials_sections_from_a_project(project: Project, tmp_path: Path) -> None:
    from regionlens.documents import materials_sections
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.pipeline.materials import load_demo_extras
    from regionlens.sources.files import read_registry
    from regionlens.sources.registry import import_sources
    from regionlens.store.frame import load_frame

    media_dir = tmp_path / "media"
    generate_demo(media_dir, seed=2, n_docs=300)
    import_sources(project.engine, read_registry(media_dir / "sources.yaml")[0])
    ingest_paths(project, [media_dir / "corpus.jsonl"])
    media_only, _ = materials_sections(project.engine, load_frame(project.engine))
    assert media_only == []  # no materials yet: analyze is unchanged
    generate_extras(tmp_path / "x", seed=2, media_dir=media_dir)
    loaded = load_demo_extras(project, tmp_path / "x")
    assert loaded.problems == [] and loaded.documents == 44 and loaded.respondents == 60 and loaded.indicator_rows > 0
    code_project(project)
    sections, findings = materials_sections(project.engine, load_frame(project.engine), n_perm=200)
    assert [s.key for s in sections] == ["alignment", "expert_survey", "information_gap"]
    assert all(s.title_ru and s.title_en and s.chart is not None for s in sections)
    assert {"alignment_overall", "survey_country_gap_cooperation", "gap_under_communicated"} <= {f.key for f in findings}
