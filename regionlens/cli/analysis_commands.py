"""Commands for reprints, analysis, the report and the demo."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from regionlens.cli.common import (
    ProjectOption,
    bar_phase,
    console,
    err_console,
    load_project,
    progress_bar,
    stage_errors,
)
from regionlens.cli.language import command_lang
from regionlens.cli.scale_commands import WorkersOption


def reprints(
    project: ProjectOption = None,  # type: ignore[assignment]
    threshold: Annotated[float, typer.Option(help="Порог сходства (оценка Жаккара по MinHash).")] = 0.7,
    window: Annotated[int, typer.Option(help="Окно поиска перепечаток, дней.")] = 7,
    workers: WorkersOption = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Язык вывода: ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
) -> None:
    """Найти перепечатки (кластеры почти одинаковых публикаций) и их первоисточники."""
    from regionlens.cli.dating_notes import reprint_lines
    from regionlens.project import stages

    proj = load_project(project)
    with stage_errors(), progress_bar("Поиск перепечаток", None) as bar:
        task = bar.task_ids[0]
        report = stages.reprints(proj, threshold=threshold, window_days=window, workers=workers,
                                 progress=lambda k: bar.advance(task, k), phase=bar_phase(bar))
    for line in reprint_lines(report, command_lang(lang)):
        console.print(line)


def analyze(
    project: ProjectOption = None,  # type: ignore[assignment]
    as_json: Annotated[bool, typer.Option("--json", help="Вывести результат в JSON.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Записать analysis.json в файл.")] = None,
    date_from: Annotated[datetime | None, typer.Option("--from", help="С даты (ГГГГ-ММ-ДД).")] = None,
    date_to: Annotated[datetime | None, typer.Option("--to", help="По дату включительно (ГГГГ-ММ-ДД).")] = None,
    events: Annotated[Path | None, typer.Option(help="YAML со списком событий (Форумы регионов и др.).")] = None,
    thresholds: Annotated[Path | None, typer.Option(help="YAML с порогами выводов.")] = None,
    lang: Annotated[str | None, typer.Option(help="Язык вывода: ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
) -> None:
    """Сравнительный и многоуровневый анализ закодированных публикаций, выводы и рекомендации."""
    from regionlens.pipeline.analyze import write_analysis_json
    from regionlens.project import stages

    lang = command_lang(lang)
    proj = load_project(project)
    with stage_errors():
        result, analysed = stages.analyze_counted(proj, events=events, thresholds=thresholds,
                                                  date_from=date_from, date_to=date_to)
    if output:
        write_analysis_json(result, output)
        err_console.print(f"Результат записан: {output}")
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1, default=str))
        return
    console.print(f"Публикаций в анализе: [bold]{analysed}[/]")
    table = Table("Раздел", "Таблиц")
    for s in result.sections:
        table.add_row(s.title_ru if lang == "ru" else s.title_en, str(len(s.tables)))
    console.print(table)
    for f in result.findings:
        console.print(f"[bold]•[/] {f.text_ru if lang == 'ru' else f.text_en}")
        if f.examples:
            console.print(f"  примеры: {', '.join('#' + str(e) for e in f.examples)}")


def report(
    project: ProjectOption = None,  # type: ignore[assignment]
    lang: Annotated[str | None, typer.Option("--lang", help="ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
    formats: Annotated[str, typer.Option("--format", help="html,pdf,xlsx — любые через запятую.")] = "html,pdf,xlsx",
    out: Annotated[Path, typer.Option("--out", help="Папка для отчёта.")] = Path("report"),
    from_json: Annotated[Path | None, typer.Option("--from-json", help="Собрать отчёт из сохранённого analysis.json.")] = None,
    events: Annotated[Path | None, typer.Option(help="YAML со списком событий.")] = None,
    thresholds: Annotated[Path | None, typer.Option(help="YAML с порогами выводов.")] = None,
    appendix: Annotated[bool, typer.Option("--appendix", help="Добавить приложение с полными таблицами.")] = False,
) -> None:
    """Отчёт мониторинга: HTML, PDF, XLSX на русском или английском."""
    lang = command_lang(lang)
    from regionlens.project import stages

    with stage_errors():
        files = stages.report(None if from_json is not None else load_project(project), out, lang=lang,
                              formats=formats, appendix=appendix, result=from_json, events=events,
                              thresholds=thresholds)
    for fmt, path in files.items():
        console.print(f"{fmt}: {path}")


def demo(
    out: Annotated[Path, typer.Option("--out", help="Папка результатов демо.")] = Path("demo-output"),
    seed: Annotated[int, typer.Option(help="Зерно генератора.")] = 2022,
    docs: Annotated[int, typer.Option(help="Число публикаций.")] = 5000,
    null: Annotated[bool, typer.Option("--null", help="Нулевой корпус: без заложенных эффектов.")] = False,
) -> None:
    """Демо: синтетический корпус с заложенными эффектами → загрузка → кодирование → анализ → отчёт."""
    from regionlens.pipeline.demo import run_demo

    started = time.perf_counter()
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err_console)
    with progress:
        current: list[TaskID] = []

        def stage(name: str, total: int | None) -> Callable[[int], None]:
            if current:
                progress.update(current[-1], completed=progress.tasks[-1].total or 1, total=progress.tasks[-1].total or 1)
            task = progress.add_task(name, total=total)
            current.append(task)

            def tick(n: int) -> None:
                if name in ("Кодирование", "Поиск перепечаток"):
                    progress.advance(task, n)
                else:
                    progress.update(task, completed=n)

            return tick

        result = run_demo(out, seed=seed, n_docs=docs, null=null, stage=stage)
        if current:
            progress.update(current[-1], completed=1, total=1)
    counts = result.counts
    console.print(
        f"Готово за {time.perf_counter() - started:.0f} с: публикаций {counts['publications']}, "
        f"закодировано {counts['coded']}, в кластерах перепечаток {counts['in_reprint_clusters']}, выводов {counts['findings']}."
    )
    for name in ("report.html", "report.pdf", "report.xlsx", "analysis.json"):
        console.print(f"  {out / name}")
    console.print(f"Корпус и эталон генератора: {out / 'corpus'}; проект: {out / 'project'}")
