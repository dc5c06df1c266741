"""Findings for the current dashboard selection, computed from the aggregates with the analysis tests.

The full rule set (regionlens.analysis.findings) needs the whole analysis
frame and runs in the batch analysis; the dashboard restates the study's
headline contrasts for whatever the filters select, each with its test and a
link (`flag` + filters) to the publications behind it.
"""

from __future__ import annotations

from typing import Any

from regionlens.analysis.stats import two_proportion_test
from regionlens.messages.numbers import num, pct, pval

ALPHA = 0.05


def _pc(share: float | None, lang: str) -> str:
    return "—" if share is None else pct(share, lang)
SUBNATIONAL = ("regional", "local")


def _merge(groups: dict[str, dict[str, Any]], names: tuple[str, ...], index: str) -> tuple[int, int, list[int]]:
    k = sum(int(groups[g][index]["k"]) for g in names if g in groups)
    n = sum(int(groups[g]["n"]) for g in names if g in groups)
    ex = sorted({i for g in names if g in groups for i in groups[g]["examples"].get(index, [])}, reverse=True)
    return k, n, ex[:3]


def _contrast(key: str, index: str, groups: dict[str, dict[str, Any]], a: tuple[str, ...], b: tuple[str, ...],
              label_ru: tuple[str, str], label_en: tuple[str, str], link: dict[str, str]) -> dict[str, Any] | None:
    k1, n1, ex1 = _merge(groups, a, index)
    k2, n2, ex2 = _merge(groups, b, index)
    if n1 < 2 or n2 < 2:
        return None
    test = two_proportion_test(k1, n1, k2, n2)
    significant = test.p_value < ALPHA
    name_ru = {"substantive": "содержательных", "problem": "проблемных"}[index]
    name_en = {"substantive": "substantive", "problem": "problem-raising"}[index]
    verdict_ru = "разница значима" if significant else "значимой разницы нет"
    verdict_en = "the difference is significant" if significant else "no significant difference"
    return {
        "key": key,
        "severity": "warning" if significant else "info",
        "text_ru": f"Доля {name_ru} публикаций: {label_ru[0]} — {_pc(test.p1, 'ru')} (n = {n1}), "
                   f"{label_ru[1]} — {_pc(test.p2, 'ru')} (n = {n2}); {verdict_ru} (z = {num(test.z, 'ru', 2)}, {pval(test.p_value, 'ru')}).",
        "text_en": f"Share of {name_en} publications: {label_en[0]} {_pc(test.p1, 'en')} (n = {n1}), "
                   f"{label_en[1]} {_pc(test.p2, 'en')} (n = {n2}); {verdict_en} (z = {num(test.z, 'en', 2)}, {pval(test.p_value, 'en')}).",
        "p_value": test.p_value,
        "link": {**link, "flag": index},
        "examples": sorted(set(ex1 + ex2), reverse=True)[:3],
    }


def dashboard_findings(aggregates: dict[str, Any]) -> list[dict[str, Any]]:
    """Headline findings (level and country contrasts, problems, conflict, reprints) for the selection."""
    out: list[dict[str, Any]] = []
    by_level = aggregates["indices"]["by_level"]
    by_country = aggregates["indices"]["by_country"]
    overall = aggregates["indices"]["overall"]
    candidates = [
        _contrast("substantive_level_gap", "substantive", by_level, ("federal",), SUBNATIONAL,
                  ("федеральные СМИ", "региональные и местные"), ("federal media", "regional and local"),
                  {"level": "regional"}),
        _contrast("substantive_country_gap", "substantive", by_country, ("RU",), ("BY",),
                  ("российские СМИ", "белорусские"), ("Russian media", "Belarusian"), {"country": "BY"}),
        _contrast("problem_country_gap", "problem", by_country, ("RU",), ("BY",),
                  ("российские СМИ", "белорусские"), ("Russian media", "Belarusian"), {"country": "RU"}),
    ]
    out.extend(c for c in candidates if c is not None)
    n = int(overall["n"])
    if n:
        problem, negative, reprint = overall["problem"], overall["negative"], overall["reprint"]
        out.append({
            "key": "problems_and_conflict", "severity": "warning" if (problem["share"] or 0) < 0.1 else "info",
            "text_ru": f"Проблемы поднимает {_pc(problem['share'], 'ru')} публикаций (95 % ДИ {_pc(problem['ci_low'], 'ru')}–"
                       f"{_pc(problem['ci_high'], 'ru')}), негативная тональность — {_pc(negative['share'], 'ru')}.",
            "text_en": f"{_pc(problem['share'], 'en')} of publications raise problems (95% CI {_pc(problem['ci_low'], 'en')}–"
                       f"{_pc(problem['ci_high'], 'en')}); negative tone: {_pc(negative['share'], 'en')}.",
            "p_value": None, "link": {"flag": "problem"}, "examples": overall["examples"]["problem"],
        })
        out.append({
            "key": "reprint_share", "severity": "warning" if (reprint["share"] or 0) > 0.3 else "info",
            "text_ru": f"Перепечатки составляют {_pc(reprint['share'], 'ru')} публикаций (95 % ДИ {_pc(reprint['ci_low'], 'ru')}–"
                       f"{_pc(reprint['ci_high'], 'ru')}).",
            "text_en": f"Reprints are {_pc(reprint['share'], 'en')} of publications (95% CI {_pc(reprint['ci_low'], 'en')}–"
                       f"{_pc(reprint['ci_high'], 'en')}).",
            "p_value": None, "link": {"flag": "reprint"}, "examples": [],
        })
    return out
