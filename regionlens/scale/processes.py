"""`regionlens code --workers N`: the coding function in a pool of local processes.

The pool uses the spawn start method (safe with SQLAlchemy engines and threads in
the parent, and the only method on Windows/macOS). Each worker receives the
codebook once through the initializer, so a batch ships only document dicts.
Chunks come back in input order, which keeps the write order (and therefore the
stored rows) the same as in the serial run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any

from regionlens.coding.codebook import Codebook
from regionlens.pipeline.code import CodingSummary, iter_pending, write_results
from regionlens.scale.worker import code_many
from regionlens.store.project import Project

_BOOK: Codebook | None = None


def _init_worker(codebook: Codebook) -> None:
    global _BOOK
    _BOOK = codebook


def _code_chunk(docs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    if _BOOK is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("кодификатор не загружен в рабочий процесс")
    return code_many(docs, _BOOK)


class ProcessMapper:
    """A `map_batch` for `code_project` over N spawned processes; errors collect in `.errors`.

    Use as a context manager (or call `close()`) so the pool is shut down.
    """

    def __init__(self, codebook: Codebook, workers: int, chunks_per_worker: int = 4) -> None:
        if workers < 1:
            raise ValueError("Число рабочих процессов должно быть не меньше 1 (--workers N).")
        self.codebook_hash = codebook.hash
        self.workers = workers
        self.chunks_per_worker = max(1, chunks_per_worker)
        self.errors: list[str] = []
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker, initargs=(codebook,),
        )

    def __call__(self, batch: list[dict[str, Any]], codebook: Codebook) -> list[dict[str, Any]]:
        return self.collect(self.submit(batch, codebook))

    def submit(self, batch: list[dict[str, Any]], codebook: Codebook) -> list[Future[tuple[list[dict[str, Any]], list[str]]]]:
        """Start coding a batch and return at once, so the caller can store the previous batch meanwhile."""
        if codebook.hash != self.codebook_hash:
            raise ValueError("Рабочие процессы запущены с другим кодификатором; создайте новый ProcessMapper.")
        if not batch:
            return []
        # Several chunks per worker even out documents of very different length.
        n_chunks = min(len(batch), self.workers * self.chunks_per_worker)
        size = -(-len(batch) // n_chunks)
        return [self._pool.submit(_code_chunk, batch[i : i + size]) for i in range(0, len(batch), size)]

    def collect(self, futures: list[Future[tuple[list[dict[str, Any]], list[str]]]]) -> list[dict[str, Any]]:
        """The results of a submitted batch in input order."""
        results: list[dict[str, Any]] = []
        for future in futures:
            chunk_results, chunk_errors = future.result()
            results.extend(chunk_results)
            self.errors.extend(chunk_errors)
        return results

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessMapper:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def code_project_parallel(
    project: Project,
    codebook: Codebook | None = None,
    workers: int = 2,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> CodingSummary:
    """`code_project` with the coding spread over `workers` local processes; same codes as the serial run.

    One batch is always in flight: while the workers code batch k+1 this process stores batch k, so the
    store's reads and writes do not leave the cores idle. Batches are stored in order, as in the serial run.
    """
    book = codebook or project.codebook
    summary = CodingSummary(errors=[])
    with ProcessMapper(book, workers) as mapper:
        in_flight: tuple[int, list[Future[tuple[list[dict[str, Any]], list[str]]]]] | None = None

        def store(n_docs: int, futures: list[Future[tuple[list[dict[str, Any]], list[str]]]]) -> None:
            results = mapper.collect(futures)
            write_results(project, results, book)
            summary.coded += len(results)
            if progress is not None:
                progress(n_docs)

        for batch in iter_pending(project, book, batch_size):
            futures = mapper.submit(batch, book)
            if in_flight is not None:
                store(*in_flight)
            in_flight = (len(batch), futures)
        if in_flight is not None:
            store(*in_flight)
    summary.failed += len(mapper.errors)
    summary.errors = [*(summary.errors or []), *mapper.errors]
    return summary
