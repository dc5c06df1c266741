"""One analysed publication: lemma streams, every dictionary hit from one matcher pass, sentences.

Every variable family reads the same `Doc`, so a text is tokenised, lemmatised
and matched once, however many variables and dictionaries the codebook has.
Negation, denial, intensity and third-party context are answered here because
several variables (problem, tone, actors) need the same answers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from typing import Any, NamedTuple

from regionlens.coding.codebook import Codebook
from regionlens.coding.metadata import SourceMeta
from regionlens.gazetteer.matcher import RegionMention
from regionlens.text.matcher import ANY, LemmaMatcher, compile_terms, matches_at
from regionlens.text.morph_ru import analyzer, lemma_ru
from regionlens.text.stream import LemmaStream, lemma_for

SENTENCE_BREAKS = ".!?…\n"
CLAUSE_BREAKS = ",;:—–()"
BE_ONLY_LETTERS = frozenset("іў'’")
_BREAK_RE = re.compile("[" + re.escape(SENTENCE_BREAKS) + "]")
NEGATION = "__negation__"
DENIAL = "__denial__"
INTENSIFIER = "__intensifier__"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a variable got a value: a character span in the title or text and the pattern/rule behind it."""

    variable: str
    value: Any
    start: int
    end: int
    pattern: str
    rule: str
    field: str = "text"
    surface: str = ""

    def to_dict(self) -> dict[str, Any]:
        # A literal in field order (the stored evidence JSON keeps it): twice as fast as a getattr loop, and
        # every publication's evidence passes here on its way to the store.
        return {"variable": self.variable, "value": self.value, "start": self.start, "end": self.end,
                "pattern": self.pattern, "rule": self.rule, "field": self.field, "surface": self.surface}


class Hit(NamedTuple):
    """One dictionary match over tokens first..last (a named tuple: tens of them per text are made, and a
    tuple is built several times faster than a frozen dataclass)."""

    dictionary: str
    label: str
    weight: float
    first: int
    last: int
    pattern: str


@dataclass(slots=True)
class Field:
    """The title or the body: its stream, hits, sentence ids and region mentions."""

    name: str
    stream: LemmaStream
    hits: list[Hit]
    sentences: list[int]
    regions: list[RegionMention] = field(default_factory=list)
    _by_token: dict[str, set[int]] = field(default_factory=dict)
    _by_dict: dict[str, list[Hit]] | None = None

    def hits_of(self, dictionary: str) -> list[Hit]:
        """The hits of one dictionary in text order (grouped once: the rules ask for a dictionary dozens of
        times per text, and scanning every hit each time was a tenth of the rules' cost)."""
        groups = self._by_dict
        if groups is None:
            groups = {}
            for h in self.hits:
                groups.setdefault(h.dictionary, []).append(h)
            self._by_dict = groups
        return groups.get(dictionary, [])

    def tokens_of(self, dictionary: str) -> set[int]:
        """First tokens of every hit of a dictionary (cached)."""
        got = self._by_token.get(dictionary)
        if got is None:
            got = {h.first for h in self.hits_of(dictionary)}
            self._by_token[dictionary] = got
        return got

    def sentence_of(self, token: int) -> int:
        return self.sentences[token] if 0 <= token < len(self.sentences) else -1

    def surface(self, first: int, last: int) -> tuple[int, int, str]:
        start, end = self.stream.span(first, last)
        return start, end, self.stream.text[start:end]


@dataclass(slots=True)
class Doc:
    title: Field
    text: Field
    codebook: Codebook
    lang: str
    source_country: str | None = None  # RU/BY of the outlet, when known: the implicit side of the relation
    meta: SourceMeta = field(default_factory=SourceMeta)  # URL, outlet, level: official channels for genre

    @property
    def fields(self) -> tuple[Field, Field]:
        return self.title, self.text

    def hits(self, dictionary: str, labels: tuple[str, ...] | list[str] | None = None) -> Iterator[tuple[Field, Hit]]:
        for f in self.fields:
            for h in f.hits_of(dictionary):
                if labels is None or h.label in labels:
                    yield f, h

    def evidence(self, variable: str, value: Any, f: Field, first: int, last: int, pattern: str, rule: str) -> Evidence:
        start, end, surface = f.surface(first, last)
        return Evidence(variable, value, start, end, pattern, rule, f.name, surface)

    # -- context questions shared by several variables

    def _before(self, f: Field, h: Hit, dictionary: str, window: int) -> bool:
        """A cue of `dictionary` within `window` tokens before the hit, in the same clause
        («проблема не решена, критика…»: the «не» does not reach past the comma)."""
        marks = f.tokens_of(dictionary)
        sent = f.sentence_of(h.first)
        s = f.stream
        for i in range(max(0, h.first - window), h.first):
            if i in marks and f.sentence_of(i) == sent:
                gap = s.text[s.ends[i] : s.starts[h.first]]
                if not any(ch in gap for ch in CLAUSE_BREAKS):
                    return True
        return False

    def cue_before(self, f: Field, h: Hit, dictionary: str, window: int) -> bool:
        """A hit of `dictionary` within `window` tokens before `h`, in the same clause (public form of `_before`)."""
        return self._before(f, h, dictionary, window)

    def negated(self, f: Field, h: Hit) -> bool:
        return self._before(f, h, NEGATION, self.codebook.negation_window)

    def denied(self, f: Field, h: Hit) -> bool:
        sent = f.sentence_of(h.first)
        return any(f.sentence_of(i) == sent for i in f.tokens_of(DENIAL))

    def intensity(self, f: Field, h: Hit) -> float:
        return self.codebook.intensifier_factor if self._before(f, h, INTENSIFIER, self.codebook.intensifier_window) else 1.0

    def third_party_sentence(self, f: Field, h: Hit) -> bool:
        sent = f.sentence_of(h.first)
        return any(f.sentence_of(i) == sent for i in f.tokens_of("third_party"))


