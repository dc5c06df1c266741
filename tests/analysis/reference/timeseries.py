"""Attention over time: monthly union publications, their peaks, and the pull of named events.

Counts are shown next to the share of all publications (volume-normalised),
because archives grow and shrink. Peaks are months above mean + k·SD of the
monthly union count (scipy's prominence rule is reported alongside). Whether
coverage is event-driven is tested directly: the union publication rate in a
±2-week window around each event against the rate outside all windows,
conditional binomial (exact) test for two Poisson rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from scipy import signal, stats

from regionlens.analysis.corpus_facts import MIN_MONTHS_FOR_DYNAMICS
from regionlens.analysis.frame import dated, validate_frame
from regionlens.analysis.result import ChartSpec, Section
from regionlens.analysis.stats import holm


@dataclass(frozen=True, slots=True)
class Event:
    """A named event with its dates (inclusive); the window adds `window_days` either side."""

    name_ru: str
    name_en: str
    start: date
    end: date


def monthly_series(docs: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """month × (group): all publications, union publications, union share; empty months are zeros."""
    validate_frame(docs)
    docs = dated(docs)  # an undated publication belongs to no month; corpus_facts counts them for the report
    month = docs["published_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M")
    keys: list[Any] = [month.rename("month")] + ([docs[by]] if by else [])
    g = docs.groupby(keys, observed=True)["union"].agg(["size", "sum"]).rename(
        columns={"size": "publications", "sum": "union"})
    if len(month) == 0:
        return pd.DataFrame(columns=["month", *([by] if by else []), "publications", "union", "union_share"])
    full = pd.period_range(month.min(), month.max(), freq="M")
    if by:
        idx = pd.MultiIndex.from_product([full, sorted(docs[by].dropna().unique())], names=["month", by])
    else:
        idx = pd.Index(full, name="month")
    g = g.reindex(idx, fill_value=0).reset_index()
    g["union_share"] = g["union"] / g["publications"].replace(0, np.nan)
    g["month"] = g["month"].dt.to_timestamp()
    return g


def detect_peaks(series: pd.Series, k: float = 2.0, prominence_sd: float = 1.5) -> pd.DataFrame:
    """Flags per point: `peak` (above mean + k·SD) and `peak_prominence` (find_peaks, prominence ≥ p·SD)."""
    x = series.to_numpy(dtype=float)
    mean, sd = (float(np.nanmean(x)), float(np.nanstd(x, ddof=1))) if len(x) > 1 else (float("nan"), 0.0)
    z = (x - mean) / sd if sd > 0 else np.zeros_like(x)
    prom = np.zeros(len(x), dtype=bool)
    if sd > 0 and len(x) >= 3:
        idx, _ = signal.find_peaks(np.nan_to_num(x), prominence=prominence_sd * sd)
        prom[idx] = True
    return pd.DataFrame({"z": z, "peak": z > k, "peak_prominence": prom}, index=series.index)


def event_windows(docs: pd.DataFrame, events: list[Event], window_days: int = 14) -> pd.DataFrame:
    """Per event inside the corpus period: union publications and rate in the window vs the baseline.

    Baseline = days outside every event window. p-values are one-sided (window
    rate higher), Holm-adjusted over the events tested.
    """
    cols = ["event_ru", "event_en", "window_from", "window_to", "days", "union", "rate_per_day",
            "baseline_rate_per_day", "rate_ratio", "union_share", "baseline_union_share", "p_value", "p_holm"]
    docs = dated(docs)
    if not len(docs) or not events:
        return pd.DataFrame(columns=cols)
    day = docs["published_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.normalize()
    first, last = day.min(), day.max()
    span_days = int((last - first).days) + 1
    pad = timedelta(days=window_days)
    wins = []
    for ev in events:
        lo = max(pd.Timestamp(ev.start - pad), first)
        hi = min(pd.Timestamp(ev.end + pad), last)
        if lo <= hi:
            wins.append((ev, lo, hi))
    if not wins:
        return pd.DataFrame(columns=cols)
    in_any = np.zeros(len(docs), dtype=bool)
    covered = set()
    for _, lo, hi in wins:
        in_any |= ((day >= lo) & (day <= hi)).to_numpy()
        covered.update(pd.date_range(lo, hi, freq="D"))
    union = docs["union"].to_numpy().astype(int)
    base_days = max(span_days - len(covered), 1)
    base_union = int(union[~in_any].sum())
    base_total = int((~in_any).sum())
    rows = []
    for ev, lo, hi in wins:
        mask = ((day >= lo) & (day <= hi)).to_numpy()
        d = int((hi - lo).days) + 1
        n_w, tot_w = int(union[mask].sum()), int(mask.sum())
        expected_share = d / (d + base_days)
        p = float(stats.binomtest(n_w, n_w + base_union, expected_share, alternative="greater").pvalue) if n_w + base_union else 1.0
        rate, base_rate = n_w / d, base_union / base_days
        rows.append({"event_ru": ev.name_ru, "event_en": ev.name_en, "window_from": lo, "window_to": hi, "days": d,
                     "union": n_w, "rate_per_day": rate, "baseline_rate_per_day": base_rate,
                     "rate_ratio": rate / base_rate if base_rate > 0 else np.nan,
                     "union_share": n_w / tot_w if tot_w else np.nan,
                     "baseline_union_share": base_union / base_total if base_total else np.nan, "p_value": p})
    out = pd.DataFrame(rows, columns=cols[:-1])
    out["p_holm"] = holm(out["p_value"].to_numpy())
    return out


def peak_months(docs: pd.DataFrame, k: float = 2.0) -> pd.DataFrame:
    """The overall monthly series with peak flags (on union counts)."""
    s = monthly_series(docs)
    if s.empty:
        return s.assign(z=[], peak=[], peak_prominence=[])
    flags = detect_peaks(s["union"], k=k)
    return pd.concat([s, flags], axis=1)


def months_in_windows(months: pd.Series, events: list[Event], window_days: int = 14) -> pd.Series:
    """True for months that overlap some event window."""
    pad = timedelta(days=window_days)
    out = np.zeros(len(months), dtype=bool)
    for ev in events:
        lo, hi = pd.Timestamp(ev.start - pad), pd.Timestamp(ev.end + pad)
        m_end = months + pd.offsets.MonthEnd(0)
        out |= ((months <= hi) & (m_end >= lo)).to_numpy()
    return pd.Series(out, index=months.index)


def timeseries_section(docs: pd.DataFrame, events: list[Event], k: float = 2.0, window_days: int = 14) -> Section:
    overall = peak_months(docs, k)
    if len(overall):
        overall["event_window"] = months_in_windows(overall["month"], events, window_days)
    by_country = monthly_series(docs, "country")
    by_level = monthly_series(docs, "level")
    ev = event_windows(docs, events, window_days)
    peaks = overall.loc[overall["peak"]] if len(overall) else overall
    stats_: dict[str, Any] = {
        "months": int(len(overall)), "peak_months": [m.strftime("%Y-%m") for m in peaks["month"]] if len(peaks) else [],
        "peak_rule": f"union count > mean + {k}·SD",
        "peaks_in_event_windows": int(peaks["event_window"].sum()) if len(peaks) else 0,
        "events_tested": int(len(ev)),
        "events_significant": int((ev["p_holm"] < 0.05).sum()) if len(ev) else 0,
    }
    take_ru = take_en = ""
    if len(overall) >= 3:
        n_peaks, in_win = int(len(peaks)), stats_["peaks_in_event_windows"]
        take_ru = (f"Пиковых месяцев: {n_peaks}, из них в окнах событий: {in_win}; значимый рост в окнах "
                   f"{stats_['events_significant']} из {stats_['events_tested']} событий.")
        take_en = (f"Peak months: {n_peaks}, of them in event windows: {in_win}; a significant rise in the windows of "
                   f"{stats_['events_significant']} of {stats_['events_tested']} events.")
    return Section(
        key="timeseries",
        title_ru="Динамика публикаций о союзных отношениях",
        title_en="Publications on Union relations over time",
        tables={"monthly": overall, "monthly_by_country": by_country, "monthly_by_level": by_level, "events": ev},
        stats=stats_,
        chart=ChartSpec("line", "monthly_by_country", "month", "union", series="country",
                        title_ru="Публикации о союзных отношениях по месяцам", title_en="Union publications by month")
        if len(overall) >= MIN_MONTHS_FOR_DYNAMICS else None,  # a line over one or two months shows no trend
        text_ru=f"Пики — месяцы, где число публикаций выше среднего более чем на {k} стандартных отклонения.",
        text_en=f"Peaks are months more than {k} standard deviations above the mean.",
        summary_table="events",
        summary_columns=["event_ru", "event_en", "window_from", "window_to", "union", "rate_ratio", "p_holm"],
        takeaway_ru=take_ru, takeaway_en=take_en,
    )
