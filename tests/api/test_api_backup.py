"""Backup and restore of the project database on SQLite and PostgreSQL, through the functions and the CLI."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import typer
from api_helpers import api_client, auth, build_world
from sqlalchemy import Engine, delete, insert, inspect, select, text
from typer.testing import CliRunner

from regionlens.accounts.tokens import create_token
from regionlens.cli.api_commands import backup, restore
from regionlens.store import backup as backup_module
from regionlens.store.backup import BackupError, backup_kind, backup_project, find_pg_tool, restore_project
from regionlens.store.project import Project
from regionlens.store.schema import annotations, api_tokens, codes, documents, job_units, sources, users

cli = typer.Typer()
cli.command("backup")(backup)
cli.command("restore")(restore)
runner = CliRunner()


def _state(engine: Engine) -> dict[str, Any]:
    """Everything the round trip must bring back, table by table."""
    with engine.connect() as conn:
        return {
            "sources": sorted(conn.execute(select(sources.c.id, sources.c.name, sources.c.level)).all()),
            "documents": sorted(conn.execute(select(documents.c.id, documents.c.title, documents.c.lemmas)).all()),
            "codes": sorted(conn.execute(select(codes.c.document_id, codes.c.variable, codes.c.value)).all()),
            "users": sorted(conn.execute(select(users.c.username, users.c.password_hash, users.c.role)).all()),
            "tokens": sorted(conn.execute(select(api_tokens.c.token_hash, api_tokens.c.name)).all()),
            "units": sorted(conn.execute(select(job_units.c.document_id, job_units.c.coder)).all()),
            "annotations": sorted(conn.execute(select(annotations.c.document_id, annotations.c.value)).all()),  # type: ignore[attr-defined]
        }


def test_backup_restore_round_trip(project: Project, tmp_path: Path) -> None:
    world = build_world(project)
    c = api_client(world)
    unit = min(world.units["anna"])
    assert c.put(f"/api/v1/jobs/{world.job_id}/units/{unit}", json={"values": {"tone": 1}},
                 headers=auth(world, "anna")).status_code == 200
    before = _state(project.engine)
    info = backup_project(project, tmp_path / "copy.bak")
    assert info.size > 0 and backup_kind(info.path) == project.dialect
    assert not list(tmp_path.glob("*.part"))
    assert info.path.stat().st_mode & 0o077 == 0  # the copy holds password and token hashes
    # damage after the backup: a new token, a lost source, deleted codes
    late_token = create_token(project.engine, "vera", "после копии")
    with project.engine.begin() as conn:
        conn.execute(delete(codes))
        conn.execute(insert(sources).values(name="Появился после копии", country="RU", level="local"))
    assert _state(project.engine) != before
    restored = restore_project(project, info.path)
    assert restored.dialect == project.dialect
    assert _state(project.engine) == before
    # the restored database serves the API again: old tokens work, the later one does not, search finds lemmas
    c2 = api_client(world)
    assert c2.get("/api/v1/me", headers={"Authorization": f"Bearer {late_token}"}).status_code == 401
    found = c2.get("/api/v1/search?q=смоленская область", headers=auth(world, "vera"))
    assert found.status_code == 200 and found.json()["total"] == 2
    mine = c2.get(f"/api/v1/jobs/{world.job_id}/units/{unit}", headers=auth(world, "anna")).json()
    assert mine["values"] == {"tone": 1}


def test_sqlite_backup_is_consistent_while_a_writer_is_busy(tmp_path: Path) -> None:
    from regionlens.store.project import init_project

    project = init_project(tmp_path / "proj")
    build_world(project)
    with project.engine.connect() as writer:
        tx = writer.begin()
        writer.execute(insert(sources).values(name="Незавершённая запись", country="RU", level="local"))
        info = backup_project(project, tmp_path / "live.db")  # another connection holds an open write transaction
        tx.rollback()
    copy = init_project(tmp_path / "other")
    restore_project(copy, info.path)
    names = {r.name for r in copy.engine.connect().execute(select(sources.c.name))}
    assert "Незавершённая запись" not in names and "Рабочий путь" in names
    with copy.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'витебск'")).scalar()
    copy.engine.dispose()
    project.engine.dispose()


def test_wrong_files_and_missing_tools_are_clear_errors(project: Project, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("не копия", encoding="utf-8")
    with pytest.raises(BackupError, match="не резервная копия"):
        restore_project(project, junk)
    with pytest.raises(BackupError, match="не найден"):
        restore_project(project, tmp_path / "absent.bak")
    other_kind = tmp_path / "other.bak"
    other_kind.write_bytes((b"PGDMP" if project.dialect == "sqlite" else b"SQLite format 3\x00") + b"\x00" * 100)
    with pytest.raises(BackupError, match="восстановить её сюда нельзя"):
        restore_project(project, other_kind)
    with pytest.raises(BackupError, match="папка"):
        backup_project(project, tmp_path)
    monkeypatch.delenv(backup_module.PG_BIN_ENV, raising=False)
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup_module.glob, "glob", lambda pattern: [])
    with pytest.raises(BackupError, match="Не найдена программа pg_dump"):
        find_pg_tool("pg_dump")
    if project.dialect == "postgresql":
        with pytest.raises(BackupError, match="postgresql-client"):
            backup_project(project, tmp_path / "x.bak")
        assert not (tmp_path / "x.bak").exists()


def test_backup_and_restore_commands(project: Project, tmp_path: Path) -> None:
    build_world(project)
    root = str(project.root)
    out = tmp_path / "cli.bak"
    made = runner.invoke(cli, ["backup", "--output", str(out), "-p", root])
    assert made.exit_code == 0, made.output
    assert "сохранена" in " ".join(made.output.split()) and out.stat().st_size > 0
    with project.engine.begin() as conn:
        conn.execute(delete(sources).where(sources.c.name == "Союзное вече").where(
            ~select(documents.c.id).where(documents.c.source_id == sources.c.id).exists()))
        conn.execute(insert(sources).values(name="Лишний", country="RU", level="local"))
    declined = runner.invoke(cli, ["restore", str(out), "-p", root], input="n\n")
    assert declined.exit_code == 1 and "отменено" in declined.output
    with project.engine.connect() as conn:
        assert conn.execute(select(sources.c.id).where(sources.c.name == "Лишний")).first() is not None
    done = runner.invoke(cli, ["restore", str(out), "-p", root, "--yes"])
    assert done.exit_code == 0, done.output
    with project.engine.connect() as conn:
        assert conn.execute(select(sources.c.id).where(sources.c.name == "Лишний")).first() is None
    bad = runner.invoke(cli, ["restore", str(tmp_path / "none.bak"), "-p", root, "--yes"])
    assert bad.exit_code == 2 and "не найден" in " ".join(bad.output.split())  # Rich wraps long paths


def test_client_tools_get_the_password_through_the_environment(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    remote = Project(tmp_path, "postgresql://analyst:s3cret%21@db.example:6432/rl?sslmode=require", engine)
    args, env = backup_module._pg_args(remote)
    assert args == ["--host", "db.example", "--port", "6432", "--username", "analyst", "--dbname", "rl"]
    assert env["PGPASSWORD"] == "s3cret!" and env["PGSSLMODE"] == "require"
    assert not any("s3cret" in a for a in args)
    socket = Project(tmp_path, "postgresql://regionlens@/regionlens?host=/var/run/postgresql", engine)
    args, env = backup_module._pg_args(socket)
    assert args == ["--host", "/var/run/postgresql", "--username", "regionlens", "--dbname", "regionlens"]
    assert env.get("PGPASSWORD") == os.environ.get("PGPASSWORD")  # nothing added for a password-less URL


def test_tables_newer_than_the_copy_do_not_keep_later_rows(project: Project, tmp_path: Path) -> None:
    """A table the copy lacks (a newer schema's) holds no rows written after the copy once it is restored."""
    from regionlens.store.schema import survey_answers, survey_respondents

    build_world(project)
    with project.engine.begin() as conn:
        conn.execute(text("DROP TABLE survey_answers"))
    info = backup_project(project, tmp_path / "older.bak")
    survey_answers.create(project.engine)
    with project.engine.begin() as conn:
        key = conn.execute(insert(survey_respondents).values(survey="s", respondent="r1")).inserted_primary_key
        assert key is not None
        conn.execute(insert(survey_answers).values(respondent_id=key[0], item="q1", value_num=4.0))
    restore_project(project, info.path)
    with project.engine.connect() as conn:
        assert conn.execute(select(survey_respondents.c.id)).first() is None
        if "survey_answers" in inspect(project.engine).get_table_names():
            assert conn.execute(select(survey_answers.c.item)).first() is None
        assert conn.execute(select(sources.c.name).where(sources.c.name == "Рабочий путь")).first() is not None


def test_a_failed_postgresql_restore_changes_nothing(pg_database: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The restore script fails at its very end (after every drop and load): the database is as before."""
    from regionlens.store.project import init_project

    project = init_project(tmp_path / "proj", pg_database)
    build_world(project)
    info = backup_project(project, tmp_path / "copy.bak")
    with project.engine.begin() as conn:
        conn.execute(insert(sources).values(name="Записан после копии", country="RU", level="local"))
    before = _state(project.engine)
    tools = tmp_path / "bin"
    tools.mkdir()
    real_restore, real_psql = find_pg_tool("pg_restore"), find_pg_tool("psql")
    wrapper = tools / "pg_restore"
    wrapper.write_text(f'#!/bin/sh\n"{real_restore}" "$@" || exit $?\n'
                       'case " $* " in *" --list "*) ;; *) echo "SELECT 1/0;" ;; esac\n', encoding="utf-8")
    wrapper.chmod(0o755)
    (tools / "psql").symlink_to(real_psql)
    monkeypatch.setenv(backup_module.PG_BIN_ENV, str(tools))
    with pytest.raises(BackupError, match="база не изменена"):
        restore_project(project, info.path)
    assert _state(project.engine) == before
    project.engine.dispose()
