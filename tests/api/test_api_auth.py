"""Tokens (hash-only storage, revocation, disabled users, CLI) and the browser session with its CSRF rule."""

from __future__ import annotations

import hashlib

import pytest
import typer
from api_helpers import api_client, auth, browser_login, build_world
from sqlalchemy import select, update
from typer.testing import CliRunner

from regionlens.accounts.tokens import TokenError, create_token, list_tokens, revoke_token
from regionlens.cli.api_commands import token_app
from regionlens.store.project import Project
from regionlens.store.schema import api_tokens, users

cli = typer.Typer()
cli.add_typer(token_app, name="token")
runner = CliRunner()


def flat(output: str) -> str:
    """CLI output without Rich's line wrapping."""
    return " ".join(output.split())


def test_only_the_hash_is_stored_and_revocation_is_immediate(project: Project) -> None:
    world = build_world(project)
    token = world.tokens["vera"]
    with project.engine.connect() as conn:
        stored = set(conn.execute(select(api_tokens.c.token_hash)).scalars())
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token not in stored and not any(token[3:] in h for h in stored)
    c = api_client(world)
    assert c.get("/api/v1/me", headers=auth(world, "vera")).json() == {"username": "vera", "role": "viewer", "language": "ru"}
    second = create_token(project.engine, "vera", "второй")
    [info] = [t for t in list_tokens(project.engine, "vera") if t.name == "tests"]
    revoked = revoke_token(project.engine, info.id[:10])
    assert (revoked.username, revoked.name) == ("vera", "tests")
    r = c.get("/api/v1/me", headers=auth(world, "vera"))
    assert r.status_code == 401 and "отозван" in r.json()["detail"]
    assert c.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    try:
        create_token(project.engine, "vera", "второй")
    except TokenError as exc:
        assert "уже есть токен" in str(exc)
    else:
        raise AssertionError("a second token with the same name was accepted")


def test_malformed_headers_and_disabled_accounts(project: Project) -> None:
    world = build_world(project)
    c = api_client(world)
    for header in ("Basic dmVyYTpwYXNz", "Bearer", "Token " + world.tokens["root"], world.tokens["root"]):
        r = c.get("/api/v1/publications", headers={"Authorization": header})
        assert r.status_code == 401, header
        assert r.json()["detail"]
    with project.engine.begin() as conn:
        conn.execute(update(users).where(users.c.username == "root").values(active=0))
    r = c.get("/api/v1/sources", headers=auth(world, "root"))
    assert r.status_code == 401 and "отключ" in r.json()["detail"]


def test_browser_session_reads_and_needs_csrf_to_write(project: Project) -> None:
    world = build_world(project)
    c = api_client(world)
    assert c.get("/api/v1/me").status_code == 401
    csrf = browser_login(c, "anna")
    assert c.get("/api/v1/me").json()["username"] == "anna"
    unit = min(world.units["anna"])
    path = f"/api/v1/jobs/{world.job_id}/units/{unit}"
    refused = c.put(path, json={"values": {"tone": 0}})
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    assert c.put(path, json={"values": {"tone": 0}}, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert c.get(path).json()["values"] == {}
    saved = c.put(path, json={"values": {"tone": 0}}, headers={"X-CSRF-Token": csrf})
    assert saved.status_code == 200 and saved.json()["values"] == {"tone": 0}
    # a bad token is refused even though a valid session cookie is present: no silent fallback
    assert c.get("/api/v1/me", headers=auth(world, "bad_token")).status_code == 401
    # the page app keeps its HTML errors; the API answers JSON for unknown paths and methods
    assert c.get("/api/v1/nothing-here").json() == {"detail": "Такого адреса в API нет."}
    assert c.delete("/api/v1/jobs", headers={"X-CSRF-Token": csrf}).status_code == 405


def test_token_commands(project: Project) -> None:
    build_world(project)
    root = str(project.root)
    made = runner.invoke(cli, ["token", "create", "vera", "--name", "отчёт в R", "-p", root])
    assert made.exit_code == 0, made.output
    token = made.output.strip().splitlines()[-1]
    assert token.startswith("rl_") and len(token) > 40
    listed = runner.invoke(cli, ["token", "list", "--user", "vera", "-p", root])
    assert listed.exit_code == 0 and "отчёт в R" in flat(listed.output) and token not in flat(listed.output)
    [info] = [t for t in list_tokens(project.engine, "vera") if t.name == "отчёт в R"]
    assert info.id in flat(listed.output)
    unknown = runner.invoke(cli, ["token", "create", "ghost", "--name", "x", "-p", root])
    assert unknown.exit_code == 2 and "не найден" in flat(unknown.output)
    gone = runner.invoke(cli, ["token", "revoke", info.id, "-p", root])
    assert gone.exit_code == 0 and "отозван" in flat(gone.output)
    assert all(t.name != "отчёт в R" for t in list_tokens(project.engine, "vera"))
    again = runner.invoke(cli, ["token", "revoke", info.id, "-p", root])
    assert again.exit_code == 2 and "не найден" in flat(again.output)
    bad = runner.invoke(cli, ["token", "revoke", "xyz", "-p", root])
    assert bad.exit_code == 2 and "идентификатор" in flat(bad.output)


def test_a_server_error_is_json_without_internals(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from regionlens.web import create_app
    from regionlens.web.api import sources as sources_api

    world = build_world(project)

    def broken(engine: object) -> list[dict[str, object]]:
        raise RuntimeError("secret internal state")

    monkeypatch.setattr(sources_api, "list_sources", broken)
    c = TestClient(create_app(world.project.root), base_url="https://testserver", raise_server_exceptions=False)
    r = c.get("/api/v1/sources", headers=auth(world, "vera"))
    assert r.status_code == 500
    assert "Внутренняя ошибка" in r.json()["detail"] and "secret" not in r.text
