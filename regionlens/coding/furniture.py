"""Page furniture (datelines, «Читайте также», credits) blanked out before coding.

Furniture is replaced by spaces rather than cut, so character offsets in the
cleaned text equal offsets in the original and evidence spans stay valid for
the text the user sees.
"""

from __future__ import annotations

from regionlens.coding.codebook import Codebook


def furniture_spans(text: str, codebook: Codebook) -> list[tuple[int, int, str]]:
    """(start, end, rule name) of every furniture match."""
    spans: list[tuple[int, int, str]] = []
    for f in codebook.furniture:
        for m in f.regex.finditer(text):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), f.name))
    return sorted(spans)


def strip_furniture(text: str, codebook: Codebook) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with furniture blanked (same length), and the blanked spans."""
    spans = furniture_spans(text, codebook)
    if not spans:
        return text, spans
    chars = list(text)
    for start, end, _ in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), spans
