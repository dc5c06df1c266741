"""Syndication: how much of each level's coverage is reprinted, and from where.

Regional media that mostly reprint agency stories add reach but no regional
content; the original of each cluster (the earliest publication) tells which
level the reprinted stories come from.
"""

from __future__ import annotations

import pandas as pd

from regionlens.analysis.frame import validate_frame
from regionlens.analysis.labels import media_group
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import share_table
from regionlens.messages.numbers import num, pct


def is_reprint(docs: pd.DataFrame) -> pd.Series:
    """1 for publications that reprint another (the cluster's original is not a reprint)."""
    r = docs["reprint_of"]
    return (r.notna() & (r.astype(object) != docs["id"].astype(object))).astype(int)


def reprint_shares(docs: pd.DataFrame, by: tuple[str, ...] = ("level",), union_only: bool = True) -> pd.DataFrame:
    """Per group: publications, reprints, reprint share (Wilson CI) and original-content share."""
    validate_frame(docs)
    base = docs.loc[docs["union"] == 1] if union_only else docs
    t = share_table(base.assign(reprint=is_reprint(base)), list(by), "reprint")
    t = t.rename(columns={"n": "publications", "k": "reprints", "share": "reprint_share"})
    t["original_share"] = 1 - t["reprint_share"]
    return t


def origin_levels(docs: pd.DataFrame) -> pd.DataFrame:
    """Reprints by the reprinting outlet's level × the original's outlet level."""
    rep = docs.loc[is_reprint(docs) == 1, ["id", "level", "reprint_of"]]
    levels = docs.set_index(docs["id"].astype(str))["level"]
    rep = rep.assign(origin_level=rep["reprint_of"].astype(str).map(levels).fillna("unknown"))
    out = rep.groupby(["level", "origin_level"]).size().rename("reprints").reset_index()
    out["share_of_level_reprints"] = out["reprints"] / out.groupby("level")["reprints"].transform("sum")
    return out


def reprints_section(docs: pd.DataFrame, measured: bool = True) -> Section:
    """Reprint shares; when the search did not run the section carries no numbers (a note says why)."""
    if not measured:
        return Section(key="reprints", title_ru="Перепечатки и оригинальный контент",
                       title_en="Reprints and original content")
    by_level = reprint_shares(docs, ("level",))
    by_level_country = reprint_shares(docs, ("level", "country"))
    origins = origin_levels(docs)
    rep = is_reprint(docs)
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
                "all_publications_by_level": reprint_shares(docs, ("level",), union_only=False)},
        stats={"reprints": int(rep.sum()), "reprint_share": float(rep.mean()) if len(rep) else float("nan"),
               "clusters": int(docs["cluster_id"].dropna().nunique())},
        chart=ChartSpec("errorbar", "by_level", "level", "reprint_share", low="ci_low", high="ci_high",
                        title_ru="Доля перепечаток среди публикаций о союзных отношениях",
                        title_en="Share of reprints among Union publications") if len(by_level) else None,
        text_ru="Перепечатка — публикация, почти совпадающая с более ранней (MinHash, сходство Жаккара ≥ 0,7).",
        text_en="A reprint nearly duplicates an earlier publication (MinHash, Jaccard similarity ≥ 0.7).",
        examples=docs.loc[rep == 1, "id"].head(3).astype(str).tolist(),
        summary_table="by_level",
        summary_columns=["level", "publications", "reprints", "reprint_share", "ci_low", "ci_high"],
        takeaway_ru=take_ru, takeaway_en=take_en,
    )
