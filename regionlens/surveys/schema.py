"""The survey schema file: which columns are the respondent, which form Likert scales, rankings, open answers.

A small YAML written by the researcher, e.g.::

    survey: experts-2023
    respondent: {id: id, country: country, role: role, region: region}
    scales:
      cooperation: {items: [coop_1, coop_2, coop_3], min: 1, max: 5, reverse: [coop_3]}
    rankings:
      priorities: {items: [rank_econ, rank_edu, rank_cult]}
    open: [barriers]

It is validated on load so a typo is reported with the file and key, not as a
missing column later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class SchemaError(ValueError):
    """The schema file is invalid; the message names the file and every problem."""


@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    items: tuple[str, ...]
    min: float = 1
    max: float = 5
    reverse: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ranking:
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SurveySchema:
    name: str
    id: str = "id"
    country: str | None = "country"
    role: str | None = "role"
    region: str | None = "region"
    scales: tuple[Scale, ...] = ()
    rankings: tuple[Ranking, ...] = ()
    open: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # scale, ranking or item name → human label

    def respondent_columns(self) -> list[str]:
        return [c for c in (self.id, self.country, self.role, self.region) if c]

    def answer_columns(self) -> list[str]:
        cols = [i for s in self.scales for i in s.items] + [i for r in self.rankings for i in r.items]
        return cols + list(self.open)

    def known_columns(self) -> set[str]:
        return set(self.respondent_columns()) | set(self.answer_columns())

    def to_dict(self) -> dict[str, Any]:
        return {
            "survey": self.name,
            "respondent": {"id": self.id, "country": self.country, "role": self.role, "region": self.region},
            "scales": {s.name: {"items": list(s.items), "min": s.min, "max": s.max, "reverse": list(s.reverse)}
                       for s in self.scales},
            "rankings": {r.name: {"items": list(r.items)} for r in self.rankings},
            "open": list(self.open),
            "labels": dict(self.labels),
        }


def _str_list(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        problems.append(f"{where}: ожидается список названий столбцов")
        return ()
    return tuple(str(v) for v in value)


def schema_from_dict(data: Any, file: str = "<schema>", default_name: str = "survey") -> SurveySchema:
    """Validate a parsed schema; every problem is collected into one SchemaError."""
    if not isinstance(data, dict):
        raise SchemaError(f"{file}: схема опроса должна быть словарём (ключи survey, respondent, scales, rankings, open)")
    problems: list[str] = []
    unknown = set(data) - {"survey", "respondent", "scales", "rankings", "open", "labels"}
    if unknown:
        problems.append(f"{file}: неизвестные ключи схемы: {', '.join(sorted(map(str, unknown)))}")
    resp = data.get("respondent") or {}
    if not isinstance(resp, dict) or not resp.get("id"):
        problems.append(f"{file}: respondent: нужен ключ id (столбец с идентификатором респондента)")
        resp = resp if isinstance(resp, dict) else {}
    scales: list[Scale] = []
    raw_scales = data.get("scales") or {}
    if not isinstance(raw_scales, dict):
        problems.append(f"{file}: scales: ожидается словарь «название: {{items: [...], min, max}}»")
        raw_scales = {}
    for name, spec in raw_scales.items():
        where = f"{file}: scales.{name}"
        if not isinstance(spec, dict):
            problems.append(f"{where}: ожидается словарь с items, min, max")
            continue
        items = _str_list(spec.get("items"), f"{where}.items", problems)
        if len(items) < 2:
            problems.append(f"{where}: в шкале нужно не меньше двух пунктов")
        lo, hi = spec.get("min", 1), spec.get("max", 5)
        if not isinstance(lo, (int, float)) or not isinstance(hi, (int, float)) or lo >= hi:
            problems.append(f"{where}: min и max должны быть числами, min < max")
            lo, hi = 1, 5
        reverse = _str_list(spec.get("reverse"), f"{where}.reverse", problems)
        stray = [r for r in reverse if r not in items]
        if stray:
            problems.append(f"{where}.reverse: пунктов нет в items: {', '.join(stray)}")
        scales.append(Scale(str(name), items, float(lo), float(hi), reverse))
    rankings: list[Ranking] = []
    raw_rankings = data.get("rankings") or {}
    if not isinstance(raw_rankings, dict):
        problems.append(f"{file}: rankings: ожидается словарь «название: {{items: [...]}}»")
        raw_rankings = {}
    for name, spec in raw_rankings.items():
        items = _str_list(spec.get("items") if isinstance(spec, dict) else None, f"{file}: rankings.{name}.items", problems)
        if len(items) < 2:
            problems.append(f"{file}: rankings.{name}: в ранжировании нужно не меньше двух объектов")
        rankings.append(Ranking(str(name), items))
    open_cols = _str_list(data.get("open"), f"{file}: open", problems)
    schema = SurveySchema(
        name=str(data.get("survey") or default_name),
        id=str(resp.get("id") or "id"),
        country=str(resp["country"]) if resp.get("country") else None,
        role=str(resp["role"]) if resp.get("role") else None,
        region=str(resp["region"]) if resp.get("region") else None,
        scales=tuple(scales), rankings=tuple(rankings), open=open_cols,
        labels={str(k): str(v) for k, v in (data.get("labels") or {}).items()} if isinstance(data.get("labels"), dict) else {},
    )
    cols = schema.respondent_columns() + schema.answer_columns()
    dupes = sorted({c for c in cols if cols.count(c) > 1})
    if dupes:
        problems.append(f"{file}: столбцы указаны в схеме больше одного раза: {', '.join(dupes)}")
    if not schema.scales and not schema.rankings and not schema.open:
        problems.append(f"{file}: в схеме нет ни шкал (scales), ни ранжирований (rankings), ни открытых вопросов (open)")
    if problems:
        raise SchemaError("\n".join(problems))
    return schema


def load_schema(path: str | Path) -> SurveySchema:
    file = Path(path)
    if not file.exists():
        raise SchemaError(f"{file}: файл схемы опроса не найден")
    try:
        data = yaml.safe_load(file.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{file}: файл схемы не в кодировке UTF-8 (сохраните его как UTF-8)") from exc
    except OSError as exc:
        raise SchemaError(f"{file}: не удалось прочитать файл схемы: {exc.strerror or exc}") from exc
    except RecursionError as exc:
        raise SchemaError(f"{file}: слишком глубокая вложенность YAML") from exc
    except yaml.YAMLError as exc:
        raise SchemaError(f"{file}: ошибка синтаксиса YAML: {exc}") from exc
    return schema_from_dict(data, str(file), default_name=file.stem)
