"""Creating and opening a project folder (config file + database).

The database holds password and token hashes and every annotation, so a project is private to its
owner: the folder is made 0700 and the SQLite file 0600 before SQLite first opens it (SQLite gives its
-wal and -shm companions the database file's permissions); opening a project made by an older version
tightens them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, create_engine, event

from regionlens import __version__
from regionlens.store.migrations import migrate

CONFIG_NAME = "regionlens.yaml"
DEFAULT_DB = "regionlens.db"


class ProjectError(Exception):
    """A project folder that cannot be created or opened; the message is for the user."""


@dataclass(slots=True)
class Project:
    root: Path
    db_url: str
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


PAGE_SIZE = 8192


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the web server read while a batch writes; busy_timeout makes
    # concurrent writers wait instead of failing at once.
    cur = dbapi_conn.cursor()
    # 8 KB pages for a new database (a no-op on an existing one): publications of ~2.2 KB fit one to a
    # 4 KB page, which left 31 % of the documents table empty at 100,000 publications; three fit in 8 KB.
    # Larger pages pack better still but write more bytes for each random index update during ingest.
    cur.execute(f"PRAGMA page_size={PAGE_SIZE}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(db_url: str) -> Engine:
    """Engine for a database URL; `postgresql://` is routed to the psycopg 3 driver."""
    if db_url.startswith("postgresql://") or db_url.startswith("postgres://"):
        db_url = "postgresql+psycopg://" + db_url.split("://", 1)[1]
    if db_url.startswith("sqlite"):
        engine = create_engine(db_url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(db_url, pool_pre_ping=True)


def private_file(path: Path) -> None:
    """Owner-only permissions on an existing file (a no-op where the owner cannot change them)."""
    try:
        if path.exists() and (path.stat().st_mode & 0o077):
            path.chmod(0o600)
    except OSError:
        pass


def _private_sqlite(path: Path) -> None:
    """Create the database file owner-only if it does not exist, and tighten it and its companions."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        private_file(path.with_name(path.name + suffix))


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) and url != prefix + ":memory:" else None


def init_project(root: str | Path, db_url: str | None = None) -> Project:
    """Create a project in `root` (SQLite inside it unless a server URL is given)."""
    path = Path(root).resolve()
    config = path / CONFIG_NAME
    if config.exists():
        raise ProjectError(f"В папке {path} уже есть проект ({CONFIG_NAME}).")
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    url = db_url or f"sqlite:///{path / DEFAULT_DB}"
    db_file = _sqlite_file(url)
    if db_file is not None:
        _private_sqlite(db_file)
    engine = make_engine(url)
    try:
        migrate(engine)
    except Exception as exc:  # connection refused, bad URL, no rights
        raise ProjectError(f"Не удалось создать базу проекта ({_safe_url(url)}): {exc}") from exc
    stored = db_url if db_url else DEFAULT_DB
    config.write_text(
        yaml.safe_dump({"database": stored, "created_with": __version__}, allow_unicode=True), encoding="utf-8"
    )
    return Project(path, url, engine)


def open_project(root: str | Path) -> Project:
    """Open a project and upgrade its schema if an older version created it."""
    path = Path(root).resolve()
    config = path / CONFIG_NAME
    if not config.exists():
        raise ProjectError(
            f"{path} — не папка проекта regionlens (нет {CONFIG_NAME}). Создайте проект: regionlens init {root}"
        )
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ProjectError(f"{config}: файл настроек повреждён: {exc}") from exc
    stored = str(data.get("database", DEFAULT_DB))
    url = stored if "://" in stored else f"sqlite:///{path / stored}"
    db_file = _sqlite_file(url)
    if db_file is not None and db_file.exists():
        _private_sqlite(db_file)
    engine = make_engine(url)
    migrate(engine)
    return Project(path, url, engine)


def _safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
