"""Option types of `regionlens code --workers N | --dask ADDRESS` and `reprints --workers N`.

Only the options live here: which executor runs is decided in the core
(`regionlens.project.stages.code` / `.reprints`), so the REST API and library
callers get the same dispatch and the same typed errors as the CLI.
"""

from __future__ import annotations

from typing import Annotated

import typer

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
