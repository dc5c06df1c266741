"""How much each media level and country writes about the Union, and how much of it is original.

Raw counts mislead when outlets differ a hundredfold in output, so counts are
also given per 1,000 publications of the outlets' total output where the
registry knows it, and every count is given with and without reprints.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from regionlens.analysis.frame import validate_frame, without_reprints
from regionlens.analysis.labels import media_group
from regionlens.analysis.result import ChartSpec, Section
from regionlens.messages.numbers import num, pct

Period = Literal["month", "quarter", "year", "all"]
_FREQ = {"month": "M", "quarter": "Q", "year": "Y"}
UNDATED = "undated"
_MONTHS = {"month": 1.0, "quarter": 3.0, "year": 12.0}


def period_key(published_at: pd.Series, period: Period) -> pd.Series:
    """Calendar period label («2022-03», «2022Q1», «2022») in UTC."""
    if period == "all":
        return pd.Series("all", index=published_at.index)
    ts = published_at.dt.tz_convert("UTC").dt.tz_localize(None)
    labels = ts.dt.to_period(_FREQ[period]).astype(str)
    return labels.where(ts.notna(), UNDATED)  # counted under their own label, never dropped silently


def _counts(docs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = docs.groupby(keys, observed=True, dropna=False)
    out = g.agg(publications=("id", "size"), union=("union", "sum")).reset_index()
    return out


def volume_table(docs: pd.DataFrame, period: Period = "year", by: tuple[str, ...] = ("level", "country")) -> pd.DataFrame:
    """Publications and union publications per period × level × country, all and originals only.

    `union_per_1000_output` divides union publications of outlets with a known
    output by that output over the period (outlets active in the group).
    """
    validate_frame(docs)
    frame = docs.assign(period=period_key(docs["published_at"], period))
    keys = ["period", *by]
    out = _counts(frame, keys)
    originals = _counts(without_reprints(frame), keys).rename(
        columns={"publications": "publications_originals", "union": "union_originals"})
    out = out.merge(originals, on=keys, how="left").fillna({"publications_originals": 0, "union_originals": 0})
    out["union_share"] = out["union"] / out["publications"]
    out["union_share_originals"] = out["union_originals"] / out["publications_originals"].replace(0, np.nan)

    known = frame.loc[frame["output_per_month"].notna()]
    if len(known):
        outlet_out = known.groupby([*keys, "source"], observed=True, dropna=False)["output_per_month"].first()
        output = outlet_out.groupby(level=list(range(len(keys))), dropna=False).sum().rename("output")
        union_known = known.groupby(keys, observed=True, dropna=False)["union"].sum().rename("union_known")
        norm = pd.concat([output, union_known], axis=1).reset_index()
        if period == "all":
            ts = docs["published_at"].dropna()
            months = max(1.0, (ts.max() - ts.min()).days / 30.44) if len(ts) else 1.0
        else:
            months = _MONTHS[period]
        norm["union_per_1000_output"] = 1000.0 * norm["union_known"] / (norm["output"] * months)
        out = out.merge(norm[[*keys, "union_per_1000_output"]], on=keys, how="left")
    else:
        out["union_per_1000_output"] = np.nan
    for col in ("publications", "union", "publications_originals", "union_originals"):
        out[col] = out[col].astype(int)
    return out.sort_values(keys).reset_index(drop=True)


def volume_section(docs: pd.DataFrame, reprints_measured: bool = True) -> Section:
    """Volume with and without reprints; «without» only when reprints were searched for."""
    totals = volume_table(docs, "all").drop(columns="period")
    yearly = volume_table(docs, "year")
    quarterly = volume_table(docs, "quarter")
    monthly = volume_table(docs, "month")
    n, n_union = len(docs), int(docs["union"].sum())
    stats: dict[str, Any] = {
        "publications": n, "union_publications": n_union,
        "union_share": n_union / n if n else float("nan"),
    }
    tables = {"by_level_country": totals, "yearly": yearly, "quarterly": quarterly, "monthly": monthly}
    columns = ["level", "country", "publications", "union", "union_share"]
    if reprints_measured:
        n_orig = len(without_reprints(docs))
        stats["publications_originals"] = n_orig
        stats["union_publications_originals"] = int(without_reprints(docs)["union"].sum())
        columns.append("union_originals")
        ru_orig, en_orig = f"; без перепечаток: {num(n_orig, 'ru', 0)}", f"; without reprints: {num(n_orig, 'en', 0)}"
    else:  # counts «without reprints» would equal the counts with them: not measured, not shown
        drop = ["publications_originals", "union_originals", "union_share_originals"]
        tables = {k: t.drop(columns=[c for c in drop if c in t.columns]) for k, t in tables.items()}
        ru_orig = en_orig = ""
    take_ru = take_en = ""
    if n_union and len(totals):
        top = totals.sort_values("union", ascending=False).iloc[0]
        take_ru = (f"Больше всего публикаций о союзных отношениях у {media_group(top.level, top.country, 'ru')}: "
                   f"{num(int(top.union), 'ru', 0)} из {num(n_union, 'ru', 0)} ({pct(top.union / n_union, 'ru')}).")
        take_en = (f"Most publications on Union relations come from {media_group(top.level, top.country, 'en')}: "
                   f"{num(int(top.union), 'en', 0)} of {num(n_union, 'en', 0)} ({pct(top.union / n_union, 'en')}).")
    return Section(
        key="volume",
        title_ru="Объём публикаций по уровням СМИ и странам",
        title_en="Publication volume by media level and country",
        tables=tables,
        stats=stats,
        chart=ChartSpec("bar", "by_level_country", "level", "union", series="country",
                        title_ru="Публикации о союзных отношениях", title_en="Publications on Union relations")
        if n_union else None,
        text_ru=f"Всего публикаций: {num(n, 'ru', 0)}, из них о союзных отношениях: {num(n_union, 'ru', 0)}{ru_orig}.",
        text_en=f"Publications: {num(n, 'en', 0)}, of them on Union relations: {num(n_union, 'en', 0)}{en_orig}.",
        examples=docs.loc[docs["union"] == 1, "id"].head(3).astype(str).tolist(),
        summary_table="by_level_country", summary_columns=columns, takeaway_ru=take_ru, takeaway_en=take_en,
    )
