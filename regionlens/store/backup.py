"""Backing up and restoring a project database, while the web server keeps running.

SQLite: the online backup API copies a consistent snapshot page by page even
while other connections write (a plain file copy of a WAL database can be
torn). PostgreSQL: pg_dump's custom format, restored by psql running pg_restore's
script in one transaction, so a failed restore leaves the old data in place. The
file format is checked before anything is overwritten, so a PostgreSQL dump is
never fed to SQLite or the other way round.

Only the database is saved; the project folder's regionlens.yaml and
web-secret.key are small files to copy alongside.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, make_url

from regionlens.store.migrations import LATEST, migrate
from regionlens.store.project import Project
from regionlens.store.schema import metadata

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
PG_BIN_ENV = "REGIONLENS_PG_BIN"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the user (Russian)."""


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    dialect: str
    size: int


def _sqlite_path(project: Project) -> Path:
    database = project.engine.url.database
    if not database or database == ":memory:":
        raise BackupError("База проекта SQLite находится в памяти; сохранять нечего.")
    return Path(database)


def find_pg_tool(name: str) -> str:
    """pg_dump / pg_restore: $REGIONLENS_PG_BIN, then PATH, then the newest /usr/lib/postgresql/*/bin."""
    folder = os.environ.get(PG_BIN_ENV)
    if folder and (Path(folder) / name).is_file():
        return str(Path(folder) / name)
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"Не найдена программа {name} (клиент PostgreSQL). Установите её (Debian: apt-get install postgresql-client) "
        f"или укажите папку с ней в переменной {PG_BIN_ENV}."
    )


