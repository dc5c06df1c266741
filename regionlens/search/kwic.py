"""Keyword in context: where in the original text the lemma query matched."""

from __future__ import annotations

from dataclasses import dataclass

from regionlens.search.query import FTS_WORD_RE
from regionlens.text import analyse
from regionlens.text.matcher import LemmaMatcher


@dataclass(frozen=True, slots=True)
class KwicLine:
    left: str
    keyword: str
    right: str
    start: int
    end: int


def _subword_stream(text: str, lang: str | None) -> tuple[list[str], list[tuple[int, int]]]:
    """Lemmas split the way the full-text index splits them (hyphens separate words)."""
    stream = analyse(text, lang)
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for lemma, start, end in zip(stream.lemmas, stream.starts, stream.ends, strict=True):
        for part in FTS_WORD_RE.findall(lemma):
            words.append(part)
            spans.append((start, end))
    return words, spans


def kwic(text: str, patterns: list[str], *, width: int = 60, limit: int = 3, lang: str | None = None) -> list[KwicLine]:
    """Up to `limit` context lines for the first matches of `patterns` (already lemmas/globs)."""
    if not patterns:
        return []
    matcher = LemmaMatcher([(p, p) for p in patterns], lemmatise=None)
    words, spans = _subword_stream(text, lang)
    groups: list[list[int]] = []
    for m in matcher.find(words):
        start, end = spans[m.first][0], spans[m.last][1]
        if groups and start <= groups[-1][1] + width // 3:
            groups[-1][1] = max(groups[-1][1], end)  # nearby hits share one line
        elif groups and start < groups[-1][1]:
            continue
        else:
            groups.append([start, end])
    lines: list[KwicLine] = []
    for start, end in groups[:limit]:
        left = " ".join(text[max(0, start - width) : start].split())
        right = " ".join(text[end : end + width].split())
        lines.append(KwicLine(left[-width:], " ".join(text[start:end].split()), right[:width], start, end))
    return lines
