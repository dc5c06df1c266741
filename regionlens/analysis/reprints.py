"""Syndication: how much of each level's coverage is reprinted, and from where.

Regional media that mostly reprint agency stories add reach but no regional
content; the original of each cluster (the earliest publication) tells which
level the reprinted stories come from.
"""

from __future__ import annotations

import pandas as pd

from regionlens.analysis.facts import Facts, accepts_frame
from regionlens.analysis.labels import media_group
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import wilson_ci
from regionlens.messages.numbers import num, pct


@accepts_frame
def reprint_shares(facts: Facts, by: tuple[str, ...] = ("level",), union_only: bool = True) -> pd.DataFrame:
    """Per group: publications, reprints, reprint share (Wilson CI) and original-content share."""
    cube = facts.volume
    base = cube.loc[cube["union"] == 1] if union_only else cube
    g = base.assign(k=base["reprint"] * base["n"]).groupby(list(by), observed=True, dropna=False)[["n", "k"]].sum()
    t = g.reset_index().rename(columns={"n": "publications", "k": "reprints"})
    t["reprint_share"] = t["reprints"] / t["publications"]
    low, high = wilson_ci(t["reprints"].to_numpy(), t["publications"].to_numpy())
    t["ci_low"], t["ci_high"] = low, high
    t["original_share"] = 1 - t["reprint_share"]
    return t


@accepts_frame
def origin_levels(facts: Facts) -> pd.DataFrame:
    """Reprints by the reprinting outlet's level × the original's outlet level."""
    rep = facts.origins
    out = rep.groupby(["level", "origin_level"])["n"].sum().rename("reprints").reset_index()
    out["share_of_level_reprints"] = out["reprints"] / out.groupby("level")["reprints"].transform("sum")
    return out


def reprints_section(facts: Facts, measured: bool = True) -> Section:
    """Reprint shares; when the search did not run the section carries no numbers (a note says why)."""
    if not measured:
        return Section(key="reprints", title_ru="Перепечатки и оригинальный контент",
                       title_en="Reprints and original content")
    by_level = reprint_shares(facts, ("level",))
    by_level_country = reprint_shares(facts, ("level", "country"))
    origins = origin_levels(facts)
    totals = facts.totals
    take_ru = take_en = ""
    shares = by_level.dropna(subset=["reprint_share"])
    if len(shares):
        top = shares.loc[shares["reprint_share"].idxmax()]
        take_ru = (f"Больше всего перепечаток среди публикаций о союзных отношениях у {media_group(top.level, None, 'ru')}: "
                   f"{pct(top.reprint_share, 'ru')} (n = {num(int(top.publications), 'ru', 0)}).")
        take_en = (f"Reprints are most frequent in {media_group(top.level, None, 'en')}: {pct(top.reprint_share, 'en')} "
                   f"of publications on Union relations (n = {num(int(top.publications), 'en', 0)}).")
    return Section(
        key="reprints",
        title_ru="Перепечатки и оригинальный контент",
        title_en="Reprints and original content",
        tables={"by_level": by_level, "by_level_country": by_level_country, "origin_levels": origins,
                "all_publications_by_level": reprint_shares(facts, ("level",), union_only=False)},
        stats={"reprints": int(totals["reprints"]),
               "reprint_share": totals["reprints"] / totals["n"] if totals["n"] else float("nan"),
               "clusters": int(totals["clusters"])},
        chart=ChartSpec("errorbar", "by_level", "level", "reprint_share", low="ci_low", high="ci_high",
                        title_ru="Доля перепечаток среди публикаций о союзных отношениях",
                        title_en="Share of reprints among Union publications") if len(by_level) else None,
        text_ru="Перепечатка — публикация, почти совпадающая с более ранней (MinHash, сходство Жаккара ≥ 0,7).",
        text_en="A reprint nearly duplicates an earlier publication (MinHash, Jaccard similarity ≥ 0.7).",
        examples=facts.example_ids(3, order="pos", where="f.reprint = 1"),
        summary_table="by_level",
        summary_columns=["level", "publications", "reprints", "reprint_share", "ci_low", "ci_high"],
        takeaway_ru=take_ru, takeaway_en=take_en,
    )
