"""Analysis stage over a project: counts in the database → analyses → result with corpus facts for the methods section."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from regionlens import __version__
from regionlens.analysis.facts import Facts
from regionlens.analysis.project_facts import project_facts
from regionlens.analysis.result import AnalysisResult
from regionlens.analysis.run import AnalysisConfig, analyze_facts
from regionlens.documents import materials_sections
from regionlens.reprints.scope import reprint_scope
from regionlens.store.frame import empty_frame, load_frame
from regionlens.store.project import Project
from regionlens.store.schema import coding_runs, documents, indicators, sources
from regionlens.store.timezone import display_tz
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


def examples_index(engine: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Title, outlet, date and URL of every publication a section or finding cites (a bounded read by id)."""
    numeric = sorted(int(i) for i in ids if str(i).isdigit())
    out: dict[str, dict[str, Any]] = {}
    tz = display_tz()
    with engine.connect() as conn:
        for start in range(0, len(numeric), 500):
            rows = conn.execute(
                select(documents.c.id, documents.c.title, documents.c.url, documents.c.published_at,
                       sources.c.name.label("source"))
                .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
                .where(documents.c.id.in_(numeric[start:start + 500]), documents.c.kind == "media")
            ).mappings().all()
            for r in rows:
                stamp = r["published_at"]
                day = None
                if stamp is not None:
                    ts = pd.Timestamp(stamp)
                    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts
                    day = ts.tz_convert(tz).date().isoformat()
                out[str(r["id"])] = {"title": r["title"], "url": r["url"], "source": r["source"], "date": day}
    return out


def _period(facts: Facts) -> tuple[str | None, str | None]:
    """First and last publication day in the users' time zone."""
    lo, hi = facts.totals["ts_min"], facts.totals["ts_max"]
    if lo is None or hi is None:
        return None, None
    tz = display_tz()
    return lo.tz_convert(tz).date().isoformat(), hi.tz_convert(tz).date().isoformat()


def _compares_media(project: Project) -> bool:
    """Whether official documents or regional statistics are stored: the two materials sections that
    compare against media publications (and so read the media frame)."""
    with project.engine.connect() as conn:
        docs = conn.execute(select(documents.c.id).where(documents.c.kind == "official").limit(1)).first()
        stats = conn.execute(select(indicators.c.id).limit(1)).first()
    return bool(docs or stats)


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
) -> tuple[AnalysisResult, int]:
    """Analyse the coded publications of a project; returns the result and the number of publications analysed.

    The counts are computed by the database (regionlens.analysis.project_facts), so memory does not
    grow with the corpus; only the materials sections (documents, surveys, statistics), when the
    project holds such materials, read the media frame they compare against."""
    config = config or AnalysisConfig()
    config.reprints = reprint_scope(project.engine)
    with project_facts(project.engine, date_from=date_from, date_to=date_to) as facts:
        result = analyze_facts(facts, config)
        n = facts.publications
        period = _period(facts)
    media = load_frame(project.engine, date_from=date_from, date_to=date_to) if n and _compares_media(project) \
        else empty_frame()
    sections, findings = materials_sections(project.engine, media)  # documents, surveys, statistics, if present
    result.sections.extend(sections)
    result.findings.extend(findings)
    cited = {i for s in result.sections for i in s.examples} | {i for f in result.findings for i in f.examples}
    result.corpus.update(
        {
            "publications": n,
            "period_from": period[0],
            "period_to": period[1],
            "sources_by_level_country": _sources_by_level_country(project),
            "codebook_version": ", ".join(_codebook_versions(project)) or None,
            "software_version": __version__,
            "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "examples": examples_index(project.engine, cited),
            "reliability": manual_reliability(project),
            "coder_validation": coder_validation(project.codebook),
            **(extra_corpus or {}),
        }
    )
    return result, n


def write_analysis_json(result: AnalysisResult, path: Path) -> None:
    path.write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
