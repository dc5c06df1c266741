"""Cookie flags, the admin reset path, return paths, headers and secrets kept out of logs (login throttling:
test_websec_throttle.py)."""

from __future__ import annotations

import logging

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from typer.testing import CliRunner
from websec_helpers import PASSWORD, add_users, client, csrf_of, login

from regionlens.accounts import users as auth
from regionlens.cli.main import app as cli
from regionlens.store.project import Project
from regionlens.store.schema import users
from regionlens.web.app import SESSION_COOKIE
from regionlens.web.pages_auth import KNOWN_COOKIE


def _fail(c: httpx.Client, username: str, password: str = "wrong password") -> httpx.Response:
    return c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c)},
                  follow_redirects=False)


def test_a_login_that_upgrades_the_password_hash_keeps_its_session(project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    add_users(project.engine)  # hashed with the cheap test parameters
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    c = client(project.root)
    login(c, "anna")  # verify() rehashes with the new parameters here
    assert c.get("/jobs", follow_redirects=False).status_code == 200, "the rehash ended the new session"
    with project.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash).where(users.c.username == "anna")).scalar_one()
    assert "m=2048,t=2" in stored


def test_session_cookie_flags(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    anonymous = c.get("/login").headers["set-cookie"]
    r = c.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(c)},
               follow_redirects=False)
    cookies = r.headers.get_list("set-cookie")
    cookie = next(c for c in cookies if c.startswith(SESSION_COOKIE + "="))
    known = next(c for c in cookies if c.startswith(KNOWN_COOKIE + "="))  # the «known browser» mark
    assert {"httponly", "secure", "samesite=lax"} <= {p.strip().lower() for p in known.split(";")[1:]}
    flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite", "max-age", "path"} <= flags
    assert "samesite=lax" in cookie.lower() or "samesite=strict" in cookie.lower()
    # a fresh session on login (no fixation): the cookie changed and the old CSRF token is gone
    assert anonymous.split(";")[0] != cookie.split(";")[0]
    plain = client(project.root, secure_cookies=False)
    assert "secure" not in plain.get("/login").headers["set-cookie"].lower()


def test_admin_reset_from_the_cli_ends_the_users_sessions(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    login(c, "anna")
    assert c.get("/jobs", follow_redirects=False).status_code == 200
    runner = CliRunner()
    result = runner.invoke(cli, ["user", "password", "anna", "--password", "new password 1",
                                 "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert c.get("/jobs", follow_redirects=False).headers["location"] == "/login"
    assert _fail(c, "anna", PASSWORD).status_code == 401  # the old password is dead
    login(c, "anna", "new password 1")
    bad = runner.invoke(cli, ["user", "password", "ghost", "--password", "new password 1",
                              "--project", str(project.root)])
    assert bad.exit_code != 0 and "не найден" in bad.output


def _secrets_absent(text: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret not in text, f"a secret ({secret[:6]}…) appeared in {where}"


def test_no_passwords_cookies_or_tokens_in_debug_logs(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    add_users(project.engine)
    caplog.set_level(logging.DEBUG)
    c = client(project.root)
    wrong = "WrongPass-9f2c7"
    assert _fail(c, "anna", wrong).status_code == 401
    token = login(c, "anna")
    page = c.get("/jobs")
    assert page.status_code == 200
    session = c.cookies.get(SESSION_COOKIE)
    assert session
    from regionlens.accounts.tokens import create_token

    api_token = create_token(project.engine, "vera", "log test")
    api = client(project.root)
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {api_token}"}).status_code == 200
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {api_token}x"}).status_code == 401
    secrets = [PASSWORD, wrong, session, token, api_token]
    records = caplog.records
    assert records, "nothing was logged at DEBUG: the capture is not working"
    for record in records:
        text = record.getMessage() + " " + repr(record.args) + " " + repr(getattr(record, "__dict__", {}))
        _secrets_absent(text, secrets, f"log record {record.name}")
    _secrets_absent(caplog.text, secrets, "the captured log")


def test_return_paths_cannot_leave_the_site(project: Project) -> None:
    c = client(project.root)
    token = csrf_of(c)
    for target in ("//evil.example/", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
                   "/\t/evil.example", "/\n/evil.example", "javascript:alert(1)", " //evil.example", "/%2F/x",
                   "http:evil.example"):
        r = c.post("/lang", data={"lang": "ru", "next": target, "csrf_token": token}, follow_redirects=False)
        assert r.status_code == 303
        location = r.headers["location"]
        # what a browser makes of it: tabs and newlines are dropped, backslashes read as slashes
        seen = location.replace("\t", "").replace("\n", "").replace("\r", "").replace("\\", "/").strip()
        assert seen.startswith("/") and not seen.startswith("//"), f"{target!r} → {location!r}"


def test_security_headers_on_every_kind_of_response(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    login(c, "vera")
    from regionlens.accounts.tokens import create_token

    token = create_token(project.engine, "vera", "headers test")
    responses = {
        "page": c.get("/jobs"), "404": c.get("/no-such-page"), "403": c.get("/sources/new"),
        "api": c.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}),
        "api 401": client(project.root).get("/api/v1/me"), "static": c.get("/static/app.css"),
    }
    for what, r in responses.items():
        csp = r.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, what
        assert r.headers.get("x-frame-options") == "DENY" and r.headers.get("x-content-type-options") == "nosniff", what
        if what != "static":
            assert r.headers.get("cache-control") == "no-store", what
    assert "Traceback" not in responses["404"].text
