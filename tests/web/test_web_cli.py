"""`regionlens user add` / `user password` through Typer, on a project folder."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from regionlens.accounts.users import verify
from regionlens.cli.web_commands import serve, user_app
from regionlens.store.project import Project

app = typer.Typer()
app.add_typer(user_app, name="user")
app.command("serve")(serve)
runner = CliRunner()


def test_user_add_and_password_reset(project: Project) -> None:
    root = str(project.root)
    r = runner.invoke(app, ["user", "add", "olga", "--role", "admin", "--password", "first pass 1", "-p", root])
    assert r.exit_code == 0, r.output
    assert "добавлен" in r.output
    user = verify(project.engine, "olga", "first pass 1")
    assert user is not None and user.role == "admin"
    again = runner.invoke(app, ["user", "add", "olga", "--password", "first pass 1", "-p", root])
    assert again.exit_code == 2 and "уже существует" in again.output
    bad = runner.invoke(app, ["user", "add", "pavel", "--role", "boss", "--password", "first pass 1", "-p", root])
    assert bad.exit_code == 2 and "роль" in bad.output
    # the password is asked twice when not given on the command line
    prompted = runner.invoke(app, ["user", "password", "olga", "-p", root], input="second pass 2\nsecond pass 2\n")
    assert prompted.exit_code == 0, prompted.output
    assert verify(project.engine, "olga", "first pass 1") is None
    assert verify(project.engine, "olga", "second pass 2") is not None
    missing = runner.invoke(app, ["user", "password", "nobody", "--password", "second pass 2", "-p", root])
    assert missing.exit_code == 2 and "не найден" in missing.output
