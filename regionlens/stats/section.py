"""The «information gaps» report section: ties from statistics against media attention."""

from __future__ import annotations

import pandas as pd

from regionlens.analysis.result import ChartSpec, Finding, Section
from regionlens.messages.labels import label, labels
from regionlens.messages.numbers import num, pval
from regionlens.stats.dynamics import cagr, dynamics, partner_shares, per_capita
from regionlens.stats.gap import QUADRANTS, information_gap

DEFAULT_INDICATOR = "trade_turnover"
P_LEVEL = 0.05


def _f(x: float, d: int = 2, lang: str = "ru") -> str:
    return num(x, lang, d)


def gap_section(indicators: pd.DataFrame, media: pd.DataFrame, indicator: str = DEFAULT_INDICATOR,
                partners: tuple[str, ...] | None = None) -> tuple[Section, list[Finding]]:
    """Quadrants of ties × coverage by region, Spearman's rho, dynamics tables and findings."""
    gap = information_gap(indicators, media, indicator, partners)
    reg = gap.by_region.copy()
    reg["quadrant_ru"] = reg["quadrant"].map(lambda q: QUADRANTS[q][0])
    reg["quadrant_en"] = reg["quadrant"].map(lambda q: QUADRANTS[q][1])
    ind_ru, ind_en = label(indicator, "ru"), label(indicator, "en")
    under = reg.loc[reg["quadrant"] == "under_communicated"]
    decl = reg.loc[reg["quadrant"] == "declarative"]
    series = indicators.loc[indicators["indicator"] == indicator]
    tables = {
        "quadrants": reg,
        "region_year": gap.by_region_year,
        "dynamics": dynamics(series),
        "cagr": cagr(series),
        "partner_shares": partner_shares(series),
        "per_capita": per_capita(indicators.loc[indicators["indicator"].isin([indicator, "population"])]),
    }
    section = Section(
        key="information_gap",
        title_ru="Информационные разрывы: связи регионов и их освещение",
        title_en="Information gaps: regional ties and their coverage",
        tables=tables,
        stats={"indicator": indicator, "regions": gap.n, "spearman_rho": gap.rho, "p_value": gap.p_value,
               "under_communicated": under["region_code"].tolist(), "declarative": decl["region_code"].tolist()},
        chart=ChartSpec(kind="scatter", table="quadrants", x="ties", y="attention", series="quadrant",
                        title_ru=f"Связи ({ind_ru}) и внимание СМИ (публикаций в год)",
                        title_en=f"Ties ({ind_en}) and media attention (publications per year)"),
        text_ru=(f"Показатель связей — «{ind_ru}» (среднее за годы), внимание СМИ — межрегиональные публикации о регионе в год. "
                 f"Регионы разделены по медианам. Ранговая корреляция Спирмена ρ = {_f(gap.rho)}, {pval(gap.p_value, 'ru')}, n = {gap.n}."),
        text_en=(f"Ties: «{ind_en}» (mean over years); media attention: interregional publications naming the region per year. "
                 f"Regions are split at the medians. Spearman's ρ = {_f(gap.rho, lang='en')}, {pval(gap.p_value, 'en')}, n = {gap.n}."),
    )
    findings: list[Finding] = []
    if len(under):
        findings.append(Finding(
            key="gap_under_communicated", severity="warning",
            text_ru=(f"Недостаточно освещаемое сотрудничество: {labels(under['region_code'], 'ru')} — связи выше медианы, "
                     f"а внимание СМИ ниже (медиана связей {_f(reg['ties'].median(), 1)}, медиана внимания "
                     f"{_f(reg['attention'].median(), 1)} публикаций в год)."),
            text_en=(f"Under-communicated cooperation: {labels(under['region_code'], 'en')} — ties above the median, media "
                     f"attention below (median ties {_f(reg['ties'].median(), 1, 'en')}, median attention "
                     f"{_f(reg['attention'].median(), 1, 'en')} publications a year)."),
            numbers={r["region_code"]: {"ties": r["ties"], "attention": r["attention"]} for r in under.to_dict(orient="records")},
            test="median split", p_value=None,
            recommendations_ru=["Рассказывать о реальных результатах сотрудничества этих регионов: цифры торговли, совместные предприятия, проекты",
                                "Развивать навыки «интеграционного маркетинга» в пресс-службах этих регионов и расширять каналы коммуникации"],
            recommendations_en=["Communicate the real results of these regions' cooperation: trade figures, joint enterprises, projects",
                                "Build «integration marketing» skills in these regions' press offices and widen communication channels"],
        ))
    if len(decl):
        findings.append(Finding(
            key="gap_declarative", severity="info",
            text_ru=f"Декларативное освещение: {labels(decl['region_code'], 'ru')} — внимание СМИ выше медианы при связях ниже медианы.",
            text_en=f"Declarative coverage: {labels(decl['region_code'], 'en')} — media attention above the median with ties below it.",
            numbers={r["region_code"]: {"ties": r["ties"], "attention": r["attention"]} for r in decl.to_dict(orient="records")},
            test="median split",
            recommendations_ru=["Наполнять публикации конкретикой: что именно достигнуто, в каких цифрах"],
            recommendations_en=["Give coverage substance: what exactly was achieved, in figures"],
        ))
    weak = gap.p_value != gap.p_value or gap.p_value >= P_LEVEL
    findings.append(Finding(
        key="gap_correlation", severity="warning" if weak else "info",
        text_ru=(f"Связь между показателем «{ind_ru}» и вниманием СМИ: ρ Спирмена = {_f(gap.rho)}, {pval(gap.p_value, 'ru')} — "
                 + ("освещение не следует за реальными связями регионов." if weak else "освещение в целом следует за связями.")),
        text_en=(f"Ties («{ind_en}») versus media attention: Spearman's ρ = {_f(gap.rho, lang='en')}, {pval(gap.p_value, 'en')} — "
                 + ("coverage does not follow the regions' real ties." if weak else "coverage broadly follows ties.")),
        numbers={"rho": gap.rho, "n": gap.n}, test="Spearman rank correlation", p_value=gap.p_value,
        recommendations_ru=(["Планировать информационную повестку по данным о реальных связях регионов"] if weak else []),
        recommendations_en=(["Plan the communication agenda from data on the regions' real ties"] if weak else []),
    ))
    return section, findings
