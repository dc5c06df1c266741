"""Commands for the project store: init, sources, ingest, search, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from regionlens.cli.common import (
    ProjectOption,
    bar_phase,
    console,
    err_console,
    fail,
    load_project,
    progress_bar,
    stage_errors,
)
from regionlens.cli.language import command_lang

if TYPE_CHECKING:
    from regionlens.filters import Filters, Names

sources_app = typer.Typer(help="Реестр источников: импорт, список, экспорт.", no_args_is_help=True)


def init(
    directory: Annotated[Path, typer.Argument(help="Папка нового проекта.")],
    db: Annotated[str | None, typer.Option("--db", help="URL базы PostgreSQL (postgresql://…); по умолчанию SQLite в папке проекта.")] = None,
) -> None:
    """Создать проект: папку с базой данных (SQLite по умолчанию или PostgreSQL)."""
    from regionlens.store.project import ProjectError, init_project

    try:
        project = init_project(directory, db)
    except ProjectError as exc:
        fail(str(exc))
        return
    console.print(f"Проект создан: [bold]{project.root}[/] ({project.dialect})")


@sources_app.command("import")
def sources_import(
    file: Annotated[Path, typer.Argument(help="Файл реестра: YAML или CSV.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Импортировать источники из YAML или CSV (ошибки называют файл и строку)."""
    from regionlens.sources.files import RegistryFileError, read_registry
    from regionlens.sources.registry import import_sources

    proj = load_project(project)
    try:
        records, errors = read_registry(file)
    except RegistryFileError as exc:
        fail(str(exc))
        return
    for e in errors:
        err_console.print(f"[red]{e}[/]")
    added, updated = import_sources(proj.engine, records)
    console.print(f"Источников добавлено: {added}, обновлено: {updated}, с ошибками: {len(errors)}")
    if errors:
        raise typer.Exit(1)


@sources_app.command("suggest")
def sources_suggest(
    project: ProjectOption = None,  # type: ignore[assignment]
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Записать YAML в файл (по умолчанию — на экран).")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Сколько доменов показать (по числу публикаций).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Язык комментариев: ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
) -> None:
    """Неизвестные домены (нет ни в реестре, ни в каталоге) с догадками — YAML для sources import."""
    from regionlens.sources.suggest import suggestions_yaml, unknown_domains

    if lang is not None and lang not in ("ru", "en"):
        fail(f"--lang: допустимы ru или en, указано «{lang}».")
    lang = command_lang(lang)
    found, no_url = unknown_domains(load_project(project).engine)
    text = suggestions_yaml(found, no_url, lang, limit)
    if out is None:
        typer.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    shown = min(len(found), limit or len(found))
    console.print(f"Записано доменов: {shown} → {out}")


@sources_app.command("list")
def sources_list(project: ProjectOption = None) -> None:  # type: ignore[assignment]
    """Показать реестр источников с числом публикаций."""
    from regionlens.sources.registry import attribution_counts, list_sources

    engine = load_project(project).engine
    rows = list_sources(engine)
    from regionlens.messages import current_lang, tr
    from regionlens.report.i18n import load_strings

    labels = load_strings(current_lang())  # country, level and region as a reader names them
    origins = {"registry": "реестр", "catalogue": "каталог", "unknown": "нет сведений"}
    table = Table("Источник", "Страна", "Уровень", "Регион", "Домены", "Публикаций", "Сведения")
    for r in rows:
        table.add_row(r["name"], str(labels.value(r["country"])), str(labels.value(r["level"])),
                      str(labels.value(r["region_code"])) if r["region_code"] else "—", ", ".join(r["domains"]),
                      str(r["documents"]), tr(origins.get(r.get("origin") or "registry", "реестр")))
    console.print(table)
    n = attribution_counts(engine)
    console.print(f"Публикации по источнику сведений: реестр {n['registry']}, каталог {n['catalogue']}, "
                  f"не определён {n['unknown']}")


