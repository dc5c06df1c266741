"""The jobs page tells when the project's codebook changed after a job was created, decided by hash, not path.

Before, a job named its codebook's file: the page re-read that file, so moving it broke the job's pages
and an edit in place went unnoticed. Now the served project's codebook is used and compared with the
hash the job recorded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from web_helpers import add_documents, add_users, client, login, make_job

from regionlens.coding.codebook import DEFAULT_PATH
from regionlens.store.project import init_project, open_project

NOTICE = "Кодификатор проекта изменён после создания задания"


def test_moved_codebook_keeps_the_job_and_an_edit_is_shown(tmp_path: Path) -> None:
    project = init_project(tmp_path / "proj")
    own = project.root / "team.yaml"
    own.write_text(DEFAULT_PATH.read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.1-team"', 1),
                   encoding="utf-8")
    project.set_codebook(own)
    add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project)

    moved = project.root / "books" / "team.yaml"
    moved.parent.mkdir()
    shutil.move(own, moved)
    open_project(project.root).set_codebook(moved)
    c = client(project.root)
    login(c, "anna")
    assert NOTICE not in c.get("/jobs").text  # moved, not changed
    page = c.get(f"/jobs/{job_id}/code")
    assert page.status_code == 200 and "Отношения России и Беларуси" in page.text  # the fields from the codebook

    moved.write_text(moved.read_text(encoding="utf-8").replace('version: "1.1-team"', 'version: "1.2-team"', 1),
                     encoding="utf-8")
    assert NOTICE in c.get("/jobs").text  # the same server sees the edit at once
    assert c.get(f"/jobs/{job_id}/code").status_code == 200
