"""The straightforward coder that the fast path is compared against.

It is what one writes first: natasha NER over the text, pymorphy3 parse of
every token with no cache, and one compiled regex per dictionary pattern run
over the lemma string. It codes the same dictionaries, so the ratio measures
the engineering, not a difference in what is coded.
"""

from __future__ import annotations

import re
from typing import Any

import pymorphy3

from regionlens.text.tokenize import iter_tokens


class BaselineCoder:
    def __init__(self, patterns: list[str]):
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

        self._doc = Doc
        self.segmenter = Segmenter()
        self.ner = NewsNERTagger(NewsEmbedding())
        self.morph = pymorphy3.MorphAnalyzer()
        self.regexes = [re.compile(r"\b" + re.escape(p.rstrip("*")) + (r"\w*" if p.endswith("*") else r"\b")) for p in patterns]

    def code(self, text: str) -> dict[str, Any]:
        doc = self._doc(text)
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        lemmas = " ".join(self.morph.parse(tok.lower())[0].normal_form for tok, _, _, _ in iter_tokens(text))
        hits = sum(1 for rx in self.regexes if rx.search(lemmas))
        return {"entities": len(doc.spans), "hits": hits}
