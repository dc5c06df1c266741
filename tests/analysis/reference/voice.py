"""Whose voice each media level carries: national officials, regions, municipalities, business, civil society.

The study found regional media repeating the national voice. The voice index
for a group of publications is (FED − REG∪LOC) / (FED + REG∪LOC) over
publications naming each: +1 national voice only, −1 regional/local only.
Within the same publications the two are paired, so the test is McNemar's
exact test on the discordant publications (FED without REG/LOC vs the reverse).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from regionlens.analysis.frame import ACTORS, SUBNATIONAL, explode, union_docs, validate_frame
from regionlens.analysis.labels import media_group
from regionlens.analysis.result import ChartSpec, Section
from regionlens.messages.numbers import num


def actor_shares(docs: pd.DataFrame, by: tuple[str, ...] = ("level", "country")) -> pd.DataFrame:
    """Share of union publications naming each actor type, per group (long table)."""
    validate_frame(docs)
    base = union_docs(docs)
    n = base.groupby(list(by), observed=True).size().rename("union_publications")
    long = explode(base, "actors", keep=("id", *by)).drop_duplicates()
    counts = long.groupby([*by, "label"], observed=True).size().rename("publications")
    full = pd.MultiIndex.from_product([*[n.index.get_level_values(b).unique() for b in by], list(ACTORS)],
                                      names=[*by, "actor"]) if len(n) else None
    out = counts.rename_axis([*by, "actor"])
    out = out.reindex(full, fill_value=0) if full is not None else out
    out = out.reset_index().merge(n.reset_index(), on=list(by), how="left")
    out = out.loc[out["union_publications"].notna()]
    out["share"] = out["publications"] / out["union_publications"]
    return out.reset_index(drop=True)


def voice_index(docs: pd.DataFrame, by: tuple[str, ...] = ("level",)) -> pd.DataFrame:
    """National vs regional+local voice per group, with McNemar's exact test on discordant publications."""
    base = union_docs(docs)
    fed = base["actors"].map(lambda a: "FED" in a).astype(int)
    sub = base["actors"].map(lambda a: "REG" in a or "LOC" in a).astype(int)
    frame = base[list(by)].assign(fed=fed, sub=sub, fed_only=fed * (1 - sub), sub_only=sub * (1 - fed))
    g = frame.groupby(list(by), observed=True).agg(
        n=("fed", "size"), national=("fed", "sum"), regional_local=("sub", "sum"),
        national_only=("fed_only", "sum"), regional_local_only=("sub_only", "sum")).reset_index()
    g["national_share"] = g["national"] / g["n"]
    g["regional_local_share"] = g["regional_local"] / g["n"]
    denom = (g["national"] + g["regional_local"]).replace(0, np.nan)
    g["voice_index"] = (g["national"] - g["regional_local"]) / denom
    g["p_value"] = [
        float(stats.binomtest(int(a), int(a + b), 0.5).pvalue) if a + b > 0 else 1.0
        for a, b in zip(g["national_only"], g["regional_local_only"], strict=True)
    ]
    return g


def subnational_voice(docs: pd.DataFrame) -> pd.DataFrame:
    """Voice index of regional+local media together, per country."""
    base = docs.loc[docs["level"].isin(SUBNATIONAL)]
    return voice_index(base, ("country",))


def voice_section(docs: pd.DataFrame) -> Section:
    shares = actor_shares(docs)
    by_level = voice_index(docs, ("level",))
    by_level_country = voice_index(docs, ("level", "country"))
    stats_: dict[str, Any] = {f"voice_index_{r.level}": r.voice_index for r in by_level.itertuples()}
    take_ru = take_en = ""
    idx = by_level.dropna(subset=["voice_index"])
    if len(idx):
        top = idx.loc[idx["voice_index"].idxmax()]
        if top.voice_index > 0:
            take_ru = (f"Национальный голос сильнее всего у {media_group(top.level, None, 'ru')}: индекс голоса "
                       f"{num(top.voice_index, 'ru', 2)} (+1 — только национальные акторы).")
            take_en = (f"The national voice is strongest in {media_group(top.level, None, 'en')}: voice index "
                       f"{num(top.voice_index, 'en', 2)} (+1 means national actors only).")
        else:  # every group leans regional/local: say that, not «strongest national voice» at a negative index
            take_ru = (f"Во всех группах СМИ региональные и местные акторы звучат чаще национальных; ближе всего к "
                       f"национальному голосу у {media_group(top.level, None, 'ru')} (индекс {num(top.voice_index, 'ru', 2)}).")
            take_en = (f"Regional and local actors are heard more than national ones in every media group; closest to "
                       f"the national voice: {media_group(top.level, None, 'en')} (index {num(top.voice_index, 'en', 2)}).")
    shares_by_level = actor_shares(docs, ("level",))
    return Section(
        key="voice",
        title_ru="Чей голос звучит: акторы по уровням СМИ",
        title_en="Whose voice: actors by media level",
        tables={"actor_shares": shares, "voice_by_level": by_level, "voice_by_level_country": by_level_country,
                "actor_shares_by_level": shares_by_level},
        stats=stats_,
        chart=ChartSpec("heatmap", "actor_shares_by_level", "actor", "level", value="share",
                        title_ru="Доля публикаций с актором", title_en="Share of publications naming an actor")
        if len(shares_by_level) else None,
        text_ru="Индекс голоса: (национальные − региональные/местные) / (национальные + региональные/местные) акторы; +1 — только национальный голос.",
        text_en="Voice index: (national − regional/local) / (national + regional/local) actors; +1 means national voice only.",
        summary_table="voice_by_level",
        summary_columns=["level", "n", "national_share", "regional_local_share", "voice_index", "p_value"],
        takeaway_ru=take_ru, takeaway_en=take_en,
    )
