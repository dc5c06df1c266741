from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

from regionlens.store.migrations import LATEST, current_version, migrate
from regionlens.store.project import Project, ProjectError, init_project, make_engine, open_project
from regionlens.store.schema import documents, meta


def test_init_creates_latest_schema(project: Project) -> None:
    with project.engine.connect() as conn:
        assert current_version(conn) == LATEST
        tables = set(inspect(conn).get_table_names())
    assert {"sources", "documents", "codes", "coding_runs", "mentions", "reprints", "jobs", "annotations", "indicators"} <= tables


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "p")
    with proj.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_init_twice_and_open_missing_are_clear_errors(tmp_path: Path) -> None:
    init_project(tmp_path / "p")
    with pytest.raises(ProjectError, match="уже есть проект"):
        init_project(tmp_path / "p")
    with pytest.raises(ProjectError, match="не папка проекта"):
        open_project(tmp_path / "nothing")


def test_old_project_is_upgraded_and_keeps_data(tmp_path: Path) -> None:
    """A project at schema version 1 (what the first release wrote) opens in this one."""
    root = tmp_path / "old"
    root.mkdir()
    engine = make_engine(f"sqlite:///{root / 'regionlens.db'}")
    assert migrate(engine, target=1) == [1]
    with engine.begin() as conn:
        conn.execute(
            documents.insert().values(title="t", text="старый текст", content_hash="h1", lemmas="старый текст",
                                      ingested_at=__import__("datetime").datetime(2021, 1, 1))
        )
        assert not inspect(conn).has_table("coding_runs")
    engine.dispose()
    (root / "regionlens.yaml").write_text("database: regionlens.db\ncreated_with: 0.0.1\n", encoding="utf-8")
    proj = open_project(root)
    with proj.engine.connect() as conn:
        assert current_version(conn) == LATEST
        assert inspect(conn).has_table("coding_runs")
        assert conn.execute(select(documents.c.text)).scalar() == "старый текст"
        assert conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar() == str(LATEST)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "p")
    with proj.engine.begin() as conn:
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(LATEST + 1)))
    with pytest.raises(RuntimeError, match="более новой версией"):
        open_project(tmp_path / "p")


def test_bad_server_url_is_a_project_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="Не удалось создать базу"):
        init_project(tmp_path / "p", "postgresql://nobody:secret@127.0.0.1:1/none")
    assert not (tmp_path / "p" / "regionlens.yaml").exists()
