"""The monitoring report as one self-contained HTML file (inline CSS and charts, no external resources).

Self-contained because the report is mailed and archived: it must open the same
way offline, years later, without fetching anything. The same HTML with PNG
charts is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

import base64
import logging
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from regionlens.analysis.result import AnalysisResult
from regionlens.report.charts import ChartError, chart_png, chart_svg
from regionlens.report.i18n import check_lang
from regionlens.report.view import ChartMode, SectionView, build_view

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _chart(view: SectionView, lang: str, mode: ChartMode) -> Markup | None:
    """The section's chart as inline SVG or a PNG data URI; a broken spec is logged and skipped."""
    spec = view.section.chart
    if spec is None:
        return None
    table = view.section.tables.get(spec.table)
    if table is None:
        log.warning("section %s: chart table %r is missing", view.key, spec.table)
        return None
    try:
        if mode == "svg":
            return Markup(chart_svg(spec, table, lang))
        data = base64.b64encode(chart_png(spec, table, lang)).decode("ascii")
        return Markup('<img class="chart-img" src="data:image/png;base64,{}" alt="{}">').format(
            Markup(data), escape(view.chart_title or view.title)
        )
    except ChartError as exc:
        log.warning("section %s: chart not drawn: %s", view.key, exc)
        return None


def render_html(result: AnalysisResult, lang: str = "ru", *, charts: ChartMode = "svg", appendix: bool = False) -> str:
    """The report; `charts="png"` embeds raster charts (the PDF path), `"svg"` inline vectors.

    The main report shows one chart and one compact table per section; `appendix=True` adds every
    table in full (they are always in the XLSX).
    """
    check_lang(lang)
    view = build_view(result, lang, appendix=appendix)
    chart_html = {s.key: _chart(s, lang, charts) for s in view.sections}
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return _env().get_template("report.html.j2").render(
        v=view, t=view.strings.t, charts=chart_html, css=Markup(css)
    )
