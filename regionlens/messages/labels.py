"""The one label source: what a reader sees instead of a code (ECON, regional, RU, RU-SMO).

`data/labels-<lang>.yaml` names codebook values, levels, countries, kinds and
origins; region codes are named from the gazetteer; a code of a project's own
codebook that the file does not know is named by that codebook. The report's
tables, the analysis's sentences, the dashboard and the CLI all ask here, so a
topic reads the same everywhere ("economy", not three wordings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# «rank_ECON», «share_IND»: a lower-case prefix naming a codebook code, as survey files name ranked objects.
CODE_SUFFIX = re.compile(r"^[a-z]+_([A-Z][A-Z0-9]+)$")
REGION_CODE = re.compile(r"^(RU|BY)-[A-Za-z]{1,20}$")


def coded_name(text: str, values: dict[str, str]) -> str | None:
    """The label of the code a «prefix_CODE» name carries, when the code is known."""
    m = CODE_SUFFIX.match(text)
    return values.get(m.group(1)) if m else None


@lru_cache(maxsize=4)
def code_labels(lang: str) -> dict[str, str]:
    """The label file of a language (Russian for «ru», English otherwise)."""
    data: Any = yaml.safe_load((DATA_DIR / f"labels-{'ru' if lang == 'ru' else 'en'}.yaml").read_text(encoding="utf-8"))
    values = data.get("values") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in values.items()} if isinstance(values, dict) else {}


def region_name(code: str, lang: str) -> str | None:
    """The gazetteer's name of a region code in the language, or None when the code is unknown."""
    try:
        from regionlens.gazetteer import get_region

        region = get_region(code)
    except Exception:  # noqa: BLE001 - a missing or broken gazetteer must not stop a sentence or a report
        return None
    if region is None:
        return None
    return str(region.name_ru if lang == "ru" else region.name_en)


def codebook_label(code: str, lang: str, codebook: Any | None) -> str | None:
    """The label a project's own codebook gives a value the label file does not know."""
    if codebook is None:
        return None
    for variable in getattr(codebook, "variables", {}).values():
        names = (getattr(variable, "values", None) or {}).get(code)
        if isinstance(names, dict):
            text = names.get(lang) or names.get("ru")
            if text:
                return str(text)
    return None


def known_label(code: str, lang: str, codebook: Any | None = None) -> str | None:
    """The label of one code, or None when nothing names it."""
    values = code_labels(lang)
    if code in values:
        return values[code]
    if REGION_CODE.match(code):
        name = region_name(code, lang)
        if name:
            return name
    return codebook_label(code, lang, codebook) or coded_name(code, values)


def label(code: Any, lang: str, codebook: Any | None = None) -> str:
    """A code's reader-facing name; anything unknown unchanged (so a test or a reader can still find it)."""
    text = str(code)
    return known_label(text, lang, codebook) or text


def labels(codes: Iterable[Any], lang: str, sep: str = ", ", codebook: Any | None = None) -> str:
    return sep.join(label(c, lang, codebook) for c in codes)
