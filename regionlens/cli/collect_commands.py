"""`regionlens collect`: monitor the registry's feeds and sitemaps (a thin layer over regionlens.collect).

Exit status for monitoring: 0 everything read and stored; 1 a source, feed, sitemap or page failed (see the
table); 2 a usage error; 75 (EX_TEMPFAIL) another collection holds the project's lock, so this one was skipped.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from regionlens.cli.common import ProjectOption, console, err_console, fail, load_project, progress_bar

if TYPE_CHECKING:
    from regionlens.collect.run import CollectReport
    from regionlens.store.project import Project

EXIT_FAILED, EXIT_LOCKED = 1, 75
STAGES = {"lists": "Ленты и карты сайта", "pages": "Страницы статей", "store": "Сохранение"}


def _when(value: datetime | None) -> str:
    from regionlens.store.timezone import display_tz  # the store package loads SQLAlchemy: not for --help

    return value.astimezone(display_tz()).strftime("%Y-%m-%d %H:%M") if value else "—"


def collect(
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Только этот источник (можно несколько раз).")] = None,
    since: Annotated[datetime | None, typer.Option("--since", formats=["%Y-%m-%d"],
                                                   help="Пропускать записи и страницы карт сайта старше даты (ГГГГ-ММ-ДД).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Только прочитать ленты и карты сайта и показать, что нового; "
                                          "статьи не загружаются, ничего не сохраняется.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Показать состояние сбора по источникам и выйти.")] = False,
    code: Annotated[bool, typer.Option("--code", help="После сбора закодировать новые публикации и найти перепечатки.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Читать и те источники, срок которых ещё не подошёл.")] = False,
    interval: Annotated[int, typer.Option("--interval", min=1, help="Через сколько минут источник снова считается к сбору.")] = 60,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help="Не больше N новых статей на источник за запуск "
                                                  "(остальные — в следующий раз).")] = None,
    delay: Annotated[float, typer.Option("--delay", min=0.0, help="Секунд между запросами к одному сайту "
                                         "(больше, если просит robots.txt).")] = 1.0,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Запросов одновременно ко всем сайтам.")] = 8,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Секунд на один запрос целиком.")] = 20.0,
    max_page_mb: Annotated[float, typer.Option("--max-page-mb", min=0.01, help="Предел размера страницы, МБ.")] = 5.0,
    contact: Annotated[str | None, typer.Option("--contact", help="Контакт для владельцев сайтов в User-Agent "
                                                "(почта или адрес страницы проекта); по умолчанию $REGIONLENS_CONTACT.")] = None,
    user_agent: Annotated[str | None, typer.Option("--user-agent", help="User-Agent целиком (заменяет составленный из --contact).")] = None,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Разрешить адреса локальной и внутренней сети "
                                                "(127.0.0.1, 10.0.0.0/8 …): для зеркал и тестов.")] = False,
    tz: Annotated[str, typer.Option("--tz", help="Часовой пояс для дат без пояса.")] = "Europe/Moscow",
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Собрать новые публикации из лент (RSS/Atom) и карт сайта источников реестра: полный текст статей, вежливо и без повторов."""
    from regionlens.collect.lock import AlreadyRunning, run_lock
    from regionlens.collect.policy import Politeness
    from regionlens.collect.policy import user_agent as make_agent
    from regionlens.collect.run import CollectOptions
    from regionlens.collect.run import collect as run_collect
    from regionlens.sources.catalogue import CatalogueError
    from regionlens.store.timezone import display_tz

    proj = load_project(project)
    if status:
        _print_status(proj)
        return
    contact = contact or os.environ.get("REGIONLENS_CONTACT")
    if not contact and not user_agent:
        err_console.print("[yellow]Не указан контакт для владельцев сайтов (--contact или $REGIONLENS_CONTACT); "
                          "вежливые сборщики его указывают.[/]")
    policy = Politeness(user_agent=user_agent or make_agent(contact), host_delay=delay, concurrency=concurrency,
                        timeout=timeout, max_page_bytes=int(max_page_mb * 1024 * 1024), allow_private=allow_private)
    options = CollectOptions(
        sources=source or None, since=datetime.combine(since.date(), time.min, display_tz()).astimezone(UTC) if since else None,
        dry_run=dry_run, force=force, interval=timedelta(minutes=interval), max_pages=max_pages, default_tz=tz,
        policy=policy)
    try:
        with run_lock(proj.root), progress_bar(STAGES["lists"], None) as bar:
            tasks = {"lists": bar.task_ids[0], "pages": bar.add_task(STAGES["pages"], total=None),
                     "store": bar.add_task(STAGES["store"], total=None)}

            def tick(stage: str, done: int, total: int) -> None:
                bar.update(tasks[stage], completed=done, total=total or None)

            report = run_collect(proj, options, tick)
    except AlreadyRunning as exc:
        err_console.print(f"[yellow]{str(exc)[:1].upper() + str(exc)[1:]}.[/]")
        raise typer.Exit(EXIT_LOCKED) from None
    except (ValueError, CatalogueError) as exc:  # bad options; the project's catalogue file unreadable
        fail(str(exc))
        return
    if not report.sources:
        console.print("Ни один источник не собирался: " + (
            f"срок ещё не подошёл ({len(report.skipped_not_due)}; --force — собрать сейчас, --status — когда следующий)."
            if report.skipped_not_due else "в реестре нет источников с лентой (feed_url) или картой сайта (sitemap_url)."))
        return
    _print_report(report, dry_run)
    if code and not dry_run and any(s.added for s in report.sources):
        _code_new(proj)
    if not report.ok:
        raise typer.Exit(EXIT_FAILED)


