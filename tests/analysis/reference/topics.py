"""Topic profiles: which spheres of cooperation each level and country writes about.

A profile is the share of union publications naming each topic (a text may
name several). Whether profiles differ is tested on the label counts
(group × topic) with chi-square; adjusted standardised residuals show which
cells drive the difference and Cramér's V how strong it is.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from regionlens.analysis.frame import TOPICS, explode, union_docs, validate_frame
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import ChiSquare, chi_square
from regionlens.messages.labels import labels
from regionlens.messages.numbers import num, pval


def topic_counts(docs: pd.DataFrame, by: str = "level") -> pd.DataFrame:
    """group × topic label counts among union publications (columns in codebook order)."""
    validate_frame(docs)
    base = union_docs(docs)
    long = explode(base, "topics", keep=("id", by))
    table = pd.crosstab(long[by], long["label"])
    cols = [t for t in TOPICS if t in table.columns] + [t for t in table.columns if t not in TOPICS]
    return table.reindex(columns=cols)


def topic_profile(docs: pd.DataFrame, by: str = "level") -> pd.DataFrame:
    """Long table: group, topic, publications naming it, union publications, share."""
    base = union_docs(docs)
    counts = topic_counts(docs, by)
    n = base.groupby(by, observed=True).size().rename("union_publications")
    long = counts.stack().rename("publications").reset_index().rename(columns={"label": "topic"})
    long = long.merge(n, left_on=by, right_index=True, how="left")
    long["share"] = long["publications"] / long["union_publications"]
    return long


def topic_test(docs: pd.DataFrame, by: str = "level", groups: list[str] | None = None) -> ChiSquare:
    """Chi-square of independence of topic labels from the grouping (optionally a subset of groups)."""
    counts = topic_counts(docs, by)
    if groups is not None:
        counts = counts.loc[counts.index.isin(groups)]
    return chi_square(counts)


def _residuals_long(test: ChiSquare, by: str) -> pd.DataFrame:
    res = test.residuals.copy()
    res.index.name = by
    res.columns.name = "topic"
    return res.stack().rename("adj_residual").reset_index()


def _test_stats(test: ChiSquare) -> dict[str, Any]:
    return {"chi2": test.chi2, "dof": test.dof, "p_value": test.p_value, "cramers_v": test.cramers_v, "n_labels": test.n}


def _country_profile(by_country: pd.DataFrame) -> pd.DataFrame:
    """topic × country shares side by side: the compact table of the main report."""
    if by_country.empty:
        return pd.DataFrame(columns=["topic"])
    wide = by_country.pivot_table(index="topic", columns="country", values="share", aggfunc="sum", sort=False)
    cols = [c for c in ("RU", "BY", "union") if c in wide.columns] + [c for c in wide.columns if c not in ("RU", "BY", "union")]
    order = [t for t in TOPICS if t in wide.index] + [t for t in wide.index if t not in TOPICS]
    out = wide.reindex(index=order, columns=cols)
    out.columns = [f"{c}_share" for c in out.columns]
    return out.reset_index()


def leading_topics(residuals: pd.DataFrame, country: str, k: int = 3) -> list[str]:
    """Topics a country names significantly more often than the other (adjusted residual > 1.96)."""
    if residuals.empty or "country" not in residuals.columns:
        return []
    sub = residuals.loc[residuals["country"] == country].sort_values("adj_residual", ascending=False)
    return [str(t) for t in sub.loc[sub["adj_residual"] > 1.96, "topic"].head(k)]


def topics_section(docs: pd.DataFrame) -> Section:
    by_level = topic_profile(docs, "level")
    by_country = topic_profile(docs, "country")
    t_level = topic_test(docs, "level")
    t_country = topic_test(docs, "country", ["RU", "BY"])
    stats = {**{f"level_{k}": v for k, v in _test_stats(t_level).items()},
             **{f"country_{k}": v for k, v in _test_stats(t_country).items()}}
    residuals_country = _residuals_long(t_country, "country")
    if math.isnan(t_country.chi2):
        text_ru = "Различие тематических профилей России и Беларуси проверить нельзя: нет публикаций о союзных отношениях со сферами от СМИ обеих стран."
        text_en = "Whether Russian and Belarusian topic profiles differ cannot be tested: there are no Union publications with topics from media of both countries."
        take_ru = take_en = ""
    else:
        text_ru = (f"Различие тематических профилей стран: χ² = {num(t_country.chi2, 'ru', 1)}, "
                   f"{pval(t_country.p_value, 'ru')}, V Крамера = {num(t_country.cramers_v, 'ru', 3)}.")
        text_en = (f"Topic profiles of the two countries: χ² = {num(t_country.chi2, 'en', 1)}, "
                   f"{pval(t_country.p_value, 'en')}, Cramér's V = {num(t_country.cramers_v, 'en', 3)}.")
        ru, by = leading_topics(residuals_country, "RU"), leading_topics(residuals_country, "BY")
        take_ru = (f"Чаще ожидаемого у российских СМИ: {labels(ru, 'ru') or 'нет'}; у белорусских: {labels(by, 'ru') or 'нет'}."
                   if ru or by else "Значимых различий в отдельных сферах между странами нет.")
        take_en = (f"More often than expected in Russian media: {labels(ru, 'en') or 'none'}; in Belarusian media: "
                   f"{labels(by, 'en') or 'none'}." if ru or by else "No single sphere differs significantly between the countries.")
    return Section(
        key="topics",
        title_ru="Сферы сотрудничества по уровням СМИ и странам",
        title_en="Spheres of cooperation by media level and country",
        tables={
            "by_level": by_level, "by_country": by_country, "country_profile": _country_profile(by_country),
            "residuals_level": _residuals_long(t_level, "level"),
            "residuals_country": residuals_country,
        },
        stats=stats,
        chart=ChartSpec("heatmap", "by_country", "topic", "country", value="share",
                        title_ru="Доля публикаций, называющих сферу", title_en="Share of publications naming a sphere")
        if len(by_country) else None,
        text_ru=text_ru,
        text_en=text_en,
        summary_table="country_profile", takeaway_ru=take_ru, takeaway_en=take_en,
    )
