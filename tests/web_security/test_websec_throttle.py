"""Login throttling that holds under a burst, across server processes, without locking out the right password.

Second-review attacks: 40 simultaneous wrong logins for one account tested 33 passwords (the limit was
checked before the password and the failure recorded after it); the limiter lived in one process's
memory; and anyone could lock an account for five minutes with a few failures.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from websec_helpers import PASSWORD, add_users, client, csrf_of

from regionlens.accounts import users as auth
from regionlens.accounts.users import UserError, create_user
from regionlens.store.project import Project


class CountingHasher(PasswordHasher):
    """The test hasher, slowed to the production cost (~0.1 s) and counting the passwords it checks."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.checked: list[str] = []
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:  # noqa: A002 - argon2's own name
        with self._lock:
            self.checked.append(str(password))
        time.sleep(0.1)
        return super().verify(hash, password)


def _from(app: Any, address: str) -> TestClient:
    return TestClient(app, base_url="https://testserver", client=(address, 40000))


def _try(c: TestClient, username: str, password: str) -> int:
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(c)},
               follow_redirects=False)
    return r.status_code


def _burst(app: Any, username: str, passwords: list[str], addresses: list[str]) -> list[int]:
    clients = [_from(app, a) for a in addresses]
    tokens = [csrf_of(c) for c in clients]
    statuses: list[int] = [0] * len(passwords)
    start = threading.Barrier(len(passwords))

    def one(i: int) -> None:
        start.wait()
        r = clients[i].post("/login", data={"username": username, "password": passwords[i],
                                            "csrf_token": tokens[i]}, follow_redirects=False)
        statuses[i] = r.status_code

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(passwords))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_a_burst_of_wrong_logins_tests_no_more_passwords_than_the_limit(project: Project,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    add_users(project.engine)
    hasher = CountingHasher()
    monkeypatch.setattr(auth, "_hasher", hasher)
    app = client(project.root).app
    # The clock stands still during the burst: on a loaded machine the 40 requests can take longer than the
    # first back-off (1 s), after which one more guess is rightly allowed; that is the design, not a leak.
    app.state.throttle.clock = lambda: 1_000_000.0
    guesses = [f"guess number {i:02d}" for i in range(40)]
    # from forty addresses at once: only the per-account limit stands in the way
    statuses = _burst(app, "anna", guesses, [f"10.0.1.{i}" for i in range(40)])
    tested = [p for p in hasher.checked if p.startswith("guess")]
    assert statuses.count(429) >= 40 - 11, statuses
    assert len(tested) <= 11, f"{len(tested)} passwords were tested in a burst of 40 (limit 10 + the reserved one)"
    # from one address: the per-address limit (5) holds the same way
    hasher.checked.clear()
    statuses = _burst(app, "boris", guesses, ["10.0.2.1"] * 40)
    assert len([p for p in hasher.checked if p.startswith("guess")]) <= 6, statuses


def test_failures_are_counted_in_the_store_across_server_processes(project: Project) -> None:
    add_users(project.engine)
    first, second = client(project.root).app, client(project.root).app  # two `regionlens serve` processes
    for i in range(10):
        assert _try(_from(first, f"10.0.3.{i}"), "anna", f"wrong guess {i}") == 401
    assert _try(_from(second, "10.0.4.1"), "anna", "one more guess") == 401  # the reserved 11th
    assert _try(_from(second, "10.0.4.2"), "anna", "and another one") == 429, \
        "the second process did not see the first one's failures"


def test_failures_slow_an_account_down_exponentially_instead_of_locking_the_right_password(project: Project) -> None:
    add_users(project.engine)
    app = client(project.root).app
    now = [1_000_000.0]
    app.state.throttle.clock = lambda: now[0]
    for i in range(11):  # an attacker from many addresses
        assert _try(_from(app, f"10.0.5.{i}"), "anna", f"attacker guess {i}") == 401
    owner = _from(app, "10.0.6.1")
    blocked = owner.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(owner)},
                         follow_redirects=False)
    assert blocked.status_code == 429
    wait = int(blocked.headers["retry-after"])
    assert 1 <= wait <= 2, f"the first back-off is {wait} s (a hard five-minute lock before)"
    now[0] += wait
    assert _try(_from(app, "10.0.5.20"), "anna", "attacker again") == 401  # allowed again, and doubles the wait
    again = _from(app, "10.0.6.2")
    r = again.post("/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf_of(again)},
                   follow_redirects=False)
    assert r.status_code == 429 and 2 <= int(r.headers["retry-after"]) <= 3
    now[0] += int(r.headers["retry-after"])
    assert _try(owner, "anna", PASSWORD) == 303, "the right password after the back-off did not get in"
    assert _try(_from(app, "10.0.5.21"), "anna", "attacker after success") == 401, "a success resets the account"


