"""Labels of codebook variables and values as the app's project names them.

A project may code with its own codebook (regionlens.yaml `codebook:`), whose
labels differ from the packaged one; the pages read them from the project the
app was created for, never from the packaged default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request

from regionlens.messages.labels import label

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
    """A topic's name in `lang`: the project codebook's own wording where the project relabelled the topic (or
    added it), else the one label source's wording shared with the report; else the code itself."""
    own = _codebook_label(book, topic, lang)
    if own is not None:
        try:
            from regionlens.coding.codebook import load_codebook

            packaged = _codebook_label(load_codebook(), topic, lang)
        except Exception:  # noqa: BLE001 - the packaged codebook is only the reference for "relabelled"
            packaged = None
        if own != packaged:
            return own
    return label(topic, lang)


def _codebook_label(book: Codebook | None, topic: str, lang: str) -> str | None:
    var = book.variables.get("topics") if book is not None else None
    names = (var.values.get(topic) if var is not None else None) or {}
    text = names.get(lang) or names.get("ru")
    return str(text) if text else None


__all__ = ["request_codebook", "topic_label"]
