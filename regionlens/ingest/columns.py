"""Which input column feeds which document field.

Monitoring services (Медиалогия, Интегрум, СКАН, Brand Analytics, Public.ru) each name their
columns differently; headers are compared case-insensitively with punctuation ignored so
«Дата публикации», "published_at" and "PubDate" all work without a manual map.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

FIELDS: tuple[str, ...] = ("text", "title", "date", "url", "source", "id", "language", "kind")


@dataclass(slots=True)
class ColumnMapping:
    """Column names (as they appear in the input) for each document field; None = not present."""

    text: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    language: str | None = None
    kind: str | None = None

    def columns(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


class MappingError(ValueError):
    """A mapping the caller gave cannot be applied, or no text column exists."""


# Aliases in priority order: the first alias present among the headers wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "полныйтекст", "текстсообщения", "текстпубликации", "текстстатьи", "текст", "содержание",
        "содержимое", "сообщение", "fulltext", "text", "body", "content", "message", "articletext",
    ),
    "title": ("заголовок", "заглавие", "название", "title", "headline", "subject", "heading"),
    "date": (
        "датапубликации", "датаивремя", "датавремя", "датаивремяпубликации", "дата", "времяпубликации",
        "publishedat", "published", "pubdate", "publicationdate", "datetime", "date", "createdat", "created",
        "timestamp",
    ),
    "url": ("ссылка", "ссылканапубликацию", "url", "урл", "адрес", "link", "href", "permalink"),
    "source": (
        "источник", "сми", "названиесми", "издание", "ресурс", "площадка", "source", "outlet", "media",
        "publication", "domain", "site", "sitename",
    ),
    "id": ("id", "ид", "идентификатор", "externalid", "extid", "docid", "documentid", "uid", "guid"),
    "language": ("язык", "language", "lang"),
    "kind": ("kind", "видматериала", "виддокумента"),
}
# Second pass for text/title/date only: a header that contains one of these, e.g. «Текст (полный)».
_CONTAINS: dict[str, tuple[str, ...]] = {
    "text": ("текст", "text", "content"),
    "title": ("заголовок", "title", "headline"),
    "date": ("датапубл", "дата", "date"),
}


def normalise_header(name: object) -> str:
    return re.sub(r"[\W_]+", "", str(name).lower().replace("ё", "е"))


def parse_mapping(spec: str) -> ColumnMapping:
    """Parse a CLI spec like ``text=Текст,date=Дата публикации``."""
    mapping = ColumnMapping()
    for part in spec.split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip().lower(), column.strip()
        if not sep or not column:
            raise MappingError(f"ожидалось «поле=колонка», получено «{part.strip()}»")
        if key not in FIELDS:
            raise MappingError(f"неизвестное поле «{key}» в сопоставлении колонок; допустимые: {', '.join(FIELDS)}")
        setattr(mapping, key, column)
    return mapping


def detect_mapping(headers: Sequence[object]) -> ColumnMapping:
    """Guess the mapping from headers; raises MappingError listing the headers if no text column."""
    by_norm: dict[str, str] = {}
    for header in headers:
        if header is None:
            continue
        by_norm.setdefault(normalise_header(header), str(header))
    mapping = ColumnMapping()
    used: set[str] = set()
    for name in FIELDS:
        for alias in _ALIASES[name]:
            if alias in by_norm and by_norm[alias] not in used:
                setattr(mapping, name, by_norm[alias])
                used.add(by_norm[alias])
                break
    for name, needles in _CONTAINS.items():
        if getattr(mapping, name) is None:
            for needle in needles:
                hit = next((h for n, h in by_norm.items() if needle in n and h not in used), None)
                if hit is not None:
                    setattr(mapping, name, hit)
                    used.add(hit)
                    break
    if mapping.text is None:
        raise MappingError(_no_text_message(headers))
    return mapping


def _no_text_message(headers: Iterable[object]) -> str:
    seen = ", ".join(f"«{h}»" for h in headers if h is not None) or "(нет заголовков)"
    return f"не найдена колонка с текстом; есть колонки: {seen}. Укажите её явно, например --map text=ИмяКолонки"


def resolve_mapping(headers: Sequence[object], mapping: ColumnMapping | None) -> ColumnMapping:
    """Apply the caller's explicit columns (matched like headers) and auto-detect the rest."""
    try:
        detected = detect_mapping(headers)
    except MappingError:
        if mapping is None or mapping.text is None:
            raise
        detected = ColumnMapping()
    if mapping is None:
        return detected
    by_norm = {normalise_header(h): str(h) for h in headers if h is not None}
    for name, column in mapping.columns().items():
        actual = by_norm.get(normalise_header(column))
        if actual is None:
            seen = ", ".join(f"«{h}»" for h in headers if h is not None)
            raise MappingError(f"колонка «{column}» для поля {name} не найдена; есть колонки: {seen}")
        for other in FIELDS:  # a column given explicitly is not also used for another guessed field
            if other != name and getattr(detected, other) == actual and getattr(mapping, other) is None:
                setattr(detected, other, None)
        setattr(detected, name, actual)
    return detected
