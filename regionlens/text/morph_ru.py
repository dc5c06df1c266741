"""Russian lemmas from pymorphy3 with an unbounded per-process cache.

News vocabulary is Zipfian: after a few thousand documents almost every token is
a cache hit, which is what makes full coding run at several MB/s per core.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer(lang="ru")


_CACHE: dict[str, str] = {}
_CACHE_LIMIT = 500_000


def lemma_ru(word: str) -> str:
    """Lemma of a normalised (lower-case, ё→е) Russian word form."""
    hit = _CACHE.get(word)
    if hit is not None:
        return hit
    parses = _parse(word)
    lemma = parses[0].normal_form.replace("ё", "е") if parses else word
    if len(_CACHE) < _CACHE_LIMIT:
        _CACHE[word] = lemma
    return lemma


def _parse(word: str) -> list[pymorphy3.analyzer.Parse]:
    """pymorphy3 parses, or none: its shape check calls unicodedata.name(), which raises ValueError
    for letters without a name in Python's Unicode tables (e.g. «𗐦»), and one such character
    must not cost a document its analysis."""
    try:
        return list(analyzer().parse(word))
    except ValueError:
        return []


def parse_tags(word: str) -> set[str]:
    """Grammemes of the best parse (used by context rules, e.g. Geox, Name); a fresh set the caller may change."""
    return set(_tags(word))


@lru_cache(maxsize=200_000)
def _tags(word: str) -> frozenset[str]:
    """The grammemes, parsed once per word form (pymorphy3 parses take tens of microseconds)."""
    parses = _parse(word)
    return frozenset(str(parses[0].tag).replace(" ", ",").split(",")) if parses else frozenset()
