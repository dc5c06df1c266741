"""Regex tokenizer with character offsets.

A compiled `regex` pattern is ~20x faster than razdel and gives the offsets that
evidence spans need. Words keep inner hyphens and apostrophes (Ханты-Мансийский,
сям'я), numbers keep decimal separators (1,5 млн).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

TOKEN_RE = regex.compile(
    r"(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>\p{L}[\p{L}\p{M}]*(?:['’ʼ\-‑][\p{L}\p{M}]+)*)",
    regex.V1,
)

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‑": "-"})


def iter_tokens(text: str) -> Iterator[tuple[str, int, int, bool]]:
    """Yield (surface, start, end, is_number) for every word or number in `text`."""
    for m in TOKEN_RE.finditer(text):
        yield m.group(), m.start(), m.end(), m.lastgroup == "num"


def normalise(word: str) -> str:
    """Lower-case with one apostrophe/hyphen form, so dictionaries need one spelling (ё is kept for Belarusian)."""
    return word.lower().translate(APOSTROPHES)
