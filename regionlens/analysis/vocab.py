"""Code labels for sentences written by the analysis, from the report's own dictionaries.

The report's `i18n/<lang>.yaml` is the one translation source for codes
(ECON, regional, RU); finding sentences read it from here by path, so the
analysis does not import the report package (matplotlib, WeasyPrint) to
phrase a finding. Region codes are named from the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

I18N_DIR = Path(__file__).resolve().parent.parent / "report" / "i18n"
# «rank_ECON», «share_IND»: a lower-case prefix naming a codebook code, as survey files name ranked objects.
CODE_SUFFIX = re.compile(r"^[a-z]+_([A-Z][A-Z0-9]+)$")


def coded_name(text: str, values: dict[str, str]) -> str | None:
    """The label of the code a «prefix_CODE» name carries, when the code is known."""
    m = CODE_SUFFIX.match(text)
    return values.get(m.group(1)) if m else None


@lru_cache(maxsize=4)
def _values(lang: str) -> dict[str, str]:
    data: Any = yaml.safe_load((I18N_DIR / f"{'ru' if lang == 'ru' else 'en'}.yaml").read_text(encoding="utf-8"))
    values = data.get("values") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


def region_name(code: str, lang: str) -> str | None:
    """The gazetteer's name of a region code in the language, or None when the code is unknown."""
    try:
        from regionlens.gazetteer import get_region

        region = get_region(code)
    except Exception:  # noqa: BLE001 - a missing or broken gazetteer must not stop a sentence
        return None
    if region is None:
        return None
    return str(region.name_ru if lang == "ru" else region.name_en)


def label(code: Any, lang: str) -> str:
    """A code's reader-facing name; region codes by the gazetteer; anything unknown unchanged."""
    text = str(code)
    values = _values(lang)
    if text in values:
        return values[text]
    return region_name(text, lang) or coded_name(text, values) or text


def labels(codes: Iterable[Any], lang: str, sep: str = ", ") -> str:
    return sep.join(label(c, lang) for c in codes)
