"""The «expert assessments» report section and its findings."""

from __future__ import annotations

import pandas as pd

from regionlens.analysis.result import ChartSpec, Finding, Section
from regionlens.messages.labels import label
from regionlens.messages.numbers import num, pval
from regionlens.surveys.importer import ParsedSurvey
from regionlens.surveys.stats import (
    compare_countries,
    cronbach_alpha,
    item_stats,
    kendall_w,
    open_answer_topics,
    ranking_table,
    reversed_items,
    scale_scores,
)

ALPHA_OK = 0.7
P_LEVEL = 0.05


def _fmt(x: float, digits: int = 2, lang: str = "ru") -> str:
    return num(x, lang, digits)


def _item(name: str, names: dict[str, str], lang: str) -> str:
    """A survey item or scale as the reader should see it: the schema's label, else a known code in its name
    (rank_ECON → «экономика»), else the name as written in the survey file."""
    if name in names:
        return names[name]
    code = str(name).rsplit("_", 1)[-1]
    named = label(code, lang)
    return named if named != code else str(name)


def survey_tables(data: ParsedSurvey) -> dict[str, pd.DataFrame]:
    """All survey statistics as tables (scales, items, rankings, country contrasts, open answers)."""
    frame, schema = data.frame, data.schema
    scale_rows = []
    for s in schema.scales:
        alpha, n = cronbach_alpha(reversed_items(frame, s))
        scores = scale_scores(frame, s)
        scale_rows.append({"scale": s.name, "label": schema.labels.get(s.name, s.name), "items": len(s.items),
                           "n": n, "alpha": alpha, "mean": float(scores.mean()), "sd": float(scores.std(ddof=1))})
    contrast = pd.DataFrame([{
        "scale": c.scale, "mean_RU": c.mean_a, "mean_BY": c.mean_b, "median_RU": c.median_a, "median_BY": c.median_b,
        "n_RU": c.n_a, "n_BY": c.n_b, "U": c.u, "p_value": c.p_value, "r_rb": c.r_rb,
    } for c in compare_countries(frame, schema)])
    ranking_rows, concord = [], []
    for r in schema.rankings:
        w = kendall_w(frame[list(r.items)])
        concord.append({"ranking": r.name, "label": schema.labels.get(r.name, r.name), "W": w.w, "chi2": w.chi2, "df": w.df, "p_value": w.p_value, "raters": w.m})
        ranking_rows.append(ranking_table(frame, r).assign(ranking=r.name))
    items = item_stats(frame, schema)
    items["item"] = items["item"].map(lambda i: schema.labels.get(i, i))  # the schema's wording where it gives one
    tables = {
        "scales": pd.DataFrame(scale_rows, columns=["scale", "label", "items", "n", "alpha", "mean", "sd"]),
        "items": items,
        "countries": contrast,
        "concordance": pd.DataFrame(concord, columns=["ranking", "label", "W", "chi2", "df", "p_value", "raters"]),
        "rankings": pd.concat(ranking_rows, ignore_index=True) if ranking_rows else pd.DataFrame(),
        "open_topics": open_answer_topics(frame, schema),
    }
    long = []
    for s in schema.scales:
        scores = scale_scores(frame, s)
        for country in ("RU", "BY"):
            part = scores[frame["country"] == country].dropna()
            if len(part):
                long.append({"scale": s.name, "country": country, "mean": float(part.mean())})
    tables["by_country"] = pd.DataFrame(long, columns=["scale", "country", "mean"])
    return tables


