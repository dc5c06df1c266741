"""A .txt file is one document; its first short line is taken as the title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    lines = content.lstrip("\ufeff").strip().splitlines()
    first = lines[0].strip() if lines else ""
    rest = "\n".join(lines[1:]).strip()
    if first and len(first) <= MAX_TITLE_CHARS and rest:
        title, text = first, rest
    else:
        title, text = path.stem, content
    yield make_document(text, f"{label}:1", opts, title=title, ext_id=path.stem)
