"""The «documents and media» alignment section and its findings."""

from __future__ import annotations

import pandas as pd

from regionlens.alignment.table import THRESHOLD, alignment_table, set_profiles
from regionlens.analysis.frame import TOPICS
from regionlens.analysis.result import ChartSpec, Finding, Section

P_LEVEL = 0.05
TOPIC_RU = {"ECON": "экономика и торговля", "IND": "промышленность", "AGRI": "сельское хозяйство", "TRANS": "транспорт и инфраструктура",
            "ENERGY": "энергетика", "EDU": "образование, наука, молодёжь", "CULT": "культура и история",
            "SOC": "социальная сфера", "TOUR": "туризм и спорт", "SEC": "безопасность", "POL": "политика и соглашения",
            "INFO": "информация и СМИ"}


def _f(x: float, d: int = 2) -> str:
    return "—" if x != x else f"{x:.{d}f}"


def _p(p: float) -> str:
    if p != p:
        return "= —"
    return "< 0.0001" if p < 0.0001 else f"= {p:.4f}"


def _labels(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(f"{r.group_a} ({r.comparison})" for r in rows.itertuples()))


def _share(topics: pd.DataFrame, comparison: str, topic: str) -> tuple[float, float]:
    row = topics.loc[(topics["comparison"] == comparison) & (topics["topic"] == topic)].iloc[0]
    return float(row["share_a"]), float(row["share_b"])


def alignment_findings(table: pd.DataFrame, topics: pd.DataFrame) -> list[Finding]:
    findings: list[Finding] = []
    overall = table.loc[table["comparison"] == "overall"]
    if len(overall):
        row = overall.iloc[0]
        sig = row["p_value"] < P_LEVEL
        stress = list(row["documents_stress"])
        detail_ru = "; ".join(f"{TOPIC_RU.get(t, t)} ({t}): {_share(topics, 'overall', t)[0]:.0%} в документах против "
                              f"{_share(topics, 'overall', t)[1]:.0%} в СМИ" for t in stress)
        detail_en = "; ".join(f"{t}: {_share(topics, 'overall', t)[0]:.0%} of document topics vs "
                              f"{_share(topics, 'overall', t)[1]:.0%} in media" for t in stress)
        findings.append(Finding(
            key="alignment_overall", severity="warning" if sig else "info",
            text_ru=(f"Приоритеты документов и освещение в СМИ {'расходятся' if sig else 'значимо не расходятся'}: "
                     f"расстояние Йенсена–Шеннона {_f(row['js_distance'])}, косинус {_f(row['cosine'])}, "
                     f"p {_p(row['p_value'])} (перестановочный тест)."
                     + (f" Документы ставят приоритеты, которые СМИ почти не замечают: {detail_ru}." if stress else "")),
            text_en=(f"Document priorities and media coverage {'diverge' if sig else 'do not differ significantly'}: "
                     f"Jensen–Shannon distance {_f(row['js_distance'])}, cosine {_f(row['cosine'])}, "
                     f"p {_p(row['p_value'])} (permutation test)."
                     + (f" Documents set priorities the media hardly notice: {detail_en}." if stress else "")),
            numbers={"js_distance": row["js_distance"], "cosine": row["cosine"], "n_documents": row["n_a"],
                     "n_media": row["n_b"], "documents_stress": stress, "media_stress": list(row["media_stress"])},
            test="Jensen–Shannon divergence, permutation test", p_value=float(row["p_value"]),
            recommendations_ru=([f"Включить в информационную повестку приоритеты документов: {', '.join(TOPIC_RU.get(t, t) for t in stress)}",
                                 "Готовить для СМИ материалы о ходе выполнения программ и стратегий, а не только о протокольных событиях"]
                                if stress else []),
            recommendations_en=([f"Put the documents' priorities on the media agenda: {', '.join(stress)}",
                                 "Give media material on how programmes and strategies are carried out, not only on ceremonies"]
                                if stress else []),
        ))
    ruby = table.loc[table["comparison"] == "RU_vs_BY"]
    if len(ruby):
        row = ruby.iloc[0]
        sig = row["p_value"] < P_LEVEL
        ru, by = list(row["documents_stress"]), list(row["media_stress"])
        findings.append(Finding(
            key="alignment_ru_by_documents", severity="warning" if sig else "info",
            text_ru=(f"Российские и белорусские документы {'по-разному' if sig else 'сходно'} понимают сотрудничество: "
                     f"расстояние Йенсена–Шеннона {_f(row['js_distance'])}, p {_p(row['p_value'])}. "
                     f"Российские документы чаще называют: {', '.join(ru) or '—'}; белорусские: {', '.join(by) or '—'}."),
            text_en=(f"Russian and Belarusian documents interpret cooperation {'differently' if sig else 'alike'}: "
                     f"Jensen–Shannon distance {_f(row['js_distance'])}, p {_p(row['p_value'])}. "
                     f"Russian documents stress: {', '.join(ru) or '—'}; Belarusian: {', '.join(by) or '—'}."),
            numbers={"js_distance": row["js_distance"], "RU_stress": ru, "BY_stress": by},
            test="Jensen–Shannon divergence, permutation test", p_value=float(row["p_value"]),
            recommendations_ru=(["Согласовать приоритеты российских и белорусских документов на площадке Форума регионов"] if sig else []),
            recommendations_en=(["Reconcile Russian and Belarusian document priorities at the Forum of Regions"] if sig else []),
        ))
    detail = table.loc[table["comparison"].isin(["level", "country", "region"])]
    diverging = detail.loc[detail["p_value"] < P_LEVEL]
    if len(detail):
        findings.append(Finding(
            key="alignment_strata", severity="info",
            text_ru=(f"По уровням, странам и регионам приоритеты документов расходятся с освещением в "
                     f"{len(diverging)} из {len(detail)} сравнений (p < {P_LEVEL})"
                     + (f": {', '.join(_labels(diverging))}." if len(diverging) else ".")),
            text_en=(f"By level, country and region, document priorities diverge from coverage in "
                     f"{len(diverging)} of {len(detail)} comparisons (p < {P_LEVEL})"
                     + (f": {', '.join(_labels(diverging))}." if len(diverging) else ".")),
            numbers={"comparisons": len(detail), "diverging": len(diverging)},
            test="Jensen–Shannon divergence, permutation test (no multiplicity correction)",
        ))
    return findings


