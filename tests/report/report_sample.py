"""Sample analysis result for the report tests: one section per chart kind, Cyrillic labels, findings, corpus facts.

Kept out of conftest.py so tests can import it by a unique module name.
"""

from __future__ import annotations

import pandas as pd

from regionlens.analysis.result import AnalysisResult, ChartSpec, Finding, Section

EVIL_TITLE = "<script>alert('x')</script> Смоленск и Витебск"


def make_result() -> AnalysisResult:
    levels = pd.DataFrame(
        {
            "level": ["federal", "regional", "local", "federal", "regional", "local"],
            "country": ["RU", "RU", "RU", "BY", "BY", "BY"],
            "publications": [12345, 840, 95, 4210, 610, 77],
            "interregional_share": [0.224, 0.415, 0.3, 0.18, 0.37, 0.29],
        }
    )
    topics = pd.DataFrame(
        {
            "topic": ["ECON", "ECON", "CULT", "CULT", "EDU", "EDU"],
            "country": ["RU", "BY", "RU", "BY", "RU", "BY"],
            "share": [0.41, 0.35, 0.22, 0.31, 0.12, 0.09],
        }
    )
    months = pd.DataFrame(
        {
            "month": pd.to_datetime(["2022-03-01", "2022-04-01", "2022-05-01"] * 2),
            "country": ["RU"] * 3 + ["BY"] * 3,
            "publications": [320, 410, 385, 150, 175, 201],
        }
    )
    network = pd.DataFrame(
        {
            "ru_region": ["RU-SMO", "RU-BRY", "RU-PSK", "RU-SMO", "RU-MOW"],
            "by_region": ["BY-VI", "BY-HO", "BY-VI", "BY-MA", "BY-HM"],
            "pairs": [42, 17, 9, 11, 25],
        }
    )
    tone = pd.DataFrame(
        {
            "level": ["федеральный", "региональный", "местный"],
            "tone_mean": [0.31, 0.44, 0.52],
            "ci_low": [0.25, 0.36, 0.40],
            "ci_high": [0.37, 0.52, 0.64],
        }
    )
    joined = pd.DataFrame(
        {
            "region": ["RU-SMO", "RU-BRY", "RU-PSK", "RU-MOW"],
            "publications": [310, 120, 80, 600],
            "trade_share": [0.12, 0.05, 0.02, 0.3],
        }
    )
    matrix = pd.DataFrame(
        {
            "level": ["федеральный", "федеральный", "региональный", "региональный"],
            "topic": ["ECON", "POL", "ECON", "POL"],
            "share": [0.3, 0.5, 0.45, 0.2],
        }
    )
    sections = [
        Section("levels", "Охват по уровням СМИ", "Coverage by media level", {"by_level": levels},
                {"chi2": 48.213, "dof": 2, "p_value": 0.00002, "cramers_v": 0.142},
                ChartSpec("bar", "by_level", "level", "interregional_share", series="country",
                          title_ru="Доля межрегиональных публикаций", title_en="Share of interregional publications"),
                "Региональные СМИ чаще пишут о межрегиональном сотрудничестве.",
                "Regional media write about interregional cooperation more often.", ["d1", "d2"]),
        Section("topics", "Сферы сотрудничества", "Spheres of cooperation", {"topics": topics}, {},
                ChartSpec("stacked_bar", "topics", "country", "share", series="topic",
                          title_ru="Структура сфер", title_en="Spheres"), "Экономика лидирует.", "Economy leads.", ["d3"]),
        Section("dynamics", "Динамика публикаций", "Publications over time", {"monthly": months}, {"n_months": 3},
                ChartSpec("line", "monthly", "month", "publications", series="country",
                          title_ru="Публикации по месяцам", title_en="Publications by month"), "", "", ["d2"]),
        Section("network", "Сеть регионов-партнёров", "Network of partner regions", {"pairs": network}, {},
                ChartSpec("network", "pairs", "ru_region", "by_region", value="pairs",
                          title_ru="Пары регионов", title_en="Region pairs"), "Смоленщина — центр сети.",
                "Smolensk is the hub.", ["d4"]),
        Section("tone", "Тональность по уровням", "Tone by level", {"tone": tone}, {"p": 0.034},
                ChartSpec("errorbar", "tone", "level", "tone_mean", low="ci_low", high="ci_high",
                          title_ru="Средняя тональность", title_en="Mean tone"), "", "", []),
        Section("trade", "Внимание и товарооборот", "Attention and trade", {"joined": joined}, {"spearman_rho": 0.8},
                ChartSpec("scatter", "joined", "trade_share", "publications", title_ru="Товарооборот и публикации",
                          title_en="Trade and publications"), "", "", ["d1"]),
        Section("matrix", "Сферы по уровням", "Spheres by level", {"level_topic": matrix}, {},
                ChartSpec("heatmap", "level_topic", "topic", "level", value="share",
                          title_ru="Тепловая карта сфер", title_en="Heatmap of spheres"), "", "", []),
    ]
    findings = [
        Finding("no_substance", "critical",
                "Публикации избегают предметного содержания: лишь 22,4 % содержат конкретику.",
                "Coverage avoids substance: only 22.4% of publications are specific.",
                {"substantive_share": 0.224, "publications": 12345}, "χ²(2)", 0.0004, ["d1", "d3"],
                ["Готовить материалы с цифрами и названиями проектов."], ["Publish figures and named projects."]),
        Finding("regional_gap", "warning",
                "Местные СМИ почти не пишут о партнёрах по другую сторону границы.",
                "Local media hardly cover partners across the border.",
                {"local_share": 0.031}, "z-test", 0.021, ["d2"],
                ["Расширить каналы коммуникации на местном уровне.", "Готовить материалы с цифрами и названиями проектов."],
                ["Widen communication channels at the local level.", "Publish figures and named projects."]),
        Finding("no_conflict", "info", "Конфликтной подачи не выявлено.", "No conflict framing was found.",
                {"negative_share": 0.012}, "", None, [], [], []),
    ]
    corpus = {
        "publications": 17337,
        "period_from": "2022-03-01",
        "period_to": "2022-05-31",
        "generated_at": "2026-11-29T05:00:00+03:00",
        "codebook_version": "1",
        "software_version": "0.1.0",
        "doc_url_template": "/documents/{id}",
        "sources_by_level_country": [
            {"level": "federal", "country": "RU", "sources": 4, "publications": 12345},
            {"level": "regional", "country": "BY", "sources": 6, "publications": 610},
        ],
        "reliability": [
            {"variable": "substantive", "alpha": 0.812, "alpha_low": 0.74, "alpha_high": 0.87, "units": 200, "coders": 2},
            {"variable": "tone", "alpha": 0.701, "alpha_low": 0.62, "alpha_high": 0.77, "units": 200, "coders": 2},
        ],
        "validation": {"union": {"precision": 0.93, "recall": 0.88, "f1": 0.905}},
        "examples": {
            "d1": {"title": EVIL_TITLE, "url": "https://example.org/a", "source": "Рабочий путь", "date": "2022-03-15"},
            "d2": {"title": "Брянские аграрии на выставке в Гомеле", "url": "https://example.org/b", "source": "БелТА",
                   "date": "2022-04-02"},
            "d3": {"title": "=HYPERLINK(\"http://evil\")", "url": "javascript:alert(1)", "source": "X", "date": None},
        },
    }
    return AnalysisResult(corpus=corpus, sections=sections, findings=findings)