@sources_app.command("export")
def sources_export(
    file: Annotated[Path, typer.Argument(help="Куда записать: .yaml или .csv.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Выгрузить реестр источников в YAML или CSV."""
    from regionlens.sources.files import write_registry
    from regionlens.sources.registry import registry_records

    records = registry_records(load_project(project).engine)
    write_registry(records, file)
    console.print(f"Записано источников: {len(records)} → {file}")


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Файлы, папки или адреса RSS/Atom.")],
    project: ProjectOption = None,  # type: ignore[assignment]
    map_: Annotated[str | None, typer.Option("--map", help="Соответствие колонок: text=Текст,date=Дата,title=Заголовок,…")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Источник всех записей (название или домен из реестра).")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Вид документов: media, official, survey.")] = None,
    tz: Annotated[str, typer.Option("--tz", help="Часовой пояс для дат без пояса.")] = "Europe/Moscow",
    show_bad: Annotated[int, typer.Option("--show-bad", help="Сколько ошибочных записей показать.")] = 20,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Анализировать тексты в N процессах (по числу ядер); "
                                         "сохраняется то же, что и в одном процессе.")] = 1,
    lang: Annotated[str | None, typer.Option("--lang", help="Язык сводки: ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
) -> None:
    """Загрузить публикации (JSONL, CSV/TSV, XLSX, Parquet, TXT/HTML/PDF/DOCX, RSS/Atom)."""
    from regionlens.cli.dating_notes import ingest_summary_lines
    from regionlens.project import stages

    proj = load_project(project)
    with stage_errors(), progress_bar("Загрузка", None) as bar:
        task = bar.task_ids[0]

        def tick(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        summary = stages.ingest(proj, paths, mapping=map_, source=source, kind=kind, tz=tz, progress=tick,
                                workers=workers, phase=bar_phase(bar))
    for line in ingest_summary_lines(summary, command_lang(lang)):
        console.print(line)
    for bad in summary.bad[:show_bad]:
        err_console.print(f"[yellow]{bad.origin}[/]: {bad.reason}")
    if len(summary.bad) > show_bad:
        err_console.print(f"… и ещё {len(summary.bad) - show_bad} ошибочных записей")


# The publication filters, named the same in every command that selects publications (search, export).
LevelOption = Annotated[str | None, typer.Option(help="Уровень источника.")]
CountryOption = Annotated[str | None, typer.Option(help="Страна источника (RU, BY, union).")]
RegionOption = Annotated[str | None, typer.Option(help="Регион, упомянутый в публикации (RU-SMO, BY-VI, …).")]
SourceRegionOption = Annotated[str | None, typer.Option("--source-region", help="Регион источника (RU-SMO, BY-VI, …).")]
TopicOption = Annotated[str | None, typer.Option(help="Тема по автоматическому кодированию (ECON, IND, …).")]
LanguageOption = Annotated[str | None, typer.Option(help="Язык публикации (ru, be, …).")]
UnionOption = Annotated[bool, typer.Option("--union", help="Только публикации об отношениях России и Беларуси.")]
FlagOption = Annotated[str | None, typer.Option(help="substantive, problem, negative, positive, reprint, original.")]
FromOption = Annotated[str | None, typer.Option("--from", help="С даты (ГГГГ-ММ-ДД).")]
ToOption = Annotated[str | None, typer.Option("--to", help="По дату включительно (ГГГГ-ММ-ДД).")]


def cli_filters(*, union: bool, **raw: str | None) -> Filters:
    """The filter options as `Filters`, or exit with the parser's message naming the option as typed."""
    from regionlens.filters import FilterError, parse_filters

    try:
        return parse_filters({**raw, "union": "1" if union else None}, names=cli_filter_names())
    except FilterError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits


def search(
    query: Annotated[str, typer.Argument(help="Запрос: слова в любой форме, \"фразы\", AND/OR/NOT (И/ИЛИ/НЕ), префикс*.")],
    project: ProjectOption = None,  # type: ignore[assignment]
    limit: Annotated[int, typer.Option("--limit", "-n")] = 20,
    count_by: Annotated[str | None, typer.Option("--count-by", help="Считать вместо вывода: level,country,month,year,region,source,language.")] = None,
    level: LevelOption = None,
    country: CountryOption = None,
    region: RegionOption = None,
    source_region: SourceRegionOption = None,
    topic: TopicOption = None,
    language: LanguageOption = None,
    kind: Annotated[str | None, typer.Option(help="Вид документов: media (по умолчанию), official, survey, all.")] = None,
    union: UnionOption = False,
    flag: FlagOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
) -> None:
    """Поиск по леммам с выводом KWIC (ключевое слово в контексте)."""
    from rich.markup import escape

    from regionlens.dashboard.search import search_publications
    from regionlens.messages import current_lang, tr
    from regionlens.report.i18n import load_strings
    from regionlens.search import engine as search_engine
    from regionlens.search.query import QueryError

    filters = cli_filters(date_from=date_from, date_to=date_to, level=level, country=country, region=region,
                          source_region=source_region, topic=topic, language=language, kind=kind, union=union,
                          flag=flag)
    proj = load_project(project)
    labels = load_strings(current_lang())
    try:
        if count_by:
            keys = [k.strip() for k in count_by.split(",") if k.strip()]
            rows = search_engine.count_by(proj.engine, query, keys, filters=filters)
            table = Table(*[labels.column(k) for k in keys], "Публикаций")
            for r in rows:
                table.add_row(*[str(labels.value(r[k])) if r[k] is not None else "—" for k in keys], str(r["count"]))
            console.print(table)
            return
        # The search page's and the API's own search, so the three list the same publications.
        result = search_publications(proj.engine, query, filters, limit=limit)
    except QueryError as exc:
        fail(f"запрос «{query}»: {exc}")
        return
    console.print(f"Найдено публикаций: [bold]{result.total}[/]")
    for h in result.hits:
        day = h.published_at.date().isoformat() if h.published_at else tr("без даты")
        source = escape(h.source) if h.source else tr("источник не указан")
        level_label = labels.value(h.level) if h.level else "—"
        country_label = labels.value(h.country) if h.country else "—"
        console.print(f"\n[bold]#{h.id}[/] {day} · {source} · {level_label} · {country_label} — {escape(h.title or '')}")
        for line in kwic_lines(h.lines):
            console.print(line, highlight=False)


KWIC_LEFT = 45


def kwic_lines(lines: list[Any]) -> list[str]:
    """KWIC lines with the keywords in one column: left context right-aligned, cut to a fixed width.

    Publication text is escaped so brackets in it are printed, not read as markup.
    """
    from rich.markup import escape

    out = []
    for line in lines:
        left = line.left[-KWIC_LEFT:].rjust(KWIC_LEFT)
        out.append(f"  {escape(left)} [reverse]{escape(line.keyword)}[/reverse] {escape(line.right)}")
    return out


def cli_filter_names() -> Names:
    """How the command line names the filter options, for the filter parser's messages («--from: …»)."""
    from regionlens.filters import Names

    return Names({"date_from": "--from", "date_to": "--to", "level": "--level", "country": "--country",
                  "region": "--region", "source_region": "--source-region", "topic": "--topic",
                  "language": "--language", "kind": "--kind", "union": "--union", "flag": "--flag",
                  "source_id": "--source-id"}, prefix="")


def export(
    output: Annotated[Path, typer.Argument(help="Файл выгрузки.")],
    project: ProjectOption = None,  # type: ignore[assignment]
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="csv, xlsx, parquet, jsonl, dta (по умолчанию — по расширению).")] = None,
    coder: Annotated[str, typer.Option(help="Чьи коды выгружать: auto или имя кодировщика.")] = "auto",
    level: LevelOption = None,
    country: CountryOption = None,
    region: RegionOption = None,
    source_region: SourceRegionOption = None,
    topic: TopicOption = None,
    language: LanguageOption = None,
    kind: Annotated[str, typer.Option(help="Вид документов: all (по умолчанию), media, official, survey.")] = "all",
    union: UnionOption = False,
    flag: FlagOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
) -> None:
    """Выгрузить публикации со всеми полями источника и кодами."""
    from regionlens.export.documents import export_documents

    filters = cli_filters(date_from=date_from, date_to=date_to, level=level, country=country, region=region,
                          source_region=source_region, topic=topic, language=language, kind=kind, union=union,
                          flag=flag)
    proj = load_project(project)
    try:
        n = export_documents(proj.engine, output, fmt, coder=coder, filters=filters)
    except ValueError as exc:
        fail(str(exc))
        return
    console.print(f"Выгружено публикаций: {n} → {output}")
