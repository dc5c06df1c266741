"""Report strings in Russian and English, read from YAML so analysts can reword them without code.

Dictionaries per language: `ui` (headings and sentences), `columns` (table
headers; an unknown column keeps its raw name so a new analysis never breaks
the report), `sheets` and `tables`. Codes (ECON, regional, RU-SMO) are named by
the one label source, `regionlens.messages.labels`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from regionlens.messages.labels import code_labels, known_label

I18N_DIR = Path(__file__).resolve().parent / "i18n"
LANGS = ("ru", "en")


class ReportLanguageError(ValueError):
    """An unsupported report language or a broken strings file."""


@dataclass(frozen=True, slots=True)
class Strings:
    lang: str
    ui: dict[str, str]
    columns: dict[str, str]
    values: dict[str, str]
    sheets: dict[str, str]
    tables: dict[str, str]

    def t(self, key: str, **kwargs: Any) -> str:
        """A UI string; `kwargs` fill its {placeholders}."""
        text = self.ui[key]
        return text.format(**kwargs) if kwargs else text

    def column(self, name: Any, scope: str | None = None) -> str:
        """A table header: «<scope>.<name>» first (one section's own meaning, e.g. the survey's alpha),
        then the dictionary, «<base>, доля» for `<base>_share`, a code's label (RU, RU-SMO), a
        «<known>_<known>» composition (level_chi2), else the raw name so a test can find it."""
        key = str(name)
        if scope and f"{scope}.{key}" in self.columns:
            return self.columns[f"{scope}.{key}"]
        if key in self.columns:
            return self.columns[key]
        if key.endswith("_share") and key[: -len("_share")] in self.columns | self.values:
            base = key[: -len("_share")]
            return f"{self.columns.get(base) or self.value(base)}, {self.columns.get('share', 'share')}"
        label = self.value(key)
        if label != key:
            return str(label)
        return self._compose(key) or key

    def _compose(self, key: str) -> str | None:
        """«problem_level_group_diff» → «проблемность: уровень СМИ: разница» when every part is known."""
        known = self.columns.get(key) or self.values.get(key)
        if known:
            return known
        parts = key.split("_")
        for cut in range(len(parts) - 1, 0, -1):  # the longest known head first: level_group before level
            head, tail = "_".join(parts[:cut]), "_".join(parts[cut:])
            left = self.columns.get(head) or self.values.get(head)
            right = self._compose(tail) if left else None
            if left and right:
                return f"{left}: {right}"
        return None

    def table_title(self, scope: str, name: str) -> str:
        return self.tables.get(f"{scope}.{name}") or self.column(name)

    def sheet(self, scope: str, name: str) -> str | None:
        return self.sheets.get(f"{scope}.{name}")

    def value(self, value: Any) -> Any:
        """A code's human label (regions from the gazetteer); a group name made only of codes
        («documents BY-BR», «media about RU-SMO») word by word; anything else unchanged."""
        if not isinstance(value, str):
            return value
        single = self._code(value)
        if single is not None:
            return single
        words = value.split()
        if len(words) > 1:
            named = [self._code(w) for w in words]
            if all(n is not None for n in named):
                return " ".join(str(n) for n in named)
        return value

    def _code(self, word: str) -> str | None:
        return known_label(word, self.lang)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ReportLanguageError(f"Язык отчёта «{lang}» не поддерживается; допустимы: {', '.join(LANGS)}.")
    return lang


@lru_cache(maxsize=4)
def load_strings(lang: str = "ru") -> Strings:
    """The strings of one language, validated so a typo in the YAML names the file."""
    check_lang(lang)
    path = I18N_DIR / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ReportLanguageError(f"{path}: ошибка YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ReportLanguageError(f"{path}: ожидается словарь с разделами ui, columns")
    parts: dict[str, dict[str, str]] = {}
    for part in ("ui", "columns", "sheets", "tables"):
        block = data.get(part, {} if part in ("sheets", "tables") else None)
        if not isinstance(block, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in block.items()):
            raise ReportLanguageError(f"{path}: раздел «{part}» должен быть словарём строк")
        parts[part] = block
    return Strings(lang=lang, ui=parts["ui"], columns=parts["columns"], values=code_labels(lang),
                   sheets=parts["sheets"], tables=parts["tables"])
