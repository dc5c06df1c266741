"""Commands for automatic coding: code, validate, codebook and dictionary tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from regionlens.cli.common import (
    ProjectOption,
    console,
    err_console,
    fail,
    load_project,
    progress_bar,
    refresh_dashboard,
)
from regionlens.cli.language import command_lang
from regionlens.cli.scale_commands import DaskOption, PartitionOption, WorkersOption, run_coding

codebook_app = typer.Typer(help="Кодификатор: показать, скопировать для правки, импортировать словари.", no_args_is_help=True)


def _codebook(path: Path | None):  # type: ignore[no-untyped-def]
    from regionlens.coding.codebook import CodebookError, load_codebook

    try:
        return load_codebook(path)
    except CodebookError as exc:
        fail(str(exc))


def code(
    input_path: Annotated[Path | None, typer.Argument(help="JSONL {id, title?, text} или папка .txt; без него — кодирование проекта.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Куда записать коды (JSONL) в разовом режиме.")] = None,
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c", help="Файл кодификатора (по умолчанию встроенный v1).")] = None,
    ner: Annotated[bool, typer.Option("--ner", help="Дополнить акторов именованными сущностями natasha (медленно).")] = False,
    project: ProjectOption = None,  # type: ignore[assignment]
    workers: WorkersOption = None,
    dask: DaskOption = None,
    partition_size: PartitionOption = 5000,
) -> None:
    """Автоматическое кодирование: разовый режим (файл → JSONL) или все некодированные публикации проекта."""
    book = _codebook(codebook)
    if input_path is not None:
        from regionlens.coding.coder import code_file

        if not input_path.exists():
            fail(f"{input_path}: файл или папка не найдены")
        out = output or input_path.with_name(input_path.stem + ".codes.jsonl")
        coded, failed = code_file(input_path, out, book, ner=ner)
        console.print(f"Закодировано: {coded}, с ошибками: {failed} → {out}")
        if failed:
            err_console.print("Записи с ошибками содержат поле error с причиной.")
        return
    from regionlens.pipeline.code import count_pending

    proj = load_project(project)
    pending = count_pending(proj, book)
    if pending == 0:
        console.print(f"Все публикации уже закодированы кодификатором {book.version}.")
        return
    with progress_bar("Кодирование", pending) as bar:
        task = bar.task_ids[0]
        summary = run_coding(proj, book, workers=workers, dask=dask, partition_size=partition_size,
                             progress=lambda n: bar.advance(task, n))
    console.print(f"Закодировано публикаций: {summary.coded} (кодификатор {book.version}); ошибок: {summary.failed}")
    refresh_dashboard(proj)
    for e in (summary.errors or [])[:20]:
        err_console.print(f"[yellow]{e}[/]")


def validate(
    gold: Annotated[list[Path], typer.Option("--gold", help="Эталонные коды (JSONL с полями кодификатора); можно несколько.")],
    auto: Annotated[Path | None, typer.Option("--auto", help="Автоматические коды (JSONL); без них эталонные тексты кодируются сейчас.")] = None,
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Записать отчёт в JSON.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
    show: Annotated[int, typer.Option("--show", help="Сколько расхождений показать.")] = 30,
) -> None:
    """Сравнить автоматические коды с эталонными: α Криппендорфа с 95% ДИ, P/R/F1, расхождения с основаниями."""
    lang = command_lang(lang)
    from regionlens.validation.validate import (
        ValidationError,
        format_report,
        report_to_json,
        validate_gold_file,
    )

    for g in gold:
        if not g.exists():
            fail(f"{g}: файл не найден")
    try:
        report = validate_gold_file(list(gold), auto, _codebook(codebook))
    except ValidationError as exc:
        fail(str(exc))
        return
    console.print(format_report(report, lang=lang, max_disagreements=show))
    if json_out:
        json_out.write_text(json.dumps(report_to_json(report), ensure_ascii=False, indent=1), encoding="utf-8")
        console.print(f"Отчёт записан: {json_out}")


@codebook_app.command("show")
def codebook_show(codebook: Annotated[Path | None, typer.Option("--codebook", "-c")] = None) -> None:
    """Показать переменные и словари кодификатора."""
    book = _codebook(codebook)
    console.print(f"[bold]{book.name}[/] версия {book.version} (хеш {book.hash}) — {book.path}")
    for name, var in book.variables.items():
        console.print(f"  {name}: {var}")
    for name, d in book.dictionaries.items():
        console.print(f"  словарь {name}: {sum(len(v) for v in d.entries.values())} шаблонов в {len(d.entries)} категориях")


@codebook_app.command("copy")
def codebook_copy(dest: Annotated[Path, typer.Argument(help="Куда скопировать кодификатор для правки.")]) -> None:
    """Скопировать встроенный кодификатор, чтобы править его (изменения перекодируют проект)."""
    book = _codebook(None)
    if dest.exists():
        fail(f"{dest} уже существует")
    dest.write_text(Path(book.path).read_text(encoding="utf-8"), encoding="utf-8")
    console.print(f"Кодификатор скопирован: {dest}. Поменяйте version и используйте --codebook {dest}")


@codebook_app.command("import-dictionary")
def codebook_import_dictionary(
    file: Annotated[Path, typer.Argument(help="Словарь LIWC (.dic), Lexicoder (.lc3) или quanteda/YAML.")],
    name: Annotated[str | None, typer.Option(help="Имя словаря в кодификаторе.")] = None,
) -> None:
    """Преобразовать словарь LIWC/Lexicoder/quanteda в блок dictionaries: для кодификатора (вывод в консоль)."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.coding.dictionaries import dictionary_to_yaml, read_dictionary

    try:
        d = read_dictionary(file, name)
    except (CodebookError, ValueError) as exc:
        fail(str(exc))
        return
    typer.echo(dictionary_to_yaml(d))
