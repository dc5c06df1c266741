"""Document priorities against media coverage by level, country, region and set; Russian versus Belarusian documents."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from regionlens.analysis.frame import TOPICS
from regionlens.documents.compare import compare_profiles, topic_differences

LEVEL_MEDIA = {"federal": ("federal",), "union": ("union",), "regional": ("regional", "local"),
               "interregional": ("regional", "local")}
THRESHOLD = 0.05
TABLE_COLUMNS = ["comparison", "group_a", "group_b", "n_a", "n_b", "js_distance", "js_divergence", "cosine", "p_value",
                 "documents_stress", "media_stress"]


def _media_union(media: pd.DataFrame) -> pd.DataFrame:
    return media.loc[media["union"].astype(int) == 1]


def _pairs(docs: pd.DataFrame, media: pd.DataFrame, min_docs: int, min_media: int
           ) -> Iterator[tuple[str, str, str, pd.Series, pd.Series]]:
    """(comparison, label A, label B, topics of A, topics of B) for every comparison with enough data."""
    m = _media_union(media)
    candidates: list[tuple[str, str, str, pd.Series, pd.Series]] = [
        ("overall", "documents", "media", docs["topics"], m["topics"])]
    for c in sorted(docs["country"].unique()):
        candidates.append(("country", f"documents {c}", f"media {c}", docs.loc[docs["country"] == c, "topics"],
                           m.loc[m["country"] == c, "topics"]))
    for lvl in sorted(docs["issuer_level"].unique()):
        levels = LEVEL_MEDIA.get(lvl, (lvl,))
        candidates.append(("level", f"documents {lvl}", "media " + "+".join(levels),
                           docs.loc[docs["issuer_level"] == lvl, "topics"], m.loc[m["level"].isin(levels), "topics"]))
    for r in sorted(docs["region_code"].dropna().unique()):
        mentions = m["regions"].map(lambda regs, r=r: r in regs)
        candidates.append(("region", f"documents {r}", f"media about {r}", docs.loc[docs["region_code"] == r, "topics"],
                           m.loc[mentions, "topics"]))
    for s in sorted(docs["set"].unique()):
        candidates.append(("set", s, "media", docs.loc[docs["set"] == s, "topics"], m["topics"]))
    for comp, la, lb, ta, tb in candidates:
        if len(ta) >= min_docs and len(tb) >= min_media:
            yield comp, la, lb, ta, tb
    ru, by = docs.loc[docs["country"] == "RU", "topics"], docs.loc[docs["country"] == "BY", "topics"]
    if len(ru) >= min_docs and len(by) >= min_docs:
        yield "RU_vs_BY", "documents RU", "documents BY", ru, by


def alignment_table(docs: pd.DataFrame, media: pd.DataFrame, *, n_perm: int = 2000, seed: int = 0,
                    threshold: float = THRESHOLD, min_docs: int = 3, min_media: int = 20
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per comparison (JSD, cosine, permutation p, topics each side stresses) and the long topic table.

    `documents_stress` lists topics whose share in A exceeds B's by more than `threshold`
    (priorities documents set and media ignore); `media_stress` the reverse.
    """
    rows, long = [], []
    for i, (comp, la, lb, ta, tb) in enumerate(_pairs(docs, media, min_docs, min_media)):
        res = compare_profiles(list(ta), list(tb), n_perm=n_perm, seed=seed + i)
        diff = topic_differences(res)
        rows.append({"comparison": comp, "group_a": la, "group_b": lb, "n_a": res.n_a, "n_b": res.n_b,
                     "js_distance": res.js_distance, "js_divergence": res.js_divergence, "cosine": res.cosine,
                     "p_value": res.p_value,
                     "documents_stress": diff.loc[diff["diff"] > threshold].sort_values("diff", ascending=False)["topic"].tolist(),
                     "media_stress": diff.loc[diff["diff"] < -threshold].sort_values("diff")["topic"].tolist()})
        long.append(diff.assign(comparison=comp, group_a=la, group_b=lb))
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    topics = (pd.concat(long, ignore_index=True) if long
              else pd.DataFrame(columns=["topic", "share_a", "share_b", "diff", "comparison", "group_a", "group_b"]))
    return table, topics


def set_profiles(docs: pd.DataFrame) -> pd.DataFrame:
    """Priority profile of every document set: share of each topic among the set's topic labels."""
    rows = []
    for s, part in docs.groupby("set"):
        labels = [t for ts in part["topics"] for t in set(ts)]
        total = len(labels)
        for t in TOPICS:
            rows.append({"set": s, "topic": t, "documents": len(part),
                         "share": labels.count(t) / total if total else 0.0})
    return pd.DataFrame(rows, columns=["set", "topic", "documents", "share"])
