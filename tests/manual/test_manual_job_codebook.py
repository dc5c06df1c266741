"""A coding job and a trained model take their codebook from the project and recognise it by hash, not path.

Before, a job stored its codebook's file path and every page and command
re-read that file: moving the project's codebook (and pointing the project at
the new place) broke the job, and editing it in place went unnoticed. Now the
job records the codebook's version and hash; the project's codebook is the one
used, a move is invisible and an edit is reported.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from manual_corpus import add_small_corpus
from openpyxl import load_workbook
from sqlalchemy import insert, update

from regionlens.coding.codebook import DEFAULT_PATH
from regionlens.manual.adjudicate import GOLD
from regionlens.manual.classify import apply_classifier, train_classifier
from regionlens.manual.jobs import (
    AnnotationError,
    JobSpec,
    codebook_changed,
    create_job,
    get_job,
    job_units_of,
    save_annotation,
)
from regionlens.manual.values import encode
from regionlens.manual.xlsx_io import export_job_xlsx
from regionlens.store.project import Project, init_project, open_project
from regionlens.store.schema import codes, documents

VARS = ["union", "tone"]


def _own_codebook(project: Project, name: str = "team.yaml") -> Path:
    """A copy of the packaged codebook inside the project folder, made the project's codebook."""
    own = project.root / name
    own.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.1-team"', 1),
                   encoding="utf-8")
    project.set_codebook(own)
    return own


@pytest.fixture
def proj(tmp_path: Path) -> Project:
    project = init_project(tmp_path / "proj")
    add_small_corpus(project.engine)
    return project


def test_job_survives_a_moved_codebook_and_records_no_path(proj: Project, tmp_path: Path) -> None:
    own = _own_codebook(proj)
    job_id = create_job(proj.engine, JobSpec("перенос", VARS, ["anna"], sample_size=3), proj.codebook)
    config = get_job(proj.engine, job_id)["config"]
    assert "codebook" not in config  # no file path to go stale
    assert config["codebook_version"] == "1.1-team" and config["codebook_hash"] == proj.codebook.hash

    # the team moves its codebook into a subfolder and points the project there; the old file is gone
    moved = proj.root / "codebooks" / "team.yaml"
    moved.parent.mkdir()
    shutil.move(own, moved)
    reopened = open_project(proj.root)
    reopened.set_codebook(moved)
    book = open_project(proj.root).codebook
    job = get_job(reopened.engine, job_id)
    assert not codebook_changed(job, book)  # same content, same hash: the move is not a change
    assert book.version == "1.1-team"
    unit = job_units_of(reopened.engine, job_id)["anna"][0]
    save_annotation(reopened.engine, job_id, "anna", unit, {"union": 1, "tone": 0}, codebook=book)
    path = export_job_xlsx(reopened.engine, job_id, tmp_path / "job.xlsx", codebook=book)
    assert load_workbook(path)["anna"].max_row == 4  # header and three units


def test_edited_codebook_is_noticed_by_hash(proj: Project) -> None:
    own = _own_codebook(proj)
    job_id = create_job(proj.engine, JobSpec("правка", VARS, ["anna"], sample_size=3), proj.codebook)
    assert not codebook_changed(get_job(proj.engine, job_id), proj.codebook)

    # edited in place: same path, other content
    data = yaml.safe_load(own.read_text(encoding="utf-8"))
    data["version"] = "1.2-team"
    own.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    book = open_project(proj.root).codebook
    job = get_job(proj.engine, job_id)
    assert codebook_changed(job, book) and book.version == "1.2-team"
    # the job goes on under the edited codebook, and its values are checked against it
    unit = job_units_of(proj.engine, job_id)["anna"][0]
    with pytest.raises(AnnotationError, match="tone"):
        save_annotation(proj.engine, job_id, "anna", unit, {"tone": 7}, codebook=book)
    save_annotation(proj.engine, job_id, "anna", unit, {"union": 0, "tone": -1}, codebook=book)


def test_dictionary_model_follows_the_codebook_by_hash_after_a_move(proj: Project) -> None:
    own = _own_codebook(proj)
    book = proj.codebook
    ids = sorted(job_units_of(proj.engine, create_job(proj.engine, JobSpec("эталон", ["union"], ["a"], sample_size=20),
                                                     book))["a"])
    now = datetime.now(UTC)
    with proj.engine.begin() as conn:  # gold: every other unit is about the Union State, and says so
        for i, d in enumerate(ids[1::2]):
            conn.execute(update(documents).where(documents.c.id == d).values(
                text=f"Программа Союзного государства России и Беларуси: совместный проект номер {i}."))
        conn.execute(insert(codes), [{"document_id": d, "variable": "union", "coder": GOLD, "value": encode(i % 2),
                                      "codebook_version": book.version, "coded_at": now} for i, d in enumerate(ids)])
    train_classifier(proj.engine, "union", features="dictionary", cv=2, root=proj.root, codebook=book)

    moved = proj.root / "elsewhere.yaml"
    shutil.move(own, moved)
    open_project(proj.root).set_codebook(moved)
    assert apply_classifier(proj.engine, "union", root=proj.root, codebook=open_project(proj.root).codebook) == 100
