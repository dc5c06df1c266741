"""A phrase: a sentence template and the codes its wording expresses.

Ground truth is the union of what the chosen phrases say, so every template
carries the topics and actors a careful coder would read off it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    topics: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def p(text: str, topics: str = "", actors: str = "") -> Phrase:
    """Shorthand used by the phrase banks: topics and actors as space-separated labels."""
    return Phrase(text, tuple(topics.split()), tuple(actors.split()))


@dataclass(frozen=True, slots=True)
class StoryBank:
    """Templates of one kind of story.

    `titles`/`leads`/`proto` are protocol wording; `subst` adds concrete specifics;
    `prob` names a problem; `pos` evaluates positively; `sol` offers a solution.
    """

    titles: tuple[Phrase, ...]
    leads: tuple[Phrase, ...]
    proto: tuple[Phrase, ...]
    subst: tuple[Phrase, ...]
    prob: tuple[Phrase, ...]
    pos: tuple[Phrase, ...]
    sol: tuple[Phrase, ...]
    interregional: bool
    cast: str            # "pair" (A and B regions), "one" (A or B region), "none"
