"""Commands of team mode: API tokens, and backup/restore of the project database.

Register in main.py:
    app.add_typer(api_commands.token_app, name="token")   # regionlens token create|list|revoke
    app.command("backup")(api_commands.backup)
    app.command("restore")(api_commands.restore)
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from regionlens.cli.common import ProjectOption, console, fail, load_project
from regionlens.messages import translate

token_app = typer.Typer(help="Токены REST API для скриптов: выпустить, показать, отозвать.", no_args_is_help=True)


@token_app.command("create")
def token_create(
    username: Annotated[str, typer.Argument(help="Пользователь, от имени которого будет работать скрипт.")],
    name: Annotated[str, typer.Option("--name", "-n", help="Название токена (например, «R-скрипт отчёта»).")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Выпустить токен; он показывается один раз — сохраните его сразу."""
    from regionlens.accounts.tokens import TokenError, create_token
    from regionlens.accounts.users import UserError

    proj = load_project(project)
    try:
        token = create_token(proj.engine, username, name)
    except (TokenError, UserError) as exc:
        fail(str(exc))
        return
    console.print(f"Токен «{name}» для пользователя «{username}» выпущен. Он больше не будет показан:")
    typer.echo(token)


@token_app.command("list")
def token_list(
    username: Annotated[str | None, typer.Option("--user", "-u", help="Только токены этого пользователя.")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Показать токены (без секретов: только идентификаторы)."""
    from regionlens.accounts.tokens import list_tokens

    proj = load_project(project)
    tokens = list_tokens(proj.engine, username)
    if not tokens:
        console.print("Токенов нет.")
        return
    table = Table("id", "пользователь", "роль", "название", "выпущен")
    for t in tokens:
        table.add_row(t.id, t.username, t.role, t.name, t.created_at.strftime("%Y-%m-%d %H:%M UTC"))
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="Идентификатор из `regionlens token list` (не меньше 8 символов).")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Отозвать токен: скрипты с ним сразу получат отказ 401."""
    from regionlens.accounts.tokens import TokenError, revoke_token

    proj = load_project(project)
    try:
        info = revoke_token(proj.engine, token_id)
    except TokenError as exc:
        fail(str(exc))
        return
    console.print(f"Токен «{info.name}» пользователя «{info.username}» отозван.")


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="Файл копии (SQLite: база .db; PostgreSQL: дамп -Fc).")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Сохранить резервную копию базы проекта; сервер можно не останавливать."""
    from regionlens.store.backup import BackupError, backup_project

    proj = load_project(project)
    try:
        info = backup_project(proj, output)
    except BackupError as exc:
        fail(str(exc))
        return
    console.print(f"Копия базы ({info.dialect}) сохранена: {info.path} ({info.size / 1024:.0f} КБ). "
                  "Храните рядом regionlens.yaml и web-secret.key из папки проекта.")


def restore(
    backup_file: Annotated[Path, typer.Argument(help="Файл копии, сделанный `regionlens backup`.")],
    project: ProjectOption = None,  # type: ignore[assignment]
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Не спрашивать подтверждения.")] = False,
) -> None:
    """Заменить базу проекта содержимым копии (остановите веб-сервер на время восстановления)."""
    from regionlens.store.backup import BackupError, restore_project

    proj = load_project(project)
    if not yes and not typer.confirm(translate(f"Все данные проекта {proj.root} будут заменены копией {backup_file}. Продолжить?")):
        fail("Восстановление отменено.", code=1)
        return
    try:
        info = restore_project(proj, backup_file)
    except BackupError as exc:
        fail(str(exc))
        return
    console.print(f"База проекта восстановлена из {info.path}.")
