"""One entry point for the analysis: the three materials sections (documents, surveys, statistics) of a project.

Media, documents, surveys and statistics meet on region × year; each section is
built only when its material is in the project, so `regionlens analyze` works
unchanged on a media-only project.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from regionlens.analysis.result import Finding, Section
from regionlens.messages.numbers import russian_numbers


def materials_sections(engine: Engine, media: pd.DataFrame, *, indicator: str = "trade_turnover",
                       survey: str | None = None, n_perm: int = 2000, seed: int = 0
                       ) -> tuple[list[Section], list[Finding]]:
    """Alignment (documents vs media), expert assessments and information gaps, for what the project holds."""
    from regionlens.documents.official import documents_frame
    from regionlens.documents.section import alignment_section
    from regionlens.stats.io import load_indicators
    from regionlens.stats.section import gap_section
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
