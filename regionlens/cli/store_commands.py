"""Commands for the project store: init, sources, ingest, search, export."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from regionlens.cli.common import ProjectOption, console, err_console, fail, load_project, progress_bar
from regionlens.store.project import ProjectError, init_project

sources_app = typer.Typer(help="Реестр источников: импорт, список, экспорт.", no_args_is_help=True)


def init(
    directory: Annotated[Path, typer.Argument(help="Папка нового проекта.")],
    db: Annotated[str | None, typer.Option("--db", help="URL базы PostgreSQL (postgresql://…); по умолчанию SQLite в папке проекта.")] = None,
) -> None:
    """Создать проект: папку с базой данных (SQLite по умолчанию или PostgreSQL)."""
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


@sources_app.command("list")
def sources_list(project: ProjectOption = None) -> None:  # type: ignore[assignment]
    """Показать реестр источников с числом публикаций."""
    from regionlens.sources.registry import list_sources

    rows = list_sources(load_project(project).engine)
    table = Table("Источник", "Страна", "Уровень", "Регион", "Домены", "Публикаций")
    for r in rows:
        table.add_row(r["name"], r["country"], r["level"], r["region_code"] or "—", ", ".join(r["domains"]), str(r["documents"]))
    console.print(table)


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
    lang: Annotated[str, typer.Option("--lang", help="Язык сводки: ru или en.")] = "ru",
) -> None:
    """Загрузить публикации (JSONL, CSV/TSV, XLSX, Parquet, TXT/HTML/PDF/DOCX, RSS/Atom)."""
    from regionlens.cli.dating_notes import ingest_summary_lines
    from regionlens.ingest.columns import parse_mapping
    from regionlens.pipeline.ingest import ingest_paths

    if workers < 1:
        fail(f"--workers: число процессов должно быть не меньше 1 (указано {workers}).")
    proj = load_project(project)
    try:
        mapping = parse_mapping(map_) if map_ else None
    except ValueError as exc:
        fail(str(exc))
        return
    for p in paths:
        if "://" not in p and not Path(p).exists():
            fail(f"{p}: файл или папка не найдены")
    with progress_bar("Загрузка", None) as bar:
        task = bar.task_ids[0]

        def tick(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        summary = ingest_paths(proj, paths, mapping=mapping, source=source, kind=kind, default_tz=tz, progress=tick,
                               workers=workers)
    for line in ingest_summary_lines(summary, lang):
        console.print(line)
    for bad in summary.bad[:show_bad]:
        err_console.print(f"[yellow]{bad.origin}[/]: {bad.reason}")
    if len(summary.bad) > show_bad:
        err_console.print(f"… и ещё {len(summary.bad) - show_bad} ошибочных записей")


def search(
    query: Annotated[str, typer.Argument(help="Запрос: слова в любой форме, \"фразы\", AND/OR/NOT (И/ИЛИ/НЕ), префикс*.")],
    project: ProjectOption = None,  # type: ignore[assignment]
    limit: Annotated[int, typer.Option("--limit", "-n")] = 20,
    count_by: Annotated[str | None, typer.Option("--count-by", help="Считать вместо вывода: level,country,month,year,region,source,language.")] = None,
    level: Annotated[str | None, typer.Option(help="Уровень источника.")] = None,
    country: Annotated[str | None, typer.Option(help="Страна источника (RU, BY, union).")] = None,
    region: Annotated[str | None, typer.Option(help="Регион источника (RU-SMO, BY-VI, …).")] = None,
    date_from: Annotated[datetime | None, typer.Option("--from", help="С даты (ГГГГ-ММ-ДД).")] = None,
    date_to: Annotated[datetime | None, typer.Option("--to", help="По дату, не включая (ГГГГ-ММ-ДД).")] = None,
) -> None:
    """Поиск по леммам с выводом KWIC (ключевое слово в контексте)."""
    from regionlens.search import engine as search_engine
    from regionlens.search.query import QueryError

    proj = load_project(project)
    filters = search_engine.Filters(level=level, country=country, region=region, date_from=date_from, date_to=date_to)
    try:
        if count_by:
            rows = search_engine.count_by(proj.engine, query, [k.strip() for k in count_by.split(",") if k.strip()], filters=filters)
            keys = [k.strip() for k in count_by.split(",") if k.strip()]
            table = Table(*keys, "Публикаций")
            for r in rows:
                table.add_row(*[str(r[k]) if r[k] is not None else "—" for k in keys], str(r["count"]))
            console.print(table)
            return
        total, hits = search_engine.search(proj.engine, query, filters=filters, limit=limit)
    except QueryError as exc:
        fail(f"запрос «{query}»: {exc}")
        return
    console.print(f"Найдено публикаций: [bold]{total}[/]")
    for h in hits:
        date = h.published_at.date().isoformat() if h.published_at else "без даты"
        console.print(f"\n[bold]#{h.id}[/] {date} · {h.source or 'источник не указан'} · {h.level or '—'} · {h.country or '—'} — {h.title}")
        for line in h.lines:
            console.print(f"  …{line.left} [reverse]{line.keyword}[/reverse] {line.right}…", highlight=False, markup=True)


def export(
    output: Annotated[Path, typer.Argument(help="Файл выгрузки.")],
    project: ProjectOption = None,  # type: ignore[assignment]
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="csv, xlsx, parquet, jsonl, dta (по умолчанию — по расширению).")] = None,
    coder: Annotated[str, typer.Option(help="Чьи коды выгружать: auto или имя кодировщика.")] = "auto",
) -> None:
    """Выгрузить публикации со всеми полями источника и кодами."""
    from regionlens.export.documents import export_documents

    proj = load_project(project)
    try:
        n = export_documents(proj.engine, output, fmt, coder=coder)
    except ValueError as exc:
        fail(str(exc))
        return
    console.print(f"Выгружено публикаций: {n} → {output}")
