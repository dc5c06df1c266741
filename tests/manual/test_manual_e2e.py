"""End to end (issue 5, «done when»): three simulated coders with known error rates code a job offline,
alpha and its CI come out where theory puts them, adjudication yields gold codes that `validate` reads,
and a classifier trained on the gold codes beats a deliberately weakened dictionary variable."""

from __future__ import annotations

import math
import pickle
import random
from pathlib import Path

import pytest
import yaml
from manual_corpus import demo_project, expected_binary_alpha, noisy
from openpyxl import load_workbook
from sqlalchemy import select

from regionlens.coding.codebook import DEFAULT_PATH, load_codebook
from regionlens.manual.adjudicate import accept_agreed, adjudicate, disagreements, export_gold
from regionlens.manual.agreement import analyse_long
from regionlens.manual.classify import ClassifierError, apply_classifier, suggest_units, train_classifier
from regionlens.manual.jobs import JobSpec, coder_values, create_job, job_units_of
from regionlens.manual.xlsx_io import export_job_xlsx, import_job_xlsx
from regionlens.store.project import Project
from regionlens.store.schema import codes
from regionlens.validation.validate import read_jsonl, validate_gold_file

ERRORS = {"c0": 0.0, "c1": 0.1, "c2": 0.3}
VARS = ["union", "problem", "tone", "topics"]


def _weak_codebook(tmp: Path) -> Path:
    """The default codebook with the `problem` dictionary cut to three patterns."""
    data = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    data["version"] = "1.0-weak"
    data["dictionaries"]["problem"]["entries"] = {"PROBLEM": ["кризис"], "DECLINE": ["падение"], "SANCTION": ["санкция"]}
    path = tmp / "weak.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_three_coders_to_gold_to_classifier(project: Project, tmp_path: Path) -> None:
    engine = project.engine
    book = project.codebook
    truth = demo_project(project, tmp_path, n_docs=500)
    job_id = create_job(engine, JobSpec("надёжность", VARS, list(ERRORS), sample_size=400, overlap=1.0,
                                        strata=["level"], seed=1), book)
    sample = sorted(job_units_of(engine, job_id)["c0"])
    assert len(sample) == 400

    # --- offline coding: every coder fills their sheet with values wrong at a known rate
    path = export_job_xlsx(engine, job_id, tmp_path / "job.xlsx", codebook=book)
    wb = load_workbook(path)
    for coder, error in ERRORS.items():
        rng = random.Random(f"{coder}-{error}")
        ws = wb[coder]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            values = noisy(truth[int(row[0].value)], error, rng)  # type: ignore[arg-type]
            for var in VARS:
                value = values[var]
                row[header.index(var)].value = ("; ".join(value) or "-") if isinstance(value, list) else value
    wb.save(path)
    report = import_job_xlsx(engine, job_id, path, codebook=book)
    assert report.errors == [] and report.saved == 1200
    long = coder_values(engine, job_id)
    assert len(long) == 1200 * len(VARS)

    # --- reliability: alpha where the error rates put it, inside its bootstrap CI
    table, pairs = analyse_long(long, book, draws=500)
    union = table[table.variable == "union"].iloc[0]
    prevalence = sum(truth[d]["union"] for d in sample) / len(sample)
    expected = expected_binary_alpha(prevalence, list(ERRORS.values()))
    assert 0.35 < expected < 0.55
    assert abs(union["alpha"] - expected) < 0.07
    assert union["ci_low"] <= expected <= union["ci_high"] and union["ci_high"] - union["ci_low"] < 0.2
    assert union["n_units"] == 400 and union["verdict"] == "нельзя использовать"
    kappa = {(r["coder_a"], r["coder_b"]): r["cohen_kappa"]
             for r in pairs[(pairs.variable == "union")].to_dict("records")}
    assert kappa[("c0", "c1")] > kappa[("c0", "c2")] > kappa[("c1", "c2")]
    assert kappa[("c0", "c1")] > 0.7  # 10 % flips of one coder
    assert set(table[table.variable == "topics"]["label"]) >= {"", "ECON", "CULT", "EDU"}

    # --- adjudication: unanimous values accepted, the rest decided by the adjudicator (who knows the truth)
    agreed = accept_agreed(engine, job_id)
    pending = disagreements(engine, job_id, pending_only=True)
    assert agreed + len(pending) == 400 * len(VARS) and len(pending) > 100
    assert all(len(d["values"]) == 3 and d["gold"] is None for d in pending)
    for d in pending:
        adjudicate(engine, job_id, d["document_id"], d["variable"], truth[d["document_id"]][d["variable"]], "lead",
                   codebook=book)
    assert disagreements(engine, job_id, pending_only=True) == []
    assert accept_agreed(engine, job_id) == 0  # nothing new; adjudicated values are not overwritten
    gold_path = tmp_path / "gold.jsonl"
    assert export_gold(engine, gold_path) == 400
    gold = read_jsonl(gold_path)
    ext = {v["id"]: k for k, v in truth.items()}
    for rec in gold:
        t = truth[ext[rec["id"]]]
        assert {v: rec[v] for v in VARS} == {v: t[v] for v in VARS}

    # --- the gold codes feed validation: the weakened dictionary scores badly on `problem`
    weak = load_codebook(_weak_codebook(tmp_path))
    weak_report = validate_gold_file(gold_path, codebook=weak, draws=100)
    assert weak_report.n == 400
    weak_alpha = weak_report.variables["problem"].alpha
    assert weak_alpha < 0.3

    # --- a classifier trained on the gold codes does better, judged the same way (cross-validated alpha)
    clf = train_classifier(engine, "problem", features="tfidf", cv=5, root=project.root, codebook=book)
    assert clf.n == 400 and clf.folds == 5
    assert clf.alpha > weak_alpha + 0.4 and clf.f1 > 0.5
    assert clf.model_path == project.root / "models" / "problem.pkl"
    with clf.model_path.open("rb") as fh:
        assert pickle.load(fh)["codebook_hash"] == book.hash
    assert apply_classifier(engine, "problem", root=project.root, codebook=book) == 500
    with engine.connect() as conn:
        model_codes = conn.execute(select(codes.c.document_id).where(codes.c.coder == "model",
                                                                      codes.c.variable == "problem")).scalars().all()
    assert len(model_codes) == 500
    suggested = suggest_units(engine, "problem", 10, root=project.root, codebook=book)
    assert len(suggested) == 10 and not set(suggested) & set(sample) and set(suggested) <= set(truth)

    # --- dictionary features belong to their codebook: a model over the weak one is refused under another
    dict_clf = train_classifier(engine, "problem", features="dictionary", cv=5, root=project.root, codebook=weak)
    assert dict_clf.n == 400 and dict_clf.codebook_hash == weak.hash and not math.isnan(dict_clf.alpha)
    with pytest.raises(ClassifierError, match="другого кодификатора"):
        suggest_units(engine, "problem", 5, root=project.root, codebook=book)
    assert len(suggest_units(engine, "problem", 5, root=project.root, codebook=weak)) == 5
