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
from regionlens.manual.agreement import RELY, TENTATIVE
from regionlens.messages.numbers import fmt_date, fmt_number, fmt_p, fmt_period, is_missing
from regionlens.report.i18n import Strings, load_strings
from regionlens.report.tables import (
    DisplayTable,
    display_table,
    fit_width,
    format_stat,
    reader_columns,
    records_frame,
)

log = logging.getLogger(__name__)

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
SAFE_HREF = ("http://", "https://", "/", "./", "../", "?", "#")
MAX_EXAMPLES = 10
MAX_TABLE_ROWS = 200
SUMMARY_ROWS = 12  # the compact table of a section in the main report
FINDING_EXAMPLES = 2

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
    takeaway: str = ""
    notes: list[str] = field(default_factory=list)
    summary: list[DisplayTable] = field(default_factory=list)


@dataclass(slots=True)
class FindingView:
    number: int
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
    findings: list[tuple[str, str]] = field(default_factory=list)  # (anchor, «вывод 3»)


@dataclass(slots=True)
class MethodsView:
    corpus_text: str
    corpus_facts: list[str]
    sources: DisplayTable | None
    codebook: str
    software: str
    coding_text: str
    validation: DisplayTable | None
    reliability: DisplayTable | None
    coder_table: DisplayTable | None = None  # the automatic coder against hand coding on real publications
    coder_text: list[str] = field(default_factory=list)


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
    appendix: bool = False


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


def summary_frame(section: Section, lang: str) -> tuple[str, Any] | None:
    """The section's compact table: its declared summary, else the chart's table, else the first one."""
    name = section.summary_table or (section.chart.table if section.chart else None) or next(iter(section.tables), None)
    if name is None or name not in section.tables:
        return None
    frame = reader_columns(section.tables[name], lang, section.summary_columns or None)
    return (name, frame) if len(frame) and len(frame.columns) else None


def _section(section: Section, result: AnalysisResult, strings: Strings, appendix: bool) -> SectionView:
    lang = strings.lang
    examples, more = _examples(section.examples, result.corpus, lang)
    chart_title = ""
    if section.chart is not None:
        chart_title = _pick(lang, section.chart.title_ru, section.chart.title_en)
    paragraphs = _paragraphs(_pick(lang, section.text_ru, section.text_en))
    takeaway = _pick(lang, section.takeaway_ru, section.takeaway_en)
    if not takeaway and paragraphs:  # a section without its own takeaway: the first sentence of its text
        first, _, rest = paragraphs[0].partition(". ")
        takeaway = first if first.endswith(".") or not rest else first + "."
        paragraphs = ([rest] if rest else []) + paragraphs[1:]
    summary: list[DisplayTable] = []
    picked = summary_frame(section, lang)
    if picked is not None:
        summary = fit_width(display_table(picked[0], picked[1], strings, SUMMARY_ROWS, scope=section.key))
    tables: list[DisplayTable] = []
    if appendix:
        for name, df in section.tables.items():
            tables.extend(fit_width(display_table(name, df, strings, MAX_TABLE_ROWS, scope=section.key)))
    return SectionView(
        key=section.key,
        anchor=_anchor("section", section.key),
        title=_pick(lang, section.title_ru, section.title_en),
        paragraphs=paragraphs,
        chart_title=chart_title,
        tables=tables,
        stats=[(strings.column(k, section.key), format_stat(k, v, strings)) for k, v in section.stats.items()
               if not is_missing(v)] if appendix else [],
        examples=examples[:3],
        more_examples=more + max(len(examples) - 3, 0),
        section=section,
        takeaway=takeaway,
        notes=_pick_list(lang, section.notes_ru, section.notes_en),
        summary=summary,
    )


