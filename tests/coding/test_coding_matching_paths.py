"""The cached per-token matching finds exactly what one automaton scan over the joined text finds.

`LemmaMatcher` asks its automaton once per distinct token and keeps the answer; `CodebookMatcher.hits` reads
single-token entries and automaton candidates from one cached entry per lemma. Both replaced a scan of the
space-joined text, which stays as the reference path (`_scan`, `hits_by_scan`). Every code and evidence span
rests on these hits, so the two paths are compared on every invented gold publication, for the codebook's
matchers and the gazetteer's, over lemmas and surfaces, in both languages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from regionlens.coding.codebook import load_codebook
from regionlens.coding.context import matcher_for
from regionlens.gazetteer.matcher import load_gazetteer, pattern_matchers
from regionlens.text.matcher import LemmaMatcher
from regionlens.text.stream import LemmaStream, analyse

GOLD = sorted((Path(__file__).resolve().parents[2] / "gold").glob("*.jsonl"))


def _streams() -> list[LemmaStream]:
    out = []
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                lang = (rec.get("meta") or {}).get("language") or "ru"
                out.append(analyse(f"{rec.get('title', '')}\n\n{rec['text']}", "be" if lang == "be" else "ru"))
    return out


@pytest.fixture(scope="module")
def streams() -> list[LemmaStream]:
    found = _streams()
    assert len(found) >= 200 and any(s.lang == "be" for s in found), "the invented gold must be there, both languages"
    return found


@pytest.mark.parametrize("lang", ["ru", "be"])
def test_codebook_hits_equal_the_scan(streams: list[LemmaStream], lang: str) -> None:
    matcher = matcher_for(load_codebook(), lang)
    assert matcher.automaton.per_token
    total = 0
    for s in streams:
        if s.lang != lang:
            continue
        for _ in range(2):  # a cold cache, then a warm one
            got = matcher.hits(s.lemmas)
            assert got == matcher.hits_by_scan(s.lemmas)
        total += len(got)
    assert total > 100, "the texts must meet the dictionaries, or the comparison proves nothing"


def test_gazetteer_matches_equal_the_scan(streams: list[LemmaStream]) -> None:
    matchers: tuple[LemmaMatcher, ...] = pattern_matchers(load_gazetteer())
    total = 0
    for s in streams:
        for matcher in matchers:
            for tokens in (s.lemmas, s.words):
                got = matcher.find(tokens)
                assert got == matcher.scan(tokens)
                assert matcher.find_spans(tokens) == [(m.first, m.last, m.pattern) for m in got]
                total += len(got)
    assert total > 200


def test_a_first_term_with_a_space_keeps_the_scan() -> None:
    # no tokeniser makes such a term, but a lemmatiser could; its key then spans two tokens of the joined text,
    # which no single token holds: the matcher must keep scanning the joined text to find it as before
    matcher = LemmaMatcher([("ab", "x"), ("d", "y")], lemmatise=lambda w: "a b" if w == "ab" else w)
    assert not matcher.per_token
    tokens = ["a", "b", "d"]
    assert [(m.first, m.last, m.pattern.payload) for m in matcher.find(tokens)] == [(0, 0, "x"), (2, 2, "y")]
    plain = LemmaMatcher([("ab", "x"), ("d", "y")], lemmatise=None)
    assert plain.per_token and plain.find(tokens) == plain.scan(tokens) == [plain.find(tokens)[0]]
