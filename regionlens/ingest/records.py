"""The ingest→store contract: what a reader yields.

Readers never raise for bad input inside a file; they yield a `BadRecord` instead so
that one broken row cannot stop a batch of a million good ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from regionlens.ingest.clean import clean_url

KINDS: tuple[str, ...] = ("media", "official", "survey")


@dataclass(slots=True)
class RawDocument:
    text: str
    title: str = ""
    url: str | None = None
    published_at: datetime | None = None  # timezone-aware; naive input gets the caller's default zone
    source: str | None = None  # source name or domain as given in the input
    language: str | None = None
    kind: str = "media"  # media | official | survey
    ext_id: str | None = None  # id in the input file
    origin: str = ""  # "file.csv:17" — file and line/row for reports
    meta: dict[str, Any] = field(default_factory=dict)  # any further columns (author, rubric...)
    # where published_at came from: record | meta | text | url (regionlens.ingest.dating decides)
    date_source: str | None = None

    def __post_init__(self) -> None:
        # Every reader's links pass here: a damaged feed or export can put control bytes into a URL.
        if self.url:
            self.url = clean_url(self.url) or None


@dataclass(slots=True)
class BadRecord:
    origin: str  # file and line/row
    reason: str  # clear Russian message
