"""Labels of codebook variables and values as the app's project names them.

A project may code with its own codebook (regionlens.yaml `codebook:`), whose
labels differ from the packaged one; the pages read them from the project the
app was created for, never from the packaged default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

if TYPE_CHECKING:
    from regionlens.coding.codebook import Codebook


def request_codebook(request: Request) -> Codebook | None:
    """The codebook of the app's project, or None when it cannot be read (labels are a nicety: raw values show)."""
    try:
        book: Codebook = request.app.state.project.codebook
    except Exception:  # noqa: BLE001 - a broken codebook file must not take a page down
        return None
    return book


def topic_label(topic: str, lang: str, book: Codebook | None) -> str:
    """A topic's name in `lang` from the project's codebook, else the code itself."""
    var = book.variables.get("topics") if book is not None else None
    labels = (var.values.get(topic) if var is not None else None) or {}
    return str(labels.get(lang) or labels.get("ru") or topic)


__all__ = ["request_codebook", "topic_label"]
