"""Statistics of an expert survey: items, scale reliability, ranking concordance, country contrast.

Plain formulas (checked in the tests against pingouin and scipy) so the
report can print every intermediate number and nothing depends on a library's
defaults changing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from regionlens.surveys.schema import Ranking, Scale, SurveySchema


def reversed_items(frame: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """Item answers of a scale with reverse-keyed items flipped (min + max − x)."""
    items = frame[list(scale.items)].astype(float).copy()
    for col in scale.reverse:
        items[col] = scale.min + scale.max - items[col]
    return items


def item_stats(frame: pd.DataFrame, schema: SurveySchema) -> pd.DataFrame:
    """One row per Likert item and ranking object: n, mean, sd, median and the answer distribution."""
    rows = []
    for group, items in [(s.name, s.items) for s in schema.scales] + [(r.name, r.items) for r in schema.rankings]:
        for item in items:
            values = frame[item].dropna().astype(float)
            dist = Counter(values.tolist())
            rows.append({
                "group": group, "item": item, "n": int(values.size),
                "mean": float(values.mean()) if values.size else np.nan,
                "sd": float(values.std(ddof=1)) if values.size > 1 else np.nan,
                "median": float(values.median()) if values.size else np.nan,
                "distribution": "; ".join(f"{k:g}: {dist[k]}" for k in sorted(dist)),
            })
    return pd.DataFrame(rows, columns=["group", "item", "n", "mean", "sd", "median", "distribution"])


def cronbach_alpha(items: pd.DataFrame) -> tuple[float, int]:
    """Cronbach's alpha on complete cases (listwise deletion) and the number of respondents used."""
    complete = items.dropna().astype(float)
    n, k = complete.shape
    if n < 2 or k < 2:
        return float("nan"), n
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan"), n
    return float(k / (k - 1) * (1 - item_var / total_var)), n


def scale_scores(frame: pd.DataFrame, scale: Scale) -> pd.Series:
    """Mean of a respondent's (reverse-keyed) items; respondents with no answers get NaN."""
    return reversed_items(frame, scale).mean(axis=1, skipna=True)


@dataclass(frozen=True, slots=True)
class KendallW:
    w: float
    chi2: float
    df: int
    p_value: float
    m: int  # raters (respondents with a complete ranking)
    n: int  # ranked objects


def kendall_w(ranks: pd.DataFrame) -> KendallW:
    """Kendall's coefficient of concordance with the tie correction and its chi-square test.

    Rows are raters, columns the ranked objects; each row is re-ranked so that
    any scores (not only 1..n) are accepted and ties get mid-ranks.
    """
    complete = ranks.dropna().astype(float)
    m, n = complete.shape
    if m < 2 or n < 2:
        return KendallW(float("nan"), float("nan"), max(n - 1, 0), float("nan"), m, n)
    r = np.apply_along_axis(stats.rankdata, 1, complete.to_numpy())
    totals = r.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    ties = 0.0
    for row in r:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts**3 - counts).sum())
    denom = m**2 * (n**3 - n) - m * ties
    w = 12 * s / denom if denom else float("nan")
    chi2 = m * (n - 1) * w
    return KendallW(float(w), float(chi2), n - 1, float(stats.chi2.sf(chi2, n - 1)), m, n)


def ranking_table(frame: pd.DataFrame, ranking: Ranking) -> pd.DataFrame:
    """Mean rank of each object (1 = most important), best first."""
    ranks = frame[list(ranking.items)].astype(float)
    out = pd.DataFrame({"item": list(ranking.items), "mean_rank": ranks.mean().to_numpy(),
                        "first_place": [(ranks[c] == 1).sum() for c in ranking.items]})
    return out.sort_values("mean_rank").reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class CountryContrast:
    scale: str
    group_a: str
    group_b: str
    n_a: int
    n_b: int
    median_a: float
    median_b: float
    mean_a: float
    mean_b: float
    u: float  # U of group A
    p_value: float
    r_rb: float  # rank-biserial r, positive when group A answers higher


def mann_whitney(a: pd.Series, b: pd.Series) -> tuple[float, float, float]:
    """U of `a`, two-sided p (scipy defaults) and the rank-biserial r = 2U/(n_a n_b) − 1."""
    x, y = a.dropna().astype(float), b.dropna().astype(float)
    if len(x) == 0 or len(y) == 0:
        return float("nan"), float("nan"), float("nan")
    res = stats.mannwhitneyu(x, y, alternative="two-sided")
    u = float(res.statistic)
    return u, float(res.pvalue), 2 * u / (len(x) * len(y)) - 1


def compare_countries(frame: pd.DataFrame, schema: SurveySchema, a: str = "RU", b: str = "BY") -> list[CountryContrast]:
    """Scale scores of experts of country `a` against country `b`, one Mann–Whitney test per scale."""
    out = []
    for scale in schema.scales:
        scores = scale_scores(frame, scale)
        sa = scores[frame["country"] == a].dropna()
        sb = scores[frame["country"] == b].dropna()
        u, p, r = mann_whitney(sa, sb)
        out.append(CountryContrast(scale.name, a, b, len(sa), len(sb),
                                   float(sa.median()) if len(sa) else np.nan, float(sb.median()) if len(sb) else np.nan,
                                   float(sa.mean()) if len(sa) else np.nan, float(sb.mean()) if len(sb) else np.nan,
                                   u, p, r))
    return out


def open_answer_topics(frame: pd.DataFrame, schema: SurveySchema) -> pd.DataFrame:
    """Open answers coded with the codebook: how many answers of each question name each topic.

    The rules alone decide: the learned layer was trained on publications, and a one-line answer («Университеты
    и студенты мало участвуют») is not one — it would read the missing relation wording as «no sphere»."""
    from regionlens.coding.coder import code_text

    rows = []
    for col in schema.open:
        answers = [str(t) for t in frame[col].dropna() if str(t).strip()]
        counts: Counter[str] = Counter()
        for text in answers:
            counts.update(set(code_text(text, learned=False).values.get("topics") or []))
        for topic, n in counts.most_common():
            rows.append({"question": col, "topic": topic, "answers": n, "share": n / len(answers)})
    return pd.DataFrame(rows, columns=["question", "topic", "answers", "share"])
