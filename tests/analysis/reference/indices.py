"""Substantive, problem and tone indices by level, country, region and border status.

The study's central claim is that coverage avoids substance and problems,
more so in regional and local media. Shares carry Wilson intervals, the tone
mean a t interval; level and country contrasts get two-proportion tests.
Because publications of one outlet are not independent, the level effect on
substance is also estimated with outlets (and regions) as clusters: a
Bayesian mixed logistic model with variance components for outlet and region,
and a GEE logistic model clustered by outlet as the frequentist check.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from regionlens.analysis.frame import SUBNATIONAL, union_docs, validate_frame, without_reprints
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import Z95, mean_ci, share_table, two_proportion_test
from regionlens.messages.labels import label
from regionlens.messages.numbers import pct

INDICES: tuple[str, ...] = ("substantive", "problem")
MODEL_MAX_ROWS = 20_000


def _with_groups(docs: pd.DataFrame) -> pd.DataFrame:
    out = docs.assign(
        level_group=docs["level"].where(~docs["level"].isin(SUBNATIONAL), "subnational"),
        region=docs["region_code"].fillna(docs["country"].astype(str) + "-national"),
        border_group=np.where(docs["border"].astype(bool), "border", "non-border"),
    )
    return out


def index_table(docs: pd.DataFrame, by: str = "level") -> pd.DataFrame:
    """Per group of union publications: n, substantive and problem shares with Wilson CIs, tone mean with t CI.

    `by` is a frame column or one of level_group, region, border_group.
    """
    validate_frame(docs)
    base = _with_groups(union_docs(docs))
    parts = []
    for col in INDICES:
        t = share_table(base, [by], col).rename(columns={
            "k": f"{col}_k", "share": f"{col}_share", "ci_low": f"{col}_ci_low", "ci_high": f"{col}_ci_high"})
        parts.append(t.set_index(by))
    out = pd.concat([parts[0], parts[1].drop(columns="n")], axis=1)
    g = base.groupby(by, observed=True, dropna=False)["tone"]
    mean, sd, n = g.mean(), g.std(ddof=1), g.size()
    tcrit = pd.Series(stats.t.ppf(0.975, np.maximum(n - 1, 1)), index=n.index)
    se = sd / np.sqrt(n)
    out["tone_mean"] = mean
    out["tone_ci_low"] = mean - tcrit * se
    out["tone_ci_high"] = mean + tcrit * se
    out["negative_share"] = base.assign(neg=(base["tone"] < 0).astype(int)).groupby(by, dropna=False)["neg"].mean()
    return out.reset_index()


def contrast_table(docs: pd.DataFrame) -> pd.DataFrame:
    """Two-proportion tests (substantive, problem) and Welch t-tests (tone): federal vs regional+local, RU vs BY."""
    base = _with_groups(union_docs(docs))
    rows: list[dict[str, Any]] = []
    pairs = [("level_group", "federal", "subnational"), ("country", "RU", "BY")]
    for col in INDICES:
        for by, a, b in pairs:
            x, y = base.loc[base[by] == a, col], base.loc[base[by] == b, col]
            t = two_proportion_test(int(x.sum()), len(x), int(y.sum()), len(y))
            rows.append({"index": col, "by": by, "group_a": a, "group_b": b, "n_a": t.n1, "n_b": t.n2,
                         "share_a": t.p1, "share_b": t.p2, "diff": t.diff, "diff_ci_low": t.diff_low,
                         "diff_ci_high": t.diff_high, "z": t.z, "p_value": t.p_value,
                         "test": "two-proportion z-test"})
    for by, a, b in pairs:
        xa = base.loc[base[by] == a, "tone"].to_numpy(float)
        xb = base.loc[base[by] == b, "tone"].to_numpy(float)
        if len(xa) > 1 and len(xb) > 1 and (xa.std() > 0 or xb.std() > 0):
            res = stats.ttest_ind(xa, xb, equal_var=False)
            tval, pv = float(res.statistic), float(res.pvalue)
        else:
            tval = pv = float("nan")
        ma, mb = mean_ci(xa)[0], mean_ci(xb)[0]
        rows.append({"index": "tone", "by": by, "group_a": a, "group_b": b, "n_a": len(xa), "n_b": len(xb),
                     "share_a": ma, "share_b": mb, "diff": ma - mb, "diff_ci_low": np.nan,
                     "diff_ci_high": np.nan, "z": tval, "p_value": pv, "test": "Welch t-test"})
    return pd.DataFrame(rows)


def _model_data(docs: pd.DataFrame, max_rows: int, seed: int) -> pd.DataFrame:
    base = _with_groups(union_docs(docs))[["substantive", "level", "source", "region", "country"]].copy()
    base["substantive"] = base["substantive"].astype(float)
    if len(base) > max_rows:
        base = base.sample(n=max_rows, random_state=seed)
    return base


def level_models(docs: pd.DataFrame, max_rows: int = MODEL_MAX_ROWS, seed: int = 0) -> pd.DataFrame:
    """Odds ratios of substantive coverage for each level against federal media.

    Two models on union publications: `BinomialBayesMixedGLM` (variational Bayes;
    variance components for outlet and region, regions named with their country so
    outlets nest in regions in countries) and GEE logistic clustered by outlet with
    an exchangeable working correlation. Above `max_rows` a seeded random sample is used.
    """
    import statsmodels.api as sm
    import statsmodels.formula.api as smf
    from statsmodels.genmod.bayes_mixed_glm import BinomialBayesMixedGLM

    data = _model_data(docs, max_rows, seed)
    cols = ["model", "term", "odds_ratio", "ci_low", "ci_high", "p_value", "n", "clusters"]
    levels = data["level"].unique()
    if "federal" not in levels or len(levels) < 2 or data["substantive"].nunique() < 2:
        return pd.DataFrame(columns=cols)
    formula = "substantive ~ C(level, Treatment('federal'))"
    rows: list[dict[str, Any]] = []

    def term(name: str) -> str:
        return name.split("[T.")[-1].rstrip("]") if "[T." in name else name

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            vc = {"outlet": "0 + C(source)", "region": "0 + C(region)"}
            mixed = BinomialBayesMixedGLM.from_formula(formula, vc, data)
            fit = mixed.fit_vb(fit_method="L-BFGS-B", rng=seed)
            for i, name in enumerate(mixed.exog_names):
                if name == "Intercept":
                    continue
                m, s = float(fit.fe_mean[i]), float(fit.fe_sd[i])
                rows.append({"model": "mixed (BinomialBayesMixedGLM)", "term": term(name), "odds_ratio": np.exp(m),
                             "ci_low": np.exp(m - Z95 * s), "ci_high": np.exp(m + Z95 * s),
                             "p_value": float(2 * stats.norm.sf(abs(m / s))) if s > 0 else np.nan,
                             "n": len(data), "clusters": int(data["source"].nunique())})
        except (ValueError, np.linalg.LinAlgError):
            pass
        try:
            gee = smf.gee(formula, groups="source", data=data, family=sm.families.Binomial(),
                          cov_struct=sm.cov_struct.Exchangeable())
            res = gee.fit()
            ci = res.conf_int()
            for name in res.params.index:
                if name == "Intercept":
                    continue
                rows.append({"model": "GEE (exchangeable, outlet clusters)", "term": term(name),
                             "odds_ratio": float(np.exp(res.params[name])), "ci_low": float(np.exp(ci.loc[name, 0])),
                             "ci_high": float(np.exp(ci.loc[name, 1])), "p_value": float(res.pvalues[name]),
                             "n": len(data), "clusters": int(data["source"].nunique())})
        except (ValueError, np.linalg.LinAlgError):
            pass
    return pd.DataFrame(rows, columns=cols)


def indices_section(docs: pd.DataFrame, seed: int = 0) -> Section:
    tables: dict[str, pd.DataFrame] = {}
    for by in ("level", "country", "region", "border_group"):
        t = index_table(docs, by)
        t_orig = index_table(without_reprints(docs), by)
        tables[f"by_{by}"] = t
        tables[f"by_{by}_originals"] = t_orig
    tables["contrasts"] = contrast_table(docs)
    tables["contrasts_originals"] = contrast_table(without_reprints(docs))
    tables["level_models"] = level_models(docs, seed=seed)
    stats_: dict[str, Any] = {}
    for row in tables["contrasts"].itertuples():
        stats_[f"{row.index}_{row.by}_diff"] = row.diff
        stats_[f"{row.index}_{row.by}_p"] = row.p_value
    take_ru = take_en = ""
    lv = tables["by_level"].dropna(subset=["substantive_share"])
    if len(lv) >= 2:
        lo, hi = lv.loc[lv["substantive_share"].idxmin()], lv.loc[lv["substantive_share"].idxmax()]
        take_ru = (f"Доля содержательных публикаций — от {pct(lo.substantive_share, 'ru')} ({label(lo.level, 'ru')} СМИ) "
                   f"до {pct(hi.substantive_share, 'ru')} ({label(hi.level, 'ru')} СМИ).")
        take_en = (f"The share of substantive publications ranges from {pct(lo.substantive_share, 'en')} "
                   f"({label(lo.level, 'en')} media) to {pct(hi.substantive_share, 'en')} ({label(hi.level, 'en')} media).")
    return Section(
        key="indices",
        title_ru="Содержательность, проблемность и тональность",
        title_en="Substance, problems and tone",
        tables=tables,
        stats=stats_,
        chart=ChartSpec("errorbar", "by_level", "level", "substantive_share", low="substantive_ci_low",
                        high="substantive_ci_high", title_ru="Доля содержательных публикаций (95 % ДИ)",
                        title_en="Share of substantive publications (95% CI)") if len(tables["by_level"]) else None,
        text_ru="Доли среди публикаций о союзных отношениях; интервалы Вильсона, для тональности — t-интервал.",
        text_en="Shares among publications on Union relations; Wilson intervals, t interval for tone.",
        summary_table="by_level",
        summary_columns=["level", "n", "substantive_share", "problem_share", "tone_mean", "negative_share"],
        takeaway_ru=take_ru, takeaway_en=take_en,
    )
