"""Demo materials beside the media corpus: official documents, an expert survey and regional statistics.

Every text and number here is invented. Three relations are planted so that
the alignment, survey and information-gap analyses can be checked against a
known answer (written to ground_truth_extras.md/.json):

* documents stress energy (ENERGY) far more than the media corpus does, and
  Russian documents stress economy and industry while Belarusian ones stress
  education, culture and the social sphere;
* Belarusian experts rate cooperation higher than Russian experts;
* RU-YAR and RU-SVE have the strongest trade with Belarus of all demo regions
  while the media corpus covers them little (under-communicated cooperation);
  the most covered other region gets the least trade (declarative coverage).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

PLANTED: dict[str, object] = {
    "ignored_topic": "ENERGY",
    "ru_documents_stress": ["ECON", "IND"],
    "by_documents_stress": ["EDU", "CULT", "SOC"],
    "higher_country": "BY",
    "higher_scale": "cooperation",
    "under_communicated": ["RU-YAR", "RU-SVE"],
    "trade_indicator": "trade_turnover",
}

# Genitive of the region name: «Правительство Смоленской области».
REGION_GEN = {
    "RU-SMO": "Смоленской области", "RU-BRY": "Брянской области", "RU-PSK": "Псковской области",
    "RU-YAR": "Ярославской области", "RU-SVE": "Свердловской области", "RU-KLU": "Калужской области",
    "BY-VI": "Витебской области", "BY-HO": "Гомельской области", "BY-MA": "Могилевской области",
    "BY-HR": "Гродненской области", "BY-BR": "Брестской области", "BY-MI": "Минской области",
}
PARTNER_OF = {"RU-SMO": "BY-VI", "RU-BRY": "BY-HO", "RU-PSK": "BY-VI", "RU-YAR": "BY-MI", "RU-SVE": "BY-HR",
              "RU-KLU": "BY-MA", "BY-VI": "RU-SMO", "BY-HO": "RU-BRY", "BY-MA": "RU-KLU", "BY-HR": "RU-SVE",
              "BY-BR": "RU-YAR", "BY-MI": "RU-YAR"}

# Sentence banks by topic; {own} and {partner} are region names in the genitive, {country} the partner country.
BANK: dict[str, tuple[str, ...]] = {
    "ECON": (
        "Товарооборот {own} с партнёрами из {country} планируется увеличить на {n} процентов за счёт новых торговых контрактов.",
        "Предусмотрено создание торгового дома {own} для продвижения продукции на рынок {country}.",
        "Инвестиционные проекты с участием капитала из {country} получат поддержку в рамках регионального инвестиционного фонда.",
        "Для экспортёров {own} организуются торговые миссии и деловые переговоры с предприятиями {partner}.",
    ),
    "IND": (
        "Промышленная кооперация с предприятиями {partner} включает совместное производство техники и сборку комплектующих.",
        "Машиностроительные заводы {own} расширят производство узлов для сборочных предприятий {partner}.",
        "Программа импортозамещения опирается на промышленную кооперацию и совместное производство станков.",
    ),
    "ENERGY": (
        "Приоритет стратегии — энергетика: модернизация электросетей и поставки электроэнергии в {partner}.",
        "Планируется совместная программа энергосбережения и перевода котельных {own} на местные виды топлива.",
        "Энергетическое сотрудничество с {country} охватывает поставки газа, нефтепродуктов и обслуживание атомной станции.",
        "Будет создан совместный центр компетенций по возобновляемой энергетике и энергоэффективности.",
    ),
    "EDU": (
        "Университеты {own} и {partner} откроют совместные образовательные программы и обмен студентами.",
        "Для молодёжи {own} предусмотрены стажировки, летние научные школы и олимпиады вместе со школьниками {partner}.",
        "Научные исследования ведут совместные лаборатории вузов, обучение проходит по согласованным учебным планам.",
    ),
    "CULT": (
        "Дни культуры {own} в {partner} включат выставки музеев, концерты и гастроли театров.",
        "Сохранение исторического наследия и общей памяти остаётся основой гуманитарного сотрудничества.",
        "Библиотеки и музеи {own} проведут совместный фестиваль народного творчества.",
    ),
    "SOC": (
        "Социальная политика предусматривает равные права граждан на медицинскую помощь и пенсионное обеспечение.",
        "Больницы {own} и {partner} наладят обмен врачами; лечение пациентов из {country} будет организовано на равных условиях.",
        "Трудовая миграция и занятость регулируются с учётом социальных гарантий работников и их семей.",
    ),
    "AGRI": (
        "Сельскохозяйственные предприятия {own} поставят семена и племенной скот в хозяйства {partner}.",
        "Агропромышленное сотрудничество включает переработку молока и поставки продовольствия.",
    ),
    "TRANS": (
        "Развитие транспортной логистики включает реконструкцию дорог к границе и новые автобусные маршруты до {partner}.",
        "Логистический центр на границе сократит время прохождения грузов; будет обновлена транспортная инфраструктура.",
    ),
    "TOUR": (
        "Туристические маршруты {own} будут предложены жителям {partner}; спортивные соревнования пройдут ежегодно.",
    ),
    "POL": (
        "Реализация соглашения о сотрудничестве с {partner} обеспечивается рабочей группой и дорожной картой.",
        "Документ исполняет решения Форума регионов и программы Союзного государства.",
    ),
}

SET_WEIGHTS: dict[str, dict[str, float]] = {
    "ru_regional_strategies": {"ECON": 4, "IND": 4, "ENERGY": 4, "TRANS": 1, "AGRI": 1, "POL": 1},
    "by_oblast_programmes": {"ENERGY": 4, "EDU": 4, "CULT": 3, "SOC": 3, "AGRI": 1, "POL": 1},
    "union_programmes": {"ENERGY": 4, "POL": 2, "SOC": 2, "EDU": 2, "TRANS": 2, "ECON": 1},
    "interregional_agreements": {"ENERGY": 3, "ECON": 2, "EDU": 2, "CULT": 1, "TOUR": 1, "POL": 2},
}
TITLES = {
    "ru_regional_strategies": ("Стратегия социально-экономического развития {own}", "План мероприятий по сотрудничеству {own} с Республикой Беларусь",
                               "Государственная программа {own} «Внешнеэкономическое сотрудничество»"),
    "by_oblast_programmes": ("Программа социально-экономического развития {own}", "Комплекс мер по сотрудничеству {own} с регионами России",
                             "Региональная программа {own} «Партнёрство с Россией»"),
    "union_programmes": ("Программа Союзного государства «Энергетическая безопасность»", "Союзная программа «Молодёжь и наука»",
                         "Программа Союзного государства «Социальные гарантии граждан»", "Союзная программа «Транспортный коридор»"),
    "interregional_agreements": ("Соглашение между {own} и {partner} о торгово-экономическом, научно-техническом и гуманитарном сотрудничестве",),
}
RU_ISSUERS = ("RU-SMO", "RU-BRY", "RU-PSK", "RU-YAR", "RU-SVE", "RU-KLU")
BY_ISSUERS = ("BY-VI", "BY-HO", "BY-MA", "BY-HR", "BY-BR", "BY-MI")

# Regions of the demo media corpus from least to most covered (seed 2022, 5000 publications); used when no
# media corpus is given. Trade follows coverage except for the planted regions.
DEFAULT_COVERAGE_ORDER = ("RU-SVE", "RU-KLU", "RU-MOW", "RU-NIZ", "BY-MA", "RU-YAR", "RU-TA", "RU-PSK", "RU-BRY",
                          "BY-HM", "BY-MI", "RU-SPE", "BY-HO", "BY-BR", "RU-SMO", "BY-VI", "BY-HR")
UNDER_COMMUNICATED = ("RU-YAR", "RU-SVE")


def trade_levels(coverage: dict[str, float] | None = None) -> tuple[dict[str, float], str]:
    """Average yearly trade turnover (mln USD, invented) per region and the planted declarative region.

    Trade rises with media coverage, except that the two under-communicated regions get the
    largest trade and the most covered remaining region the smallest (declarative coverage).
    """
    if coverage:
        order = sorted(DEFAULT_COVERAGE_ORDER, key=lambda c: (coverage.get(c, 0.0), DEFAULT_COVERAGE_ORDER.index(c)))
    else:
        order = list(DEFAULT_COVERAGE_ORDER)
    others = [c for c in order if c not in UNDER_COMMUNICATED]
    declarative = others[-1]
    levels = {c: 300.0 + 55.0 * rank for rank, c in enumerate(others[:-1], start=1)}
    levels[declarative] = 220.0
    levels.update({"RU-YAR": 1400.0, "RU-SVE": 1500.0})
    return levels, declarative


POPULATION = {
    "BY-VI": 1_100_000, "BY-HO": 1_350_000, "BY-HR": 1_000_000, "BY-MA": 1_000_000, "BY-MI": 1_500_000,
    "BY-HM": 2_000_000, "BY-BR": 1_300_000, "RU-SMO": 880_000, "RU-SPE": 5_600_000, "RU-PSK": 600_000,
    "RU-BRY": 1_150_000, "RU-TA": 4_000_000, "RU-KLU": 1_000_000, "RU-MOW": 13_000_000, "RU-NIZ": 3_100_000,
    "RU-YAR": 1_200_000, "RU-SVE": 4_250_000,
}

SURVEY_SCHEMA = {
    "survey": "demo-experts",
    "respondent": {"id": "id", "country": "country", "role": "role", "region": "region"},
    "scales": {
        "cooperation": {"items": ["coop_1", "coop_2", "coop_3", "coop_4"], "min": 1, "max": 5, "reverse": ["coop_4"]},
        "media": {"items": ["media_1", "media_2", "media_3"], "min": 1, "max": 5},
    },
    "rankings": {"priorities": {"items": ["rank_ECON", "rank_ENERGY", "rank_IND", "rank_EDU", "rank_CULT"]}},
    "open": ["barriers"],
    "labels": {"cooperation": "Оценка сотрудничества", "media": "Оценка освещения в СМИ",
               "priorities": "Приоритеты сотрудничества",
               "coop_1": "Сотрудничество регионов развивается", "coop_2": "Совместные проекты дают результат",
               "coop_3": "Регионы знают о возможностях партнёров", "coop_4": "Сотрудничество остаётся на бумаге",
               "media_1": "СМИ пишут о сотрудничестве достаточно", "media_2": "СМИ пишут о сотрудничестве конкретно",
               "media_3": "СМИ пишут о проблемах сотрудничества"},
}
RANK_UTILITY = {"rank_ECON": 2.0, "rank_ENERGY": 1.4, "rank_IND": 0.9, "rank_EDU": 0.5, "rank_CULT": 0.0}
BARRIERS = (
    "Региональные СМИ редко пишут о совместных проектах, журналисты не получают информации.",
    "Логистика и пограничные процедуры тормозят поставки, нужна транспортная инфраструктура.",
    "Торговые расчёты и валютные ограничения мешают экспорту.",
    "Не хватает стажировок и обмена студентами между университетами.",
    "Промышленная кооперация сдерживается нехваткой комплектующих для производства.",
)
ROLES = ("учёный", "государственный служащий", "журналист", "предприниматель")


@dataclass(slots=True)
class ExtrasManifest:
    out_dir: Path
    official_dir: Path
    registry: Path
    manifest: Path
    survey: Path
    survey_schema: Path
    indicators: Path
    ground_truth_md: Path
    ground_truth_json: Path
    documents: int
    respondents: int
    years: tuple[int, ...]
    planted: dict[str, object] = field(default_factory=dict)


def _issuer(code: str) -> dict[str, object]:
    ru = code.startswith("RU-")
    name = f"Правительство {REGION_GEN[code]}" if ru else f"{_by_adj(code)} областной исполнительный комитет"
    return {"name": name, "domains": [], "country": "RU" if ru else "BY", "level": "official", "region_code": code,
            "founder": "regional_authority", "language": "ru", "feed_url": None, "output_per_month": None}


def _by_adj(code: str) -> str:
    return {"BY-VI": "Витебский", "BY-HO": "Гомельский", "BY-MA": "Могилевский", "BY-HR": "Гродненский",
            "BY-BR": "Брестский", "BY-MI": "Минский"}[code]


UNION_ISSUER: dict[str, object] = {"name": "Постоянный комитет Союзного государства (демо)", "domains": [], "country": "union",
                "level": "official", "region_code": None, "founder": "state", "language": "ru", "feed_url": None,
                "output_per_month": None}


def _text(rng: random.Random, weights: dict[str, float], own: str, partner: str, country: str, k: int) -> str:
    topics = list(weights)
    chosen = rng.choices(topics, [weights[t] for t in topics], k=k)
    used: set[str] = set()
    sentences = []
    for topic in chosen:
        options = [s for s in BANK[topic] if s not in used] or list(BANK[topic])
        s = rng.choice(options)
        used.add(s)
        sentences.append(s.format(own=own, partner=partner, country=country, n=rng.randint(5, 25)))
    return " ".join(sentences)


def _write_documents(out: Path, rng: random.Random, years: Sequence[int]) -> tuple[list[dict[str, str]], int]:
    folder = out / "official"
    folder.mkdir(parents=True, exist_ok=True)
    issuers = [_issuer(c) for c in (*RU_ISSUERS, *BY_ISSUERS)] + [UNION_ISSUER]
    rows: list[dict[str, str]] = []
    n = 0

    def add(issuer: dict[str, object], doc_set: str, title: str, text: str, year: int, level: str) -> None:
        nonlocal n
        n += 1
        name = f"{n:03d}_{doc_set}.txt"
        (folder / name).write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        when = date(year, rng.randint(1, 12), rng.randint(1, 28))
        rows.append({"file": f"official/{name}", "source": str(issuer["name"]), "published_at": when.isoformat(),
                     "set": doc_set, "issuer_level": level})

    for code in (*RU_ISSUERS, *BY_ISSUERS):
        ru = code.startswith("RU-")
        doc_set = "ru_regional_strategies" if ru else "by_oblast_programmes"
        own, partner = REGION_GEN[code], REGION_GEN[PARTNER_OF[code]]
        country = "Республики Беларусь" if ru else "Российской Федерации"
        for i, title in enumerate(TITLES[doc_set]):
            year = years[i % len(years)]
            add(_issuer(code), doc_set, title.format(own=own), _text(rng, SET_WEIGHTS[doc_set], own, partner, country, 9),
                year, "regional")
    for i, title in enumerate(TITLES["union_programmes"]):
        add(UNION_ISSUER, "union_programmes", title,
            _text(rng, SET_WEIGHTS["union_programmes"], "Союзного государства", "регионов России и Беларуси",
                  "Республики Беларусь и Российской Федерации", 9), years[i % len(years)], "union")
    for i, code in enumerate(("RU-SMO", "RU-BRY", "RU-YAR", "RU-SVE")):
        own, partner = REGION_GEN[code], REGION_GEN[PARTNER_OF[code]]
        title = TITLES["interregional_agreements"][0].format(own=f"Правительством {own}", partner=f"{_by_adj(PARTNER_OF[code])[:-2]}им облисполкомом")
        add(_issuer(code), "interregional_agreements", title,
            _text(rng, SET_WEIGHTS["interregional_agreements"], own, partner, "Республики Беларусь", 8),
            years[i % len(years)], "interregional")
    registry = out / "sources_official.yaml"
    registry.write_text("# Demo registry of invented issuers of official documents (regionlens demo extras).\n"
                        + yaml.safe_dump({"sources": issuers}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with (out / "documents_official.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "source", "published_at", "set", "issuer_level"])
        writer.writeheader()
        writer.writerows(rows)
    return rows, n


def _likert(rng: random.Random, latent: float, sd: float = 0.7) -> int:
    return int(min(5, max(1, round(rng.gauss(latent, sd)))))


def _write_survey(out: Path, rng: random.Random, n: int) -> int:
    rows = []
    for i in range(n):
        country = "RU" if i % 2 == 0 else "BY"
        region = rng.choice(RU_ISSUERS if country == "RU" else BY_ISSUERS)
        coop = rng.gauss(4.0 if country == "BY" else 3.0, 0.45)  # planted: BY experts rate cooperation higher
        media = rng.gauss(2.6, 0.8)
        items = [_likert(rng, coop) for _ in range(3)]
        reverse = 6 - _likert(rng, coop)
        utility = {k: v + rng.gauss(0, 0.8) for k, v in RANK_UTILITY.items()}
        ranked = sorted(utility, key=lambda k: -utility[k])
        row: dict[str, object] = {"id": f"E{i + 1:03d}", "country": country, "role": rng.choice(ROLES), "region": region,
                                  "coop_1": items[0], "coop_2": items[1], "coop_3": items[2], "coop_4": reverse,
                                  "media_1": _likert(rng, media), "media_2": _likert(rng, media), "media_3": _likert(rng, media)}
        row.update({k: ranked.index(k) + 1 for k in RANK_UTILITY})
        row["barriers"] = " ".join(rng.sample(BARRIERS, rng.randint(1, 2)))
        rows.append(row)
    with (out / "survey.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    (out / "survey_schema.yaml").write_text(
        "# Schema of the demo expert survey: which columns are which scales.\n"
        + yaml.safe_dump(SURVEY_SCHEMA, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return len(rows)


def _write_indicators(out: Path, rng: random.Random, years: Sequence[int], levels: dict[str, float]) -> None:
    rows = []
    for code, base in levels.items():
        partner = "BY" if code.startswith("RU-") else "RU"
        growth = rng.uniform(0.02, 0.08)
        for k, year in enumerate(years):
            trade = base * (1 + growth) ** (k - (len(years) - 1) / 2) * rng.uniform(0.96, 1.04)
            source = "демо: таможенная статистика (вымышленные данные)"
            rows.append({"region_code": code, "partner": partner, "year": year, "indicator": "trade_turnover",
                         "value": round(trade, 1), "unit": "млн долл. США", "source": source,
                         "population": POPULATION[code]})
            rows.append({"region_code": code, "partner": partner, "year": year, "indicator": "agreements",
                         "value": max(1, round(base / 250 + rng.uniform(-1, 1))), "unit": "ед.",
                         "source": "демо: реестр соглашений (вымышленные данные)", "population": POPULATION[code]})
            rows.append({"region_code": code, "partner": partner, "year": year, "indicator": "joint_enterprises",
                         "value": max(0, round(base / 40 + rng.uniform(-3, 3))), "unit": "ед.",
                         "source": "демо: реестр предприятий (вымышленные данные)", "population": POPULATION[code]})
    with (out / "indicators.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _write_truth(out: Path, seed: int, years: Sequence[int], documents: int, respondents: int,
                 planted: dict[str, object]) -> tuple[Path, Path]:
    declarative = ", ".join(planted["declarative"])  # type: ignore[arg-type]
    js = out / "ground_truth_extras.json"
    js.write_text(json.dumps({"seed": seed, "years": list(years), **planted}, ensure_ascii=False, indent=2), encoding="utf-8")
    md = out / "ground_truth_extras.md"
    md.write_text(
        "# Демо-материалы: заложенные связи / planted relations\n\n"
        f"seed {seed}, годы {', '.join(map(str, years))}; документов {documents}, экспертов {respondents}. Все тексты и числа вымышлены.\n\n"
        "1. **Документы и СМИ.** Официальные документы всех наборов ставят в приоритет энергетику (ENERGY), "
        "которую демо-корпус СМИ почти не освещает (< 1 % тем). Российские стратегии чаще называют экономику и промышленность "
        "(ECON, IND), белорусские программы — образование, культуру и социальную сферу (EDU, CULT, SOC).\n"
        "2. **Опрос экспертов.** Белорусские эксперты оценивают сотрудничество (шкала cooperation) выше российских "
        "(латентные средние 4,0 и 3,0 по шкале 1–5); по шкале media различий нет. В ранжировании приоритетов эксперты согласованы: "
        "ECON, затем ENERGY, IND, EDU, CULT.\n"
        "3. **Статистика.** RU-YAR и RU-SVE — самый большой товарооборот с Беларусью среди демо-регионов при самом слабом "
        "освещении в СМИ (недостаточно освещаемое сотрудничество); "
        f"{declarative} — больше всех публикаций при самом малом товарообороте (декларативное освещение). "
        "Товарооборот остальных регионов растёт вместе с их освещением.\n\n"
        "1. Documents stress ENERGY, which the media corpus hardly covers; Russian documents stress ECON and IND, Belarusian "
        "ones EDU, CULT and SOC. 2. Belarusian experts rate cooperation higher. 3. RU-YAR and RU-SVE: strongest trade, "
        "weakest coverage (under-communicated); "
        f"{declarative}: most coverage, least trade (declarative coverage).\n",
        encoding="utf-8")
    return md, js


def media_coverage(media_dir: str | Path) -> dict[str, float]:
    """Interregional publications per region and year in a demo media corpus (its ground-truth codes)."""
    from regionlens.analysis.frame import frame_from_demo
    from regionlens.stats.gap import media_attention

    att = media_attention(frame_from_demo(media_dir))
    return {str(k): float(v) for k, v in att.groupby("region_code")["attention"].mean().items()}


def generate_extras(out_dir: str | Path, *, seed: int = 2022, years: Sequence[int] = (2021, 2022, 2023),
                    n_experts: int = 60, media_dir: str | Path | None = None) -> ExtrasManifest:
    """Write official/, sources_official.yaml, documents_official.csv, survey.csv, survey_schema.yaml,
    indicators.csv and ground_truth_extras.md/.json into `out_dir`.

    `media_dir` is the folder of the demo media corpus (generate_demo output): trade is then set from
    its coverage so the planted information gap holds for that corpus; without it a fixed order
    matching the default demo corpus is used."""
    if not years:
        raise ValueError("Нужен хотя бы один год (years).")
    if n_experts < 8:
        raise ValueError("Нужно не меньше 8 экспертов (n_experts >= 8).")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    years = tuple(years)
    _, documents = _write_documents(out, rng, years)
    respondents = _write_survey(out, rng, n_experts)
    levels, declarative = trade_levels(media_coverage(media_dir) if media_dir is not None else None)
    _write_indicators(out, rng, years, levels)
    planted: dict[str, object] = {**PLANTED, "declarative": [declarative]}
    md, js = _write_truth(out, seed, years, documents, respondents, planted)
    return ExtrasManifest(out, out / "official", out / "sources_official.yaml", out / "documents_official.csv",
                          out / "survey.csv", out / "survey_schema.yaml", out / "indicators.csv", md, js,
                          documents, respondents, years, planted)
