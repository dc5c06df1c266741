"""The «documents and media» alignment section and its findings."""

from __future__ import annotations

import pandas as pd

from regionlens.analysis.frame import TOPICS
from regionlens.analysis.result import ChartSpec, Finding, Section
from regionlens.documents.table import THRESHOLD, alignment_table, set_profiles
from regionlens.messages.labels import label, labels
from regionlens.messages.numbers import num, pct, pval

P_LEVEL = 0.05


def _f(x: float, d: int = 2, lang: str = "ru") -> str:
    return num(x, lang, d)


def _words(text: str, lang: str) -> str:
    """«documents BY» → «документы Беларусь»: each code of a group name by its label."""
    return " ".join(label(w, lang) for w in str(text).split())


def _labels(rows: pd.DataFrame, lang: str = "ru") -> list[str]:
    return list(dict.fromkeys(f"{_words(r.group_a, lang)} ({label(r.comparison, lang)})" for r in rows.itertuples()))


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
        detail_ru = "; ".join(f"{label(t, 'ru')}: {pct(_share(topics, 'overall', t)[0], 'ru', 0)} в документах против "
                              f"{pct(_share(topics, 'overall', t)[1], 'ru', 0)} в СМИ" for t in stress)
        detail_en = "; ".join(f"{label(t, 'en')}: {pct(_share(topics, 'overall', t)[0], 'en', 0)} of document topics vs "
                              f"{pct(_share(topics, 'overall', t)[1], 'en', 0)} in media" for t in stress)
        findings.append(Finding(
            key="alignment_overall", severity="warning" if sig else "info",
            text_ru=(f"Приоритеты документов и освещение в СМИ {'расходятся' if sig else 'значимо не расходятся'}: "
                     f"расстояние Йенсена–Шеннона {_f(row['js_distance'])}, косинус {_f(row['cosine'])}, "
                     f"{pval(row['p_value'], 'ru')} (перестановочный тест)."
                     + (f" Документы ставят приоритеты, которые СМИ почти не замечают: {detail_ru}." if stress else "")),
            text_en=(f"Document priorities and media coverage {'diverge' if sig else 'do not differ significantly'}: "
                     f"Jensen–Shannon distance {_f(row['js_distance'], lang='en')}, cosine {_f(row['cosine'], lang='en')}, "
                     f"{pval(row['p_value'], 'en')} (permutation test)."
                     + (f" Documents set priorities the media hardly notice: {detail_en}." if stress else "")),
            numbers={"js_distance": row["js_distance"], "cosine": row["cosine"], "n_documents": row["n_a"],
                     "n_media": row["n_b"], "documents_stress": stress, "media_stress": list(row["media_stress"])},
            test="Jensen–Shannon divergence, permutation test", p_value=float(row["p_value"]),
            recommendations_ru=([f"Включить в информационную повестку приоритеты документов: {labels(stress, 'ru')}",
                                 "Готовить для СМИ материалы о ходе выполнения программ и стратегий, а не только о протокольных событиях"]
                                if stress else []),
            recommendations_en=([f"Put the documents' priorities on the media agenda: {labels(stress, 'en')}",
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
                     f"расстояние Йенсена–Шеннона {_f(row['js_distance'])}, {pval(row['p_value'], 'ru')}. "
                     f"Российские документы чаще называют: {labels(ru, 'ru') or '—'}; белорусские: {labels(by, 'ru') or '—'}."),
            text_en=(f"Russian and Belarusian documents interpret cooperation {'differently' if sig else 'alike'}: "
                     f"Jensen–Shannon distance {_f(row['js_distance'], lang='en')}, {pval(row['p_value'], 'en')}. "
                     f"Russian documents stress: {labels(ru, 'en') or '—'}; Belarusian: {labels(by, 'en') or '—'}."),
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
                     f"{len(diverging)} из {len(detail)} сравнений (p\u00a0<\u00a0{num(P_LEVEL, 'ru', 2)})"
                     + (f": {', '.join(_labels(diverging, 'ru'))}." if len(diverging) else ".")),
            text_en=(f"By level, country and region, document priorities diverge from coverage in "
                     f"{len(diverging)} of {len(detail)} comparisons (p\u00a0<\u00a0{num(P_LEVEL, 'en', 2)})"
                     + (f": {', '.join(_labels(diverging, 'en'))}." if len(diverging) else ".")),
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
    named = [t for ts in union for t in set(ts)]
    media_rows = pd.DataFrame({"set": "media", "topic": list(TOPICS), "documents": len(union),
                               "share": [named.count(t) / len(named) if named else 0.0 for t in TOPICS]})
    profiles = pd.concat([profiles, media_rows], ignore_index=True)
    shown = table.assign(documents_stress=table["documents_stress"].map(list),  # lists: the report names each code
                         media_stress=table["media_stress"].map(list))
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
