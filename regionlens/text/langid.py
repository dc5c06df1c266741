"""Language identification among Russian, Belarusian, Ukrainian and English.

Letters decide most texts at no cost: ў is only Belarusian, ї/є/ґ only Ukrainian,
and a Cyrillic text without і has neither. Only texts with і (Belarusian or
Ukrainian, or Russian quoting them) go to lingua, restricted to the four
languages so that it never answers with an unrelated one.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGS = {Language.RUSSIAN: "ru", Language.BELARUSIAN: "be", Language.UKRAINIAN: "uk", Language.ENGLISH: "en"}
SAMPLE = 3000


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGS).with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """'ru', 'be', 'uk' or 'en' ('ru' for text with no letters, the corpus default)."""
    sample = text[:SAMPLE].lower()
    cyr = sum(1 for ch in sample if "а" <= ch <= "я" or ch in "ёіўїєґ")
    lat = sum(1 for ch in sample if "a" <= ch <= "z")
    if cyr == 0 and lat == 0:
        return "ru"
    if lat > cyr * 2:
        return "en"
    be, uk = sample.count("ў"), sum(sample.count(c) for c in "їєґ")
    i_count = sample.count("і")
    if i_count == 0 and be == 0 and uk == 0:
        return "ru"
    if be >= 2 and uk == 0:
        return "be"
    if uk >= 2 and be == 0:
        return "uk"
    found = _detector().detect_language_of(sample)
    return LANGS.get(found, "ru") if found else "ru"
