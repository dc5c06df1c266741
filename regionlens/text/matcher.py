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
from itertools import accumulate, compress, starmap
from typing import Any, NamedTuple

import ahocorasick

from regionlens.text.tokenize import iter_tokens, normalise

ANY = "*"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled pattern: its source text, terms and whatever the caller attached."""

    source: str
    terms: tuple[str, ...]
    payload: Any


class Match(NamedTuple):
    """One occurrence of a pattern over tokens first..last (a named tuple: the gazetteer makes several per
    text, and a tuple is built several times faster than a frozen dataclass)."""

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


_Candidate = tuple[Pattern, int, tuple[tuple[int, str, bool], ...]]
_CACHE_LIMIT = 200_000  # distinct tokens remembered per matcher (news vocabulary: a few hundred thousand forms)


class LemmaMatcher:
    """Finds every occurrence of many patterns in a token list in one pass.

    The automaton decides which patterns a token can start; that depends on the token alone, so it is asked
    once per distinct token and the answer kept (`_starts`): after a few documents nearly every token of a
    text is a dict hit, and a text costs one C-speed lookup per token plus the checks at the few tokens
    that start a pattern, instead of an automaton scan over the joined text."""

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
        # a first term holding a space (no tokeniser makes one) could match across tokens: such a matcher
        # keeps scanning the joined text
        self._per_token = not any(" " in key.strip(" ") for key in keys)
        self._starts: dict[str, tuple[_Candidate, ...]] = {}
        if keys:
            self._automaton.make_automaton()

    @property
    def per_token(self) -> bool:
        """Whether `starting` and `matches_at` may be used (every first term lies within one token)."""
        return self._per_token

    def starting(self, token: str) -> tuple[_Candidate, ...]:
        """The patterns whose first term matches `token`, in the order the scan of the joined text meets them
        (shorter keys end first; one key's patterns in the order given). Cached per token."""
        got = self._starts.get(token)
        if got is None:
            out: list[_Candidate] = []
            for end, (length, pats) in self._automaton.iter(" " + token + " "):
                if end - length + 1 == 0:
                    out.extend(pats)
            got = tuple(out)
            if len(self._starts) < _CACHE_LIMIT:
                self._starts[token] = got
        return got

    def find_spans(self, tokens: Sequence[str]) -> list[tuple[int, int, Pattern]]:
        """All matches as (first, last, pattern), ordered by first token, longest first at equal start (the
        order of `find`, without building a `Match` per hit)."""
        if self._empty or not tokens:
            return []
        if not self._per_token:
            return [(m.first, m.last, m.pattern) for m in self.scan(tokens)]
        cands: list[tuple[_Candidate, ...] | None] = list(map(self._starts.get, tokens))
        if None in cands:
            cands = list(map(self.starting, tokens))
        found: list[tuple[int, int, Pattern]] = []
        for idx in compress(range(len(tokens)), cands):
            found += matches_at(tokens, idx, cands[idx])  # type: ignore[arg-type]  # compress keeps non-empty ones
        return found

    def find(self, tokens: Sequence[str]) -> list[Match]:
        """All matches, ordered by first token, longest first at equal start."""
        if self._empty or not tokens:
            return []
        if not self._per_token:
            return self.scan(tokens)
        return list(starmap(_match_of, self.find_spans(tokens)))

    def scan(self, tokens: Sequence[str]) -> list[Match]:
        """`find` by one automaton scan over the space-joined tokens (the reference the per-token path is
        tested against, and the path of a matcher whose first terms may hold a space)."""
        joined, offsets = _joined(tokens)
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
            found.extend(Match(pat, first, last) for first, last, pat in matches_at(tokens, idx, pats))
        found.sort(key=_match_order)
        return found


def matches_at(tokens: Sequence[str], idx: int, cands: tuple[_Candidate, ...]) -> list[tuple[int, int, Pattern]]:
    """The matches starting at token `idx` among the patterns `LemmaMatcher.starting` gave for it, longest
    first (equal spans in the scan's order)."""
    n = len(tokens)
    found: list[tuple[int, int, Pattern]] = []
    for pat, span, tail in cands:
        last = idx + span
        if last >= n:
            continue
        for k, term, prefix in tail:
            token = tokens[idx + k]
            if not (token.startswith(term) if prefix else token == term):
                break
        else:
            found.append((idx, last, pat))
    if len(found) > 1:
        found.sort(key=_span_longest)
    return found


def _span_longest(m: tuple[int, int, Pattern]) -> int:
    return m[0] - m[1]


def _match_of(first: int, last: int, pattern: Pattern) -> Match:
    return Match(pattern, first, last)


def _match_order(m: Match) -> tuple[int, int]:
    return m.first, m.first - m.last


def longest_non_overlapping(matches: Iterable[Match]) -> list[Match]:
    """Keep the longest match wherever matches overlap (multi-word names beat their parts)."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (-(m.last - m.first), m.first)):
        if all(m.last < k.first or m.first > k.last for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.first)
