"""Sessions that end: logout, a password change and `regionlens user disable` end them on the server at once,
tokens die with a password change or a disabled account, and sessions time out when idle and in any case.

Second-review attacks: a cookie saved before `POST /logout` still opened /jobs and /api/v1/me; API tokens
survived a password change; there was no way to disable a user.
"""

from __future__ import annotations

from typer.testing import CliRunner
from websec_helpers import PASSWORD, add_users, client, csrf_of, login

from regionlens.accounts.tokens import create_token
from regionlens.accounts.users import set_password
from regionlens.cli.main import app as cli
from regionlens.store.project import Project
from regionlens.web.app import SESSION_COOKIE


def _replay(project: Project, cookie: str) -> tuple[int, int]:
    """/jobs and /api/v1/me with a saved session cookie, from a fresh client."""
    c = client(project.root)
    c.cookies.set(SESSION_COOKIE, cookie)
    return (c.get("/jobs", follow_redirects=False).status_code, c.get("/api/v1/me").status_code)


def test_a_cookie_saved_before_logout_is_dead_after_it(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    token = login(c, "anna")
    saved = c.cookies.get(SESSION_COOKIE)
    assert saved and _replay(project, saved) == (200, 200)
    assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert _replay(project, saved) == (303, 401), "the session outlived its logout"


def test_a_password_change_ends_sessions_and_revokes_tokens(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    login(c, "anna")
    saved = c.cookies.get(SESSION_COOKIE)
    assert saved
    api_token = create_token(project.engine, "anna", "script")
    api = client(project.root)
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {api_token}"}).status_code == 200
    set_password(project.engine, "anna", "a fresh long secret")
    assert _replay(project, saved) == (303, 401)
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {api_token}"}).status_code == 401, \
        "the API token survived the password change"


def test_disabling_a_user_ends_everything_at_once(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    login(c, "anna")
    saved = c.cookies.get(SESSION_COOKIE)
    assert saved
    api_token = create_token(project.engine, "anna", "script")
    runner = CliRunner()
    result = runner.invoke(cli, ["user", "disable", "anna", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert _replay(project, saved) == (303, 401)
    assert client(project.root).get("/api/v1/me", headers={"Authorization": f"Bearer {api_token}"}).status_code == 401
    fresh = client(project.root)
    r = fresh.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(fresh)},
                   follow_redirects=False)
    assert r.status_code == 401
    result = runner.invoke(cli, ["user", "enable", "anna", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    login(fresh, "anna")
    missing = runner.invoke(cli, ["user", "disable", "ghost", "--project", str(project.root)])
    assert missing.exit_code != 0 and "не найден" in missing.output


def test_sessions_time_out_when_idle_and_after_an_absolute_limit(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    app = c.app
    now = [2_000_000.0]
    app.state.sessions.clock = lambda: now[0]  # type: ignore[attr-defined]
    idle, absolute = app.state.sessions.idle, app.state.sessions.absolute  # type: ignore[attr-defined]
    assert idle <= 4 * 3600 and absolute <= 24 * 3600
    login(c, "anna")
    now[0] += idle - 60
    assert c.get("/jobs", follow_redirects=False).status_code == 200  # activity keeps it alive
    now[0] += idle + 1
    assert c.get("/jobs", follow_redirects=False).status_code == 303, "an idle session did not time out"
    login(c, "anna")
    for _ in range(int(absolute // (idle / 2)) + 1):
        now[0] += idle / 2
        c.get("/jobs", follow_redirects=False)
    assert c.get("/jobs", follow_redirects=False).status_code == 303, "an active session lived past the absolute limit"
