"""One call that writes the report files the user asked for (HTML, PDF, XLSX) into a folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from regionlens.analysis.result import AnalysisResult
from regionlens.report.html import render_html
from regionlens.report.i18n import check_lang
from regionlens.report.pdf import render_pdf
from regionlens.report.xlsx import render_xlsx

FORMATS = ("html", "pdf", "xlsx")


class ReportFormatError(ValueError):
    """An unknown output format was requested."""


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """«html,pdf» or ["html", "pdf"] → validated, de-duplicated formats in the order given."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        fmt = item.strip().lower()
        if not fmt:
            continue
        if fmt not in FORMATS:
            raise ReportFormatError(f"Неизвестный формат отчёта «{fmt}»; допустимы: {', '.join(FORMATS)}.")
        if fmt not in out:
            out.append(fmt)
    if not out:
        raise ReportFormatError("Не указан ни один формат отчёта.")
    return tuple(out)


def build_report(
    result: AnalysisResult,
    out_dir: Path,
    *,
    lang: str = "ru",
    formats: str | Iterable[str] = FORMATS,
    basename: str = "report",
    appendix: bool = False,
) -> dict[str, Path]:
    """Write `<basename>.<format>` for each format; returns format → path."""
    check_lang(lang)
    wanted = parse_formats(formats)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    if "html" in wanted:
        path = out_dir / f"{basename}.html"
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(render_html(result, lang, charts="svg", appendix=appendix), encoding="utf-8")
        tmp.replace(path)
        written["html"] = path
    if "pdf" in wanted:
        written["pdf"] = render_pdf(render_html(result, lang, charts="png", appendix=appendix), out_dir / f"{basename}.pdf")
    if "xlsx" in wanted:
        written["xlsx"] = render_xlsx(result, out_dir / f"{basename}.xlsx", lang)
    return written
