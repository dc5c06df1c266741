"""`regionlens code --workers N | --dask ADDRESS`: option types and the dispatcher for `code`.

Kept apart from coding_commands so the CLI stays a thin layer: the command
only adds the two options and calls `run_coding` instead of `code_project`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from regionlens.cli.common import fail

if TYPE_CHECKING:  # the coder and Dask load only when a command runs, not at CLI start
    from regionlens.coding.codebook import Codebook
    from regionlens.pipeline.code import CodingSummary
    from regionlens.pipeline.reprints import ReprintReport
    from regionlens.store.project import Project

WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Кодировать в N локальных процессах (по числу ядер)."),
]
DaskOption = Annotated[
    str | None,
    typer.Option("--dask", help="Адрес планировщика Dask (tcp://host:8786) или local — локальный кластер."),
]
PartitionOption = Annotated[
    int,
    typer.Option("--partition-size", min=1, help="Публикаций в одной части Parquet для Dask."),
]


def run_coding(
    project: Project,
    book: Codebook,
    *,
    workers: int | None = None,
    dask: str | None = None,
    partition_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> CodingSummary:
    """Serial, multi-process or Dask coding of a project; the stored codes are the same in all three."""
    if workers is not None and dask is not None:
        fail("Укажите что-то одно: --workers или --dask.")
    if dask is not None:
        from regionlens.scale.dask_run import DaskRunError, code_project_dask

        address = None if dask.strip().lower() in ("local", "localcluster", "") else dask.strip()
        try:
            return code_project_dask(project, book, address, partition_size=partition_size, progress=progress)
        except DaskRunError as exc:
            fail(str(exc))
    if workers is not None and workers > 1:
        from regionlens.scale.processes import code_project_parallel

        return code_project_parallel(project, book, workers=workers, batch_size=2000, progress=progress)
    from regionlens.pipeline.code import code_project

    return code_project(project, book, progress=progress)


def run_reprints(
    project: Project,
    *,
    threshold: float = 0.7,
    window_days: int = 7,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    report: ReprintReport | None = None,
) -> int:
    """Serial or time-window-parallel reprint detection; both store the same clusters and fill `report`."""
    if workers is not None and workers > 1:
        from regionlens.scale.reprint_windows import detect_reprints_parallel

        return detect_reprints_parallel(project, workers=workers, threshold=threshold, window_days=window_days,
                                        progress=progress, report=report)
    from regionlens.pipeline.reprints import detect_reprints

    return detect_reprints(project, threshold=threshold, window_days=window_days, progress=progress, report=report)
