"""Turning a story plan (kind, flags, slot values) into a title, paragraphs and its codes.

A story is kept as the phrases it was built from, so a reprint can swap the
lead or the title and still know exactly what its text says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from regionlens.demo import phrases_be, phrases_ru
from regionlens.demo.fills import RecordingFills
from regionlens.demo.phrase_types import Phrase, StoryBank


@dataclass(slots=True)
class Flags:
    union: int
    interregional: int
    substantive: int
    problem: int
    tone: int
    genre: str = "NEWS"


@dataclass(slots=True)
class Story:
    kind: str
    lang: str
    flags: Flags
    title: Phrase
    lead: Phrase
    body: list[Phrase]
    fills: dict[str, str]
    dateline: str = ""                                  # agency dateline: page furniture, no codes
    tail: list[str] = field(default_factory=list)       # source credits: page furniture, no codes
    qa: bool = False


def bank_module(lang: str):  # type: ignore[no-untyped-def]
    return phrases_be if lang == "be" else phrases_ru


def story_bank(kind: str, lang: str) -> StoryBank:
    mod = bank_module(lang)
    return mod.FORUM if kind == "forum" else mod.BANKS[kind]


def _fits(phrase: Phrase, fills: dict[str, str]) -> bool:
    """A phrase is usable only if every slot it names has a value in this document."""
    try:
        phrase.text.format_map(fills)
    except KeyError:
        return False
    return True


def _pick(rng: random.Random, phrases: tuple[Phrase, ...], fills: dict[str, str], k: int,
          taken: set[str]) -> list[Phrase]:
    pool = [ph for ph in phrases if ph.text not in taken and _fits(ph, fills)]
    rng.shuffle(pool)
    chosen = pool[:k]
    taken.update(ph.text for ph in chosen)
    return chosen


def build_story(rng: random.Random, kind: str, lang: str, flags: Flags, fills: dict[str, str],
                min_words: int) -> Story:
    """Choose the phrases that express the flags; pad with protocol wording up to `min_words`."""
    bank = story_bank(kind, lang)
    mod = bank_module(lang)
    taken: set[str] = set()
    title = _pick(rng, bank.titles, fills, 1, taken)[0]
    lead = _pick(rng, bank.leads, fills, 1, taken)[0]
    body = _pick(rng, bank.proto, fills, rng.randint(1, 3), taken)
    if flags.union and flags.substantive and not flags.problem:
        body += _pick(rng, bank.subst, fills, rng.randint(1, 3), taken)
    if flags.problem:
        body += _pick(rng, bank.subst, fills, rng.randint(0, 1), taken)
        body += _pick(rng, bank.prob, fills, 2 if flags.tone < 0 else 1, taken)
        if flags.tone == 0:
            body += _pick(rng, bank.sol or mod.GENERIC_SOL, fills, 1, taken)
    if flags.tone > 0:
        body += _pick(rng, bank.pos, fills, 2, taken)
    generic = mod.GENERIC_PROTO if "A" in fills and "B" in fills else mod.GENERIC_PROTO_NOREG
    pad = _pick(rng, generic, fills, len(generic), taken)
    story = Story(kind, lang, flags, title, lead, body, fills)
    while pad and story_words(story) < min_words:
        ph = pad.pop()
        story.body.insert(rng.randint(1, len(story.body)) if story.body else 0, ph)
    return story


def build_filler(rng: random.Random, theme: str, lang: str, fills: dict[str, str], min_words: int) -> Story:
    """A regional news item with no Belarus–Russia link (union = 0)."""
    mod = bank_module(lang)
    title, *body = mod.FILLER[theme]
    flags = Flags(union=0, interregional=0, substantive=0, problem=0, tone=0)
    story = Story("filler", lang, flags, title, body[0], list(body[1:]), fills)
    taken: set[str] = set()
    pad = _pick(rng, mod.FILLER_GENERIC, fills, len(mod.FILLER_GENERIC), taken)
    while pad and story_words(story) < min_words:
        story.body.append(pad.pop())
    return story


def phrases_of(story: Story) -> list[Phrase]:
    return [story.title, story.lead, *story.body]


def render(story: Story) -> tuple[str, str, set[str]]:
    """Title, text and the slots used (the source of the document's region codes)."""
    fills = RecordingFills(story.fills)
    title = story.title.text.format_map(fills)
    sentences = [_capital(ph.text.format_map(fills)) for ph in [story.lead, *story.body]]
    if story.qa:
        paragraphs = [sentences[0]]
        questions = phrases_ru.INTERVIEW_Q
        rest = sentences[1:]
        per = max(1, -(-len(rest) // len(questions)))      # answers share the questions, none repeats
        for n, i in enumerate(range(0, len(rest), per)):
            paragraphs.append(f"— {questions[n]}\n— " + " ".join(rest[i:i + per]))
    else:
        paragraphs = []
        for i in range(0, len(sentences), 3):
            paragraphs.append(" ".join(sentences[i:i + 3]))
    if story.dateline:
        paragraphs[0] = story.dateline + paragraphs[0]
    paragraphs += story.tail
    text = "\n\n".join(paragraphs)
    return title, text, fills.used


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def story_words(story: Story) -> int:
    """Words of the rendered text (the title not counted)."""
    return len(render(story)[1].split())
