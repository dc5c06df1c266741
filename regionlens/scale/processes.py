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
from concurrent.futures import ProcessPoolExecutor
from types import TracebackType
from typing import Any

from regionlens.coding.codebook import Codebook, load_codebook
from regionlens.pipeline.code import CodingSummary, code_project
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
        if codebook.hash != self.codebook_hash:
            raise ValueError("Рабочие процессы запущены с другим кодификатором; создайте новый ProcessMapper.")
        if not batch:
            return []
        # Several chunks per worker even out documents of very different length.
        n_chunks = min(len(batch), self.workers * self.chunks_per_worker)
        size = -(-len(batch) // n_chunks)
        chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
        results: list[dict[str, Any]] = []
        for chunk_results, chunk_errors in self._pool.map(_code_chunk, chunks):
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
    """`code_project` with the coding spread over `workers` local processes; same codes as the serial run."""
    book = codebook or load_codebook()
    with ProcessMapper(book, workers) as mapper:
        summary = code_project(project, book, batch_size=batch_size, map_batch=mapper, progress=progress)
    summary.failed += len(mapper.errors)
    summary.errors = [*(summary.errors or []), *mapper.errors]
    return summary
