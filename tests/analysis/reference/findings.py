"""Rule-based diagnostics: each rule turns a measured, tested effect into a finding with recommendations.

Thresholds and recommendation texts are data (`data/findings.yaml`). A rule
fires only when its effect is both large enough and significant, so a corpus
without differences produces only neutral information (severity «info»).
Each finding states its numbers, test and p-value in Russian and English, and
cites example publications.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import stats

from reference.indices import index_table
from reference.topics import leading_topics
from reference.voice import subnational_voice
from regionlens.analysis.findings import DEFAULT_THRESHOLDS  # noqa: E402  (the same rules file)
from regionlens.analysis.frame import SUBNATIONAL, union_docs
from regionlens.analysis.result import Finding, Section
from regionlens.messages.labels import labels, region_name
from regionlens.messages.numbers import num, pct, pval

RULES = ("substantive_level_gap", "problem_avoidance", "problem_country_gap", "border_reciprocity",
         "event_driven", "low_original_content", "national_voice", "topic_divergence", "no_conflict")
COUNTRY_RU = {"RU": "российских", "BY": "белорусских", "union": "союзных"}
COUNTRY_EN = {"RU": "Russian", "BY": "Belarusian", "union": "Union"}
GROUP_RU = {"federal": "федеральных (национальных)", "subnational": "региональных и местных", "union": "союзных",
            "regional": "региональных", "local": "местных", **COUNTRY_RU}
GROUP_EN = {"federal": "federal (national)", "subnational": "regional and local", "union": "Union",
            "regional": "regional", "local": "local", **COUNTRY_EN}


def region_label(code: str, lang: str) -> str:
    """«Смоленская область» from the gazetteer; the code only when the gazetteer does not know it."""
    return region_name(code, lang) or code


class ThresholdsError(ValueError):
    """The findings thresholds file is unreadable or incomplete."""


def load_thresholds(path: Path | str | None = None) -> dict[str, dict[str, Any]]:
    """Read and check the thresholds file; errors name the file and the rule."""
    p = Path(path) if path else DEFAULT_THRESHOLDS
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ThresholdsError(f"{p}: не удалось прочитать файл порогов: {exc}") from exc
    if not isinstance(data, dict):
        raise ThresholdsError(f"{p}: ожидался словарь правил")
    missing = [r for r in RULES if not isinstance(data.get(r), dict)]
    if missing:
        raise ThresholdsError(f"{p}: нет правил: {', '.join(missing)}")
    for rule in RULES:
        for k, v in data[rule].items():
            if not k.startswith("recommendations") and not isinstance(v, (int, float)):
                raise ThresholdsError(f"{p}: правило {rule}, параметр {k}: ожидалось число, получено {v!r}")
    return data


def _ids(frame: pd.DataFrame, k: int = 3) -> list[str]:
    """Representative examples: the earliest k publications matching (deterministic)."""
    if frame.empty:
        return []
    return frame.sort_values(["published_at", "id"])["id"].astype(str).head(k).tolist()


def _finding(key: str, rule: dict[str, Any], ru: str, en: str, **kw: Any) -> Finding:
    return Finding(key=key, severity=kw.pop("severity", "warning"), text_ru=ru, text_en=en,
                   recommendations_ru=list(rule.get("recommendations_ru", [])),
                   recommendations_en=list(rule.get("recommendations_en", [])), **kw)


def _substantive_gap(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["substantive_level_gap"]
    c = sec["indices"].tables["contrasts"]
    row = c.loc[(c["index"] == "substantive") & (c["by"] == "level_group")]
    if row.empty:
        return []
    r = row.iloc[0]
    if not (r.n_a >= rule["min_n"] and r.n_b >= rule["min_n"] and r["diff"] >= rule["min_diff"] and r.p_value < rule["max_p"]):
        return []
    numbers: dict[str, Any] = {"federal_share": r.share_a, "subnational_share": r.share_b, "diff": r["diff"],
                               "diff_ci": [r.diff_ci_low, r.diff_ci_high], "n_federal": r.n_a, "n_subnational": r.n_b}
    models = sec["indices"].tables.get("level_models", pd.DataFrame())
    extra_ru, extra_en = "", ""
    gee = models.loc[models["model"].str.startswith("GEE") & models["term"].isin(SUBNATIONAL)] if len(models) else models
    gee = gee.sort_values("term", key=lambda s: s.map({"regional": 0, "local": 1})) if len(gee) else gee
    for m in gee.itertuples() if len(gee) else []:
        numbers[f"gee_or_{m.term}"] = m.odds_ratio
        numbers[f"gee_or_{m.term}_ci"] = [m.ci_low, m.ci_high]
        numbers[f"gee_or_{m.term}_p"] = m.p_value
    if len(gee):
        m = gee.iloc[0]
        extra_ru = (f"; с учётом кластеризации по изданиям (GEE) отношение шансов для {GROUP_RU[m.term]} СМИ "
                    f"{num(m.odds_ratio, 'ru', 2)} [{num(m.ci_low, 'ru', 2)}; {num(m.ci_high, 'ru', 2)}], {pval(m.p_value, 'ru')}")
        extra_en = (f"; accounting for outlet clustering (GEE) the odds ratio for {GROUP_EN[m.term]} media is "
                    f"{num(m.odds_ratio, 'en', 2)} [{num(m.ci_low, 'en', 2)}; {num(m.ci_high, 'en', 2)}], {pval(m.p_value, 'en')}")
    mixed = models.loc[models["model"].str.startswith("mixed")] if len(models) else models
    for m in mixed.itertuples() if len(mixed) else []:
        numbers[f"mixed_or_{m.term}"] = m.odds_ratio
    ex = union_docs(docs)
    ex = ex.loc[ex["level"].isin(SUBNATIONAL) & (ex["substantive"] == 0)]
    return [_finding(
        "substantive_level_gap", rule,
        f"В региональных и местных СМИ доля содержательных публикаций {pct(r.share_b, 'ru')} против "
        f"{pct(r.share_a, 'ru')} в федеральных, {pval(r.p_value, 'ru')} (z-критерий для двух долей){extra_ru}.",
        f"In regional and local media {pct(r.share_b, 'en')} of publications are substantive against "
        f"{pct(r.share_a, 'en')} in federal media, {pval(r.p_value, 'en')} (two-proportion z-test){extra_en}.",
        numbers=numbers, test="two-proportion z-test; GEE logistic (outlet clusters); BinomialBayesMixedGLM",
        p_value=float(r.p_value), examples=_ids(ex))]


def _problem_avoidance(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["problem_avoidance"]
    out: list[Finding] = []
    tables = [("country", index_table(docs, "country")), ("level_group", index_table(docs, "level_group"))]
    base = union_docs(docs)
    base = base.assign(level_group=base["level"].where(~base["level"].isin(SUBNATIONAL), "subnational"))
    for by, tab in tables:
        for r in tab.itertuples():
            group = getattr(r, by)
            if group not in ("RU", "BY", "federal", "subnational"):
                continue
            if r.n < rule["min_n"] or r.problem_share >= rule["max_share"]:
                continue
            p = float(stats.binomtest(int(r.problem_k), int(r.n), rule["max_share"], alternative="less").pvalue)
            if p >= rule["max_p"]:
                continue
            ex = base.loc[(base[by] == group) & (base["problem"] == 0)]
            out.append(_finding(
                f"problem_avoidance:{group}", rule,
                f"Публикации {GROUP_RU[group]} СМИ обходят проблемы: проблемные лишь {pct(r.problem_share, 'ru')} "
                f"(95 % ДИ {pct(r.problem_ci_low, 'ru')}–{pct(r.problem_ci_high, 'ru')}, n = {num(int(r.n), 'ru', 0)}) при пороге "
                f"{pct(rule['max_share'], 'ru', 0)}; биномиальный тест, {pval(p, 'ru')}.",
                f"Coverage in {GROUP_EN[group]} media avoids problems: only {pct(r.problem_share, 'en')} raise one "
                f"(95% CI {pct(r.problem_ci_low, 'en')}–{pct(r.problem_ci_high, 'en')}, n = {num(int(r.n), 'en', 0)}) against a "
                f"threshold of {pct(rule['max_share'], 'en', 0)}; binomial test, {pval(p, 'en')}.",
                numbers={"group": group, "problem_share": r.problem_share, "ci": [r.problem_ci_low, r.problem_ci_high],
                         "n": int(r.n), "threshold": rule["max_share"]},
                test="exact binomial test against the threshold (one-sided)", p_value=p, examples=_ids(ex)))
    return out


def _problem_country_gap(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["problem_country_gap"]
    c = sec["indices"].tables["contrasts"]
    row = c.loc[(c["index"] == "problem") & (c["by"] == "country")]
    if row.empty:
        return []
    r = row.iloc[0]
    if not (min(r.n_a, r.n_b) >= rule["min_n"] and abs(r["diff"]) >= rule["min_diff"] and r.p_value < rule["max_p"]):
        return []
    hi, lo = ("RU", "BY") if r["diff"] > 0 else ("BY", "RU")
    s_hi, s_lo = max(r.share_a, r.share_b), min(r.share_a, r.share_b)
    ex = union_docs(docs)
    ex = ex.loc[(ex["country"] == hi) & (ex["problem"] == 1)]
    return [_finding(
        "problem_country_gap", rule,
        f"СМИ двух стран по-разному говорят о проблемах сотрудничества: в {GROUP_RU[hi]} СМИ проблемные "
        f"{pct(s_hi, 'ru')} публикаций, в {GROUP_RU[lo]} — {pct(s_lo, 'ru')}, {pval(r.p_value, 'ru')} (z-критерий для двух долей).",
        f"The two countries' media differ in raising problems: {pct(s_hi, 'en')} of publications in {GROUP_EN[hi]} "
        f"media against {pct(s_lo, 'en')} in {GROUP_EN[lo]} media, {pval(r.p_value, 'en')} (two-proportion z-test).",
        numbers={"RU": r.share_a, "BY": r.share_b, "diff": r["diff"], "diff_ci": [r.diff_ci_low, r.diff_ci_high]},
        test="two-proportion z-test", p_value=float(r.p_value), examples=_ids(ex))]


def _border_reciprocity(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["border_reciprocity"]
    rec = sec["network"].tables["reciprocity"]
    if rec.empty:
        return []
    own = rec["ru_side_media"] + rec["by_side_media"]
    hit = rec.loc[rec["border_pair"] & (own >= rule["min_n"]) & (rec["asymmetry_ratio"] >= rule["min_ratio"])
                  & (rec["p_holm"] < rule["max_p"])]
    out: list[Finding] = []
    for r in hit.itertuples():
        other = r.by_region if r.dominant_side == r.ru_region else r.ru_region
        many, few = max(r.ru_side_media, r.by_side_media), min(r.ru_side_media, r.by_side_media)
        ex = docs.loc[(docs["interregional"] == 1) & (docs["region_code"] == r.dominant_side)
                      & docs["regions"].map(lambda rs, a=r.ru_region, b=r.by_region: a in rs and b in rs)]
        out.append(_finding(
            f"border_reciprocity:{r.ru_region}/{r.by_region}", rule,
            f"Низкая взаимность освещения пары {region_label(r.ru_region, 'ru')} — {region_label(r.by_region, 'ru')}: "
            f"публикаций о паре в СМИ региона «{region_label(r.dominant_side, 'ru')}» — {int(many)}, в СМИ региона «{region_label(other, 'ru')}» — {int(few)} "
            f"(соотношение {num(r.asymmetry_ratio, 'ru', 1)}); "
            f"точный биномиальный тест с поправкой Холма, {pval(r.p_holm, 'ru')}.",
            f"Low reciprocity for the pair {region_label(r.ru_region, 'en')} — {region_label(r.by_region, 'en')}: "
            f"media of {region_label(r.dominant_side, 'en')} covered it "
            f"{int(many)} times, media of {region_label(other, 'en')} {int(few)} times (ratio {num(r.asymmetry_ratio, 'en', 1)}); "
            f"exact binomial test, Holm-adjusted, {pval(r.p_holm, 'en')}.",
            numbers={"ru_region": r.ru_region, "by_region": r.by_region, "ru_side_media": int(r.ru_side_media),
                     "by_side_media": int(r.by_side_media), "asymmetry_ratio": r.asymmetry_ratio,
                     "own_region_share": r.own_region_share, "publications": int(r.publications)},
            test="exact binomial test (equal coverage by both sides), Holm-adjusted", p_value=float(r.p_holm),
            examples=_ids(ex)))
    return out


def _event_driven(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["event_driven"]
    ts = sec["timeseries"]
    ev, monthly = ts.tables["events"], ts.tables["monthly"]
    if ev.empty or monthly.empty:
        return []
    sig = ev.loc[(ev["rate_ratio"] >= rule["min_rate_ratio"]) & (ev["p_holm"] < rule["max_p"])
                 & (ev["union"] >= rule["min_n"])]
    peaks = monthly.loc[monthly["peak"]]
    if sig.empty or peaks.empty:
        return []
    share = float(peaks["event_window"].mean())
    if share < rule["min_peak_share"]:
        return []
    top = sig.sort_values("rate_ratio", ascending=False).iloc[0]
    day = docs["published_at"].dt.tz_convert("UTC").dt.tz_localize(None)
    ex = docs.loc[(docs["union"] == 1) & (day >= top.window_from) & (day <= top.window_to + pd.Timedelta(days=1))]
    months_ru = ", ".join(m.strftime("%m.%Y") for m in peaks["month"])
    months_en = ", ".join(m.strftime("%Y-%m") for m in peaks["month"])
    return [_finding(
        "event_driven", rule,
        f"Освещение привязано к событиям: {int(peaks['event_window'].sum())} из {len(peaks)} пиковых месяцев "
        f"({months_ru}) приходятся на окна ±2 недели вокруг событий; в окне «{top.event_ru}» публикаций в день в "
        f"{num(top.rate_ratio, 'ru', 1)} раза больше обычного ({len(sig)} из {len(ev)} событий значимы), {pval(top.p_holm, 'ru')}.",
        f"Coverage is event-driven: {int(peaks['event_window'].sum())} of {len(peaks)} peak months ({months_en}) fall "
        f"in ±2-week windows around events; in the window of «{top.event_en}» the daily rate is "
        f"{num(top.rate_ratio, 'en', 1)} times the baseline ({len(sig)} of {len(ev)} events significant), {pval(top.p_holm, 'en')}.",
        numbers={"peak_months": months_en.split(", "), "peaks_in_windows_share": share,
                 "significant_events": int(len(sig)), "events": int(len(ev)), "max_rate_ratio": float(top.rate_ratio)},
        test="exact conditional test of two Poisson rates (window vs baseline), Holm-adjusted; peaks: mean + k·SD",
        p_value=float(top.p_holm), examples=_ids(ex))]


def _low_original(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["low_original_content"]
    tab = sec["reprints"].tables.get("by_level")
    out: list[Finding] = []
    if tab is None or tab.empty:  # the reprint search did not run: nothing measured, nothing to say
        return out
    for r in tab.itertuples():
        if r.level not in SUBNATIONAL or r.publications < rule["min_n"] or r.reprint_share < rule["min_reprint_share"]:
            continue
        p = float(stats.binomtest(int(r.reprints), int(r.publications), rule["min_reprint_share"], alternative="greater").pvalue)
        if p >= rule["max_p"]:
            continue
        ex = docs.loc[(docs["level"] == r.level) & (docs["union"] == 1) & docs["reprint_of"].notna()]
        out.append(_finding(
            f"low_original_content:{r.level}", rule,
            f"Мало собственного контента в {GROUP_RU[r.level]} СМИ: {pct(r.reprint_share, 'ru')} публикаций о союзных "
            f"отношениях — перепечатки (95 % ДИ {pct(r.ci_low, 'ru')}–{pct(r.ci_high, 'ru')}, n = {num(int(r.publications), 'ru', 0)}); "
            f"биномиальный тест против порога {pct(rule['min_reprint_share'], 'ru', 0)}, {pval(p, 'ru')}.",
            f"Low original content in {GROUP_EN[r.level]} media: {pct(r.reprint_share, 'en')} of publications on Union "
            f"relations are reprints (95% CI {pct(r.ci_low, 'en')}–{pct(r.ci_high, 'en')}, n = {num(int(r.publications), 'en', 0)}); "
            f"binomial test against {pct(rule['min_reprint_share'], 'en', 0)}, {pval(p, 'en')}.",
            numbers={"level": r.level, "reprint_share": r.reprint_share, "ci": [r.ci_low, r.ci_high],
                     "publications": int(r.publications)},
            test="exact binomial test against the threshold (one-sided)", p_value=p, examples=_ids(ex)))
    return out


def _national_voice(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["national_voice"]
    tab = subnational_voice(docs)
    out: list[Finding] = []
    for r in tab.itertuples():
        if r.country not in ("RU", "BY") or r.n < rule["min_n"]:
            continue
        diff = r.national_share - r.regional_local_share
        if diff < rule["min_diff"] or r.p_value >= rule["max_p"]:
            continue
        ex = union_docs(docs)
        ex = ex.loc[ex["level"].isin(SUBNATIONAL) & (ex["country"] == r.country)
                    & ex["actors"].map(lambda a: "FED" in a and "REG" not in a and "LOC" not in a)]
        out.append(_finding(
            f"national_voice:{r.country}", rule,
            f"В региональных и местных {GROUP_RU[r.country]} СМИ преобладает национальный голос: федеральные акторы "
            f"названы в {pct(r.national_share, 'ru')} публикаций, региональные и местные — в {pct(r.regional_local_share, 'ru')} "
            f"(индекс голоса {num(r.voice_index, 'ru', 2)}); точный критерий Мак-Немара, {pval(r.p_value, 'ru')}.",
            f"National voice dominates {GROUP_EN[r.country]} regional and local media: national actors appear in "
            f"{pct(r.national_share, 'en')} of publications, regional and local ones in {pct(r.regional_local_share, 'en')} "
            f"(voice index {num(r.voice_index, 'en', 2)}); exact McNemar test, {pval(r.p_value, 'en')}.",
            numbers={"country": r.country, "national_share": r.national_share,
                     "regional_local_share": r.regional_local_share, "voice_index": r.voice_index, "n": int(r.n)},
            test="exact McNemar test (discordant publications)", p_value=float(r.p_value), examples=_ids(ex)))
    return out


def _topic_divergence(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["topic_divergence"]
    s = sec["topics"].stats
    v, p = s.get("country_cramers_v", np.nan), s.get("country_p_value", np.nan)
    if not (v >= rule["min_cramers_v"] and p < rule["max_p"]):
        return []
    res = sec["topics"].tables["residuals_country"]
    codes = {c: leading_topics(res, c) for c in ("RU", "BY")}
    lead = {c: ", ".join(v) or "—" for c, v in codes.items()}
    ex_frames = []
    base = union_docs(docs)
    for country in ("RU", "BY"):
        first = lead[country].split(", ")[0]
        ex_frames.append(base.loc[(base["country"] == country) & base["topics"].map(lambda ts, f=first: f in ts)])
    examples = _ids(ex_frames[0], 2) + _ids(ex_frames[1], 1)
    return [_finding(
        "topic_divergence", rule,
        f"Россия и Беларусь по-разному интерпретируют сотрудничество: тематические профили СМИ стран различаются "
        f"(χ² = {num(s['country_chi2'], 'ru', 1)}, df = {s['country_dof']}, {pval(p, 'ru')}, V Крамера = {num(v, 'ru', 3)}); "
        f"у российских СМИ чаще ожидаемого сферы: {labels(codes['RU'], 'ru') or 'нет'}; у белорусских: {labels(codes['BY'], 'ru') or 'нет'}.",
        f"Russia and Belarus interpret cooperation differently: the countries' topic profiles differ "
        f"(χ² = {num(s['country_chi2'], 'en', 1)}, df = {s['country_dof']}, {pval(p, 'en')}, Cramér's V = {num(v, 'en', 3)}); "
        f"Russian media favour {labels(codes['RU'], 'en') or 'none'}, Belarusian media {labels(codes['BY'], 'en') or 'none'}.",
        numbers={"cramers_v": v, "chi2": s["country_chi2"], "dof": s["country_dof"], "ru_topics": codes["RU"],
                 "by_topics": codes["BY"]},
        test="chi-square test of independence (country × topic labels); adjusted standardised residuals",
        p_value=float(p), examples=examples)]


def _neutral(docs: pd.DataFrame, sec: dict[str, Section], t: dict[str, Any]) -> list[Finding]:
    rule = t["no_conflict"]
    base = union_docs(docs)
    n = len(base)
    share_ru = pct(n / len(docs), "ru") if len(docs) else "—"
    share_en = pct(n / len(docs), "en") if len(docs) else "—"
    out = [Finding("corpus", "info",
                   f"Проанализировано публикаций: {num(len(docs), 'ru', 0)}, из них о союзных отношениях: "
                   f"{num(n, 'ru', 0)} ({share_ru}).",
                   f"Publications analysed: {num(len(docs), 'en', 0)}, of them on Union relations: {num(n, 'en', 0)} ({share_en}).",
                   numbers={"publications": len(docs), "union_publications": n}, test="descriptive count")]
    if n:
        neg = float((base["tone"] < 0).mean())
        if neg < rule["max_negative_share"]:
            out.append(Finding(
                "no_conflict", "info",
                f"Конфликтности в освещении нет: негативная тональность у {pct(neg, 'ru')} публикаций о союзных отношениях.",
                f"Coverage shows no conflict: {pct(neg, 'en')} of publications on Union relations have a negative tone.",
                numbers={"negative_share": neg, "n": n}, test="descriptive share",
                examples=_ids(base.loc[base["tone"] > 0])))
    return out


Check = Callable[[pd.DataFrame, dict[str, Section], dict[str, Any]], list[Finding]]
CHECKS: tuple[tuple[tuple[str, ...], Check], ...] = (
    (("indices",), _substantive_gap), ((), _problem_avoidance), (("indices",), _problem_country_gap),
    (("network",), _border_reciprocity), (("timeseries",), _event_driven), (("reprints",), _low_original),
    ((), _national_voice), (("topics",), _topic_divergence), ((), _neutral),
)


def diagnose(docs: pd.DataFrame, sections: list[Section], thresholds: dict[str, dict[str, Any]] | None = None) -> list[Finding]:
    """Every rule over the computed sections; a rule whose section was not computed is skipped."""
    t = thresholds or load_thresholds()
    by_key = {s.key: s for s in sections}
    out: list[Finding] = []
    for needs, check in CHECKS:
        if all(k in by_key for k in needs):
            out.extend(check(docs, by_key, t))
    return out
