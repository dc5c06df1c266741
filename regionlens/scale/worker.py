"""The per-chunk coding function every executor runs (pure, picklable, importable on remote workers).

Failures are caught per document with the same message the serial run uses, so
one bad document never costs its chunk and the summaries agree across executors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from regionlens.coding.codebook import Codebook
from regionlens.pipeline.code import code_document


def error_message(doc_id: Any, exc: BaseException) -> str:
    return f"документ {doc_id}: {exc}"


def code_many(docs: Iterable[dict[str, Any]], codebook: Codebook) -> tuple[list[dict[str, Any]], list[str]]:
    """Results in input order for the documents that coded, and one message per failure."""
    results: list[dict[str, Any]] = []
    errors: list[str] = []
    for doc in docs:
        try:
            results.append(code_document(doc, codebook))
        except Exception as exc:  # one bad document must not stop the chunk
            errors.append(error_message(doc.get("id"), exc))
    return results, errors
