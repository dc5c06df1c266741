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

from regionlens.analysis.facts import Facts
from regionlens.reprints.scope import ReprintScope

UNKNOWN = "unknown"
ATTRIBUTION_ORIGINS: tuple[str, ...] = ("registry", "catalogue", UNKNOWN)
DATE_SOURCES: tuple[str, ...] = ("record", "meta", "text", "url")
MIN_MONTHS_FOR_DYNAMICS = 3


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


def attribution_counts(facts: Facts) -> dict[str, int]:
    """Publications by how their outlet was identified: registry, catalogue or not at all."""
    cube = facts.volume
    if facts.has_attribution:
        values = cube["attribution"].astype(object).where(cube["attribution"].notna(), UNKNOWN).astype(str)
        grouped = cube.assign(a=values.replace("", UNKNOWN)).groupby("a")["n"].sum().sort_values(ascending=False)
        raw = {str(k): int(v) for k, v in grouped.items()}
    else:
        attributed = cube["level"].notna() & (cube["level"].astype(str) != UNKNOWN)
        raw = {"registry": int(cube.loc[attributed, "n"].sum()), UNKNOWN: int(cube.loc[~attributed, "n"].sum())}
    return {k: raw.get(k, 0) for k in ATTRIBUTION_ORIGINS} | {k: v for k, v in raw.items() if k not in ATTRIBUTION_ORIGINS}


def _known(values: pd.Series) -> list[str]:
    return sorted(str(v) for v in values.dropna().astype(str).unique() if v and v != UNKNOWN)


def corpus_facts(facts: Facts, reprints: ReprintScope | None = None) -> CorpusFacts:
    """Counts that say what the corpus allows."""
    scope = reprints or ReprintScope()
    totals = facts.totals
    dated = int(totals["dated"])
    checked = dated if scope.measured and scope.dated_only else scope.checked
    n = facts.publications
    cube = facts.volume
    return CorpusFacts(
        publications=n,
        union_publications=facts.union_publications,
        attribution=attribution_counts(facts),
        dated=dated,
        date_sources=facts.value_counts("date_source", dated_only=True) if facts.has_date_source and dated else {},
        months=int(totals["months"]) if dated else 0,
        languages=facts.value_counts("language") if n else {},
        levels=_known(cube["level"]),
        countries=_known(cube["country"]),
        reprints_measured=scope.measured,
        reprints_checked=checked,
    )
