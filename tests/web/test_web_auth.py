"""Accounts, sessions, CSRF, throttling, headers and the language switch."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import select
from web_helpers import PASSWORD, add_users, client, csrf_of, login

from regionlens.accounts.users import UserError, create_user, set_password, verify
from regionlens.store.project import Project
from regionlens.store.schema import users
from regionlens.web.app import SECRET_FILE
from regionlens.web.i18n import load_web_strings


def test_users_are_stored_with_argon2_and_checked(project: Project) -> None:
    create_user(project.engine, "anna", PASSWORD, "coder")
    with project.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash, users.c.role).where(users.c.username == "anna")).one()
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    assert stored.role == "coder"
    assert verify(project.engine, "anna", PASSWORD) is not None
    assert verify(project.engine, "anna", PASSWORD + "x") is None
    assert verify(project.engine, "nobody", PASSWORD) is None
    with pytest.raises(UserError, match="уже существует"):
        create_user(project.engine, "anna", PASSWORD, "coder")
    with pytest.raises(UserError, match="роль"):
        create_user(project.engine, "ivan", PASSWORD, "superuser")
    with pytest.raises(UserError, match="короткий"):
        create_user(project.engine, "ivan", "short", "viewer")
    set_password(project.engine, "anna", "another password")
    assert verify(project.engine, "anna", PASSWORD) is None
    assert verify(project.engine, "anna", "another password") is not None
    with pytest.raises(UserError, match="не найден"):
        set_password(project.engine, "ghost", "another password")


def test_login_logout_and_wrong_password(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    assert c.get("/jobs", follow_redirects=False).headers["location"] == "/login"
    bad = c.post("/login", data={"username": "anna", "password": "wrong-password", "csrf_token": csrf_of(c)})
    assert bad.status_code == 401
    assert "Неверное имя пользователя или пароль" in bad.text
    assert c.get("/jobs", follow_redirects=False).status_code == 303
    token = login(c, "anna")
    page = c.get("/jobs")
    assert page.status_code == 200 and "anna" in page.text and "кодировщик" in page.text
    set_password(project.engine, "boris", "a new password")  # another user's reset does not matter
    assert c.get("/jobs", follow_redirects=False).status_code == 200
    out = c.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert c.get("/jobs", follow_redirects=False).headers["location"] == "/login"


def test_login_rate_limit_per_client(tmp_path: Path, project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    throttle = c.app.state.throttle  # type: ignore[attr-defined]
    now = [1000.0]
    throttle.clock = lambda: now[0]
    for _ in range(6):  # five free failures, and the sixth that starts the wait
        r = c.post("/login", data={"username": "anna", "password": "nope-nope", "csrf_token": csrf_of(c)})
        assert r.status_code == 401
    blocked = c.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(c)},
                     follow_redirects=False)
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert c.get("/jobs", follow_redirects=False).status_code == 303  # the right password did not get in
    now[0] += int(blocked.headers["retry-after"])
    assert c.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(c)},
                  follow_redirects=False).status_code == 303


def test_password_reset_ends_open_sessions(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    login(c, "anna")
    assert c.get("/jobs", follow_redirects=False).status_code == 200
    set_password(project.engine, "anna", "reset by the admin")
    assert c.get("/jobs", follow_redirects=False).headers["location"] == "/login"
    login(c, "anna", "reset by the admin")
    assert c.get("/jobs", follow_redirects=False).status_code == 200


def test_post_without_or_with_wrong_csrf_token_is_refused(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    csrf_of(c)
    assert c.post("/login", data={"username": "anna", "password": PASSWORD}).status_code == 403
    assert c.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": "forged"}).status_code == 403
    token = login(c, "anna")
    r = c.post("/lang", data={"lang": "en", "next": "/jobs"})
    assert r.status_code == 403 and "Форма устарела" in r.text
    assert c.post("/logout").status_code == 403
    assert c.get("/jobs").status_code == 200  # still logged in
    # scripts send the token as a header instead of a form field
    r = c.post("/lang", data={"lang": "en", "next": "/jobs"}, headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert r.status_code == 303


def test_session_cookie_flags_and_security_headers(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    r = c.get("/login")
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"
    assert "<script>" not in r.text.replace('<script src="/static/app.js" defer></script>', "")
    plain = client(project.root, secure_cookies=False)
    assert "secure" not in plain.get("/login").headers["set-cookie"].lower()


def test_secret_key_is_created_private_and_reused(project: Project) -> None:
    add_users(project.engine)
    first = client(project.root)
    key_file = project.root / SECRET_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    login(first, "anna")
    second = client(project.root)  # a restarted server reads the same key: the session stays valid
    second.cookies = first.cookies
    assert second.get("/jobs", follow_redirects=False).status_code == 200
    other = client(project.root, secret_key="x" * 40)
    other.cookies = first.cookies
    assert other.get("/jobs", follow_redirects=False).status_code == 303


def test_language_switch_is_kept_in_session_and_user(project: Project) -> None:
    add_users(project.engine)
    c = client(project.root)
    assert "Вход в regionlens" in c.get("/login").text
    r = c.post("/lang", data={"lang": "en", "next": "/login", "csrf_token": csrf_of(c)}, follow_redirects=False)
    assert r.headers["location"] == "/login"
    assert "Sign in to regionlens" in c.get("/login").text
    token = login(c, "anna")  # the user's stored language (ru) applies after login
    assert "Задания ручного кодирования" in c.get("/jobs").text
    c.post("/lang", data={"lang": "en", "next": "https://evil.example/", "csrf_token": token})
    assert "Manual coding jobs" in c.get("/jobs").text
    with project.engine.connect() as conn:
        assert conn.execute(select(users.c.language).where(users.c.username == "anna")).scalar_one() == "en"
    fresh = client(project.root)
    login(fresh, "anna")
    assert "Manual coding jobs" in fresh.get("/jobs").text


def test_string_files_have_the_same_keys() -> None:
    ru, en = load_web_strings("ru"), load_web_strings("en")
    assert set(ru.strings) == set(en.strings)
    assert ru("unit_of", position=2, total=5) == "Единица 2 из 5"


def test_session_key_is_whole_when_servers_start_together(tmp_path: Path) -> None:
    """Eight servers starting at once on one project all get the same full key (none reads a half-written file)."""
    from concurrent.futures import ThreadPoolExecutor

    from regionlens.web.app import SECRET_FILE, load_secret_key

    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: load_secret_key(tmp_path), range(8)))
    assert len(set(keys)) == 1 and len(keys[0]) >= 32
    assert (tmp_path / SECRET_FILE).stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [SECRET_FILE]  # no temporary files left behind
