"""Commands for official documents, expert surveys and regional statistics.

Register in regionlens/cli/main.py:

    from regionlens.cli import materials_commands
    app.add_typer(materials_commands.survey_app, name="survey")        # survey import | survey show
    app.add_typer(materials_commands.stats_app, name="stats")          # stats import | stats show | stats gap
    app.add_typer(materials_commands.documents_app, name="documents")  # documents import | documents show
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from regionlens.cli.common import ProjectOption, console, err_console, fail, load_project
from regionlens.cli.language import command_lang
from regionlens.messages import current_lang
from regionlens.messages.numbers import fmt_number, is_missing

if TYPE_CHECKING:  # pandas and the report package load with the commands that use them, not with --help
    import pandas as pd

    from regionlens.report.i18n import Strings

survey_app = typer.Typer(help="Экспертные опросы: импорт с файлом схемы, статистика.", no_args_is_help=True)
stats_app = typer.Typer(help="Статистика регионов: импорт показателей, динамика, информационные разрывы.", no_args_is_help=True)
documents_app = typer.Typer(help="Официальные документы: загрузка наборов, сравнение приоритетов со СМИ.", no_args_is_help=True)

LangOption = Annotated[str | None, typer.Option("--lang", help="Язык вывода: ru или en (по умолчанию $REGIONLENS_LANG или ru).")]


def _num(value: Any, labels: Strings) -> str:
    """A cell as a reader sees it: codes as labels, numbers rounded, a dash for what was not measured."""
    if isinstance(value, float):
        if is_missing(value) or abs(value) >= 1e4:
            return fmt_number(value, labels.lang, 0)
        return fmt_number(value, labels.lang, max(0, 3 - int(math.floor(math.log10(abs(value))))) if value else 0)
    if isinstance(value, list | tuple):
        return ", ".join(str(labels.value(v)) for v in value)
    return str(labels.value(value))


def _print_frame(df: pd.DataFrame, title: str, limit: int = 40) -> None:
    """A table with headers and codes from the report's vocabulary, in the run's language."""
    if df.empty:
        return
    from regionlens.report.i18n import load_strings

    labels = load_strings(current_lang())
    table = Table(*[labels.column(c) for c in df.columns], title=labels.column(title))
    for row in df.head(limit).itertuples(index=False):
        table.add_row(*[_num(v, labels) for v in row])
    console.print(table)
    if len(df) > limit:
        console.print(f"… ещё строк: {len(df) - limit}")


def _print_findings(findings: list[Any], lang: str) -> None:
    for f in findings:
        console.print(f"[bold]•[/] {f.text_ru if lang == 'ru' else f.text_en}")
        for rec in f.recommendations_ru if lang == "ru" else f.recommendations_en:
            console.print(f"  → {rec}")


def _print_errors(errors: list[Any], limit: int = 30) -> None:
    for e in errors[:limit]:
        err_console.print(f"[yellow]{e}[/]")
    if len(errors) > limit:
        err_console.print(f"[yellow]… и ещё ошибок: {len(errors) - limit}[/]")


@survey_app.command("import")
def survey_import(
    file: Annotated[Path, typer.Argument(help="Файл ответов: CSV или XLSX, одна строка — один эксперт.")],
    schema: Annotated[Path, typer.Option("--schema", "-s", help="YAML-схема: какие столбцы — шкалы, ранжирования, открытые вопросы.")],
    name: Annotated[str | None, typer.Option("--name", help="Название опроса (по умолчанию из схемы).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Импортировать экспертный опрос; ошибки называют файл, строку и столбец, остальные ответы сохраняются."""
    from regionlens.surveys import SchemaError, TableFileError, import_survey

    proj = load_project(project)
    try:
        summary = import_survey(proj.engine, file, schema, name)
    except (SchemaError, TableFileError) as exc:
        fail(str(exc))
        return
    _print_errors(summary.errors)
    console.print(f"Опрос «{summary.survey}»: экспертов сохранено {summary.respondents}, ответов {summary.answers}, "
                  f"строк с ошибками {len({e.row for e in summary.errors})}")
    if summary.errors:
        raise typer.Exit(1)