def _finding(number: int, finding: Finding, result: AnalysisResult, strings: Strings) -> FindingView:
    lang = strings.lang
    examples, more = _examples(finding.examples, result.corpus, lang)
    return FindingView(
        number=number,
        key=finding.key,
        anchor=_anchor("finding", finding.key),
        severity=finding.severity,
        severity_label=strings.t(f"severity_{finding.severity}"),
        text=_pick(lang, finding.text_ru, finding.text_en),
        numbers=[(strings.column(k), format_stat(k, v, strings)) for k, v in finding.numbers.items()],
        test=str(strings.value(finding.test)) if finding.test else "",
        p_text=fmt_p(finding.p_value, lang) if finding.p_value is not None and not is_missing(finding.p_value) else None,
        examples=examples[:FINDING_EXAMPLES],
        more_examples=more + max(len(examples) - FINDING_EXAMPLES, 0),
        recommendations=_pick_list(lang, finding.recommendations_ru, finding.recommendations_en),
    )


def _recommendations(findings: list[FindingView], strings: Strings) -> list[Recommendation]:
    """Recommendations of all findings, most severe first, each said once with the findings behind it."""
    merged: dict[str, Recommendation] = {}
    for f in findings:
        for text in f.recommendations:
            rec = merged.setdefault(text.strip(), Recommendation(text=text.strip()))
            rec.findings.append((f.anchor, strings.t("finding_ref", n=f.number)))
    return list(merged.values())


def _table(name: str, records: Any, strings: Strings) -> DisplayTable | None:
    frame = records_frame(records)
    return display_table(name, frame, strings) if frame is not None and not frame.empty else None


def _counted(counts: dict[str, Any], strings: Strings) -> str:
    items = [(k, int(v)) for k, v in counts.items() if v]
    return ", ".join(f"{strings.value(k)} — {fmt_number(v, strings.lang)}" for k, v in items) or strings.t("none_known")


def corpus_sentences(facts: dict[str, Any] | None, strings: Strings, period: str, publications: str) -> list[str]:
    """The corpus as it is: attribution, dates and their origin, languages, levels, reprint scope."""
    if not facts:
        return [strings.t("methods_corpus_size", publications=publications, period=period)]
    n = lambda v: fmt_number(v, strings.lang)  # noqa: E731
    dated = int(facts.get("dated") or 0)
    out = [strings.t("methods_corpus_size", publications=publications, period=period) if dated
           else strings.t("methods_corpus_size_undated", publications=publications)]
    attribution = facts.get("attribution") or {}
    out.append(strings.t("methods_attribution", registry=n(attribution.get("registry", 0)),
                         catalogue=n(attribution.get("catalogue", 0)), unknown=n(attribution.get("unknown", 0))))
    out.append(strings.t("methods_dates", dated=n(dated), undated=n(facts.get("undated") or 0)))
    if facts.get("date_sources"):
        out.append(strings.t("methods_date_sources", sources=_counted(facts["date_sources"], strings)))
    out.append(strings.t("methods_languages", languages=_counted(facts.get("languages") or {}, strings)))
    levels = ", ".join(str(strings.value(v)) for v in facts.get("levels") or []) or strings.t("none_known")
    countries = ", ".join(str(strings.value(v)) for v in facts.get("countries") or []) or strings.t("none_known")
    out.append(strings.t("methods_levels", levels=levels, countries=countries))
    if not facts.get("reprints_measured", True):
        out.append(strings.t("methods_reprints_not_measured"))
    elif facts.get("reprints_unchecked"):
        out.append(strings.t("methods_reprints_partial", checked=n(facts.get("reprints_checked") or 0),
                             unchecked=n(facts["reprints_unchecked"])))
    elif facts.get("reprints_checked") is not None:
        out.append(strings.t("methods_reprints_measured", checked=n(facts["reprints_checked"])))
    return out


CODER_SPLITS = ("test", "shifted", "human")  # the columns of the coder table, as the packaged record names them