def survey_findings(tables: dict[str, pd.DataFrame]) -> list[Finding]:
    findings: list[Finding] = []
    names = {str(r["scale"]): str(r["label"]) for r in tables["scales"].to_dict(orient="records")}
    names |= {str(r["ranking"]): str(r["label"]) for r in tables["concordance"].to_dict(orient="records")
              if "label" in r}
    for row in tables["countries"].to_dict(orient="records"):
        p, r = row["p_value"], row["r_rb"]
        if p == p and p < P_LEVEL:
            higher_ru = r > 0
            who_ru, who_en = ("российские", "Russian") if higher_ru else ("белорусские", "Belarusian")
            findings.append(Finding(
                key=f"survey_country_gap_{row['scale']}", severity="warning",
                text_ru=(f"По шкале «{_item(row['scale'], names, 'ru')}» {who_ru} эксперты оценивают выше: средние "
                         f"{_fmt(row['mean_RU'])} (РФ) и {_fmt(row['mean_BY'])} (РБ); U = {_fmt(row['U'], 1)}, "
                         f"{pval(p, 'ru')}, r = {_fmt(r)}. "
                         "Стороны по-разному видят состояние сотрудничества."),
                text_en=(f"On the «{_item(row['scale'], names, 'en')}» scale {who_en} experts rate higher: means "
                         f"{_fmt(row['mean_RU'], lang='en')} (Russia) and {_fmt(row['mean_BY'], lang='en')} (Belarus); "
                         f"U = {_fmt(row['U'], 1, 'en')}, {pval(p, 'en')}, r = {_fmt(r, lang='en')}. "
                         "The two sides see the state of cooperation differently."),
                numbers={k: row[k] for k in ("mean_RU", "mean_BY", "n_RU", "n_BY", "U", "r_rb")},
                test="Mann–Whitney U (two-sided), rank-biserial r", p_value=float(p),
                recommendations_ru=["Обсудить расхождение оценок на совместных площадках экспертов двух стран",
                                    "Проверить, какие конкретные результаты сотрудничества неизвестны стороне с низкими оценками, и рассказать о них"],
                recommendations_en=["Discuss the gap in assessments at joint expert venues of both countries",
                                    "Find which concrete results the lower-rating side does not know of, and communicate them"],
            ))
    for row in tables["scales"].to_dict(orient="records"):
        if row["alpha"] == row["alpha"] and row["alpha"] < ALPHA_OK:
            findings.append(Finding(
                key=f"survey_alpha_{row['scale']}", severity="info",
                text_ru=(f"Шкала «{_item(row['scale'], names, 'ru')}» недостаточно согласована: α Кронбаха = "
                         f"{_fmt(row['alpha'])} (< {_fmt(ALPHA_OK, 1)})."),
                text_en=(f"The «{_item(row['scale'], names, 'en')}» scale is not consistent: Cronbach's α = "
                         f"{_fmt(row['alpha'], lang='en')} (< {_fmt(ALPHA_OK, 1, 'en')})."),
                numbers={"alpha": row["alpha"], "n": row["n"]}, test="Cronbach's alpha",
                recommendations_ru=["Пересмотреть формулировки пунктов шкалы или анализировать их по отдельности"],
                recommendations_en=["Revise the scale's items or analyse them one by one"],
            ))
    for row in tables["concordance"].to_dict(orient="records"):
        ranked = tables["rankings"]
        top = ranked.loc[ranked["ranking"] == row["ranking"], "item"].head(3).tolist()
        agreed = row["p_value"] == row["p_value"] and row["p_value"] < P_LEVEL
        findings.append(Finding(
            key=f"survey_concordance_{row['ranking']}", severity="info",
            text_ru=(f"Ранжирование «{_item(row['ranking'], names, 'ru')}»: W Кендалла = {_fmt(row['W'])}, "
                     f"χ² = {_fmt(row['chi2'], 1)}, df = {row['df']}, {pval(row['p_value'], 'ru')} — "
                     + ("эксперты согласованы" if agreed else "согласия экспертов нет")
                     + f"; впереди: {', '.join(_item(t, names, 'ru') for t in top)}."),
            text_en=(f"Ranking «{_item(row['ranking'], names, 'en')}»: Kendall's W = {_fmt(row['W'], lang='en')}, "
                     f"χ² = {_fmt(row['chi2'], 1, 'en')}, df = {row['df']}, {pval(row['p_value'], 'en')} — "
                     + ("experts agree" if agreed else "no agreement among experts")
                     + f"; top: {', '.join(_item(t, names, 'en') for t in top)}."),
            numbers={"W": row["W"], "raters": row["raters"]}, test="Kendall's W, chi-square", p_value=float(row["p_value"]),
            recommendations_ru=(["Опираться на согласованные приоритеты экспертов в информационной повестке"] if agreed else []),
            recommendations_en=(["Build the communication agenda on the priorities experts agree on"] if agreed else []),
        ))
    return findings


def survey_section(data: ParsedSurvey) -> tuple[Section, list[Finding]]:
    """The «Экспертные оценки / Expert assessments» section and its findings."""
    tables = survey_tables(data)
    n = len(data.frame)
    counts = data.frame["country"].value_counts().to_dict()
    section = Section(
        key="expert_survey",
        title_ru="Экспертные оценки",
        title_en="Expert assessments",
        tables=tables,
        stats={"respondents": n, "RU": int(counts.get("RU", 0)), "BY": int(counts.get("BY", 0)),
               "survey": data.schema.name},
        chart=ChartSpec(kind="bar", table="by_country", x="scale", y="mean", series="country",
                        title_ru="Средние оценки по шкалам: эксперты России и Беларуси",
                        title_en="Mean scale scores: Russian and Belarusian experts"),
        text_ru=(f"Опрос «{data.schema.name}»: {n} экспертов (Россия — {counts.get('RU', 0)}, Беларусь — {counts.get('BY', 0)}). "
                 "Для шкал — α Кронбаха и сравнение стран (U Манна–Уитни, рангово-бисериальный r); "
                 "для ранжирований — W Кендалла; открытые ответы закодированы по кодовой книге."),
        text_en=(f"Survey «{data.schema.name}»: {n} experts (Russia {counts.get('RU', 0)}, Belarus {counts.get('BY', 0)}). "
                 "Scales: Cronbach's α and a country contrast (Mann–Whitney U, rank-biserial r); "
                 "rankings: Kendall's W; open answers coded with the codebook."),
    )
    return section, survey_findings(tables)
