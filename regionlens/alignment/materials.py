"""One entry point for the lead: the three materials sections from a project, and loading the demo extras.

Media, documents, surveys and statistics meet on region × year; each section is
built only when its material is in the project, so `regionlens analyze` works
unchanged on a media-only project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from regionlens.analysis.result import Finding, Section


@dataclass(slots=True)
class MaterialsLoad:
    documents: int = 0
    respondents: int = 0
    indicator_rows: int = 0
    problems: list[str] = field(default_factory=list)


def materials_sections(engine: Engine, media: pd.DataFrame, *, indicator: str = "trade_turnover",
                       survey: str | None = None, n_perm: int = 2000, seed: int = 0
                       ) -> tuple[list[Section], list[Finding]]:
    """Alignment (documents vs media), expert assessments and information gaps, for what the project holds."""
    from regionlens.alignment.documents import documents_frame
    from regionlens.alignment.section import alignment_section
    from regionlens.indicators.io import load_indicators
    from regionlens.indicators.section import gap_section
    from regionlens.surveys.importer import list_surveys, load_survey
    from regionlens.surveys.section import survey_section

    sections: list[Section] = []
    findings: list[Finding] = []
    docs = documents_frame(engine)
    if len(docs) and len(media):
        s, f = alignment_section(docs, media, n_perm=n_perm, seed=seed)
        sections.append(s)
        findings.extend(f)
    if list_surveys(engine):
        s, f = survey_section(load_survey(engine, survey))
        sections.append(s)
        findings.extend(f)
    stats = load_indicators(engine)
    if len(media) and (stats["indicator"] == indicator).any():
        s, f = gap_section(stats, media, indicator)
        sections.append(s)
        findings.extend(f)
    for sec in sections:
        sec.text_ru = russian_numbers(sec.text_ru)
    for fnd in findings:
        fnd.text_ru = russian_numbers(fnd.text_ru)
    return sections, findings


_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_PERCENT = re.compile(r"(\d)%")


def russian_numbers(text: str) -> str:
    """Decimal comma and a narrow space before % in Russian texts («0,40», «19 %»).

    The three sections phrase numbers once for both languages; this is where
    the Russian text gets the Russian notation (these texts contain no dates).
    """
    return _PERCENT.sub("\\1\u202f%", _DECIMAL.sub(r"\1,\2", text))


def load_demo_extras(project: Any, extras_dir: str | Path) -> MaterialsLoad:
    """Store a `generate_extras` folder in a project: official documents (code them afterwards with
    code_project), the expert survey with its schema, and the regional statistics."""
    from regionlens.alignment.documents import ingest_official
    from regionlens.indicators.io import import_indicators
    from regionlens.surveys.importer import import_survey

    d = Path(extras_dir)
    out = MaterialsLoad()
    out.documents, problems = ingest_official(project, d)
    out.problems.extend(problems)
    summary = import_survey(project.engine, d / "survey.csv", d / "survey_schema.yaml")
    out.respondents = summary.respondents
    out.problems.extend(str(e) for e in summary.errors)
    parsed = import_indicators(project.engine, d / "indicators.csv")
    out.indicator_rows = len(parsed.frame)
    out.problems.extend(str(e) for e in parsed.errors)
    return out
