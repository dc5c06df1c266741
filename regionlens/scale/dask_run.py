"""`regionlens code --dask ADDRESS`: the coding function on a Dask distributed cluster.

Pending documents are exported page by page to Parquet partitions; each task
reads one partition, runs the same `code_document` as the serial run and
returns its results; the lead writes them with `write_results`, the one store
writer path, so codes are identical to a serial run. Export and coding
overlap, and at most `max_in_flight` partitions are out at a time, which keeps
the lead's memory bounded on any corpus size.

Workers need regionlens installed (same version). With `address=None` a
LocalCluster of processes on this machine is started and stopped here.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from regionlens.coding.codebook import Codebook
from regionlens.pipeline.code import CodingSummary, iter_pending, write_results
from regionlens.scale.partitions import partition_bytes, read_partition, write_partition
from regionlens.scale.worker import code_many
from regionlens.store.project import Project


class DaskRunError(RuntimeError):
    """The cluster could not be reached or started; the message is for the user."""


def code_partition(source: str | bytes, codebook: Codebook) -> tuple[list[dict[str, Any]], list[str]]:
    """One Dask task: code every document of a Parquet partition (path or bytes)."""
    return code_many(read_partition(source), codebook)


def _client(address: str | None, n_workers: int, threads_per_worker: int, timeout: str) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    if address is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, processes=True,
                               dashboard_address=None, silence_logs=40)
        return Client(cluster), cluster
    try:
        return Client(address, timeout=timeout), None
    except (OSError, TimeoutError) as exc:
        raise DaskRunError(f"Не удалось подключиться к планировщику Dask {address}: {exc}") from exc


def code_project_dask(
    project: Project,
    codebook: Codebook | None = None,
    address: str | None = None,
    *,
    partition_size: int = 5000,
    work_dir: str | Path | None = None,
    shared_storage: bool | None = None,
    n_workers: int = 2,
    threads_per_worker: int = 1,
    max_in_flight: int | None = None,
    connect_timeout: str = "30s",
    progress: Callable[[int], None] | None = None,
) -> CodingSummary:
    """Code every pending document on a Dask cluster (`address`) or a LocalCluster (`None`).

    `shared_storage` says whether workers can read `work_dir` (default: yes for
    the LocalCluster, no for a remote scheduler, when partitions travel as bytes).
    `n_workers`/`threads_per_worker` apply to the LocalCluster only.
    """
    from distributed import wait

    book = codebook or project.codebook
    shared = (address is None) if shared_storage is None else shared_storage
    summary = CodingSummary(errors=[])
    run = uuid.uuid4().hex[:8]
    client, cluster = _client(address, n_workers, threads_per_worker, connect_timeout)
    tmp = tempfile.TemporaryDirectory(prefix="regionlens-dask-") if work_dir is None else None
    root = Path(tmp.name) if tmp is not None else Path(str(work_dir))
    try:
        root.mkdir(parents=True, exist_ok=True)
        limit = max_in_flight or max(2, 2 * sum(client.nthreads().values()))
        book_future = client.scatter(book, broadcast=True)
        files: dict[Any, Path] = {}

        def collect(done: set[Any]) -> None:
            for fut in done:
                results, errors = fut.result()
                if results:
                    write_results(project, results, book)
                summary.coded += len(results)
                summary.failed += len(errors)
                assert summary.errors is not None
                summary.errors.extend(errors)
                files.pop(fut).unlink(missing_ok=True)
                fut.release()
                if progress is not None:
                    progress(len(results) + len(errors))

        in_flight: set[Any] = set()
        for i, batch in enumerate(iter_pending(project, book, partition_size)):
            path = root / f"pending-{run}-{i:06d}.parquet"
            write_partition(batch, path)
            source: str | bytes = str(path) if shared else partition_bytes(path)
            fut = client.submit(code_partition, source, book_future, key=f"regionlens-code-{run}-{i}", pure=False)
            files[fut] = path
            in_flight.add(fut)
            if len(in_flight) >= limit:
                finished = wait(in_flight, return_when="FIRST_COMPLETED")
                in_flight = set(finished.not_done)
                collect(set(finished.done))
        while in_flight:
            finished = wait(in_flight, return_when="FIRST_COMPLETED")
            in_flight = set(finished.not_done)
            collect(set(finished.done))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if tmp is not None:
            tmp.cleanup()
    return summary
