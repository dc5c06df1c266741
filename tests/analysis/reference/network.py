"""The cooperation network: which Russian regions and Belarusian oblasts are written about together.

A pair is one Russian and one Belarusian code named in the same
interregional publication. Reciprocity asks whether both partners' own media
cover the pair: a pair covered mostly by one side's regional media is a
one-sided relationship in the public eye. The exact binomial test (equal
coverage from both sides) is Holm-adjusted within each family: partner (border)
pairs, and all other pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from regionlens.analysis.frame import validate_frame
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import holm
from regionlens.messages.labels import label
from regionlens.messages.numbers import num

# Russian regions and Belarusian oblasts that share a stretch of the state border.
ADJACENT_PAIRS: tuple[tuple[str, str], ...] = (
    ("RU-PSK", "BY-VI"), ("RU-SMO", "BY-VI"), ("RU-SMO", "BY-MA"), ("RU-BRY", "BY-MA"), ("RU-BRY", "BY-HO"),
)


def pair_mentions(docs: pd.DataFrame, ru_prefix: str = "RU-", by_prefix: str = "BY-") -> pd.DataFrame:
    """One row per (interregional publication, RU code, BY code) with the outlet's level, country and region."""
    validate_frame(docs)
    base = docs.loc[docs["interregional"].astype(int) == 1, ["id", "level", "country", "region_code", "regions"]]
    long = base[["id", "regions"]].explode("regions").dropna()
    long = long.drop_duplicates()
    ru = long.loc[long["regions"].str.startswith(ru_prefix)].rename(columns={"regions": "ru_region"})
    by = long.loc[long["regions"].str.startswith(by_prefix)].rename(columns={"regions": "by_region"})
    pairs = ru.merge(by, on="id")
    return pairs.merge(base.drop(columns="regions"), on="id", how="left")


def pair_table(docs: pd.DataFrame) -> pd.DataFrame:
    """Pair × outlet level publication counts (long) — the network's edges."""
    pm = pair_mentions(docs)
    out = pm.groupby(["ru_region", "by_region", "level"], observed=True).size().rename("publications").reset_index()
    return out.sort_values("publications", ascending=False).reset_index(drop=True)


def reciprocity(
    docs: pd.DataFrame, min_n: int = 10, border_pairs: tuple[tuple[str, str], ...] = ADJACENT_PAIRS
) -> pd.DataFrame:
    """Per pair: all publications, those from the RU side's and BY side's regional/local media, asymmetry.

    `asymmetry_ratio` = larger side / smaller side (+0.5 each, so one-sided pairs stay finite);
    `ru_to_by_ratio` = RU side's media / BY side's media; `own_region_share` = both sides' media / all;
    `attention_ratio` divides each side's count by all pair mentions in that region's media first
    (how much of each side's cross-border coverage goes to this partner). `border_pair` marks the
    configured partner pairs (by default the regions adjacent across the border).
    """
    pm = pair_mentions(docs)
    cols = ["ru_region", "by_region", "publications", "ru_side_media", "by_side_media", "other_media",
            "own_region_share", "ru_to_by_ratio", "attention_ratio", "asymmetry_ratio", "dominant_side", "border_pair",
            "p_value", "p_holm"]
    if pm.empty:
        return pd.DataFrame(columns=cols)
    pm = pm.assign(ru_side=(pm["region_code"] == pm["ru_region"]).astype(int),
                   by_side=(pm["region_code"] == pm["by_region"]).astype(int))
    g = pm.groupby(["ru_region", "by_region"]).agg(
        publications=("id", "nunique"), ru_side_media=("ru_side", "sum"), by_side_media=("by_side", "sum")).reset_index()
    g["other_media"] = g["publications"] - g["ru_side_media"] - g["by_side_media"]
    g["own_region_share"] = (g["ru_side_media"] + g["by_side_media"]) / g["publications"]
    g["ru_to_by_ratio"] = g["ru_side_media"] / g["by_side_media"].replace(0, np.nan)
    hi = np.maximum(g["ru_side_media"], g["by_side_media"])
    lo = np.minimum(g["ru_side_media"], g["by_side_media"])
    g["asymmetry_ratio"] = (hi + 0.5) / (lo + 0.5)
    g["dominant_side"] = np.where(g["ru_side_media"] > g["by_side_media"], g["ru_region"],
                                  np.where(g["by_side_media"] > g["ru_side_media"], g["by_region"], ""))
    volume = pm.drop_duplicates("id").groupby("region_code").size()
    g["attention_ratio"] = (g["ru_side_media"] / g["ru_region"].map(volume)) / (
        g["by_side_media"] / g["by_region"].map(volume)).replace(0, np.nan)
    pairs = {tuple(p) for p in border_pairs}
    g["border_pair"] = [(a, b) in pairs for a, b in zip(g["ru_region"], g["by_region"], strict=True)]
    own = (g["ru_side_media"] + g["by_side_media"]).to_numpy()
    p = np.array([stats.binomtest(int(k), int(n), 0.5).pvalue if n > 0 else 1.0
                  for k, n in zip(g["ru_side_media"], own, strict=True)])
    g["p_value"] = p
    g["p_holm"] = np.nan
    for family in (g["border_pair"].to_numpy(), ~g["border_pair"].to_numpy()):
        tested = (own >= min_n) & family
        g.loc[tested, "p_holm"] = holm(p[tested])
    return g[cols].sort_values("publications", ascending=False).reset_index(drop=True)


