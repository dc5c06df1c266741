"""Where dictionary terms occur in a unit, as escaped HTML with <mark> — never which value they support.

Marks come from the evidence spans of the automatic coder, but only their
positions are used: no variable names, values or patterns reach the page, so
a coder sees what to read closely without being told the automatic answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from regionlens.coding.codebook import Codebook


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans clipped to the text."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def mark_text(text: str, spans: Iterable[tuple[int, int]], furniture: Iterable[tuple[int, int]] = ()) -> Markup:
    """`text` escaped, with each span wrapped in a bare <mark>; page furniture that coding ignored is wrapped
    in <span class="furniture"> (shown greyed: dropped from coding, not from the page)."""
    marks = merge_spans(spans, len(text))
    grey = merge_spans(furniture, len(text))
    cuts = sorted({0, len(text), *(x for s in marks for x in s), *(x for s in grey for x in s)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        chunk = str(escape(text[a:b]))
        if any(s <= a and b <= e for s, e in marks):
            chunk = "<mark>" + chunk + "</mark>"
        if any(s <= a and b <= e for s, e in grey):
            chunk = '<span class="furniture">' + chunk + "</span>"
        parts.append(chunk)
    return Markup("".join(parts))


def furniture_of(text: str, codebook: Codebook | None) -> list[tuple[int, int]]:
    """Spans of page furniture in a text (blanked before coding) by the project's codebook, shown greyed.

    No codebook (the project's file cannot be read) means no greying, not the packaged codebook's.
    """
    from regionlens.coding.furniture import furniture_spans

    if codebook is None:
        return []
    try:
        return [(a, b) for a, b, _ in furniture_spans(text, codebook)]
    except Exception:  # greying is an aid; the page must show whatever happens
        return []


def dictionary_spans(title: str, text: str, codebook: Codebook | None = None) -> dict[str, list[tuple[int, int]]]:
    """Evidence positions per field ('title', 'text'); a coder failure yields no marks rather than no page."""
    from regionlens.coding.coder import code_text

    try:
        result = code_text(text, title=title, codebook=codebook)
    except Exception:  # highlighting is an aid; the unit must still be codable
        return {"title": [], "text": []}
    spans: dict[str, list[tuple[int, int]]] = {"title": [], "text": []}
    for ev in result.evidence:
        if ev.field in spans and ev.end > ev.start:
            spans[ev.field].append((int(ev.start), int(ev.end)))
    return spans
