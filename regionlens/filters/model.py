"""Which publications a list, a count or a figure is computed over: the one filter set of every layer.

Search (CLI, web, API), the dashboard and its publication lists, the API
lists, export and analysis all take this `Filters`; `regionlens.filters.parse`
builds it from what a person typed and `regionlens.filters.sql` turns it into
SQL. One class, so a filter added here reaches every layer at once and the
layers cannot drift apart (they did: the CLI searched official documents, the
web did not).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

TOPICS = ("ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO")
# documents.kind: what the store holds. «Publications» are media texts (the codebook's unit and the dashboard's);
# official documents and survey answers are other materials, searched only when asked for by kind.
KINDS = ("media", "official", "survey")
DEFAULT_KIND = "media"
ANY_KIND = "all"  # the value a person types for «every kind» (Filters.kind None)
# One-word selections over the automatic codes and the reprint clusters (the dashboard's links use them).
FLAGS = ("substantive", "problem", "negative", "positive", "reprint", "original")
# Whose codes the code-derived filters (union, region, topic, flag) read: the automatic coder's, as the
# dashboard and every figure do; manual values stay inside the blind coding workflow.
AUTO_CODER = "auto"


@dataclass(frozen=True, slots=True)
class Filters:
    """A selection of documents; None (or the default) means «no restriction» on that attribute.

    `region` is a region the publication mentions (its automatic `regions` code); `source_region` is
    the region of the outlet that published it. Dates are calendar days in the users' time zone,
    both ends inclusive.
    """

    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    level: str | None = None
    region: str | None = None
    source_region: str | None = None
    source_id: int | None = None
    topic: str | None = None
    language: str | None = None
    kind: str | None = DEFAULT_KIND  # None: every kind
    union: bool = False
    flag: str | None = None

    def is_empty(self) -> bool:
        """Whether the filters select every media publication."""
        return self == Filters()

    def code_derived(self) -> bool:
        """Whether a filter reads codes (so under blind coding it may only see the caller's visible ones)."""
        return bool(self.region or self.topic or self.union or self.flag)

    def as_query(self) -> dict[str, str]:
        """The filters that differ from the defaults, as query parameters, so a link keeps the current view."""
        out: dict[str, str] = {}
        for key, value in asdict(self).items():
            if value == getattr(EMPTY, key):
                continue
            if isinstance(value, bool):
                out[key] = "1"
            elif key == "kind" and value is None:
                out[key] = ANY_KIND
            else:
                out[key] = value.isoformat() if isinstance(value, date) else str(value)
        return out


EMPTY = Filters()
