"""The monitoring report: HTML (self-contained), PDF (WeasyPrint) and XLSX, in Russian or English.

Every section is rendered generically from its tables and `ChartSpec`, so a new
analysis needs no report code.
"""

from regionlens.report.build import FORMATS, ReportFormatError, build_report, parse_formats
from regionlens.report.html import render_html
from regionlens.report.i18n import ReportLanguageError, load_strings
from regionlens.report.load import load_result, result_from_json
from regionlens.report.pdf import render_pdf
from regionlens.report.xlsx import render_xlsx

__all__ = [
    "FORMATS",
    "ReportFormatError",
    "ReportLanguageError",
    "build_report",
    "load_result",
    "load_strings",
    "parse_formats",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "result_from_json",
]
