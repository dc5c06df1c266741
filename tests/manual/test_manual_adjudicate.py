"""Adjudication: disagreements, gold values in `codes`, the gold file and the methods summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from manual_corpus import add_small_corpus
from sqlalchemy import select

from regionlens.manual.adjudicate import accept_agreed, adjudicate, disagreements, export_gold
from regionlens.manual.jobs import AnnotationError, JobSpec, create_job, job_units_of, save_annotation
from regionlens.manual.summary import gold_counts, methods_summary
from regionlens.store.project import Project
from regionlens.store.schema import codes


def _job(project: Project) -> tuple[int, list[int], list[int]]:
    add_small_corpus(project.engine)
    job_id = create_job(project.engine, JobSpec("спор", ["union", "topics"], ["a", "b", "c"], sample_size=6,
                                                overlap=0.5, seed=2), codebook=project.codebook)
    plan = job_units_of(project.engine, job_id)
    shared = sorted(set(plan["a"]) & set(plan["b"]) & set(plan["c"]))
    single = sorted(set(plan["a"]) - set(shared))
    return job_id, shared, single


def test_disagreements_gold_and_export(project: Project, tmp_path: Path) -> None:
    job_id, shared, single = _job(project)
    assert len(shared) == 3
    e = project.engine
    for coder in "abc":
        save_annotation(e, job_id, coder, shared[0], {"union": 1, "topics": ["ECON"]}, codebook=project.codebook)
        save_annotation(e, job_id, coder, shared[1], {"union": int(coder == "c"), "topics": ["ECON", "POL"]}, codebook=project.codebook)
    save_annotation(e, job_id, "a", shared[2], {"union": 1, "topics": ["CULT"]}, codebook=project.codebook)
    save_annotation(e, job_id, "b", shared[2], {"topics": ["EDU"]}, codebook=project.codebook)
    save_annotation(e, job_id, "a", single[0], {"union": 1}, codebook=project.codebook)
    found = disagreements(e, job_id)
    assert [(d["document_id"], d["variable"]) for d in found] == [(shared[1], "union"), (shared[2], "topics")]
    assert found[0]["values"] == {"a": 0, "b": 0, "c": 1} and found[0]["gold"] is None
    assert found[1]["values"] == {"a": ["CULT"], "b": ["EDU"]} and found[0]["title"].startswith("Заметка")

    assert adjudicate(e, job_id, shared[2], "topics", "cult; edu", by="lead", codebook=project.codebook) == ["CULT", "EDU"]
    with pytest.raises(AnnotationError, match="переменная «union»: значение 5"):
        adjudicate(e, job_id, shared[1], "union", 5, by="lead", codebook=project.codebook)
    with pytest.raises(ValueError, match="«tone» не входит в задание"):
        adjudicate(e, job_id, shared[1], "tone", 0, by="lead", codebook=project.codebook)
    outside = max(job_units_of(e, job_id)["a"]) + 1000
    with pytest.raises(LookupError, match=f"Публикации {outside} нет в задании"):
        adjudicate(e, job_id, outside, "union", 1, by="lead", codebook=project.codebook)
    assert disagreements(e, job_id)[1]["gold"] == ["CULT", "EDU"]
    assert [d["variable"] for d in disagreements(e, job_id, pending_only=True)] == ["union"]

    # unanimous values of units coded by 2+ coders: shared[0] × 2, shared[1] topics; a single coder is not agreement
    assert accept_agreed(e, job_id) == 3
    adjudicate(e, job_id, shared[1], "union", 1, by="lead", codebook=project.codebook)
    assert accept_agreed(e, job_id) == 0
    with e.connect() as conn:
        rows = {(r.document_id, r.variable): r for r in conn.execute(select(codes).where(codes.c.coder == "gold"))}
    assert set(rows) == {(shared[0], "union"), (shared[0], "topics"), (shared[1], "union"), (shared[1], "topics"),
                         (shared[2], "topics")}
    ev = json.loads(rows[(shared[1], "union")].evidence)[0]
    assert ev["by"] == "lead" and ev["rule"] == "adjudication" and rows[(shared[1], "union")].codebook_version == "1.1"
    assert gold_counts(e) == {"union": 2, "topics": 3}

    path = tmp_path / "gold.jsonl"
    assert export_gold(e, path) == 3
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [r["document_id"] for r in recs] == shared
    assert recs[1]["union"] == 1 and recs[1]["topics"] == ["ECON", "POL"] and "union" not in recs[2]
    assert recs[0]["text"].startswith("Делегация") and recs[0]["meta"]["country"] in ("RU", "BY")


def test_methods_summary(project: Project) -> None:
    job_id, shared, _ = _job(project)
    for coder in "abc":
        for i, doc in enumerate(shared):
            save_annotation(project.engine, job_id, coder, doc, {"union": i % 2, "topics": ["ECON"]}, codebook=project.codebook)
    summary = methods_summary(project.engine, codebook=project.codebook, draws=50)
    job = summary["jobs"][0]
    assert job["units"] == 6 and job["shared_units"] == 3 and job["coders"] == ["a", "b", "c"]
    union = next(r for r in job["reliability"] if r["variable"] == "union")
    assert union["alpha"] == 1.0 and union["verdict"] == "можно опираться"
    econ = next(r for r in job["reliability"] if r["label"] == "ECON")
    assert econ["alpha"] is None and econ["verdict"] == "недостаточно данных"  # one value only: alpha undefined
    assert job["sampling"]["overlap"] == 0.5 and summary["gold"] == {}