@survey_app.command("show")
def survey_show(
    name: Annotated[str | None, typer.Option("--name", help="Название опроса (если их несколько).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
    lang: LangOption = None,
) -> None:
    """Статистика опроса: пункты, α Кронбаха, W Кендалла, сравнение экспертов России и Беларуси."""
    lang = command_lang(lang)
    from regionlens.surveys import load_survey, survey_section

    proj = load_project(project)
    try:
        data = load_survey(proj.engine, name)
    except LookupError as exc:
        fail(str(exc))
        return
    section, findings = survey_section(data)
    console.print(section.text_ru if lang == "ru" else section.text_en)
    for key in ("scales", "countries", "concordance", "rankings", "items", "open_topics"):
        _print_frame(section.tables[key], key)
    _print_findings(findings, lang)


@stats_app.command("import")
def stats_import(
    files: Annotated[list[Path], typer.Argument(help="Файлы показателей: CSV или XLSX, длинный или широкий формат.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Импортировать показатели регионов (регион × партнёр × год × показатель → значение, единица, источник)."""
    from regionlens.stats import import_indicators
    from regionlens.surveys import TableFileError

    proj = load_project(project)
    failed = False
    for file in files:
        try:
            parsed = import_indicators(proj.engine, file)
        except TableFileError as exc:
            err_console.print(f"[bold red]Ошибка:[/] {exc}")
            failed = True
            continue
        _print_errors(parsed.errors)
        failed = failed or bool(parsed.errors)
        console.print(f"{file}: сохранено значений {len(parsed.frame)}, строк с ошибками {len({e.row for e in parsed.errors})}")
    if failed:
        raise typer.Exit(1)


@stats_app.command("show")
def stats_show(
    indicator: Annotated[str | None, typer.Option("--indicator", "-i", help="Показатель (по умолчанию все).")] = None,
    base_year: Annotated[int | None, typer.Option("--base-year", help="Базовый год индекса (=100).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Динамика показателей: темпы роста, среднегодовой рост (CAGR), индекс к базовому году, на душу населения."""
    from regionlens.stats import cagr, dynamics, load_indicators, per_capita

    data = load_indicators(load_project(project).engine)
    if data.empty:
        fail("в проекте нет статистики регионов: regionlens stats import ФАЙЛ")
    if indicator:
        data = data.loc[data["indicator"].isin([indicator, "population"])]
    _print_frame(cagr(data), "CAGR")
    _print_frame(dynamics(data, base_year)[["region_code", "partner", "indicator", "year", "value", "growth", "index"]],
                 "dynamics", limit=60)
    pc = per_capita(data)
    if len(pc):
        _print_frame(pc[["region_code", "partner", "indicator", "year", "value", "per_capita"]], "per_capita")


@stats_app.command("gap")
def stats_gap(
    indicator: Annotated[str, typer.Option("--indicator", "-i", help="Показатель связей регионов.")] = "trade_turnover",
    project: ProjectOption = None,  # type: ignore[assignment]
    lang: LangOption = None,
) -> None:
    """Информационные разрывы: связи регионов по статистике против внимания СМИ (квадранты, ρ Спирмена)."""
    lang = command_lang(lang)
    from regionlens.stats import gap_section, load_indicators
    from regionlens.store.frame import load_frame

    proj = load_project(project)
    media = load_frame(proj.engine)
    if media.empty:
        fail("в проекте нет закодированных публикаций СМИ: выполните regionlens ingest и regionlens code")
    try:
        section, findings = gap_section(load_indicators(proj.engine), media, indicator)
    except LookupError as exc:
        fail(str(exc))
        return
    console.print(section.text_ru if lang == "ru" else section.text_en)
    q = section.tables["quadrants"]
    _print_frame(q[["region_code", "ties", "attention", "substantive_share", "quadrant_ru" if lang == "ru" else "quadrant_en"]],
                 "quadrants")
    _print_findings(findings, lang)


@documents_app.command("import")
def documents_import(
    folder: Annotated[Path, typer.Argument(help="Папка с sources_official.yaml, documents_official.csv и файлами документов.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Загрузить официальные документы с издателем, датой и набором (затем закодировать: regionlens code)."""
    from regionlens.pipeline.documents import ingest_official

    if not (folder / "documents_official.csv").exists() or not (folder / "sources_official.yaml").exists():
        fail(f"{folder}: нужны файлы sources_official.yaml и documents_official.csv; отдельные файлы документов "
             "можно загрузить командой regionlens ingest --kind official")
    added, problems = ingest_official(load_project(project), folder)
    _print_errors(problems)
    console.print(f"Документов добавлено: {added}. Закодируйте их: regionlens code")


@documents_app.command("show")
def documents_show(
    permutations: Annotated[int, typer.Option("--permutations", help="Число перестановок в тесте.")] = 2000,
    seed: Annotated[int, typer.Option(help="Зерно перестановок.")] = 0,
    project: ProjectOption = None,  # type: ignore[assignment]
    lang: LangOption = None,
) -> None:
    """Приоритеты документов против освещения в СМИ: расхождение Йенсена–Шеннона, косинус, перестановочный тест."""
    lang = command_lang(lang)
    from regionlens.documents import alignment_section, documents_frame
    from regionlens.store.frame import load_frame

    proj = load_project(project)
    docs = documents_frame(proj.engine)
    if docs.empty:
        fail("в проекте нет закодированных официальных документов: regionlens documents import ПАПКА, затем regionlens code")
    media = load_frame(proj.engine)
    if media.empty:
        fail("в проекте нет закодированных публикаций СМИ")
    section, findings = alignment_section(docs, media, n_perm=permutations, seed=seed)
    console.print(section.text_ru if lang == "ru" else section.text_en)
    _print_frame(section.tables["comparisons"].drop(columns=["js_divergence"]), "comparisons")
    _print_findings(findings, lang)