def sentence_ids(stream: LemmaStream) -> list[int]:
    """A sentence key for every token: the number of sentence breaks (. ! ? … line break) before it.

    Keys are equal within a sentence and differ across sentences (not consecutive, which no rule
    needs). Break characters inside tokens («9.30», «1,5») are not breaks.
    """
    text, starts, ends = stream.text, stream.starts, stream.ends
    breaks = [m.start() for m in _BREAK_RE.finditer(text)]
    if not breaks:
        return [0] * len(starts)
    valid = []
    for b in breaks:
        k = bisect_right(starts, b) - 1
        if k < 0 or b >= ends[k]:
            valid.append(b)
    return list(map(bisect_left, repeat(valid), starts))  # one bisection per token, at C speed


def _patterns(codebook: Codebook) -> list[tuple[str, tuple[str, str, float]]]:
    out: list[tuple[str, tuple[str, str, float]]] = []
    for d in codebook.dictionaries.values():
        for label, patterns in d.entries.items():
            for p in patterns:
                out.append((p, (d.name, label, d.weight)))
    out.extend((p, (NEGATION, "NEG", 1.0)) for p in codebook.negation_cues)
    out.extend((p, (DENIAL, "DENIAL", 1.0)) for p in codebook.denial_patterns)
    out.extend((p, (INTENSIFIER, "INT", 1.0)) for p in codebook.intensifiers)
    return out


def _ru_pattern_lemma(word: str) -> str:
    """Lemmatise a pattern word for Russian streams only when pymorphy knows it: a Belarusian entry
    («разам») must not turn into an unrelated Russian lemma («раз») and match Russian text."""
    return lemma_ru(word) if analyzer().word_is_known(word) else word


def _lemmatiser(lang: str) -> Any:
    if lang == "be":
        return lambda w: lemma_for(w, "be")
    return _ru_pattern_lemma


