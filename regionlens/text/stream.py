"""The lemma stream: what coding, search and the store consume for every text."""

from __future__ import annotations

from dataclasses import dataclass, field

from regionlens.text.langid import detect_language
from regionlens.text.morph_be import lemma_be
from regionlens.text.morph_ru import lemma_ru
from regionlens.text.tokenize import iter_tokens, normalise

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
        found = lemma_be(word)
        if found is not None:
            return found.replace("ё", "е")
        if BE_ONLY.intersection(word):
            return word.replace("ё", "е")
    if lang == "en":
        return word
    return lemma_ru(word.replace("ё", "е"))


def analyse(text: str, lang: str | None = None) -> LemmaStream:
    """Tokenise and lemmatise `text`; the language is detected unless given."""
    language = lang or detect_language(text)
    stream = LemmaStream(text=text, lang=language)
    words, lemmas, starts, ends, numbers = stream.words, stream.lemmas, stream.starts, stream.ends, stream.numbers
    for surface, start, end, is_num in iter_tokens(text):
        word = normalise(surface)
        lemmas.append(word if is_num else lemma_for(word, language))
        words.append(word.replace("ё", "е"))
        starts.append(start)
        ends.append(end)
        numbers.append(is_num)
    return stream
