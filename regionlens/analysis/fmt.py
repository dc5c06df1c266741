"""Numbers in finding texts, written as each language writes them («22,4 %» / «22.4%»).

The report package has a fuller formatter; analysis keeps its own three rules so
it does not import the report (and WeasyPrint) to phrase a finding.
"""

from __future__ import annotations

import math

NNBSP = "\u202f"


def num(x: float, lang: str, digits: int = 1) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    text = f"{x:,.{digits}f}"
    if lang == "ru":
        text = text.replace(",", NNBSP).replace(".", ",").replace("-", "\u2212")
    return text


def pct(share: float, lang: str, digits: int = 1) -> str:
    body = num(share * 100.0, lang, digits)
    return f"{body}{NNBSP}%" if lang == "ru" else f"{body}%"


def pval(p: float | None, lang: str) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "p —"
    if p < 0.001:  # no-break spaces: «p < 0,001» never splits across lines
        return "p\u00a0<\u00a0" + num(0.001, lang, 3)
    return "p\u00a0=\u00a0" + num(p, lang, 3)
