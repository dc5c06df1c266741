"""Shared CLI pieces: the project option, console, progress bars, user-facing errors."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from regionlens.messages import translate

if TYPE_CHECKING:  # the store (SQLAlchemy) is imported by the commands that open a project, not by --help
    from regionlens.store.project import Project


def _translated(obj: object) -> object:
    """Interface text of a printable in the reader's language; data (titles, names) matches no template and stays."""
    if isinstance(obj, str):
        return translate(obj)
    if isinstance(obj, Table):
        if isinstance(obj.title, str):
            obj.title = translate(obj.title)
        for column in obj.columns:
            if isinstance(column.header, str):
                column.header = translate(column.header)
    return obj


class TranslatingConsole(Console):
    """A Rich console that prints interface wording in the current language (`REGIONLENS_LANG`, `--lang`).

    Commands keep writing their messages in Russian; translating at the one
    place where text leaves the process keeps every command bilingual without a
    language argument in each `print`.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        super().print(*(_translated(o) for o in objects), **kwargs)

    def status(self, status: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().status(translate(status) if isinstance(status, str) else status, *args, **kwargs)


console = TranslatingConsole()
err_console = TranslatingConsole(stderr=True)

ProjectOption = Annotated[
    Path,
    typer.Option("--project", "-p", help="Папка проекта (по умолчанию текущая или $REGIONLENS_PROJECT)."),
]


def default_project() -> Path:
    return Path(os.environ.get("REGIONLENS_PROJECT", "."))


def fail(message: str, code: int = 2) -> None:
    """Print a user-facing error and exit without a traceback."""
    err_console.print(f"[bold red]{translate('Ошибка:')}[/] {translate(message)}")
    raise typer.Exit(code)


def load_project(path: Path | None) -> Project:
    from regionlens.store.project import ProjectError, open_project

    try:
        return open_project(path or default_project())
    except ProjectError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Progress]:
    """A Rich progress bar that stays quiet when output is not a terminal."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
        disable=not err_console.is_terminal,
    )
    with progress:
        progress.add_task(translate(description), total=total)
        yield progress


def bar_phase(bar: Progress) -> Callable[[str], Any]:
    """The core's phase hook (`regionlens.project.stages`) inside a progress bar: the bar's line names the phase.

    A bar rather than a spinner, because Rich shows one live display at a time.
    """

    @contextmanager
    def show(message: str) -> Iterator[None]:
        bar.update(bar.task_ids[0], description=translate(message))
        yield

    return show


@contextmanager
def stage_errors() -> Iterator[None]:
    """Render the core's typed errors (and a bad codebook file) as a user-facing error and exit code 2."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.project.errors import StageError

    try:
        yield
    except (StageError, CodebookError) as exc:
        fail(str(exc))
