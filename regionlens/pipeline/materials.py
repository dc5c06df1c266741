"""Loading the demo's extra materials into a project: official documents, the expert survey, statistics.

Each material has its own importer; this runs the three in the order the demo
needs them (documents first, so they can be coded with the media afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(slots=True)
class MaterialsLoad:
    documents: int = 0
    respondents: int = 0
    indicator_rows: int = 0
    problems: list[str] = field(default_factory=list)



def load_demo_extras(project: Any, extras_dir: str | Path) -> MaterialsLoad:
    """Store a `generate_extras` folder in a project: official documents (code them afterwards with
    code_project), the expert survey with its schema, and the regional statistics."""
    from regionlens.pipeline.documents import ingest_official
    from regionlens.stats.io import import_indicators
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
