"""The English message catalogue: Russian templates and their English wording.

`data/en.yaml` is a mapping `Russian template: English template`. Placeholders
are numbered like `{0}`, `{1}` in the order the values appear in the Russian
message (the English wording may reorder them); literal braces are doubled.
A template is matched against a finished Russian message, so the code that
raised it does not need to know the reader's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACEHOLDER = re.compile(r"\{(\d+)\}")


class CatalogError(ValueError):
    """A broken catalogue file (named with the offending entry)."""


@dataclass(frozen=True, slots=True)
class Template:
    """One Russian template compiled to a matcher, with its English wording."""

    source: str
    target: str
    prefix: str
    pattern: re.Pattern[str]


def _unescape(text: str) -> str:
    return text.replace("{{", "{").replace("}}", "}")


def compile_template(source: str, target: str) -> Template:
    """A full-match regex for a Russian template; placeholders match any text, shortest first."""
    parts: list[str] = []
    pos = 0
    prefix: str | None = None
    for m in PLACEHOLDER.finditer(source):
        literal = _unescape(source[pos : m.start()])
        if prefix is None:
            prefix = literal
        parts.append(re.escape(literal))
        parts.append(f"(?P<p{m.group(1)}>.+?)")
        pos = m.end()
    tail = _unescape(source[pos:])
    parts.append(re.escape(tail))
    return Template(source, target, tail if prefix is None else prefix, re.compile("".join(parts), re.DOTALL))


@dataclass(slots=True)
class Catalog:
    """Exact messages by text, and templates with placeholders tried in file order (longest prefix first)."""

    exact: dict[str, str] = field(default_factory=dict)
    templates: list[Template] = field(default_factory=list)

    def __contains__(self, source: str) -> bool:
        return source in self.exact or any(t.source == source for t in self.templates)

    def sources(self) -> set[str]:
        return set(self.exact) | {t.source for t in self.templates}


def parse_catalog(data: object, origin: str) -> Catalog:
    """Validate a loaded YAML mapping into a Catalog; errors name the entry."""
    if not isinstance(data, dict):
        raise CatalogError(f"{origin}: ожидается словарь «русский шаблон: английский шаблон»")
    catalog = Catalog()
    for source, target in data.items():
        if not isinstance(source, str) or not isinstance(target, str):
            raise CatalogError(f"{origin}: запись {source!r}: ключ и значение должны быть строками")
        src_slots = set(PLACEHOLDER.findall(source))
        dst_slots = set(PLACEHOLDER.findall(target))
        if src_slots != dst_slots:
            raise CatalogError(
                f"{origin}: запись {source!r}: заполнители перевода {sorted(dst_slots)} "
                f"не совпадают с исходными {sorted(src_slots)}"
            )
        if src_slots:
            catalog.templates.append(compile_template(source, target))
        else:
            catalog.exact[_unescape(source)] = _unescape(target)
    catalog.templates.sort(key=lambda t: -len(t.prefix))
    return catalog


@lru_cache(maxsize=4)
def load_catalog(lang: str = "en") -> Catalog:
    """The packaged catalogue for `lang` (read once per process)."""
    path = DATA_DIR / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: не удалось прочитать каталог сообщений: {exc}") from exc
    return parse_catalog(data or {}, str(path))
