"""Commands of the web application: serve, and the accounts that log in to it.

Accounts are managed through `regionlens.accounts.users`; the only web import is
`create_app`, inside `serve`, so the other commands never load the web stack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from regionlens.cli.common import ProjectOption, console, err_console, fail, load_project
from regionlens.cli.language import command_lang
from regionlens.messages import tr

user_app = typer.Typer(help="Учётные записи веб-интерфейса: добавить, сменить пароль, отключить и включить.",
                       no_args_is_help=True)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    project: ProjectOption = None,  # type: ignore[assignment]
    host: Annotated[str, typer.Option("--host", help="Адрес, на котором слушать (по умолчанию только этот компьютер).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Порт.")] = 8000,
    insecure_cookies: Annotated[bool, typer.Option(
        "--insecure-cookies",
        help="Разрешить cookie сессии по обычному HTTP (без TLS). Только для локальной сети, которой вы доверяете.",
    )] = False,
    proxy_headers: Annotated[bool, typer.Option(
        "--proxy-headers",
        help="Брать адрес клиента из X-Forwarded-For от обратного прокси на этом компьютере (nginx): "
             "иначе ограничение попыток входа считает всех клиентов одним.",
    )] = False,
) -> None:
    """Запустить веб-интерфейс кодирования (FastAPI + uvicorn)."""
    import uvicorn

    from regionlens.accounts.users import count_users
    from regionlens.web import create_app  # the thin layer's one web import, when the server starts

    proj = load_project(project)
    if not count_users(proj.engine):
        err_console.print("[yellow]В проекте нет ни одного пользователя. Добавьте администратора: "
                          "regionlens user add ИМЯ --role admin[/]")
    if host not in LOOPBACK and not insecure_cookies:
        err_console.print("[yellow]Cookie сессии помечены Secure: браузер пришлёт их только по HTTPS. "
                          "Поставьте перед сервером обратный прокси с TLS или запустите с --insecure-cookies.[/]")
    app = create_app(proj, secure_cookies=not insecure_cookies)
    console.print(f"regionlens: http://{host}:{port}/ (Ctrl+C — остановить)")
    # Forwarded headers are trusted only from a proxy on this machine, never from arbitrary clients.
    uvicorn.run(app, host=host, port=port, proxy_headers=proxy_headers, forwarded_allow_ips="127.0.0.1",
                server_header=False, log_level="info")


def _password(password: str | None, confirm: bool = True) -> str:
    if password is not None:
        return password
    value: str = typer.prompt(tr("Пароль"), hide_input=True, confirmation_prompt=confirm)
    return value


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Имя пользователя (оно же имя кодировщика в заданиях).")],
    role: Annotated[str, typer.Option("--role", "-r", help="Роль: admin, coder или viewer.")] = "coder",
    password: Annotated[str | None, typer.Option("--password", help="Пароль (без него будет запрошен; так он не попадёт в историю оболочки).")] = None,
    language: Annotated[str | None, typer.Option("--lang", help="Язык интерфейса: ru или en (по умолчанию $REGIONLENS_LANG или ru).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Добавить пользователя веб-интерфейса."""
    from regionlens.accounts.users import ROLES, UserError, create_user

    if role not in ROLES:
        fail(f"Неизвестная роль «{role}»; допустимы: {', '.join(ROLES)}.")
    proj = load_project(project)
    try:
        create_user(proj.engine, username, _password(password), role, command_lang(language))
    except UserError as exc:
        fail(str(exc))
    console.print(f"Пользователь «{username}» добавлен с ролью {role}.")


@user_app.command("password")
def user_password(
    username: Annotated[str, typer.Argument(help="Имя пользователя.")],
    password: Annotated[str | None, typer.Option("--password", help="Новый пароль (без него будет запрошен).")] = None,
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Задать пользователю новый пароль (сброс администратором)."""
    from regionlens.accounts.users import UserError, set_password

    proj = load_project(project)
    try:
        set_password(proj.engine, username, _password(password))
    except UserError as exc:
        fail(str(exc))
    console.print(f"Пароль пользователя «{username}» изменён.")


def _set_active(username: str, active: bool, project: Path | None) -> None:
    from regionlens.accounts.users import UserError, set_active

    proj = load_project(project)
    try:
        set_active(proj.engine, username, active)
    except UserError as exc:
        fail(str(exc))


@user_app.command("disable")
def user_disable(
    username: Annotated[str, typer.Argument(help="Имя пользователя.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Отключить пользователя: его сессии заканчиваются сразу, токены API отзываются, вход закрыт."""
    _set_active(username, False, project)
    console.print(f"Пользователь «{username}» отключён: сессии завершены, токены API отозваны.")


@user_app.command("enable")
def user_enable(
    username: Annotated[str, typer.Argument(help="Имя пользователя.")],
    project: ProjectOption = None,  # type: ignore[assignment]
) -> None:
    """Снова включить отключённого пользователя (токены API придётся создать заново)."""
    _set_active(username, True, project)
    console.print(f"Пользователь «{username}» снова может входить.")
