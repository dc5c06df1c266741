"""Analysis stage over a project: frame → analyses → result with corpus facts for the methods section."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from reference.run import AnalysisConfig, analyze
from reference.store_frame import load_frame
from regionlens import __version__
from regionlens.analysis.result import AnalysisResult
from regionlens.documents import materials_sections
from regionlens.reprints.scope import reprint_scope
from regionlens.store.project import Project
from regionlens.store.schema import coding_runs, documents, sources
from regionlens.validation.coder_record import coder_validation


def _codebook_versions(project: Project) -> list[str]:
    with project.engine.connect() as conn:
        return sorted({r[0] for r in conn.execute(select(coding_runs.c.codebook_version).distinct())})


def _sources_by_level_country(project: Project) -> list[dict[str, Any]]:
    with project.engine.connect() as conn:
        rows = conn.execute(
            select(sources.c.level, sources.c.country, func.count(func.distinct(sources.c.id)).label("sources"),
                   func.count(documents.c.id).label("publications"))
            .select_from(sources.outerjoin(documents, documents.c.source_id == sources.c.id))
            .group_by(sources.c.level, sources.c.country)
            .order_by(sources.c.country, sources.c.level)
        ).mappings().all()
    return [dict(r) for r in rows]


def examples_index(frame: pd.DataFrame, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title, outlet, date and URL of every publication a section or finding cites."""
    sub = frame[frame["id"].isin(ids)]
    return {
        row.id: {
            "title": row.title, "url": row.url, "source": row.source,
            "date": row.published_at.date().isoformat() if pd.notna(row.published_at) else None,
        }
        for row in sub.itertuples()
    }


def manual_reliability(project: Project) -> list[dict[str, Any]] | None:
    """Reliability of every manual coding job, for the methods section (None when there are no jobs)."""
    from regionlens.manual.jobs import list_jobs
    from regionlens.manual.summary import methods_summary

    if not list_jobs(project.engine):
        return None
    summary = methods_summary(project.engine, codebook=project.codebook, draws=500)
    rows = [{"job": j["name"], **r} for j in summary["jobs"] for r in j["reliability"]]
    return rows or None


def analyze_project(
    project: Project,
    config: AnalysisConfig | None = None,
    *,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    extra_corpus: dict[str, Any] | None = None,
) -> tuple[AnalysisResult, pd.DataFrame]:
    """Analyse the coded publications of a project; the frame is returned for further use."""
    frame = load_frame(project.engine, date_from=date_from, date_to=date_to)
    config = config or AnalysisConfig()
    config.reprints = reprint_scope(project.engine)
    result = analyze(frame, config)
    sections, findings = materials_sections(project.engine, frame)  # documents, surveys, statistics, if present
    result.sections.extend(sections)
    result.findings.extend(findings)
    cited = {i for s in result.sections for i in s.examples} | {i for f in result.findings for i in f.examples}
    period = (
        (frame["published_at"].min().date().isoformat(), frame["published_at"].max().date().isoformat())
        if len(frame) and frame["published_at"].notna().any()
        else (None, None)
    )
    result.corpus.update(
        {
            "publications": int(len(frame)),
            "period_from": period[0],
            "period_to": period[1],
            "sources_by_level_country": _sources_by_level_country(project),
            "codebook_version": ", ".join(_codebook_versions(project)) or None,
            "software_version": __version__,
            "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "examples": examples_index(frame, cited),
            "reliability": manual_reliability(project),
            "coder_validation": coder_validation(project.codebook),  # a packaged record, not a computation
            **(extra_corpus or {}),
        }
    )
    return result, frame


def write_analysis_json(result: AnalysisResult, path: Path) -> None:
    path.write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
