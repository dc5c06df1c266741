"""The information gap: ties measured by statistics against media attention, region by region.

Strong ties with weak coverage mean cooperation that is not communicated; weak
ties with heavy coverage mean declarative coverage. Both sides are split at
their medians over regions, and the rank correlation says whether coverage
follows ties at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from regionlens.stats.io import ALL_PARTNERS

QUADRANTS = {
    "under_communicated": ("недостаточно освещаемое сотрудничество", "under-communicated cooperation"),
    "declarative": ("декларативное освещение", "declarative coverage"),
    "covered": ("сильные связи, активное освещение", "strong ties, heavy coverage"),
    "low": ("слабые связи, слабое освещение", "weak ties, weak coverage"),
}


def media_attention(media: pd.DataFrame) -> pd.DataFrame:
    """Per region × year: interregional publications naming the region and the share of them that are substantive."""
    docs = media.loc[(media["union"].astype(int) == 1) & (media["interregional"].astype(int) == 1)]
    docs = docs.assign(year=pd.to_datetime(docs["published_at"], utc=True).dt.year)
    long = docs[["id", "year", "substantive", "regions"]].explode("regions").dropna(subset=["regions"])
    long = long.drop_duplicates(["id", "regions"])
    out = long.groupby(["regions", "year"]).agg(attention=("id", "size"), substantive_share=("substantive", "mean"))
    out = out.reset_index().rename(columns={"regions": "region_code"})
    out["year"] = out["year"].astype(int)
    return out


def ties(indicators: pd.DataFrame, indicator: str, partners: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per region × year: the chosen indicator summed over the chosen partners (default: all but ALL)."""
    data = indicators.loc[indicators["indicator"] == indicator]
    data = data.loc[data["partner"].isin(partners)] if partners else data.loc[data["partner"] != ALL_PARTNERS]
    return data.groupby(["region_code", "year"], as_index=False)["value"].sum().rename(columns={"value": "ties"})


@dataclass(slots=True)
class GapResult:
    by_region: pd.DataFrame  # region_code, ties, attention, substantive_share, quadrant, gap_score
    by_region_year: pd.DataFrame
    rho: float
    p_value: float
    n: int
    indicator: str


def information_gap(indicators: pd.DataFrame, media: pd.DataFrame, indicator: str,
                    partners: tuple[str, ...] | None = None) -> GapResult:
    """Join ties and attention on region × year, average per region, classify by medians, Spearman's rho."""
    t = ties(indicators, indicator, partners)
    if t.empty:
        raise LookupError(f"Показатель «{indicator}» не найден в статистике регионов")
    att = media_attention(media)
    joint = t.merge(att, on=["region_code", "year"], how="left")
    joint["attention"] = joint["attention"].fillna(0).astype(int)
    region = joint.groupby("region_code").agg(ties=("ties", "mean"), attention=("attention", "mean"),
                                              substantive_share=("substantive_share", "mean"), years=("year", "nunique"))
    region = region.reset_index()
    strong = region["ties"] >= region["ties"].median()
    heavy = region["attention"] >= region["attention"].median()
    region["quadrant"] = np.select([strong & ~heavy, ~strong & heavy, strong & heavy], ["under_communicated", "declarative", "covered"], "low")
    # percentile of ties minus percentile of attention: > 0 = more ties than coverage
    region["gap_score"] = region["ties"].rank(pct=True) - region["attention"].rank(pct=True)
    region = region.sort_values("gap_score", ascending=False).reset_index(drop=True)
    if len(region) >= 3:
        res = stats.spearmanr(region["ties"], region["attention"])
        rho, p = float(res.statistic), float(res.pvalue)
    else:
        rho, p = float("nan"), float("nan")
    return GapResult(region, joint, rho, p, len(region), indicator)