def alignment_section(docs: pd.DataFrame, media: pd.DataFrame, *, n_perm: int = 2000, seed: int = 0,
                      threshold: float = THRESHOLD) -> tuple[Section, list[Finding]]:
    """The «Документы и СМИ / Documents and media» section: profiles, comparisons, gaps, findings."""
    table, topics = alignment_table(docs, media, n_perm=n_perm, seed=seed, threshold=threshold)
    findings = alignment_findings(table, topics)
    profiles = set_profiles(docs)
    union = media.loc[media["union"].astype(int) == 1, "topics"]
    labels = [t for ts in union for t in set(ts)]
    media_rows = pd.DataFrame({"set": "media / СМИ", "topic": list(TOPICS), "documents": len(union),
                               "share": [labels.count(t) / len(labels) if labels else 0.0 for t in TOPICS]})
    profiles = pd.concat([profiles, media_rows], ignore_index=True)
    shown = table.assign(documents_stress=table["documents_stress"].map(", ".join),
                         media_stress=table["media_stress"].map(", ".join))
    section = Section(
        key="alignment",
        title_ru="Приоритеты документов и освещение в СМИ",
        title_en="Document priorities and media coverage",
        tables={"comparisons": shown, "topics": topics, "profiles": profiles},
        stats={"documents": len(docs), "sets": int(docs["set"].nunique()), "media": len(union), "n_perm": n_perm,
               "threshold": threshold},
        chart=ChartSpec(kind="heatmap", table="profiles", x="topic", y="set", value="share",
                        title_ru="Профили приоритетов: наборы документов и СМИ",
                        title_en="Priority profiles: document sets and media"),
        text_ru=(f"{len(docs)} официальных документов в {docs['set'].nunique()} наборах закодированы той же кодовой книгой, что и СМИ. "
                 "Профиль — доля каждой темы среди тем набора; сравнение — расстояние Йенсена–Шеннона (основание 2) и косинус, "
                 f"значимость — перестановочный тест ({n_perm} перестановок). Темы, доля которых в документах выше, чем в СМИ, "
                 f"более чем на {threshold:.0%}, — приоритеты, которые СМИ игнорируют."),
        text_en=(f"{len(docs)} official documents in {docs['set'].nunique()} sets are coded with the same codebook as the media. "
                 "A profile is each topic's share among the set's topics; profiles are compared by Jensen–Shannon distance "
                 f"(base 2) and cosine, significance by a permutation test ({n_perm} permutations). Topics whose document share "
                 f"exceeds the media share by more than {threshold:.0%} are priorities the media ignore."),
    )
    return section, findings
