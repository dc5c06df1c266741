"""A .txt file is one document; its headline line is taken as the title.

Pages saved as plain text start with site furniture (navigation, widgets, date stamps), so the title is
the first line that the furniture classifier does not claim and that reads as a headline; the lines
before it stay in the text (where coding blanks them and the publication page shows them greyed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from regionlens.coding.furniture import detect_title
from regionlens.ingest.documents import make_document, too_big
from regionlens.ingest.encoding import UnknownEncoding, decode_mixed
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions

MAX_TITLE_CHARS = 200


def iter_text_file(path: Path, label: str, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    guard = too_big(path, opts)
    if guard:
        yield BadRecord(label, guard.reason)
        return
    try:
        content = decode_mixed(path.read_bytes())
    except UnknownEncoding as exc:
        yield BadRecord(label, str(exc))
        return
    body = content.lstrip("\ufeff").strip()
    span = detect_title(body, MAX_TITLE_CHARS)
    rest = (body[: span[0]] + body[span[1] :]).strip() if span else ""
    if span and rest:
        title, text = body[span[0] : span[1]], rest
    else:
        title, text = path.stem, content
    yield make_document(text, f"{label}:1", opts, title=title, ext_id=path.stem)
