"""Expert survey files (CSV/XLSX) → checked respondent table → survey_respondents / survey_answers.

The schema says what each column is, so the importer can refuse what it does
not understand: a column the schema does not name stops the file (it is
probably a typo that would silently lose answers), while a bad answer skips
only that respondent and is reported with file, row and column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine, delete, insert, select

from regionlens.store.schema import meta, survey_answers, survey_respondents
from regionlens.surveys.schema import SurveySchema, load_schema, schema_from_dict
from regionlens.surveys.table import CellError, TableFileError, parse_number, read_table

COUNTRY_ALIASES = {
    "ru": "RU", "россия": "RU", "рф": "RU", "russia": "RU", "расія": "RU",
    "by": "BY", "беларусь": "BY", "белоруссия": "BY", "рб": "BY", "belarus": "BY", "беларусь.": "BY",
}
SCHEMA_KEY = "survey_schema:"
# Column widths of survey_respondents: PostgreSQL refuses a longer value and with it the whole import.
WIDTHS = {"respondent": 200, "country": 16, "role": 200}


@dataclass(slots=True)
class ParsedSurvey:
    """Valid respondents as a wide table (one row each) and the errors of the rejected ones."""

    schema: SurveySchema
    frame: pd.DataFrame
    errors: list[CellError] = field(default_factory=list)


@dataclass(slots=True)
class SurveyImportSummary:
    survey: str
    respondents: int
    answers: int
    errors: list[CellError]


def _country(text: str) -> str | None:
    key = text.strip().lower()
    return COUNTRY_ALIASES.get(key, text.strip().upper() or None)


def parse_survey(path: str | Path, schema: SurveySchema) -> ParsedSurvey:
    """Read and check a survey file against its schema."""
    from regionlens.gazetteer.gazetteer import is_valid_code

    table = read_table(path)
    file = table.file
    unknown = [h for h in table.header if h not in schema.known_columns()]
    missing = [c for c in schema.respondent_columns() + schema.answer_columns() if c not in table.header]
    problems = [CellError(file, 1, h, "столбец не описан в схеме опроса (unknown column)") for h in unknown]
    problems += [CellError(file, 1, c, "столбец из схемы опроса отсутствует в файле") for c in missing]
    if problems:
        raise TableFileError(problems)
    scale_of = {i: s for s in schema.scales for i in s.items}
    ranking_of = {i: r for r in schema.rankings for i in r.items}
    errors: list[CellError] = []
    records: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        row_errors: list[CellError] = []
        rid = cells[schema.id].strip()
        if not rid:
            row_errors.append(CellError(file, row, schema.id, "нет идентификатора респондента"))
        elif rid in seen:
            row_errors.append(CellError(file, row, schema.id, f"респондент «{rid}» уже встречался в строке {seen[rid]}"))
        rec: dict[str, object] = {"respondent": rid, "row": row}
        rec["country"] = _country(cells[schema.country]) if schema.country else None
        rec["role"] = cells[schema.role] or None if schema.role else None
        region = cells[schema.region].strip() if schema.region else ""
        if region and not is_valid_code(region):
            row_errors.append(CellError(file, row, schema.region, f"неизвестный код региона «{region}»"))
        rec["region_code"] = region or None
        for key, width in WIDTHS.items():
            value = rec[key]
            if isinstance(value, str) and len(value) > width:
                column = {"respondent": schema.id, "country": schema.country, "role": schema.role}[key]
                row_errors.append(CellError(file, row, column, f"значение длиннее {width} символов"))
        for col in schema.answer_columns():
            text = cells[col]
            if col in schema.open:
                rec[col] = text or None
                continue
            if not text:
                rec[col] = np.nan
                continue
            value = parse_number(text)
            if value is None:
                row_errors.append(CellError(file, row, col, f"ответ «{text}» — не число"))
                continue
            if col in scale_of:
                s = scale_of[col]
                if not s.min <= value <= s.max:
                    row_errors.append(CellError(
                        file, row, col, f"ответ {text} вне шкалы «{s.name}» ({s.min:g}–{s.max:g})"))
            else:
                r = ranking_of[col]
                if not value.is_integer() or not 1 <= value <= len(r.items):
                    row_errors.append(CellError(
                        file, row, col, f"ранг {text} вне допустимого диапазона 1–{len(r.items)} («{r.name}»)"))
            rec[col] = value
        if row_errors:
            errors.extend(row_errors)
            continue
        seen[rid] = row
        records.append(rec)
    columns = ["respondent", "row", "country", "role", "region_code", *schema.answer_columns()]
    frame = pd.DataFrame(records, columns=columns)
    for col in schema.answer_columns():
        if col not in schema.open:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return ParsedSurvey(schema, frame, errors)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def store_survey(engine: Engine, parsed: ParsedSurvey, survey: str | None = None) -> SurveyImportSummary:
    """Write respondents and answers in one transaction; re-importing a respondent replaces their answers."""
    name = survey or parsed.schema.name
    schema = parsed.schema
    n_answers = 0
    with engine.begin() as conn:
        key = SCHEMA_KEY + name
        conn.execute(delete(meta).where(meta.c.key == key))
        conn.execute(insert(meta).values(key=key, value=json.dumps(schema.to_dict(), ensure_ascii=False)))
        existing = {
            r.respondent: r.id
            for r in conn.execute(select(survey_respondents.c.id, survey_respondents.c.respondent)
                                  .where(survey_respondents.c.survey == name))
        }
        for rec in parsed.frame.to_dict(orient="records"):
            rid = str(rec["respondent"])
            values = {k: _text_or_none(rec[k]) for k in ("country", "role", "region_code")}
            if rid in existing:
                pk = existing[rid]
                conn.execute(survey_respondents.update().where(survey_respondents.c.id == pk).values(**values))
                conn.execute(delete(survey_answers).where(survey_answers.c.respondent_id == pk))
            else:
                inserted = conn.execute(insert(survey_respondents).values(survey=name, respondent=rid, **values))
                pk = inserted.inserted_primary_key[0]  # type: ignore[index]
            rows = []
            for col in schema.answer_columns():
                value = rec[col]
                if col in schema.open:
                    if isinstance(value, str) and value.strip():
                        rows.append({"respondent_id": pk, "item": col, "value_num": None, "value_text": str(value)})
                elif value is not None and not (isinstance(value, float) and np.isnan(value)):
                    rows.append({"respondent_id": pk, "item": col, "value_num": float(value), "value_text": None})
            if rows:
                conn.execute(insert(survey_answers), rows)
            n_answers += len(rows)
    return SurveyImportSummary(name, len(parsed.frame), n_answers, list(parsed.errors))


def import_survey(engine: Engine, path: str | Path, schema_path: str | Path, survey: str | None = None) -> SurveyImportSummary:
    """Check a survey file against its schema and store the valid respondents (errors are returned, not raised)."""
    parsed = parse_survey(path, load_schema(schema_path))
    return store_survey(engine, parsed, survey)


def list_surveys(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted({str(r) for r in conn.execute(select(survey_respondents.c.survey).distinct()).scalars()})


def load_survey(engine: Engine, survey: str | None = None) -> ParsedSurvey:
    """A stored survey as the wide table the statistics use (the only survey when `survey` is None)."""
    names = list_surveys(engine)
    if not names:
        raise LookupError("В проекте нет опросов экспертов. Импортируйте опрос: regionlens survey import")
    name = survey or names[0]
    if name not in names:
        raise LookupError(f"Опрос «{name}» не найден; есть: {', '.join(names)}")
    with engine.connect() as conn:
        raw = conn.execute(select(meta.c.value).where(meta.c.key == SCHEMA_KEY + name)).scalar_one_or_none()
        people = pd.DataFrame(conn.execute(
            select(survey_respondents.c.id, survey_respondents.c.respondent, survey_respondents.c.country,
                   survey_respondents.c.role, survey_respondents.c.region_code)
            .where(survey_respondents.c.survey == name).order_by(survey_respondents.c.id)).mappings().all())
        answers = pd.DataFrame(conn.execute(
            select(survey_answers).where(survey_answers.c.respondent_id.in_(people["id"].tolist()))).mappings().all(),
            columns=["respondent_id", "item", "value_num", "value_text"])
    if raw is None:
        raise LookupError(f"Для опроса «{name}» не сохранена схема; импортируйте его заново со схемой")
    schema = schema_from_dict(json.loads(raw), f"схема опроса «{name}»")
    frame = people.rename(columns={"id": "pk"})
    frame.insert(1, "row", None)
    for col in schema.answer_columns():
        part = answers.loc[answers["item"] == col]
        field_name = "value_text" if col in schema.open else "value_num"
        frame[col] = frame["pk"].map(dict(zip(part["respondent_id"], part[field_name], strict=False)))
        if col not in schema.open:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return ParsedSurvey(schema, frame.drop(columns="pk"), [])
