"""Report strings in Russian and English, read from YAML so analysts can reword them without code.

Three dictionaries per language: `ui` (headings and sentences), `columns`
(table headers; an unknown column keeps its raw name so a new analysis never
breaks the report) and `values` (codebook and registry codes such as ECON or
regional). Region codes (RU-SMO, BY-HM) are named from the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

I18N_DIR = Path(__file__).resolve().parent / "i18n"
LANGS = ("ru", "en")
REGION_CODE = re.compile(r"^(RU|BY)-[A-Za-z]{1,20}$")


class ReportLanguageError(ValueError):
    """An unsupported report language or a broken strings file."""


@dataclass(frozen=True, slots=True)
class Strings:
    lang: str
    ui: dict[str, str]
    columns: dict[str, str]
    values: dict[str, str]

    def t(self, key: str, **kwargs: Any) -> str:
        """A UI string; `kwargs` fill its {placeholders}."""
        text = self.ui[key]
        return text.format(**kwargs) if kwargs else text

    def column(self, name: Any) -> str:
        """A table header: the dictionary entry, «<base>, доля» for `<base>_share`, else the raw name."""
        key = str(name)
        if key in self.columns:
            return self.columns[key]
        if key.endswith("_share") and key[: -len("_share")] in self.columns:
            return f"{self.columns[key[: -len('_share')]]}, {self.columns.get('share', 'share')}"
        return key

    def value(self, value: Any) -> Any:
        """A code's human label (regions from the gazetteer); anything else unchanged."""
        if not isinstance(value, str):
            return value
        if value in self.values:
            return self.values[value]
        if REGION_CODE.match(value):
            name = _region_name(value, self.lang)
            if name:
                return name
        return value


def _region_name(code: str, lang: str) -> str | None:
    try:
        from regionlens.gazetteer import get_region
    except ImportError:  # the gazetteer is optional for rendering
        return None
    try:
        region = get_region(code)
    except Exception:  # a broken gazetteer file must not stop a report; the code is shown instead
        return None
    if region is None:
        return None
    return str(region.name_ru if lang == "ru" else region.name_en)


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
        raise ReportLanguageError(f"{path}: ожидается словарь с разделами ui, columns, values")
    parts: dict[str, dict[str, str]] = {}
    for part in ("ui", "columns", "values"):
        block = data.get(part)
        if not isinstance(block, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in block.items()):
            raise ReportLanguageError(f"{path}: раздел «{part}» должен быть словарём строк")
        parts[part] = block
    return Strings(lang=lang, ui=parts["ui"], columns=parts["columns"], values=parts["values"])