def _code_new(proj: Project) -> None:
    """`--code`: the project's code and reprint stages over what was just stored, as `code` and `reprints` run them.

    The stages are the core's (`Project.code`, `Project.reprints`); the summary
    tables are refreshed once, after the reprints, not after each stage.
    """
    from regionlens.cli.common import bar_phase, stage_errors
    from regionlens.cli.dating_notes import reprint_lines
    from regionlens.cli.language import command_lang

    with stage_errors():
        book = proj.codebook
        pending = proj.pending()
        if pending:
            with progress_bar("Кодирование", pending) as bar:
                task = bar.task_ids[0]
                summary = proj.code(progress=lambda n: bar.advance(task, n), refresh=False)
            console.print(f"Закодировано публикаций: {summary.coded} (кодификатор {book.version}); "
                          f"ошибок: {summary.failed}")
            for e in (summary.errors or [])[:20]:
                err_console.print(f"[yellow]{e}[/]")
        with progress_bar("Поиск перепечаток", None) as bar:
            task = bar.task_ids[0]
            found = proj.reprints(progress=lambda k: bar.advance(task, k), phase=bar_phase(bar))
    for line in reprint_lines(found, command_lang(None)):
        console.print(line)


def _print_report(report: CollectReport, dry_run: bool) -> None:
    if dry_run:
        table = Table("Источник", "Лент и карт", "Не изменились", "Адресов в списках", "Новых", "Проблемы",
                      title="Пробный запуск: что нового (ничего не загружено)")
        for s in report.sources:
            table.add_row(s.name, str(s.channels), str(s.not_modified), str(s.listed), str(s.new),
                          "; ".join(s.problems) or s.error or "—")
        console.print(table)
        return
    table = Table("Источник", "Ленты и карты", "Новых", "Добавлено", "Повторы", "Не прочитано", "Итог",
                  title="Итоги сбора")
    table.columns[0].no_wrap = table.columns[-1].no_wrap = True
    for s in report.sources:
        verdict = "[green]в порядке[/]" if s.ok else "[red]есть ошибки[/]"
        missed = [f"{n} {what}" for n, what in ((s.failed, "повтор позже"), (s.refused, "отказ"),
                                                (s.disallowed, "robots.txt"), (s.deferred, "отложено")) if n]
        table.add_row(s.name, f"{s.channels}" + (f" ({s.not_modified} без изменений)" if s.not_modified else ""),
                      str(s.new), f"{s.added}" + (f" ({s.from_feed} из ленты)" if s.from_feed else ""),
                      str(s.duplicates), ", ".join(missed) or "—", verdict)
    console.print(table)
    console.print(f"Запросов: {report.requests}; время: {report.seconds:.1f} с; источников: {len(report.sources)}"
                  + (f"; срок ещё не подошёл: {len(report.skipped_not_due)}" if report.skipped_not_due else ""))
    for s in report.sources:
        if s.error:
            err_console.print(f"[red]{s.name}[/]: сбор источника прерван: {s.error}")
        for problem in s.problems:
            err_console.print(f"[red]{s.name}[/]: {problem}")
        for url, reason in s.failures:
            err_console.print(f"[yellow]{s.name}[/]: {url}: {reason}")


def _print_status(proj: Project) -> None:
    from regionlens.collect.state import collection_status

    rows = collection_status(proj.engine)
    if not rows:
        console.print("В реестре нет источников с лентой (feed_url) или картой сайта (sitemap_url).")
        return
    table = Table("Источник", "Последний запуск", "Новых: последний / всего", "Ошибок", "Ждут повтора",
                  "Следующий запуск", "Состояние", title="Состояние сбора")
    table.columns[0].no_wrap = table.columns[-1].no_wrap = True
    for r in rows:
        verdict = "[yellow]требует внимания[/]" if r["stale"] else ("не запускался" if not r["runs"] else "[green]в порядке[/]")
        table.add_row(r["name"], _when(r["last_started_at"]), f"{r['last_new'] or 0} / {r['total_new']}",
                      str(r["last_failed"] or 0), str(r["pending_failures"]), _when(r["next_due_at"]), verdict)
    console.print(table)
    for r in rows:
        if r["stale"]:
            console.print(f"[yellow]{r['name']}[/]: {r['stale']}", highlight=False)


__all__ = ["collect"]
