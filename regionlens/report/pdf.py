"""PDF version of the report through WeasyPrint: A4, page numbers, Cyrillic-safe fonts.

The page size and numbering live in the report CSS (`@page`); here we only add
an `@font-face` for DejaVu Sans from matplotlib's bundled fonts, so Cyrillic
renders even where the system has no DejaVu (fontconfig is still preferred
when it has one). The HTML passed in should carry PNG charts
(`render_html(..., charts="png")`): raster charts keep the PDF identical to the
HTML regardless of WeasyPrint's SVG text support.
"""

from __future__ import annotations

import logging
from pathlib import Path

import matplotlib

log = logging.getLogger(__name__)

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FACES = (
    ("DejaVuSans.ttf", "normal", "normal"),
    ("DejaVuSans-Bold.ttf", "bold", "normal"),
    ("DejaVuSans-Oblique.ttf", "normal", "italic"),
    ("DejaVuSans-BoldOblique.ttf", "bold", "italic"),
)


def font_css() -> str:
    """@font-face rules for the DejaVu Sans files matplotlib ships (only those that exist)."""
    rules = []
    for name, weight, style in FACES:
        path = FONT_DIR / name
        if path.exists():
            rules.append(
                f'@font-face {{ font-family: "DejaVu Sans"; src: url("{path.as_uri()}"); '
                f"font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)


def render_pdf(html: str, path: str | Path) -> Path:
    """Write the PDF; the parent folder is created if needed."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fonts = FontConfiguration()
    stylesheet = CSS(string=font_css(), font_config=fonts)
    tmp = out.with_name(out.name + ".part")
    HTML(string=html, base_url=str(out.parent)).write_pdf(str(tmp), stylesheets=[stylesheet], font_config=fonts)
    tmp.replace(out)  # never leave a half-written PDF under the final name
    return out