def coder_validation_view(record: dict[str, Any] | None, strings: Strings) -> tuple[DisplayTable | None, list[str]]:
    """The automatic coder's alphas on real publications beside the human–human alphas, and what they allow.

    A variable is judged by the frozen TEST split (this coder version's own measure on publications nobody tuned
    it on); the "new corpus" figure, from the training procedure run on the earlier rounds only, is shown beside
    it as the caution for a corpus unlike the gold, and a sentence says so. The bands are Krippendorff's, as for
    manual coding. A project with its own codebook gets one sentence instead: the figures are not its."""
    lang = strings.lang
    if not record:
        return None, [strings.t("methods_coder_unknown")]
    if not record.get("applies"):
        return None, [strings.t("methods_coder_other_codebook", packaged=record.get("codebook_version") or "—",
                                project=record.get("project_codebook_version") or "—")]
    alpha = lambda v: fmt_number(v, lang, 3)  # noqa: E731
    variables = [k for k in record["test"] if k != "n"]
    rows = [[strings.column(var, "coder_validation"), *(alpha(record[split].get(var)) for split in CODER_SPLITS)]
            for var in variables]
    headers = [strings.t("coder_col_variable"),
               *(strings.t(f"coder_col_{split}", n=fmt_number(record[split]["n"], lang)) for split in CODER_SPLITS)]
    table = DisplayTable(name="coder_validation", headers=headers, kinds=["text", "float", "float", "float"],
                         rows=rows, total_rows=len(rows))
    coder = record.get("coder_version") or {}
    text = [strings.t("methods_coder_text", measured=fmt_date(record.get("measured"), lang),
                      coder=coder.get("version") or strings.t("not_specified"))]
    lower = {var: float(record["test"][var]) for var in variables}
    weak = [str(strings.column(v, "coder_validation")) for v in variables if lower[v] < TENTATIVE]
    tentative = [str(strings.column(v, "coder_validation")) for v in variables if TENTATIVE <= lower[v] < RELY]
    bands = {"tentative": alpha(TENTATIVE), "rely": alpha(RELY)}
    if weak:
        text.append(strings.t("methods_coder_weak", names=", ".join(weak), **bands))
    if tentative:
        text.append(strings.t("methods_coder_tentative", names=", ".join(tentative), **bands))
    if not weak and not tentative:
        text.append(strings.t("methods_coder_all_reliable", **bands))
    lower_new = [str(strings.column(v, "coder_validation")) for v in variables
                 if float(record["shifted"][v]) < lower[v] - 0.05]
    if lower_new:
        text.append(strings.t("methods_coder_new_corpus", names=", ".join(lower_new)))
    return table, text


def _methods(result: AnalysisResult, strings: Strings, period: str, publications: str) -> MethodsView:
    corpus = result.corpus
    codebook = str(corpus.get("codebook_version") or strings.t("not_specified"))
    sentences = corpus_sentences(corpus.get("facts"), strings, period, publications)
    coder_table, coder_text = coder_validation_view(corpus.get("coder_validation"), strings)
    return MethodsView(
        corpus_text=sentences[0],
        corpus_facts=sentences[1:],
        sources=_table("sources_by_level_country", corpus.get("sources_by_level_country"), strings),
        codebook=codebook,
        software=str(corpus.get("software_version") or strings.t("not_specified")),
        coding_text=strings.t("methods_coding_text", codebook=codebook),
        validation=_table("validation", corpus.get("validation"), strings),
        reliability=_table("reliability", corpus.get("reliability"), strings),
        coder_table=coder_table,
        coder_text=coder_text,
    )


def build_view(result: AnalysisResult, lang: str = "ru", *, appendix: bool = False) -> ReportView:
    strings = load_strings(lang)
    corpus = result.corpus
    period = fmt_period(corpus.get("period_from"), corpus.get("period_to"), lang)
    publications = fmt_number(corpus["publications"], lang) if corpus.get("publications") is not None else "—"
    generated = fmt_date(corpus.get("generated_at") or date.today(), lang)
    ordered = sorted(result.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))
    findings = [_finding(i, f, result, strings) for i, f in enumerate(ordered, start=1)]
    return ReportView(
        lang=lang,
        strings=strings,
        title=str(corpus.get(f"report_title_{lang}") or strings.t("report_title")),
        subtitle=strings.t("report_subtitle"),
        period=period,
        generated=generated,
        publications=publications,
        sections=[_section(s, result, strings, appendix) for s in result.sections],
        findings=findings,
        recommendations=_recommendations(findings, strings),
        methods=_methods(result, strings, period, publications),
        appendix=appendix,
    )