def _pg_args(project: Project) -> tuple[list[str], dict[str, str]]:
    """Connection options for the client tools; the password goes through the environment, not the command line."""
    url = make_url(project.db_url)
    query = {k: (v[0] if isinstance(v, tuple) else v) for k, v in url.query.items()}
    host = url.host or query.get("host")  # a Unix socket folder comes as ?host=/var/run/postgresql
    port = url.port or query.get("port")
    args: list[str] = []
    if host:
        args += ["--host", str(host)]
    if port:
        args += ["--port", str(port)]
    if url.username:
        args += ["--username", url.username]
    args += ["--dbname", url.database or ""]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    if query.get("sslmode"):
        env["PGSSLMODE"] = str(query["sslmode"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BackupError(f"{what}: не удалось запустить {command[0]}: {exc}") from exc
    if done.returncode != 0:
        raise BackupError(f"{what}: {Path(command[0]).name} завершился с ошибкой: {done.stderr.strip()[-2000:]}")


def backup_project(project: Project, output: str | Path) -> BackupInfo:
    """Write a consistent copy of the project database to `output` (an existing file is replaced only on success)."""
    target = Path(output).resolve()
    if target.is_dir():
        raise BackupError(f"{target} — папка; укажите имя файла копии.")
    if not target.parent.is_dir():
        raise BackupError(f"Папки {target.parent} нет.")
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    # Owner-only from the start: the copy holds password and token hashes.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if project.dialect == "sqlite":
            source = _sqlite_path(project)
            if source.resolve() == target:
                raise BackupError("Копия не может лежать на месте самой базы проекта.")
            _sqlite_copy(str(source), str(partial), uri=False)
            with sqlite3.connect(partial) as copy:  # one self-contained file, without -wal/-shm companions
                copy.execute("PRAGMA journal_mode=DELETE")
            copy.close()
        elif project.dialect == "postgresql":
            args, env = _pg_args(project)
            _run([find_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  "--file", str(partial), *args], env, "Резервная копия")
        else:
            raise BackupError(f"Резервное копирование для базы «{project.dialect}» не поддерживается.")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(target, project.dialect, target.stat().st_size)


def _sqlite_copy(source: str, target: str, *, uri: bool) -> None:
    """Copy with SQLite's online backup API (readers and writers of `source` may carry on)."""
    src = sqlite3.connect(source, uri=uri, timeout=30)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Копирование базы SQLite не удалось: {exc}") from exc
    finally:
        src.close()


def backup_kind(path: Path) -> str:
    """'sqlite' or 'postgresql' by the file's first bytes; BackupError for anything else."""
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path}: это не резервная копия regionlens (ни база SQLite, ни дамп pg_dump -Fc).")


def _sqlite_schema_version(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: копия повреждена или это не база regionlens ({exc}).") from exc
    if row is None:
        raise BackupError(f"{path}: в копии нет версии схемы — это не база regionlens.")
    return int(row[0])


def _dump_tables(path: Path, env: dict[str, str]) -> set[str]:
    """Names of the tables a custom-format dump holds (from its table of contents)."""
    done = subprocess.run([find_pg_tool("pg_restore"), "--list", str(path)], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BackupError(f"{path}: дамп не читается: {done.stderr.strip()[-2000:]}")
    names = set()
    for line in done.stdout.splitlines():
        parts = line.split()
        # "232; 1259 239800 TABLE public annotations owner"; data entries read "TABLE DATA"
        if not line.startswith(";") and len(parts) > 5 and parts[3] == "TABLE" and parts[4] != "DATA":
            names.add(parts[5])
    if "meta" not in names:
        raise BackupError(f"{path}: в дампе нет таблицы meta — это не база regionlens.")
    return names


def _pg_restore(project: Project, source: Path) -> None:
    """pg_restore's script run by psql in one transaction, after dropping the tables the dump lacks.

    pg_restore --clean drops only what the dump holds; a table of a newer schema
    that refers to one of them would block the drop, and would keep rows written
    after the copy. Dropping such tables inside the same transaction makes the
    database exactly the copy (the migration then recreates them empty), and any
    failure rolls everything back."""
    args, env = _pg_args(project)
    in_dump = _dump_tables(source, env)
    existing = set(inspect(project.engine).get_table_names())
    stale = [t.name for t in reversed(metadata.sorted_tables) if t.name in existing and t.name not in in_dump]
    project.engine.dispose()
    psql = [find_pg_tool("psql"), "-X", "--quiet", "-v", "ON_ERROR_STOP=1", "--single-transaction", *args]
    for name in stale:
        psql += ["-c", f'DROP TABLE IF EXISTS "{name}" CASCADE']
    psql += ["-f", "-"]
    script = [find_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file", "-",
              str(source)]
    with tempfile.TemporaryFile() as script_errors:
        try:
            producer = subprocess.Popen(script, env=env, stdout=subprocess.PIPE, stderr=script_errors)
        except OSError as exc:
            raise BackupError(f"Восстановление: не удалось запустить {script[0]}: {exc}") from exc
        assert producer.stdout is not None
        try:
            consumer = subprocess.run(psql, env=env, stdin=producer.stdout, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True, check=False)
        except OSError as exc:
            producer.kill()
            raise BackupError(f"Восстановление: не удалось запустить {psql[0]}: {exc}") from exc
        finally:
            producer.stdout.close()
            producer.wait()
        script_errors.seek(0)
        produced = script_errors.read().decode("utf-8", "replace").strip()
    if producer.returncode != 0:
        raise BackupError(f"Восстановление: pg_restore завершился с ошибкой, база не изменена: {produced[-2000:]}")
    if consumer.returncode != 0:
        raise BackupError(f"Восстановление: psql завершился с ошибкой, база не изменена: {consumer.stderr.strip()[-2000:]}")


def restore_project(project: Project, backup: str | Path) -> BackupInfo:
    """Replace the project database with the backup's contents, then bring the schema up to date.

    For SQLite the copy is made with the backup API into the live file, so open
    connections see either the old or the new database, never a mix."""
    source = Path(backup).resolve()
    if not source.is_file():
        raise BackupError(f"Файл {source} не найден.")
    kind = backup_kind(source)
    if kind != project.dialect:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(f"Копия сделана из базы {names[kind]}, а проект работает на "
                          f"{names.get(project.dialect, project.dialect)}; восстановить её сюда нельзя.")
    if kind == "sqlite":
        version = _sqlite_schema_version(source)
        if version > LATEST:
            raise BackupError(f"Копия сделана более новой версией regionlens (схема {version}, поддерживается до "
                              f"{LATEST}); обновите regionlens.")
        target = _sqlite_path(project)
        project.engine.dispose()
        _sqlite_copy(f"file:{source}?mode=ro", str(target), uri=True)
    else:
        _pg_restore(project, source)
    migrate(project.engine)
    return BackupInfo(source, kind, source.stat().st_size)


__all__ = ["BackupError", "BackupInfo", "backup_kind", "backup_project", "find_pg_tool", "restore_project"]
