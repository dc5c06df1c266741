"""Manual-coding reliability reaches the methods section of the analysis result."""

from __future__ import annotations

import random
from pathlib import Path

from manual_corpus import demo_project

from regionlens.manual.jobs import JobSpec, create_job, next_unit, save_annotation
from regionlens.pipeline.analyze import analyze_project
from regionlens.pipeline.code import code_project
from regionlens.store.project import Project


def test_reliability_of_jobs_is_in_the_methods_section(project: Project, tmp_path: Path) -> None:
    truth = demo_project(project, tmp_path, 200)
    code_project(project)
    job = create_job(project.engine, JobSpec("проверка", ["union"], ["anna", "boris"], 40, overlap=1.0, seed=3), codebook=project.codebook)
    rng = random.Random(1)
    for coder, error in (("anna", 0.0), ("boris", 0.2)):
        while (unit := next_unit(project.engine, job, coder)) is not None:
            value = truth[unit["document_id"]]["union"]
            save_annotation(project.engine, job, coder, unit["document_id"],
                            {"union": 1 - value if rng.random() < error else value}, codebook=project.codebook)
    result, _ = analyze_project(project)
    rows = result.corpus["reliability"]
    assert [r["job"] for r in rows] == ["проверка"]
    assert rows[0]["variable"] == "union" and rows[0]["n_units"] == 40
    assert 0.0 < rows[0]["alpha"] < 1.0
