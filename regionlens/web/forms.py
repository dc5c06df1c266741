"""The coding form of a job, generated from the codebook: one field per job variable.

Widgets follow the variable type: binary and ordinal are radio buttons,
nominal a select, multi-label checkboxes, and `regions` a multi-select of
gazetteer codes. Every option gets a keyboard key shown on the page: the value
itself when every value is a digit (0/1), else its position — 1…9, then 0, then
letters that the workspace does not use for moving around (J, K, E, H are
taken), so the twelve topics all have a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from regionlens.coding.codebook import Codebook


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    key: str = ""


@dataclass(slots=True)
class FieldSpec:
    name: str
    type: str
    widget: str  # radio | select | checkbox | multiselect
    label: str
    options: list[Option]
    selected: set[str] = field(default_factory=set)

    @property
    def multiple(self) -> bool:
        return self.widget in ("checkbox", "multiselect")


def job_variables(config: Mapping[str, Any]) -> list[str]:
    """Variable names of a job config (plain names, or mappings with a `name`)."""
    out: list[str] = []
    for item in config.get("variables") or []:
        name = item.get("name") if isinstance(item, Mapping) else item
        if isinstance(name, str) and name:
            out.append(name)
    return out


def _label(labels: Mapping[str, str], lang: str, fallback: str) -> str:
    return str(labels.get(lang) or labels.get("ru") or fallback)


# Keys by position: digits first, then letters free of the workspace's own shortcuts (J K E H).
POSITION_KEYS = "1234567890qwrtyuiopasdfglzxcvbnm"


def _keys(values: list[str]) -> list[str]:
    if len(values) <= 10 and all(v.isdigit() and len(v) == 1 for v in values):
        return values
    return [POSITION_KEYS[i] if i < len(POSITION_KEYS) else "" for i in range(len(values))]


def _region_options(lang: str) -> list[Option]:
    from regionlens.gazetteer import load_gazetteer

    regions = sorted(load_gazetteer().regions, key=lambda r: (r.country, r.name_ru if lang == "ru" else r.name_en))
    return [Option(r.code, f"{r.name_ru if lang == 'ru' else r.name_en} ({r.code})") for r in regions]


def build_fields(variables: Iterable[str], codebook: Codebook, lang: str,
                 saved: Mapping[str, Any] | None = None) -> list[FieldSpec]:
    """Form fields for `variables`, pre-filled with the coder's own `saved` values."""
    saved = saved or {}
    fields: list[FieldSpec] = []
    for name in variables:
        var = codebook.variables.get(name)
        if var is None:
            continue
        label = _label(var.label, lang, name)
        if name == "regions":
            spec = FieldSpec(name, var.type, "multiselect", label, _region_options(lang))
        else:
            raw = [str(v) for v in var.values]
            labels = [_label(var.values[v], lang, str(v)) for v in var.values]
            if var.type == "multi":
                keys = _keys(raw)
                spec = FieldSpec(name, var.type, "checkbox", label,
                                 [Option(v, lab, k) for v, lab, k in zip(raw, labels, keys, strict=True)])
            else:
                widget = "select" if var.type == "nominal" else "radio"
                keys = _keys(raw)
                spec = FieldSpec(name, var.type, widget, label,
                                 [Option(v, lab, k) for v, lab, k in zip(raw, labels, keys, strict=True)])
        value = saved.get(name)
        if isinstance(value, list | tuple | set):
            spec.selected = {str(v) for v in value}
        elif value is not None:
            spec.selected = {str(value)}
        fields.append(spec)
    return fields


def parse_values(fields: Iterable[FieldSpec], form: Any) -> dict[str, Any]:
    """The values dict for `save_annotation`: lists for multi-label fields; unanswered single fields left out."""
    values: dict[str, Any] = {}
    for spec in fields:
        if spec.multiple:
            values[spec.name] = [str(v) for v in form.getlist(spec.name) if isinstance(v, str) and v]
            continue
        raw = form.get(spec.name)
        if isinstance(raw, str) and raw != "":
            values[spec.name] = raw  # typed and checked by regionlens.manual (check_value)
    return values
