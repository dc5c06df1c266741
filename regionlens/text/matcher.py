"""Multi-word lemma patterns with globs, matched over a token stream with Aho-Corasick.

A pattern is a space-separated sequence of terms: a lemma (`смоленский область`),
a prefix glob (`смоленщин*`), or `*` for any one token. Plain lemmas in a
pattern are lemmatised when the matcher is built, so dictionary authors may
write any form («Смоленской области»). All first terms go into one automaton
run over the space-joined stream, so the cost per text does not grow with the
number of patterns.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import ahocorasick

from regionlens.text.tokenize import iter_tokens, normalise

ANY = "*"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled pattern: its source text, terms and whatever the caller attached."""

    source: str
    terms: tuple[str, ...]
    payload: Any


@dataclass(frozen=True, slots=True)
class Match:
    pattern: Pattern
    first: int
    last: int


def compile_terms(source: str, lemmatise: Callable[[str], str] | None) -> tuple[str, ...]:
    """Split a pattern into terms, lemmatising plain words and keeping globs as prefixes."""
    terms: list[str] = []
    for raw in source.split():
        if raw == ANY:
            terms.append(ANY)
            continue
        glob = raw.endswith("*")
        word = normalise(raw.rstrip("*"))
        parts = [tok for tok, _, _, _ in iter_tokens(word)] or [word]
        for i, part in enumerate(parts):
            part = normalise(part).replace("ё", "е")
            last = i == len(parts) - 1
            if glob and last:
                terms.append(part + ANY)
            else:
                terms.append(lemmatise(part) if lemmatise else part)
    if not terms or terms[0] == ANY:
        raise ValueError(f"pattern {source!r} must start with a word")
    return tuple(terms)


def term_matches(term: str, token: str) -> bool:
    if term == ANY:
        return True
    if term.endswith(ANY):
        return token.startswith(term[:-1])
    return token == term


# The last token lists joined for the automaton: a coder runs several matchers over the same lemma and
# surface lists of a text, so each join is done once per text. Keyed by identity and length (the lists of a
# LemmaStream are not changed after analysis).
_recent: list[tuple[Sequence[str], int, str, list[int] | None]] = []
_RECENT = 4


def _joined(tokens: Sequence[str]) -> tuple[str, list[int] | None]:
    """The space-joined tokens, and the offset of each token's leading space when a token itself holds a
    space (then spaces cannot be counted to find a token; tokenised text never has one)."""
    for seq, n, joined, offsets in _recent:
        if seq is tokens and n == len(tokens):
            return joined, offsets
    joined = " " + " ".join(tokens) + " "
    offsets = None
    if joined.count(" ") != len(tokens) + 1:
        offsets = [c + i for i, c in enumerate(accumulate(map(len, tokens), initial=0))]
        offsets.pop()
    _recent.insert(0, (tokens, len(tokens), joined, offsets))
    del _recent[_RECENT:]
    return joined, offsets


def _tail_test(terms: tuple[str, ...]) -> tuple[tuple[int, str, bool], ...]:
    """The terms after the first as (offset, text, is prefix) checks, `*` dropped (it matches any token)."""
    out = []
    for k, t in enumerate(terms[1:], 1):
        if t == ANY:
            continue
        out.append((k, t[:-1], True) if t.endswith(ANY) else (k, t, False))
    return tuple(out)


class LemmaMatcher:
    """Finds every occurrence of many patterns in a token list in one pass."""

    def __init__(self, patterns: Iterable[tuple[str, Any]], lemmatise: Callable[[str], str] | None = None):
        self.patterns: list[Pattern] = []
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[Pattern]] = {}
        for source, payload in patterns:
            pat = Pattern(source, compile_terms(source, lemmatise), payload)
            self.patterns.append(pat)
            first = pat.terms[0]
            key = " " + first[:-1] if first.endswith(ANY) else " " + first + " "
            keys.setdefault(key, []).append(pat)
        for key, pats in keys.items():
            # per pattern: its span in tokens - 1 and the checks of its later terms (precomputed, not per hit)
            self._automaton.add_word(key, (len(key), [(p, len(p.terms) - 1, _tail_test(p.terms)) for p in pats]))
        self._empty = not keys
        if keys:
            self._automaton.make_automaton()

    def find(self, tokens: Sequence[str]) -> list[Match]:
        """All matches, ordered by first token, longest first at equal start."""
        if self._empty or not tokens:
            return []
        joined, offsets = _joined(tokens)
        n = len(tokens)
        found: list[Match] = []
        # A key starts with the space before a token, so the token's index is the number of spaces before that
        # position, counted from the previous hit's position (hits come in text order, so the counting stays
        # linear in the text instead of building an offset table per text).
        pos = idx = 0
        for end, (length, pats) in self._automaton.iter(joined):
            start = end - length + 1
            if offsets is not None:
                idx = bisect_right(offsets, start) - 1
                if idx < 0 or offsets[idx] != start:
                    continue
            elif start >= pos:
                idx += joined.count(" ", pos, start)
            else:
                idx -= joined.count(" ", start, pos)
            pos = start
            for pat, span, tail in pats:
                last = idx + span
                if last >= n:
                    continue
                for k, term, prefix in tail:
                    token = tokens[idx + k]
                    if not (token.startswith(term) if prefix else token == term):
                        break
                else:
                    found.append(Match(pat, idx, last))
        found.sort(key=_match_order)
        return found


def _match_order(m: Match) -> tuple[int, int]:
    return m.first, m.first - m.last


def longest_non_overlapping(matches: Iterable[Match]) -> list[Match]:
    """Keep the longest match wherever matches overlap (multi-word names beat their parts)."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.last - m.first), m.first)):
        if all(m.last < k.first or m.first > k.last for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.first)
