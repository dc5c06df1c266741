"""Commands for manual coding: jobs, offline XLSX, reliability, adjudication, classifiers.

Registration in main.py (either the ready groups or the single functions):

    from regionlens.cli import manual_commands
    app.add_typer(manual_commands.job_app, name="job")            # job create|list|progress|export|import
    app.command("reliability")(manual_commands.reliability)       # reliability JOB | --input long.csv
    app.add_typer(manual_commands.adjudicate_app, name="adjudicate")  # adjudicate list|set|accept
    app.command("gold-export")(manual_commands.gold_export)
    app.add_typer(manual_commands.classifier_app, name="classifier")  # classifier train|apply|suggest

Function → command: job_create → «job create», job_list → «job list», job_progress → «job progress»,
job_export → «job export», job_import → «job import», reliability → «reliability»,
adjudicate_list → «adjudicate list», adjudicate_set → «adjudicate set», adjudicate_accept → «adjudicate accept»,
gold_export → «gold-export», classifier_train → «classifier train», classifier_apply → «classifier apply»,
classifier_suggest → «classifier suggest».
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from regionlens.cli.common import ProjectOption, console, err_console, fail, load_project, stage_errors
from regionlens.cli.language import command_lang

job_app = typer.Typer(help="Задания ручного кодирования: создать, список, прогресс, экспорт и импорт XLSX.",
                      no_args_is_help=True)
adjudicate_app = typer.Typer(help="Согласование расхождений кодировщиков и эталонные коды.", no_args_is_help=True)
classifier_app = typer.Typer(help="Классификаторы, обученные на эталонных кодах.", no_args_is_help=True)


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def _f(x: Any) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def _job(engine: Any, job: str) -> dict[str, Any]:
    from regionlens.manual.jobs import get_job

    try:
        return get_job(engine, job)
    except LookupError as exc:
        fail(str(exc))
        raise


def _date(value: datetime | None) -> date | None:
    return value.date() if value else None


# ---------------------------------------------------------------- jobs


@job_app.command("create")
def job_create(
    name: Annotated[str, typer.Option("--name", help="Название задания (уникальное).")],
    variables: Annotated[str, typer.Option("--variables", help="Переменные через запятую: union,tone,topics.")],
    coders: Annotated[str, typer.Option("--coders", help="Кодировщики через запятую: anna,boris,vera.")],
    size: Annotated[int, typer.Option("--size", help="Размер выборки (публикаций).")] = 100,
    overlap: Annotated[float, typer.Option("--overlap", help="Доля выборки, которую кодируют все (для надёжности), 0–1.")] = 0.2,
    strata: Annotated[str, typer.Option("--strata", help="Страты через запятую: level,country,period; пусто — простая случайная выборка.")] = "",
    seed: Annotated[int, typer.Option("--seed", help="Зерно случайной выборки (воспроизводимость).")] = 0,
    show_auto: Annotated[bool, typer.Option("--show-auto", help="Показывать кодировщикам автоматические коды.")] = False,
    date_from: Annotated[datetime | None, typer.Option("--from", help="Публикации с даты (ГГГГ-ММ-ДД).")] = None,
    date_to: Annotated[datetime | None, typer.Option("--to", help="Публикации по дату (ГГГГ-ММ-ДД).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Создать задание: выборка публикаций, переменные, кодировщики и перекрытие для проверки надёжности.

    Задание кодируют кодификатором проекта (regionlens codebook use FILE); в задании хранятся его версия и хеш."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.manual.jobs import JobError, JobSpec, create_job, progress

    proj = load_project(project)
    try:
        book = proj.codebook
    except CodebookError as exc:
        fail(str(exc))
        return
    spec = JobSpec(name=name, variables=_split(variables), coders=_split(coders), sample_size=size, overlap=overlap,
                   strata=_split(strata), seed=seed, show_auto=show_auto, date_from=_date(date_from),
                   date_to=_date(date_to))
    try:
        job_id = create_job(proj.engine, spec, book)
    except JobError as exc:
        fail(str(exc))
        return
    console.print(f"Задание «{name}» создано (id {job_id}): {size} публикаций, переменные: {', '.join(spec.variables)}")
    for row in progress(proj.engine, job_id):
        console.print(f"  {row['coder']}: {row['assigned']} единиц")


@job_app.command("list")
def job_list(project: ProjectOption = None) -> None:  # type: ignore[assignment]
    """Список заданий."""
    from regionlens.manual.jobs import list_jobs

    table = Table("id", "Задание", "Создано", "Переменные", "Кодировщики", "Выборка", "Перекрытие")
    for j in list_jobs(load_project(project).engine):
        c = j["config"]
        table.add_row(str(j["id"]), j["name"], str(j["created_at"])[:16], ", ".join(j["variables"]),
                      ", ".join(j["coders"]), str(c.get("sample_size", "")), str(c.get("overlap", "")))
    console.print(table)


@job_app.command("progress")
def job_progress(
    job: Annotated[str, typer.Argument(help="Задание: id или название.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Сколько единиц назначено и закодировано у каждого кодировщика."""
    from regionlens.manual.jobs import codebook_changed, progress

    proj = load_project(project)
    j = _job(proj.engine, job)
    with stage_errors():
        book = proj.codebook
    table = Table("Кодировщик", "Назначено", "Готово", "%")
    for row in progress(proj.engine, j["id"]):
        share = 100 * row["done"] / row["assigned"] if row["assigned"] else 0
        table.add_row(row["coder"], str(row["assigned"]), str(row["done"]), f"{share:.0f}")
    console.print(f"[bold]{j['name']}[/]")
    console.print(table)
    if codebook_changed(j, book):
        console.print(f"Кодификатор проекта изменён после создания задания (хеш {j['config'].get('codebook_hash')} → "
                      f"{book.hash}): значения проверяются по новому ({book.name}, версия {book.version}).")