def network_section(
    docs: pd.DataFrame, min_n: int = 10, border_pairs: tuple[tuple[str, str], ...] = ADJACENT_PAIRS
) -> Section:
    edges = pair_table(docs)
    rec = reciprocity(docs, min_n=min_n, border_pairs=border_pairs)
    totals = edges.groupby(["ru_region", "by_region"])["publications"].sum().reset_index() if len(edges) else edges
    stats_: dict[str, Any] = {"pairs": int(len(rec)), "interregional_publications": int(docs["interregional"].sum())}
    if len(rec):
        for flag, name in ((True, "border"), (False, "non_border")):
            sub = rec.loc[rec["border_pair"] == flag]
            n = sub["publications"].sum()
            stats_[f"own_region_share_{name}_pairs"] = (
                float((sub["ru_side_media"] + sub["by_side_media"]).sum() / n) if n else float("nan"))
    examples = pair_mentions(docs)["id"].drop_duplicates().head(3).tolist() if len(rec) else []
    take_ru = take_en = ""
    if len(rec):
        top = rec.iloc[0]
        take_ru = (f"Чаще всего вместе называются {label(top.ru_region, 'ru')} и {label(top.by_region, 'ru')}: "
                   f"{num(int(top.publications), 'ru', 0)} публикаций; всего пар: {len(rec)}.")
        take_en = (f"Most often named together: {label(top.ru_region, 'en')} and {label(top.by_region, 'en')}, "
                   f"{num(int(top.publications), 'en', 0)} publications; {len(rec)} pairs in all.")
    return Section(
        key="network",
        title_ru="Сеть регионов-партнёров и взаимность освещения",
        title_en="Partner-region network and reciprocity of coverage",
        tables={"pairs": totals, "pairs_by_level": edges, "reciprocity": rec},
        stats=stats_,
        chart=ChartSpec("network", "pairs", "ru_region", "by_region", value="publications",
                        title_ru="Пары регионов в межрегиональных публикациях",
                        title_en="Region pairs in interregional publications") if len(totals) else None,
        text_ru="Пара — российский регион и белорусская область, названные в одной межрегиональной публикации.",
        text_en="A pair is a Russian region and a Belarusian oblast named in the same interregional publication.",
        examples=examples,
        summary_table="reciprocity",
        summary_columns=["ru_region", "by_region", "publications", "ru_side_media", "by_side_media", "asymmetry_ratio",
                         "p_holm"],
        takeaway_ru=take_ru, takeaway_en=take_en,
    )
