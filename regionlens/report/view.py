"""The report's content as plain data (headings, formatted numbers, links), shared by HTML and XLSX.

Building the view in Python keeps templates free of logic and lets tests check
what the reader will see without parsing HTML.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import quote

from regionlens.analysis.result import AnalysisResult, Finding, Section
from regionlens.report.i18n import Strings, load_strings
from regionlens.report.numbers import fmt_date, fmt_number, fmt_p, fmt_period
from regionlens.report.tables import DisplayTable, display_table, format_stat, records_frame

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
SAFE_HREF = ("http://", "https://", "/", "./", "../", "?", "#")
MAX_EXAMPLES = 10
MAX_TABLE_ROWS = 200

ChartMode = Literal["svg", "png"]


@dataclass(slots=True)
class Example:
    id: str
    title: str | None
    href: str | None
    source: str | None
    date: str | None


@dataclass(slots=True)
class SectionView:
    key: str
    anchor: str
    title: str
    paragraphs: list[str]
    chart_title: str
    tables: list[DisplayTable]
    stats: list[tuple[str, str]]
    examples: list[Example]
    more_examples: int
    section: Section


@dataclass(slots=True)
class FindingView:
    key: str
    anchor: str
    severity: str
    severity_label: str
    text: str
    numbers: list[tuple[str, str]]
    test: str
    p_text: str | None
    examples: list[Example]
    more_examples: int
    recommendations: list[str]


@dataclass(slots=True)
class Recommendation:
    text: str
    findings: list[tuple[str, str]] = field(default_factory=list)  # (anchor, finding key)


@dataclass(slots=True)
class MethodsView:
    corpus_text: str
    sources: DisplayTable | None
    codebook: str
    software: str
    coding_text: str
    validation: DisplayTable | None
    reliability: DisplayTable | None


@dataclass(slots=True)
class ReportView:
    lang: str
    strings: Strings
    title: str
    subtitle: str
    period: str
    generated: str
    publications: str
    sections: list[SectionView]
    findings: list[FindingView]
    recommendations: list[Recommendation]
    methods: MethodsView


def _pick(lang: str, ru: str, en: str) -> str:
    return ru if lang == "ru" else (en or ru)


def _pick_list(lang: str, ru: list[str], en: list[str]) -> list[str]:
    return ru if lang == "ru" else (en or ru)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _anchor(prefix: str, key: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in key)
    return f"{prefix}-{safe}"


def example_href(doc_id: str, info: dict[str, Any], template: str | None) -> str | None:
    """Where an example publication opens: the corpus URL template, else its own URL; only safe schemes."""
    url = str(info.get("url") or "")
    href: str | None
    if template:
        if "{url}" in template and not url:
            href = None
        else:
            try:
                href = template.format(id=quote(str(doc_id), safe=""), url=url)
            except (KeyError, IndexError, ValueError):
                log.warning("doc_url_template %r is not a valid template", template)
                href = url or None
    else:
        href = url or None
    if href and not href.lower().startswith(SAFE_HREF):
        return None
    return href


def _examples(ids: list[str], corpus: dict[str, Any], lang: str) -> tuple[list[Example], int]:
    index = {str(k): v for k, v in (corpus.get("examples") or {}).items()}  # ids may be ints before JSON
    template = corpus.get("doc_url_template")
    out: list[Example] = []
    for doc_id in ids[:MAX_EXAMPLES]:
        info = index.get(str(doc_id)) or {}
        out.append(
            Example(
                id=str(doc_id),
                title=str(info["title"]) if info.get("title") else None,
                href=example_href(str(doc_id), info, template),
                source=str(info["source"]) if info.get("source") else None,
                date=fmt_date(info["date"], lang) if info.get("date") else None,
            )
        )
    return out, max(len(ids) - MAX_EXAMPLES, 0)


def _section(section: Section, result: AnalysisResult, strings: Strings) -> SectionView:
    lang = strings.lang
    examples, more = _examples(section.examples, result.corpus, lang)
    chart_title = ""
    if section.chart is not None:
        chart_title = _pick(lang, section.chart.title_ru, section.chart.title_en)
    return SectionView(
        key=section.key,
        anchor=_anchor("section", section.key),
        title=_pick(lang, section.title_ru, section.title_en),
        paragraphs=_paragraphs(_pick(lang, section.text_ru, section.text_en)),
        chart_title=chart_title,
        tables=[display_table(name, df, strings, MAX_TABLE_ROWS) for name, df in section.tables.items()],
        stats=[(strings.column(k), format_stat(k, v, strings)) for k, v in section.stats.items()],
        examples=examples,
        more_examples=more,
        section=section,
    )


def _finding(finding: Finding, result: AnalysisResult, strings: Strings) -> FindingView:
    lang = strings.lang
    examples, more = _examples(finding.examples, result.corpus, lang)
    return FindingView(
        key=finding.key,
        anchor=_anchor("finding", finding.key),
        severity=finding.severity,
        severity_label=strings.t(f"severity_{finding.severity}"),
        text=_pick(lang, finding.text_ru, finding.text_en),
        numbers=[(strings.column(k), format_stat(k, v, strings)) for k, v in finding.numbers.items()],
        test=finding.test,
        p_text=fmt_p(finding.p_value, lang) if finding.p_value is not None else None,
        examples=examples,
        more_examples=more,
        recommendations=_pick_list(lang, finding.recommendations_ru, finding.recommendations_en),
    )


def _recommendations(findings: list[FindingView]) -> list[Recommendation]:
    """Recommendations of all findings, most severe first, each said once with the findings behind it."""
    merged: dict[str, Recommendation] = {}
    for f in findings:
        for text in f.recommendations:
            rec = merged.setdefault(text.strip(), Recommendation(text=text.strip()))
            rec.findings.append((f.anchor, f.key))
    return list(merged.values())


def _table(name: str, records: Any, strings: Strings) -> DisplayTable | None:
    frame = records_frame(records)
    return display_table(name, frame, strings) if frame is not None and not frame.empty else None


def _methods(result: AnalysisResult, strings: Strings, period: str, publications: str) -> MethodsView:
    corpus = result.corpus
    codebook = str(corpus.get("codebook_version") or strings.t("not_specified"))
    return MethodsView(
        corpus_text=strings.t("methods_corpus_text", publications=publications, period=period),
        sources=_table("sources_by_level_country", corpus.get("sources_by_level_country"), strings),
        codebook=codebook,
        software=str(corpus.get("software_version") or strings.t("not_specified")),
        coding_text=strings.t("methods_coding_text", codebook=codebook),
        validation=_table("validation", corpus.get("validation"), strings),
        reliability=_table("reliability", corpus.get("reliability"), strings),
    )


def build_view(result: AnalysisResult, lang: str = "ru") -> ReportView:
    strings = load_strings(lang)
    corpus = result.corpus
    period = fmt_period(corpus.get("period_from"), corpus.get("period_to"), lang)
    publications = fmt_number(corpus["publications"], lang) if corpus.get("publications") is not None else "—"
    generated = fmt_date(corpus.get("generated_at") or date.today(), lang)
    findings = sorted(
        (_finding(f, result, strings) for f in result.findings), key=lambda f: SEVERITY_ORDER.get(f.severity, 3)
    )
    return ReportView(
        lang=lang,
        strings=strings,
        title=str(corpus.get(f"report_title_{lang}") or strings.t("report_title")),
        subtitle=strings.t("report_subtitle"),
        period=period,
        generated=generated,
        publications=publications,
        sections=[_section(s, result, strings) for s in result.sections],
        findings=findings,
        recommendations=_recommendations(findings),
        methods=_methods(result, strings, period, publications),
    )

