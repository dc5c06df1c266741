"""A small coded corpus for the dashboard tests, built through the real pipeline (ingest → code → reprints).

Texts are our own; they vary level, country, month, regions, topics, figures
and problems so that every dashboard figure has something to count, and one
regional story is reprinted verbatim by a local outlet a day later.
"""

from __future__ import annotations

import json
from pathlib import Path

from regionlens.pipeline.code import code_project
from regionlens.pipeline.ingest import ingest_paths
from regionlens.pipeline.reprints import detect_reprints
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project

SOURCES = """\
sources:
  - {name: Смоленский курьер, domains: [smol-kurier.ru], country: RU, level: regional, region_code: RU-SMO}
  - {name: Рославльские новости, domains: [roslavl-news.ru], country: RU, level: local, region_code: RU-SMO}
  - {name: Витебские вести, domains: [vit-vesti.by], country: BY, level: regional, region_code: BY-VI}
  - {name: Агентство Столица, domains: [stolica-news.ru], country: RU, level: federal}
  - {name: Минский обозреватель, domains: [minsk-obz.by], country: BY, level: federal}
"""

STORIES = [
    ("Губернатор Смоленской области посетил Витебск",
     "Губернатор Смоленской области провёл переговоры с председателем Витебского облисполкома. "
     "Стороны подписали соглашение о поставках сельскохозяйственной техники на 12 миллионов рублей "
     "и договорились о совместной ярмарке."),
    ("Брянская область и Гомельская область обсудили торговлю",
     "Делегация Брянской области посетила Гомель. Товарооборот между Брянской и Гомельской областями "
     "вырос на 15 процентов, стороны обсудили сотрудничество в сельском хозяйстве."),
    ("Псковские туристы открыли маршрут в Витебскую область",
     "Туроператоры Псковской области и Витебской области представили совместный туристический маршрут "
     "для школьников и студентов, сотрудничество в сфере туризма продолжится."),
    ("Очереди на границе мешают перевозчикам Смоленщины",
     "Перевозчики Смоленской области жалуются на многочасовые очереди на пункте пропуска с Беларусью. "
     "Проблема задержек грузов остаётся нерешённой, поставки в Витебскую область сорваны."),
    ("Минская область и Калужская область подписали дорожную карту",
     "Минская область и Калужская область подписали дорожную карту сотрудничества в промышленности. "
     "Планируется открыть сборочное производство на заводе в Калуге."),
    ("Форум регионов России и Беларуси",
     "На форуме регионов России и Беларуси губернаторы обсудили развитие сотрудничества, образование и культуру. "
     "Участники форума возложили цветы и отметили дружбу народов."),
    ("Гродненские аграрии приехали в Смоленск",
     "Аграрии Гродненской области и Смоленской области обсудили поставки зерна и молока. "
     "Смоленская сторона предложила создать совместное предприятие."),
    ("В Москве обсудили федеральный бюджет",
     "Правительство обсудило федеральный бюджет и налоги на следующий год без упоминания регионов."),
    ("Могилёвская область и Смоленская область сократили поставки",
     "Поставки между Могилёвской областью и Смоленской областью сократились на 20 процентов, "
     "предприятия жалуются на задержки платежей и ограничения."),
    ("Витебские студенты учатся в Смоленске",
     "Более 300 студентов из Витебской области учатся в вузах Смоленской области по программе обмена, "
     "сотрудничество в образовании расширяется."),
]

# (story index, source domain, date); the first regional story is reprinted by the local outlet a day later.
PLACEMENTS = [
    (0, "smol-kurier.ru", "2021-03-12"), (0, "roslavl-news.ru", "2021-03-13"),
    (1, "stolica-news.ru", "2021-03-20"), (2, "vit-vesti.by", "2021-04-02"), (3, "smol-kurier.ru", "2021-04-15"),
    (4, "minsk-obz.by", "2021-04-28"), (5, "stolica-news.ru", "2021-05-05"), (5, "minsk-obz.by", "2021-05-06"),
    (6, "vit-vesti.by", "2021-05-17"), (7, "stolica-news.ru", "2021-05-20"), (8, "roslavl-news.ru", "2021-06-03"),
    (9, "vit-vesti.by", "2021-06-10"), (3, "vit-vesti.by", "2021-06-21"), (1, "roslavl-news.ru", "2021-06-25"),
]


def build_corpus(project: Project, tmp_path: Path) -> Project:
    reg = tmp_path / "dash-sources.yaml"
    reg.write_text(SOURCES, encoding="utf-8")
    import_sources(project.engine, read_registry(reg)[0])
    lines = []
    for i, (story, domain, day) in enumerate(PLACEMENTS):
        title, text = STORIES[story]
        if i not in (1,):  # every placement but the reprint gets its own closing line
            text = f"{text} Материал подготовлен редакцией номер {i}."
        lines.append(json.dumps({"id": str(i), "title": title, "text": text, "url": f"https://{domain}/n/{i}",
                                 "date": f"{day}T10:00:00+03:00"}, ensure_ascii=False))
    corpus = tmp_path / "dash-corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest_paths(project, [corpus])
    assert summary.added == len(PLACEMENTS), summary
    coded = code_project(project)
    assert coded.failed == 0, coded.errors
    detect_reprints(project)
    return project
