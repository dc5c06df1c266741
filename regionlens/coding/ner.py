"""Optional actor enrichment with natasha NER (off by default, never on the hot path).

natasha finds person and organisation names the dictionaries do not list.
An ORG whose name holds a business form (ОАО, завод …) adds BUS; other named
organisations add CIV. When natasha is not installed the coding is unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from regionlens.coding.context import Doc, Evidence

BUSINESS_WORDS = ("оао", "зао", "ооо", "пао", "завод", "комбинат", "холдинг", "компания", "банк")


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    try:
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter  # type: ignore[import-not-found]
    except ImportError:
        return None
    return Segmenter(), NewsNERTagger(NewsEmbedding())


def available() -> bool:
    return _pipeline() is not None


def enrich_actors(doc: Doc, actors: list[str], evidence: list[Evidence]) -> tuple[list[str], list[Evidence]]:
    pipe = _pipeline()
    if pipe is None:
        return actors, evidence
    from natasha import Doc as NDoc  # type: ignore[import-not-found]

    segmenter, tagger = pipe
    labels = set(actors)
    extra: list[Evidence] = []
    for f in doc.fields:
        nd = NDoc(f.stream.text)
        nd.segment(segmenter)
        nd.tag_ner(tagger)
        for span in nd.spans:
            if span.type != "ORG":
                continue
            low = span.text.lower()
            label = "BUS" if any(w in low for w in BUSINESS_WORDS) else "CIV"
            if label not in labels:
                labels.add(label)
                extra.append(Evidence("actors", label, span.start, span.stop, "natasha ORG", "ner", f.name, span.text))
    return sorted(labels), evidence + extra