def test_a_known_browser_is_not_slowed_by_an_attackers_failures(project: Project) -> None:
    """A browser that logged in to the account before keeps getting in while strangers fail (no lock-out)."""
    add_users(project.engine)
    app = client(project.root).app
    app.state.throttle.clock = lambda: 3_000_000.0  # no back-off expires while the attacker works
    owner = _from(app, "10.0.7.1")
    assert _try(owner, "anna", PASSWORD) == 303
    owner.post("/logout", data={"csrf_token": csrf_of(owner, "/jobs")})
    for i in range(20):
        _try(_from(app, f"10.0.8.{i}"), "anna", f"attacker guess {i}")
    assert _try(_from(app, "10.0.8.99"), "anna", PASSWORD) == 429  # a stranger waits, even with the password
    assert _try(owner, "anna", PASSWORD) == 303


def test_user_names_are_unique_regardless_of_case(project: Project) -> None:
    create_user(project.engine, "admin", PASSWORD, "admin")
    for other in ("Admin", "ADMIN", "aDmIn"):
        with pytest.raises(UserError, match="уже существует"):
            create_user(project.engine, other, PASSWORD, "viewer")
    c = client(project.root)
    assert _try(c, "ADMIN", PASSWORD) == 303  # the same account, whatever the case typed


def test_a_project_from_schema_6_with_look_alike_names_upgrades(tmp_path: Path) -> None:
    """Before v9 «Admin» and «admin» could both exist: the upgrade keeps both working under their exact
    names, gives each a unique key, and no third look-alike can be added."""
    from sqlalchemy import text

    from regionlens.store.migrations import LATEST, current_version
    from regionlens.store.project import init_project, open_project

    proj = init_project(tmp_path / "old")
    with proj.engine.begin() as conn:  # back to what schema 6 wrote, with two look-alike accounts
        conn.execute(text("DROP TABLE web_sessions"))
        conn.execute(text("DROP TABLE login_throttle"))
        conn.execute(text("DROP INDEX ux_users_username_key"))
        conn.execute(text("ALTER TABLE users DROP COLUMN username_key"))
        conn.execute(text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
    for name in ("admin", "Admin"):
        with proj.engine.begin() as conn:
            conn.execute(text("INSERT INTO users (username, password_hash, role, language, active, created_at) "
                              "VALUES (:n, :h, 'admin', 'ru', 1, '2024-01-01')"),
                         {"n": name, "h": auth.hash_password(PASSWORD)})
    proj.engine.dispose()
    reopened = open_project(tmp_path / "old")
    with reopened.engine.connect() as conn:
        assert current_version(conn) == LATEST
        keys = dict(conn.execute(text("SELECT username, username_key FROM users")).all())
    assert keys["admin"] == "admin" and keys["Admin"] != "admin" and keys["Admin"].startswith("admin")
    for name in ("admin", "Admin"):
        assert auth.verify(reopened.engine, name, PASSWORD) is not None
        assert auth.verify(reopened.engine, name, PASSWORD).username == name  # type: ignore[union-attr]
    with pytest.raises(UserError):
        create_user(reopened.engine, "ADMIN", PASSWORD, "viewer")
