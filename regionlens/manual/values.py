"""Checking, parsing and storing manual values against the codebook's variable types.

The web form, the XLSX import and adjudication all accept values typed by
people, so one module decides what a valid value is and how it is stored:
the same JSON text the automatic coder writes into `codes`, so manual, gold,
model and automatic codes compare without conversion.
"""

from __future__ import annotations

import json
from typing import Any

from regionlens.coding.codebook import Codebook, Variable
from regionlens.gazetteer import is_valid_code

LIST_SEPARATORS = (";", ",", "\n")


class AnnotationError(ValueError):
    """A value that does not fit its variable; the message (in Russian) names the variable.

    `detail` is the message without the variable, for callers (the XLSX import) that name the column."""

    def __init__(self, variable: str, detail: str):
        super().__init__(f"переменная «{variable}»: {detail}")
        self.variable = variable
        self.detail = detail


def allowed_values(var: Variable) -> list[Any]:
    """The codebook values of a variable in codebook order (empty for the open `regions` set)."""
    return list(var.values)


def _listing(values: list[Any]) -> str:
    return ", ".join(str(v) for v in values)


def _as_int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        text = raw.strip().replace("−", "-")
        if text.lstrip("+-").isdigit():
            return int(text)
    return None


def describe(value: Any) -> str:
    """A value as people typed it, for messages."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def check_value(var: Variable, value: Any) -> Any:
    """The normalised value (int for binary/ordinal, str for nominal, sorted list for multi) or AnnotationError."""
    name = var.name
    if var.type in ("binary", "ordinal"):
        allowed = [int(v) for v in allowed_values(var)] or [0, 1]
        number = _as_int(value)
        if number is None or number not in allowed:
            raise AnnotationError(name, f"значение {describe(value)} не входит в допустимые {_listing(allowed)}")
        return number
    if var.type == "nominal":
        allowed_s = [str(v) for v in allowed_values(var)]
        text = str(value).strip() if value is not None else ""
        upper = {a.upper(): a for a in allowed_s}
        if text.upper() not in upper:
            raise AnnotationError(name, f"значение {describe(value)} не входит в допустимые {_listing(allowed_s)}")
        return upper[text.upper()]
    if var.type == "multi":
        if isinstance(value, str):
            value = split_labels(value)
        if not isinstance(value, list | tuple | set):
            raise AnnotationError(name, f"ожидается список меток, получено {describe(value)}")
        labels = sorted({str(v).strip() for v in value if str(v).strip()})
        allowed_s = [str(v) for v in allowed_values(var)]
        upper = {a.upper(): a for a in allowed_s}
        out: list[str] = []
        for label in labels:
            if allowed_s:
                if label.upper() not in upper:
                    raise AnnotationError(
                        name, f"метка {label} не входит в допустимые {_listing(allowed_s)}")
                out.append(upper[label.upper()])
            else:
                code = label.upper()
                if not is_valid_code(code):
                    raise AnnotationError(name, f"«{label}» — не код региона из справочника (например RU-SMO, BY-VI)")
                out.append(code)
        return sorted(set(out))
    raise AnnotationError(name, f"неизвестный тип {var.type}")


def split_labels(text: str) -> list[str]:
    """«a; b» (or «a, b», one per line) as a list; an empty cell is an empty list."""
    parts = [text]
    for sep in LIST_SEPARATORS:
        parts = [p for chunk in parts for p in chunk.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def check_values(codebook: Codebook, variables: list[str], values: dict[str, Any]) -> dict[str, Any]:
    """Normalised values for a job's `variables`; None means «clear this variable»."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name not in variables:
            raise AnnotationError(name, f"не входит в задание (в задании: {', '.join(variables)})")
        var = codebook.variables.get(name)
        if var is None:
            raise AnnotationError(name, "нет в кодификаторе")
        out[name] = None if value is None else check_value(var, value)
    return out


def encode(value: Any) -> str:
    """The stored form (JSON, as in `codes`)."""
    return json.dumps(value, ensure_ascii=False)


def decode(text: str) -> Any:
    return json.loads(text)


def cell_text(value: Any) -> Any:
    """A value as a spreadsheet cell: lists as «a; b», numbers stay numbers."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value
