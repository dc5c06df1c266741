"""Language identification among Russian, Belarusian, Ukrainian and English.

Letters decide most texts at no cost: ў is only Belarusian, ї/є only Ukrainian,
and a Cyrillic text without і has neither. Only texts with і (Belarusian or
Ukrainian, or Russian quoting them) go to lingua, restricted to the four
languages so that it never answers with an unrelated one.

Real pages are mixed: a Russian report quotes a Belarusian official, a Belarusian
site keeps a Russian menu, an English page has a Cyrillic sidebar. So the letters
are weighed, not just seen: Russian-only letters (и, щ, ъ) against Belarusian-only
letters (і, ў) over the whole sample decide between the two, and English needs a
clear majority of Latin letters. Classical Belarusian (тарашкевіца) writes ґ in a
few loanwords; with ў present and no ї/є it stays Belarusian. Latin text whose diacritics are
Belarusian Łacinka («Biełaruś», «supracoŭnictva») is 'be', not 'en' (`belarusian.lacinka_share`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from regionlens.text.belarusian import lacinka_share

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
        return "be" if lacinka_share(sample) else "en"  # Belarusian in Łacinka
    return cyrillic_language(sample, lambda: _lingua(sample))


def cyrillic_language(sample: str, fallback: Callable[[], str]) -> str:
    """ru, be or uk of a lower-case Cyrillic sample, by weighing letters; `fallback` where they do not decide."""
    be, uk = sample.count("ў"), sample.count("ї") + sample.count("є")
    i_count = sample.count("і")
    ru = sample.count("и") + sample.count("щ") + sample.count("ъ")
    if i_count == 0 and be == 0 and uk == 0:
        return "ru"
    if uk >= 2 and be == 0:
        return "uk"
    if uk == 0 and (be + i_count) >= 3:
        # Belarusian writes no и/щ/ъ and Russian no і/ў: whichever set dominates is the language of the text
        if be + i_count > 2 * ru:
            return "be"
        if ru > 2 * (be + i_count):
            return "ru"
    return fallback()


def _lingua(sample: str) -> str:
    found = _detector().detect_language_of(sample)
    return LANGS.get(found, "ru") if found else "ru"
