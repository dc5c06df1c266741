"""Comparisons the corpus cannot support, said in words instead of NaN or a confident zero.

A folder of saved pages may have no dates, no outlet registry, one level or
one country. Each analysis still runs, but a level contrast over one level, a
country test over one country or a share of reprints that was never searched
for is not a result. Here the corpus facts decide, in one place, which
comparisons are out of reach; each becomes an «info» finding and a note on the
sections it affects.
"""

from __future__ import annotations

from dataclasses import dataclass

from regionlens.analysis.corpus_facts import MIN_MONTHS_FOR_DYNAMICS, CorpusFacts
from regionlens.analysis.result import Finding, Section
from regionlens.messages.numbers import num


@dataclass(frozen=True, slots=True)
class Limit:
    key: str
    sections: tuple[str, ...]
    text_ru: str
    text_en: str


def _n(x: int, lang: str) -> str:
    return num(float(x), lang, 0)


def corpus_limits(facts: CorpusFacts) -> list[Limit]:
    """The comparisons this corpus does not allow, each with the counts that show why."""
    out: list[Limit] = []
    n = facts.publications
    if n and not facts.can_compare_levels:
        known = facts.levels[0] if facts.levels else None
        out.append(Limit(
            "limit_levels", ("volume", "indices", "voice", "reprints", "topics"),
            (f"Сравнить уровни СМИ нельзя: уровень издания известен только один ({known})." if known else
             f"Сравнить уровни СМИ нельзя: ни для одной из {_n(n, 'ru')} публикаций уровень издания не установлен."),
            (f"Media levels cannot be compared: only one outlet level is known ({known})." if known else
             f"Media levels cannot be compared: no outlet level is known for any of the {_n(n, 'en')} publications."),
        ))
    if n and not facts.can_compare_countries:
        out.append(Limit(
            "limit_countries", ("volume", "indices", "topics"),
            "Сравнить СМИ России и Беларуси нельзя: в корпусе нет публикаций с установленной страной издания "
            "хотя бы одной из двух стран.",
            "Russian and Belarusian media cannot be compared: the corpus lacks publications whose outlet country "
            "is known for at least one of the two countries.",
        ))
    if n and not facts.can_show_dynamics:
        out.append(Limit(
            "limit_dates", ("timeseries",),
            f"Динамику и связь с событиями оценить нельзя: дата известна у {_n(facts.dated, 'ru')} из {_n(n, 'ru')} "
            f"публикаций, они охватывают месяцев: {_n(facts.months, 'ru')} (нужно не меньше {MIN_MONTHS_FOR_DYNAMICS}).",
            f"Trends and the pull of events cannot be assessed: {_n(facts.dated, 'en')} of {_n(n, 'en')} publications "
            f"have a date, covering {_n(facts.months, 'en')} month(s) (at least {MIN_MONTHS_FOR_DYNAMICS} are needed).",
        ))
    elif facts.undated:
        out.append(Limit(
            "limit_undated", ("timeseries",),
            f"Без даты {_n(facts.undated, 'ru')} из {_n(n, 'ru')} публикаций: в динамике по месяцам их нет.",
            f"{_n(facts.undated, 'en')} of {_n(n, 'en')} publications have no date and are not in the monthly series.",
        ))
    if n and not facts.reprints_measured:
        out.append(Limit(
            "limit_reprints", ("reprints", "volume"),
            "Доля перепечаток не измерялась: поиск перепечаток (regionlens reprints) для этого проекта не выполнялся.",
            "The share of reprints was not measured: the reprint search (regionlens reprints) has not been run "
            "for this project.",
        ))
    elif facts.reprints_unchecked:
        out.append(Limit(
            "limit_reprints_partial", ("reprints",),
            f"Перепечатки искались среди {_n(facts.reprints_checked or 0, 'ru')} публикаций; "
            f"{_n(facts.reprints_unchecked, 'ru')} (без даты) не проверены, доли перепечаток относятся только к проверенным.",
            f"Reprints were searched among {_n(facts.reprints_checked or 0, 'en')} publications; "
            f"{_n(facts.reprints_unchecked, 'en')} (undated) were not checked, so reprint shares cover checked ones only.",
        ))
    if n and facts.union_publications == 0:
        out.append(Limit(
            "limit_union", ("topics", "indices", "voice", "reprints", "timeseries"),
            f"Ни одна из {_n(n, 'ru')} публикаций не отнесена к союзной тематике, поэтому показатели по публикациям "
            "о союзных отношениях не рассчитываются.",
            f"None of the {_n(n, 'en')} publications concerns Union relations, so indicators over such publications "
            "are not computed.",
        ))
    return out


def apply_limits(limits: list[Limit], sections: list[Section]) -> list[Finding]:
    """Attach each limit as a note to its sections and return it as an «info» finding."""
    by_key = {s.key: s for s in sections}
    for lim in limits:
        for key in lim.sections:
            section = by_key.get(key)
            if section is not None and lim.text_ru not in section.notes_ru:
                section.notes_ru.append(lim.text_ru)
                section.notes_en.append(lim.text_en)
    return [Finding(lim.key, "info", lim.text_ru, lim.text_en, test="") for lim in limits]
