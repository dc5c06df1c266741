"""Text processing: language identification, tokens with offsets, lemmas, lemma-pattern matching."""

from regionlens.text.stream import LemmaStream, analyse

__all__ = ["LemmaStream", "analyse"]
