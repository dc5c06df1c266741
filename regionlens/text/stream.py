"""The lemma stream: what coding, search and the store consume for every text."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import cast

from regionlens.text.belarusian import belarusian_lemma, canonical_lemma
from regionlens.text.langid import detect_language
from regionlens.text.morph_be import lemma_be
from regionlens.text.morph_ru import lemma_ru
from regionlens.text.tokenize import TOKEN_RE, normalise

BE_ONLY = set("іў'")


@dataclass(slots=True)
class LemmaStream:
    """Tokens of one text: normalised surface, lemma and character span, in parallel lists."""

    text: str
    lang: str
    words: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    numbers: list[bool] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lemmas)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Character span covering tokens first..last inclusive."""
        return self.starts[first], self.ends[last]

    def lemma_text(self) -> str:
        """Space-joined lemmas: what the full-text index stores."""
        return " ".join(self.lemmas)


def lemma_for(word: str, lang: str) -> str:
    """Lemma of one normalised word in the given language (Belarusian falls back to Russian)."""
    if lang == "be":
        found = lemma_be(word) or belarusian_lemma(word, lemma_be)  # тарашкевіца, Łacinka: official look-up forms
        if found is not None:
            return canonical_lemma(found)
        if BE_ONLY.intersection(word):
            return canonical_lemma(word)
    if lang == "en":
        return word
    return lemma_ru(word.replace("ё", "е"))


# Surface form → (normalised word, lemma, is number), per language. A news corpus repeats a few hundred
# thousand forms, so one dict probe replaces lower-casing, translation and the lemmatiser on most tokens;
# bounded so a long run over noisy text cannot grow it without limit.
_SURFACES: dict[str, dict[str, tuple[str, str, bool]]] = {}
_SURFACE_LIMIT = 300_000


def _token(surface: str, is_num: bool, language: str) -> tuple[str, str, bool]:
    word = normalise(surface)
    return word.replace("ё", "е"), word if is_num else lemma_for(word, language), is_num


def analyse(text: str, lang: str | None = None) -> LemmaStream:
    """Tokenise and lemmatise `text`; the language is detected unless given."""
    language = lang or detect_language(text)
    cache = _SURFACES.setdefault(language, {})
    # Column by column in comprehensions (C-speed loops) rather than five appends per token: after a few
    # documents nearly every surface is in the cache, so the misses are filled in afterwards, in text order.
    found = list(TOKEN_RE.finditer(text))
    surfaces = list(map(_GROUP, found))
    looked: list[tuple[str, str, bool] | None] = list(map(cache.get, surfaces))
    if None in looked:
        for k, hit in enumerate(looked):
            if hit is None:
                surface = surfaces[k]
                hit = cache.get(surface)  # an earlier miss of the same form in this text, cached just now
                if hit is None:
                    hit = _token(surface, found[k].lastgroup == "num", language)
                    if len(cache) < _SURFACE_LIMIT:
                        cache[surface] = hit
                looked[k] = hit
    hits = cast(list[tuple[str, str, bool]], looked)  # every miss filled in above
    return LemmaStream(
        text=text, lang=language, words=list(map(_FIRST, hits)), lemmas=list(map(_SECOND, hits)),
        starts=list(map(_START, found)), ends=list(map(_END, found)), numbers=list(map(_THIRD, hits)),
    )


# Column accessors applied with map (C-speed loops, no Python frame per token).
_MATCH = type(TOKEN_RE.match("a"))
_GROUP, _START, _END = _MATCH.group, _MATCH.start, _MATCH.end
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)
