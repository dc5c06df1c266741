"""What the corpus really is, for the methods section: attribution, dates, languages, what was measured.

The methods section used to describe the corpus the project was designed for
(«sources of every level from the registry»). A folder of saved pages has
none of that, so the text is now written from these counts: how many
publications were attributed to an outlet by the registry, by the outlet
catalogue or not at all, how many have a date and where it came from, which
languages occur, which comparisons the data allow, and whether reprints
were searched and over how many publications.

Optional frame columns are read when present and tolerated when absent:
`attribution` (registry / catalogue / unknown, from the outlet catalogue) and
`date_source` (record / meta / text / url, from date extraction). Without
`attribution`, a publication whose outlet has a known level counts as
attributed by the registry.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

UNKNOWN = "unknown"
ATTRIBUTION_ORIGINS: tuple[str, ...] = ("registry", "catalogue", UNKNOWN)
DATE_SOURCES: tuple[str, ...] = ("record", "meta", "text", "url")
MIN_MONTHS_FOR_DYNAMICS = 3


@dataclass(frozen=True, slots=True)
class ReprintScope:
    """Whether near-duplicate search ran, and over how many publications.

    `checked` None means the frame's reprint links are taken as complete (a
    frame built from records or the demo's ground truth); a number is what the
    reprint stage recorded it compared.
    """

    measured: bool = True
    checked: int | None = None
    dated_only: bool = False  # the stage compared dated publications only: every dated one was checked


NOT_MEASURED = ReprintScope(measured=False, checked=0)


@dataclass(slots=True)
class CorpusFacts:
    publications: int
    union_publications: int
    attribution: dict[str, int] = field(default_factory=dict)
    dated: int = 0
    date_sources: dict[str, int] = field(default_factory=dict)
    months: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    reprints_measured: bool = True
    reprints_checked: int | None = None

    @property
    def undated(self) -> int:
        return self.publications - self.dated

    @property
    def can_compare_levels(self) -> bool:
        return len(self.levels) >= 2

    @property
    def can_compare_countries(self) -> bool:
        return {"RU", "BY"} <= set(self.countries)

    @property
    def can_show_dynamics(self) -> bool:
        return self.months >= MIN_MONTHS_FOR_DYNAMICS

    @property
    def reprints_unchecked(self) -> int:
        """Publications the reprint search did not see (all of them when it did not run)."""
        if not self.reprints_measured:
            return self.publications
        if self.reprints_checked is None:
            return 0
        return max(self.publications - self.reprints_checked, 0)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["undated"] = self.undated
        out["reprints_unchecked"] = self.reprints_unchecked
        return out


def _counts(series: pd.Series) -> dict[str, int]:
    values = series.astype(object).where(series.notna(), UNKNOWN).astype(str).replace("", UNKNOWN)
    return {str(k): int(v) for k, v in values.value_counts().items()}


def _known(series: pd.Series) -> list[str]:
    values = series.dropna().astype(str)
    return sorted(v for v in values.unique() if v and v != UNKNOWN)


def attribution_counts(docs: pd.DataFrame) -> dict[str, int]:
    """Publications by how their outlet was identified: registry, catalogue or not at all."""
    if "attribution" in docs.columns:
        raw = _counts(docs["attribution"])
    else:
        attributed = docs["level"].notna() & (docs["level"].astype(str) != UNKNOWN)
        raw = {"registry": int(attributed.sum()), UNKNOWN: int((~attributed).sum())}
    return {k: raw.get(k, 0) for k in ATTRIBUTION_ORIGINS} | {k: v for k, v in raw.items() if k not in ATTRIBUTION_ORIGINS}


def corpus_facts(docs: pd.DataFrame, reprints: ReprintScope | None = None) -> CorpusFacts:
    """Counts that say what the corpus allows; `docs` follows the analysis frame contract."""
    scope = reprints or ReprintScope()
    stamps = docs["published_at"].dropna()
    dated = int(len(stamps))
    checked = dated if scope.measured and scope.dated_only else scope.checked
    months = int(stamps.dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M").nunique()) if dated else 0
    date_sources: dict[str, int] = {}
    if "date_source" in docs.columns and dated:
        date_sources = _counts(docs.loc[docs["published_at"].notna(), "date_source"])
    return CorpusFacts(
        publications=int(len(docs)),
        union_publications=int(docs["union"].astype(int).sum()) if len(docs) else 0,
        attribution=attribution_counts(docs),
        dated=dated,
        date_sources=date_sources,
        months=months,
        languages=_counts(docs["language"]) if len(docs) else {},
        levels=_known(docs["level"]),
        countries=_known(docs["country"]),
        reprints_measured=scope.measured,
        reprints_checked=checked,
    )
