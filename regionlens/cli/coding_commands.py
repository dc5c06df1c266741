"""Commands for automatic coding: code, validate, codebook and dictionary tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

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
from regionlens.cli.scale_commands import DaskOption, PartitionOption, WorkersOption

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
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c", help="Файл кодификатора (по умолчанию — кодификатор проекта из regionlens.yaml, иначе встроенный v1).")] = None,
    ner: Annotated[bool, typer.Option("--ner", help="Дополнить акторов именованными сущностями natasha (медленно).")] = False,
    project: ProjectOption = None,  # type: ignore[assignment]
    workers: WorkersOption = None,
    dask: DaskOption = None,
    partition_size: PartitionOption = 5000,
) -> None:
    """Автоматическое кодирование: разовый режим (файл → JSONL) или все некодированные публикации проекта."""
    if input_path is not None:
        from regionlens.coding.coder import code_file

        book = _codebook(codebook)  # one-shot mode: no project, the file or the packaged codebook
        if not input_path.exists():
            fail(f"{input_path}: файл или папка не найдены")
        out = output or input_path.with_name(input_path.stem + ".codes.jsonl")
        coded, failed = code_file(input_path, out, book, ner=ner)
        console.print(f"Закодировано: {coded}, с ошибками: {failed} → {out}")
        if failed:
            err_console.print("Записи с ошибками содержат поле error с причиной.")
        return
    from regionlens.project import stages

    proj = load_project(project)
    with stage_errors():
        stages.check_executor(workers, dask)  # before counting, so a wrong option fails at once
        book = proj.use_codebook(codebook)
        pending = stages.pending(proj, book)
        if pending == 0:
            console.print(f"Все публикации уже закодированы кодификатором {book.version}.")
            return
        with progress_bar("Кодирование", pending) as bar:
            task = bar.task_ids[0]
            summary = stages.code(proj, codebook=book, workers=workers, dask=dask, partition_size=partition_size,
                                  progress=lambda n: bar.advance(task, n), phase=bar_phase(bar))
    console.print(f"Закодировано публикаций: {summary.coded} (кодификатор {book.version}); ошибок: {summary.failed}")
    for e in (summary.errors or [])[:20]:
        err_console.print(f"[yellow]{e}[/]")


def validate(
    gold: Annotated[list[Path] | None, typer.Option("--gold", help="Эталонные коды (JSONL с полями кодификатора); можно несколько.")] = None,
    auto: Annotated[Path | None, typer.Option("--auto", help="Автоматические коды (JSONL); без них эталонные тексты кодируются сейчас.")] = None,
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Записать отчёт в JSON.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
    show: Annotated[int, typer.Option("--show", help="Сколько расхождений показать.")] = 30,
    real: Annotated[list[Path] | None, typer.Option("--real", help="Папка реальных публикаций (items*.jsonl и labels*.jsonl); можно несколько.")] = None,
    texts: Annotated[Path | None, typer.Option("--texts", help="Папка с текстами <id>.txt реального набора.")] = None,
    split: Annotated[str, typer.Option("--split", help="dev, test или all: какую часть реального набора оценить.")] = "dev",
) -> None:
    """Сравнить автоматические коды с эталонными: α Криппендорфа с 95% ДИ, P/R/F1, расхождения с основаниями.

    С --real и --texts оценивается реальный набор: DEV (по умолчанию) или замороженный TEST (--split test)."""
    lang = command_lang(lang)
    from regionlens.validation.validate import (
        ValidationError,
        format_report,
        report_to_json,
        validate_gold_file,
    )

    if real:
        _validate_real(real, texts, codebook, split, json_out, lang, show)
        return
    if not gold:
        fail("укажите --gold ФАЙЛ или --real ПАПКА --texts ПАПКА")
        return
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


def _validate_real(real: list[Path], texts: Path | None, codebook: Path | None, split: str, json_out: Path | None,
                   lang: str, show: int) -> None:
    from regionlens.validation.real import REAL_TARGETS, learned_note, load_real_set, score_items, usable
    from regionlens.validation.validate import ValidationError, format_report, report_to_json

    if texts is None:
        fail("для --real нужна папка текстов: --texts ПАПКА")
        return
    if split not in ("dev", "test", "all"):
        fail(f"--split: ожидается dev, test или all, получено «{split}»")
        return
    for r in real:
        if not r.exists():
            fail(f"{r}: не найдено")
    if not texts.is_dir():
        fail(f"{texts}: папка не найдена")
    try:
        items, check = load_real_set(list(real), texts)
    except ValidationError as exc:
        fail(str(exc))
        return
    problems = len(check.missing) + len(check.wrong_length) + len(check.wrong_hash)
    if problems:
        err_console.print(f"[yellow]Текстов нет или они не совпадают с items.jsonl: {problems} "
                          f"(нет: {len(check.missing)}, длина: {len(check.wrong_length)}, хеш: {len(check.wrong_hash)}); "
                          "они не оцениваются.[/]")
    selected = usable(items, split)
    if not selected:
        fail(f"в части {split} нет публикаций с метками и текстами")
        return
    report = score_items(selected, _codebook(codebook))
    stories = len({it.story for it in selected})
    if lang == "en":
        console.print(f"Real publications, {split.upper()} split: {len(selected)} publications, {stories} stories")
    else:
        console.print(f"Реальный набор, часть {split.upper()}: {len(selected)} публикаций, {stories} сюжетов")
    console.print(format_report(report, lang=lang, max_disagreements=show, targets=REAL_TARGETS))
    note = learned_note(lang)
    if note and split != "test":
        console.print(note)
    if json_out:
        out = report_to_json(report)
        out["real"] = {"split": split, "items": len(selected), "stories": stories, "learned_layer": note}
        out["targets_met"] = report.meets_targets(REAL_TARGETS)
        json_out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
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


@codebook_app.command("use")
def codebook_use(
    file: Annotated[Path | None, typer.Argument(help="Файл кодификатора проекта; без него — снова встроенный.")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Записать кодификатор проекта в regionlens.yaml: им кодируют code, задания и веб-интерфейс."""
    proj = load_project(project)
    with stage_errors():
        book = proj.set_codebook(file)
    ident = proj.identity
    where = str(proj.codebook_path) if proj.codebook_path is not None else "встроенный"
    console.print(f"Кодификатор проекта: {book.name} версия {book.version} ({where}); "
                  f"хеш кодирования {ident.hash} (кодификатор {ident.codebook_hash}, "
                  f"справочник регионов {ident.gazetteer_hash}, каталог {ident.catalogue_hash}).")
    pending = proj.pending()
    if pending:
        console.print(f"Публикаций к перекодированию: {pending} — выполните regionlens code")


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