class CodebookMatcher:
    """All dictionaries of a codebook, patterns lemmatised like the stream they run on.

    Single-lemma patterns (most of a codebook) are looked up per token in a dict; globs and
    multi-word patterns go through one Aho-Corasick automaton. Both are one pass over the text.
    """

    def __init__(self, patterns: list[tuple[str, tuple[str, str, float]]], lemmatise: Any):
        self.exact: dict[str, list[tuple[str, tuple[str, str, float]]]] = {}
        rest: list[tuple[str, tuple[str, str, float]]] = []
        for source, payload in patterns:
            terms = compile_terms(source, lemmatise)
            if len(terms) == 1 and not terms[0].endswith(ANY):
                self.exact.setdefault(terms[0], []).append((source, payload))
            else:
                rest.append((source, payload))
        # Per lemma, the first pattern of each dictionary label only: of several single-token hits of one label
        # at one token, `find_hits` keeps the first, so the others need never be made.
        self.exact_first: dict[str, list[tuple[str, str, float, str]]] = {}
        for lemma, found in self.exact.items():
            seen: dict[tuple[str, str], tuple[str, str, float, str]] = {}
            for source, (name, label, weight) in found:
                seen.setdefault((name, label), (name, label, weight, source))
            self.exact_first[lemma] = list(seen.values())
        self.automaton = LemmaMatcher(rest, lemmatise=lemmatise)
        self._entries: dict[str, tuple[tuple[tuple[str, str, float, str], ...], tuple[Any, ...]] | tuple[()]] = {}

    def find(self, lemmas: list[str]) -> list[tuple[int, int, str, tuple[str, str, float]]]:
        out: list[tuple[int, int, str, tuple[str, str, float]]] = []
        exact = self.exact
        if not exact.keys().isdisjoint(lemmas):  # most texts meet a few entries: find them at C speed first
            for i, found in enumerate(map(exact.get, lemmas)):
                if found is not None:
                    for source, payload in found:
                        out.append((i, i, source, payload))
        for m in self.automaton.find(lemmas):
            out.append((m.first, m.last, m.pattern.source, m.pattern.payload))
        return out

    def _entry(self, lemma: str) -> tuple[tuple[tuple[str, str, float, str], ...], tuple[Any, ...]] | tuple[()]:
        """What a lemma starts: its single-token entries and the automaton's candidate patterns (cached), or
        () when it starts nothing."""
        got = self._entries.get(lemma)
        if got is None:
            exact = tuple(self.exact_first.get(lemma, ()))
            cands = self.automaton.starting(lemma) if self.automaton.per_token else ()
            got = (exact, cands) if exact or cands else ()
            if len(self._entries) < 200_000:
                self._entries[lemma] = got
        return got

    def hits(self, lemmas: list[str]) -> list[Hit]:
        """The hits of `find_hits` (same hits, same order), made without the intermediate tuples of `find`.

        One dict probe per token says what it starts (single-token entries and automaton candidates, cached
        per lemma); only those tokens are looked at."""
        if not self.automaton.per_token:
            return self.hits_by_scan(lemmas)
        entries = list(map(self._entries.get, lemmas))
        if None in entries:
            entries = list(map(self._entry, lemmas))
        new = tuple.__new__  # a Hit straight from its fields (the named tuple's own __new__ is a Python call)
        out: list[Hit] = []
        # Token by token in text order, so the hits come out ordered by first token; within a token, longest
        # first with ties in the order found (what sorting all hits by (first, -last) gave). Only patterns that
        # start at the same token can compete for one (dictionary, label, first token) slot.
        for i in compress(range(len(lemmas)), entries):
            exact, cands = entries[i]  # type: ignore[misc]  # compress keeps the non-empty ones
            spans = matches_at(lemmas, i, cands) if cands else ()
            if not spans:  # single-token entries only: one per label, all of them one token long
                out += [new(Hit, (name, label, weight, i, i, source)) for name, label, weight, source in exact]
                continue
            best = {(name, label): new(Hit, (name, label, weight, i, i, source)) for name, label, weight, source in exact}
            for _, last, pattern in spans:
                name, label, weight = pattern.payload
                old = best.get((name, label))
                if old is None or last > old.last:
                    best[(name, label)] = new(Hit, (name, label, weight, i, last, pattern.source))
            out += sorted(best.values(), key=_longest_first)
        return out

    def hits_by_scan(self, lemmas: list[str]) -> list[Hit]:
        """`hits` for an automaton that must scan the joined text: single-token entries first, then the scan."""
        best: dict[tuple[str, str, int], Hit] = {}
        exact = self.exact_first
        if not exact.keys().isdisjoint(lemmas):
            for i in compress(range(len(lemmas)), map(exact.__contains__, lemmas)):  # the tokens with entries
                for name, label, weight, source in exact[lemmas[i]]:
                    best[(name, label, i)] = Hit(name, label, weight, i, i, source)
        for first, last, pattern in self.automaton.find_spans(lemmas):
            name, label, weight = pattern.payload
            key = (name, label, first)
            old = best.get(key)
            if old is None or last > old.last:
                best[key] = Hit(name, label, weight, first, last, pattern.source)
        return sorted(best.values(), key=_hit_order)


def _hit_order(h: Hit) -> tuple[int, int]:
    return h.first, -h.last


def _longest_first(h: Hit) -> int:
    return -h.last


@lru_cache(maxsize=16)
def matcher_for(codebook: Codebook, lang: str) -> CodebookMatcher:
    """The compiled matcher of a codebook for one language (cached per codebook hash)."""
    key = "be" if lang == "be" else "ru"
    patterns = _patterns(codebook)
    if key == "ru":
        # a pattern spelled with і/ў/' can only match Belarusian tokens, which Russian streams lack
        patterns = [(p, payload) for p, payload in patterns if not BE_ONLY_LETTERS.intersection(p.lower())]
    return CodebookMatcher(patterns, _lemmatiser(key))


def find_hits(stream: LemmaStream, codebook: Codebook) -> list[Hit]:
    """Hits in text order; where a Russian lemma and a Belarusian glob both match a token for the
    same dictionary label, the longer match is kept once."""
    return matcher_for(codebook, stream.lang).hits(stream.lemmas)
