"""Topic profiles: which spheres of cooperation each level and country writes about.

A profile is the share of union publications naming each topic (a text may
name several). Whether profiles differ is tested on the label counts
(group × topic) with chi-square; adjusted standardised residuals show which
cells drive the difference and Cramér's V how strong it is.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from regionlens.analysis.frame import TOPICS, explode, union_docs, validate_frame
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import ChiSquare, chi_square


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


def topics_section(docs: pd.DataFrame) -> Section:
    by_level = topic_profile(docs, "level")
    by_country = topic_profile(docs, "country")
    t_level = topic_test(docs, "level")
    t_country = topic_test(docs, "country", ["RU", "BY"])
    stats = {**{f"level_{k}": v for k, v in _test_stats(t_level).items()},
             **{f"country_{k}": v for k, v in _test_stats(t_country).items()}}
    return Section(
        key="topics",
        title_ru="Сферы сотрудничества по уровням СМИ и странам",
        title_en="Spheres of cooperation by media level and country",
        tables={
            "by_level": by_level, "by_country": by_country,
            "residuals_level": _residuals_long(t_level, "level"),
            "residuals_country": _residuals_long(t_country, "country"),
        },
        stats=stats,
        chart=ChartSpec("heatmap", "by_country", "topic", "country", value="share",
                        title_ru="Доля публикаций, называющих сферу", title_en="Share of publications naming a sphere"),
        text_ru=(f"Различие тематических профилей стран: χ² = {t_country.chi2:.1f}, V Крамера = {t_country.cramers_v:.3f}".replace(".", ",")),
        text_en=f"Topic profiles of the two countries differ: χ² = {t_country.chi2:.1f}, Cramér's V = {t_country.cramers_v:.3f}",
    )
