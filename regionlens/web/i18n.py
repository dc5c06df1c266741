"""Interface strings in Russian and English, from `i18n/{ru,en}.yaml` like the report strings.

Keeping them in YAML lets a translator reword the interface without code; the
loader refuses files whose keys differ, so a missing translation is caught at
start-up, not on the page where it is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

I18N_DIR = Path(__file__).resolve().parent / "i18n"
LANGS = ("ru", "en")
DEFAULT_LANG = "ru"


class WebStringsError(ValueError):
    """A broken or incomplete strings file."""


@dataclass(frozen=True, slots=True)
class WebStrings:
    lang: str
    strings: dict[str, str]

    def __call__(self, key: str, **kwargs: Any) -> str:
        text = self.strings.get(key, key)
        return text.format(**kwargs) if kwargs else text


def pick_lang(lang: Any) -> str:
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


def _read(lang: str) -> dict[str, str]:
    path = I18N_DIR / f"{lang}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WebStringsError(f"{path}: не удалось прочитать строки интерфейса: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise WebStringsError(f"{path}: ожидается словарь «ключ: строка»")
    return data


@lru_cache(maxsize=len(LANGS))
def load_web_strings(lang: str = DEFAULT_LANG) -> WebStrings:
    lang = pick_lang(lang)
    strings = _read(lang)
    reference = _read(DEFAULT_LANG)
    if set(strings) != set(reference):
        diff = sorted(set(strings) ^ set(reference))
        raise WebStringsError(f"{I18N_DIR / (lang + '.yaml')}: ключи не совпадают с ru.yaml: {', '.join(diff)}")
    return WebStrings(lang, strings)
