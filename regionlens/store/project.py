"""Creating and opening a project folder (config file + database).

The database holds password and token hashes and every annotation, so a project is private to its
owner: the folder is made 0700 and the SQLite file 0600 before SQLite first opens it (SQLite gives its
-wal and -shm companions the database file's permissions); opening a project made by an older version
tightens them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import Engine, create_engine, event

from regionlens import __version__
from regionlens.store.migrations import migrate

if TYPE_CHECKING:  # the stages' modules load when a stage runs, not when a project opens
    from regionlens.analysis.result import AnalysisResult
    from regionlens.coding.codebook import Codebook
    from regionlens.gazetteer.gazetteer import Gazetteer
    from regionlens.pipeline.code import CodingSummary
    from regionlens.pipeline.ingest import IngestSummary
    from regionlens.pipeline.reprints import ReprintReport
    from regionlens.project.identity import CodingIdentity

CONFIG_NAME = "regionlens.yaml"
DEFAULT_DB = "regionlens.db"


class ProjectError(Exception):
    """A project folder that cannot be created or opened; the message is for the user."""


class Project:
    """The one core object of regionlens: a project's store, paths, configuration and codebook.

    Like datasette's `Datasette`, everything that works on a project receives
    this object: the CLI and the web app (`create_app(project)`), the REST API,
    the scale-out executors (their worker processes get its bound codebook) and
    library callers (`regionlens.open_project`). It
    carries what was decided once for the project, so no caller decides it again:

    - `engine` — the database (SQLite in the folder, or a PostgreSQL URL);
    - `codebook` — the codebook the project codes with (the file named by
      `codebook:` in regionlens.yaml, else the packaged one), carrying the joint
      hash of codebook, gazetteer and outlet catalogue (`identity`), so editing
      any of the three makes `code` recode;
    - `catalogue_path` — the outlet catalogue ingest attributes publications
      with (the file named by `catalogue:` in regionlens.yaml; None: the
      packaged one, see `regionlens.sources.catalogue.catalogue_at`); the
      gazetteer is the packaged one (the coder reads no other yet);
    - the stages (`ingest`, `code`, `reprints`, `analyze`, `report`), run by
      `regionlens.project.stages`, which refresh the dashboard's summary tables
      themselves and raise typed errors (`regionlens.project.errors`).

    Heavy modules load only when a stage runs, so opening a project stays cheap.
    """

    def __init__(self, root: Path, db_url: str, engine: Engine, config: dict[str, Any] | None = None) -> None:
        self.root = root
        self.db_url = db_url
        self.engine = engine
        self.config: dict[str, Any] = dict(config or {})
        self._bound: tuple[tuple[str, str, str], Codebook] | None = None

    def __repr__(self) -> str:
        return f"Project(root={str(self.root)!r}, db={_safe_url(self.db_url)!r})"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    # ------------------------------------------------------------ codebook, gazetteer, catalogue

    @property
    def codebook_path(self) -> Path | None:
        """The project's own codebook file from regionlens.yaml (relative to the folder), or None: the packaged one."""
        return self._named_file("codebook")

    @property
    def catalogue_path(self) -> Path | None:
        """The project's own outlet catalogue from regionlens.yaml (relative to the folder), or None: the packaged one."""
        return self._named_file("catalogue")

    def _named_file(self, key: str) -> Path | None:
        named = self.config.get(key)
        if not named:
            return None
        path = Path(str(named)).expanduser()
        return path if path.is_absolute() else self.root / path

    @property
    def codebook(self) -> Codebook:
        """The codebook this project codes with, its `hash` joint with the gazetteer and catalogue.

        Re-checked on every access (files are stat-ed, parsing is cached), so a
        long-running server picks up an edited codebook; the same object is
        returned while nothing changed, which keeps compiled matchers cached.
        """
        return self.use_codebook(None)

    @property
    def identity(self) -> CodingIdentity:
        """Versions and hashes of the codebook, gazetteer and catalogue this project codes with."""
        from regionlens.coding.codebook import load_codebook
        from regionlens.project.identity import coding_identity

        return coding_identity(load_codebook(self.codebook_path), catalogue=self.catalogue_path)

    def use_codebook(self, path: str | Path | None) -> Codebook:
        """A codebook file bound to this project (`code --codebook FILE`); None means the project's own.

        Raises CodebookError for a missing or invalid file, IdentityError for a
        missing or unreadable catalogue named in regionlens.yaml.
        """
        from regionlens.coding.codebook import load_codebook
        from regionlens.project.identity import bind_codebook, coding_identity

        book = load_codebook(path if path is not None else self.codebook_path)
        identity = coding_identity(book, catalogue=self.catalogue_path)
        key = (book.path, book.hash, identity.hash)
        if self._bound is not None and self._bound[0] == key:
            return self._bound[1]
        bound = bind_codebook(book, identity)
        if path is None:
            self._bound = (key, bound)
        return bound

    def set_codebook(self, path: str | Path | None) -> Codebook:
        """Record the project's codebook in regionlens.yaml (None: back to the packaged one) and return it bound.

        The file is validated first, so a broken codebook is never recorded. A
        path inside the project folder is stored relative to it, so the folder can move.
        """
        from regionlens.coding.codebook import load_codebook

        if path is not None:
            file = Path(path).expanduser().resolve()
            load_codebook(file)  # CodebookError before anything is written
            try:
                stored: str | None = str(file.relative_to(self.root))
            except ValueError:
                stored = str(file)
        else:
            stored = None
        config = dict(self.config)
        if stored is None:
            config.pop("codebook", None)
        else:
            config["codebook"] = stored
        _write_config(self.config_path, config)
        self.config = config
        self._bound = None
        return self.codebook

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer the coder matches regions with (the packaged one; its hash is part of `identity`)."""
        from regionlens.gazetteer.gazetteer import load_gazetteer

        return load_gazetteer()

    # ------------------------------------------------------------ stages (regionlens.project.stages)

    def ingest(self, *paths: str | Path, **options: Any) -> IngestSummary:
        """Load publications from files, folders or feed URLs; see `regionlens.project.stages.ingest`."""
        from regionlens.project import stages

        return stages.ingest(self, [str(p) for p in paths], **options)

    def pending(self) -> int:
        """Publications not yet coded with this project's codebook (what `code` would code)."""
        from regionlens.project import stages

        return stages.pending(self)

    def code(self, **options: Any) -> CodingSummary:
        """Code every publication not yet coded with this project's codebook; see `stages.code`."""
        from regionlens.project import stages

        return stages.code(self, **options)

    def reprints(self, **options: Any) -> ReprintReport:
        """Find reprint clusters and their originals; see `stages.reprints`."""
        from regionlens.project import stages

        return stages.reprints(self, **options)

    def analyze(self, **options: Any) -> AnalysisResult:
        """The comparative analysis of the coded publications; see `stages.analyze`."""
        from regionlens.project import stages

        return stages.analyze(self, **options)

    def report(self, out: str | Path, **options: Any) -> dict[str, Path]:
        """Write the monitoring report (HTML, PDF, XLSX) into `out`; see `stages.report`."""
        from regionlens.project import stages

        return stages.report(self, Path(out), **options)

    def refresh_summaries(self) -> int:
        """Bring the dashboard's summary tables up to date (the stages do it themselves)."""
        from regionlens.project import stages

        return stages.refresh_summaries(self)

    def close(self) -> None:
        """Release the database connections (a library caller's `with open_project(...) as p:` does it)."""
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


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
    settings = {"database": stored, "created_with": __version__}
    _write_config(config, settings)
    return Project(path, url, engine, settings)


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
    if not isinstance(data, dict):
        raise ProjectError(f"{config}: файл настроек повреждён: ожидались пары «ключ: значение»")
    stored = str(data.get("database", DEFAULT_DB))
    url = stored if "://" in stored else f"sqlite:///{path / stored}"
    db_file = _sqlite_file(url)
    if db_file is not None and db_file.exists():
        _private_sqlite(db_file)
    engine = make_engine(url)
    migrate(engine)
    return Project(path, url, engine, data if isinstance(data, dict) else {})


def _write_config(path: Path, settings: dict[str, Any]) -> None:
    """Write regionlens.yaml whole (a temporary file renamed into place, so a crash leaves the old one)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    os.replace(tmp, path)


def _safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