@job_app.command("export")
def job_export(
    job: Annotated[str, typer.Argument(help="Задание: id или название.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Файл XLSX.")],
    coders: Annotated[str, typer.Option("--coders", help="Только эти кодировщики (через запятую); по умолчанию все.")] = "",
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Выгрузить задание в XLSX: лист на кодировщика, списки допустимых значений в ячейках."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.manual.xlsx_io import export_job_xlsx

    proj = load_project(project)
    j = _job(proj.engine, job)
    try:
        path = export_job_xlsx(proj.engine, j["id"], output, _split(coders) or None, codebook=proj.codebook)
    except (LookupError, CodebookError) as exc:  # no such coder; the project's codebook unreadable
        fail(str(exc))
        return
    console.print(f"Задание «{j['name']}» выгружено: {path}")


@job_app.command("import")
def job_import(
    job: Annotated[str, typer.Argument(help="Задание: id или название.")],
    file: Annotated[Path, typer.Argument(help="Заполненный файл XLSX.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Загрузить заполненный XLSX; ошибки называют лист, строку и столбец, строки с ошибками не сохраняются."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.manual.xlsx_io import import_job_xlsx

    if not file.exists():
        fail(f"{file}: файл не найден")
    proj = load_project(project)
    j = _job(proj.engine, job)
    try:
        report = import_job_xlsx(proj.engine, j["id"], file, codebook=proj.codebook)
    except CodebookError as exc:  # the project's codebook unreadable
        fail(str(exc))
        return
    for e in report.errors:
        err_console.print(f"[red]{e}[/]")
    console.print(f"Сохранено строк: {report.saved}; ошибок: {len(report.errors)}")
    if report.errors:
        raise typer.Exit(1)


# ---------------------------------------------------------------- reliability


def _levels(level_tone: str, level: list[str] | None) -> dict[str, str]:
    out = {"tone": level_tone}
    for item in level or []:
        if "=" not in item:
            fail(f"--level: ожидается переменная=уровень, получено «{item}»")
        var, lv = item.split("=", 1)
        out[var.strip()] = lv.strip()
    return out


def _clean(x: Any) -> Any:
    if isinstance(x, float) and math.isnan(x):
        return None
    return x.item() if hasattr(x, "item") else x


def reliability(
    job: Annotated[str | None, typer.Argument(help="Задание: id или название.")] = None,
    input_path: Annotated[Path | None, typer.Option("--input", "-i", help="CSV в длинном формате: unit,coder,variable,value.")] = None,
    level_tone: Annotated[str, typer.Option("--level-tone", help="Уровень измерения тональности: ordinal, interval или nominal.")] = "ordinal",
    level: Annotated[list[str] | None, typer.Option("--level", help="Уровень другой переменной: переменная=nominal|ordinal|interval|ratio (можно несколько).")] = None,
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c", help="Кодификатор для проверки значений (по умолчанию — кодификатор проекта задания или встроенный для --input).")] = None,
    draws: Annotated[int, typer.Option("--draws", help="Число бутстреп-выборок для 95% ДИ.")] = 1000,
    json_out: Annotated[Path | None, typer.Option("--json", help="Записать результат в JSON.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Надёжность ручного кодирования: α Криппендорфа с 95% ДИ, совпадение, каппы Коэна и Флейса, вывод."""
    lang = command_lang(lang)
    from regionlens.coding.codebook import CodebookError, load_codebook
    from regionlens.manual.agreement import LongDataError, analyse_long, read_long_csv

    if (job is None) == (input_path is None):
        fail("Укажите задание (JOB) или файл --input long.csv — что-то одно.")
    from regionlens.manual.jobs import coder_values

    try:
        if input_path is not None:
            book = load_codebook(codebook)  # a long CSV belongs to no project: the file named, else the packaged one
            if not input_path.exists():
                fail(f"{input_path}: файл не найден")
            data = read_long_csv(input_path)
            title = str(input_path)
        else:
            proj = load_project(project)
            j = _job(proj.engine, str(job))
            book = proj.use_codebook(codebook)  # the project's own unless a file is named
            data = coder_values(proj.engine, j["id"])
            title = f"задание «{j['name']}»" if lang == "ru" else f"job «{j['name']}»"
        table, pairs = analyse_long(data, book, levels=_levels(level_tone, level), draws=draws)
    except (LongDataError, CodebookError) as exc:
        fail(str(exc))
        return
    en = lang == "en"
    out = Table(*(["variable", "label", "level", "n", "Krippendorff's α", "95% CI", "agreement", "Fleiss κ",
                   "Cohen κ (mean)", "verdict"] if en else
                  ["переменная", "метка", "уровень", "n", "α Криппендорфа", "95% ДИ", "совпадение", "κ Флейса",
                   "κ Коэна (ср.)", "вывод"]), title=("Reliability: " if en else "Надёжность: ") + title)
    for r in table.to_dict("records"):
        out.add_row(r["variable"], r["label"], r["level"], str(r["n_units"]), _f(r["alpha"]),
                    f"[{_f(r['ci_low'])}; {_f(r['ci_high'])}]", _f(r["agreement"]), _f(r["fleiss_kappa"]),
                    _f(r["cohen_kappa"]), r["verdict_en" if en else "verdict"])
    console.print(out)
    if json_out is not None:
        payload = {"source": title,
                   "variables": [{k: _clean(v) for k, v in r.items()} for r in table.to_dict("records")],
                   "pairs": [{k: _clean(v) for k, v in r.items()} for r in pairs.to_dict("records")]}
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        console.print(f"JSON: {json_out}")


# ---------------------------------------------------------------- adjudication


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "—"
    return "—" if value is None else str(value)


@adjudicate_app.command("list")
def adjudicate_list(
    job: Annotated[str, typer.Argument(help="Задание: id или название.")],
    pending: Annotated[bool, typer.Option("--pending", help="Только ещё не согласованные.")] = False,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Расхождения кодировщиков по единицам и переменным (с эталонным значением, если оно уже есть)."""
    from regionlens.manual.adjudicate import disagreements

    proj = load_project(project)
    j = _job(proj.engine, job)
    rows = disagreements(proj.engine, j["id"], pending_only=pending)
    table = Table("Публикация", "Заголовок", "Переменная", "Значения кодировщиков", "Эталон")
    for d in rows:
        vals = ", ".join(f"{c}: {_show(v)}" for c, v in d["values"].items())
        table.add_row(str(d["document_id"]), d["title"][:60], d["variable"], vals, _show(d["gold"]))
    console.print(table)
    console.print(f"Расхождений: {len(rows)}")


@adjudicate_app.command("set")
def adjudicate_set(
    job: Annotated[str, typer.Argument(help="Задание: id или название.")],
    document_id: Annotated[int, typer.Argument(help="id публикации.")],
    variable: Annotated[str, typer.Argument(help="Переменная.")],
    value: Annotated[str, typer.Argument(help="Эталонное значение (метки списка — через «;»).")],
    by: Annotated[str, typer.Option("--by", help="Кто согласовал.")] = "admin",
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Записать эталонное (согласованное) значение для единицы и переменной."""
    from regionlens.manual.adjudicate import adjudicate
    from regionlens.manual.values import AnnotationError

    proj = load_project(project)
    j = _job(proj.engine, job)
    try:
        stored = adjudicate(proj.engine, j["id"], document_id, variable, value, by, codebook=proj.codebook)
    except (AnnotationError, LookupError, ValueError) as exc:
        fail(str(exc))
        return
    console.print(f"Эталон записан: публикация {document_id}, {variable} = {_show(stored)}")


@adjudicate_app.command("accept")
def adjudicate_accept(
    job: Annotated[str, typer.Argument(help="Задание: id или название.")],
    min_coders: Annotated[int, typer.Option("--min-coders", help="Сколько кодировщиков должны совпасть.")] = 2,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Принять как эталон все единодушные значения (уже согласованные не меняются)."""
    from regionlens.manual.adjudicate import accept_agreed

    proj = load_project(project)
    j = _job(proj.engine, job)
    n = accept_agreed(proj.engine, j["id"], min_coders=max(2, min_coders))
    console.print(f"Принято эталонных значений: {n}")


def gold_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="Файл JSONL для regionlens validate --gold.")],
    job: Annotated[str | None, typer.Option("--job", help="Только публикации этого задания.")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Выгрузить эталонные коды в JSONL (формат regionlens validate --gold)."""
    from regionlens.manual.adjudicate import export_gold

    proj = load_project(project)
    job_id = _job(proj.engine, job)["id"] if job else None
    n = export_gold(proj.engine, output, job_id)
    console.print(f"Эталонных публикаций: {n} → {output}")


# ---------------------------------------------------------------- classifiers


@classifier_app.command("train")
def classifier_train(
    variable: Annotated[str, typer.Argument(help="Переменная кодификатора.")],
    features: Annotated[str, typer.Option("--features", help="tfidf (леммы) или dictionary (попадания словарей).")] = "tfidf",
    cv: Annotated[int, typer.Option("--cv", help="Число блоков перекрёстной проверки.")] = 5,
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Обучить классификатор на эталонных кодах: α и F1 по перекрёстной проверке; модель — в models/."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.manual.classify import ClassifierError, train_classifier

    proj = load_project(project)
    try:
        report = train_classifier(proj.engine, variable, features=features, cv=cv, root=proj.root,
                                  codebook=proj.use_codebook(codebook))
    except (ClassifierError, CodebookError) as exc:
        fail(str(exc))
        return
    console.print(f"«{variable}» ({features}): n = {report.n}, блоков {report.folds}; "
                  f"α = {_f(report.alpha)}, F1 = {_f(report.f1)}")
    for label, m in report.labels.items():
        console.print(f"  {label}: F1 {_f(m.get('f1'))}" + (f", α {_f(m['alpha'])}" if "alpha" in m else ""))
    console.print(f"Модель: {report.model_path}")


@classifier_app.command("apply")
def classifier_apply(
    variable: Annotated[str, typer.Argument(help="Переменная кодификатора.")],
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Закодировать все публикации обученной моделью (кодировщик «model», рядом с автоматическими кодами)."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.manual.classify import ClassifierError, apply_classifier

    proj = load_project(project)
    try:
        n = apply_classifier(proj.engine, variable, root=proj.root, codebook=proj.use_codebook(codebook))
    except (ClassifierError, CodebookError) as exc:
        fail(str(exc))
        return
    console.print(f"Закодировано моделью: {n}")


@classifier_app.command("suggest")
def classifier_suggest(
    variable: Annotated[str, typer.Argument(help="Переменная кодификатора.")],
    n: Annotated[int, typer.Option("--n", help="Сколько публикаций предложить.")] = 20,
    codebook: Annotated[Path | None, typer.Option("--codebook", "-c")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Предложить публикации для ручного кодирования — те, где модель менее всего уверена."""
    from regionlens.coding.codebook import CodebookError
    from regionlens.manual.classify import ClassifierError, suggest_units

    proj = load_project(project)
    try:
        ids = suggest_units(proj.engine, variable, n, root=proj.root, codebook=proj.use_codebook(codebook))
    except (ClassifierError, CodebookError) as exc:
        fail(str(exc))
        return
    console.print("Предлагаемые публикации (id): " + (", ".join(map(str, ids)) or "нет"))
