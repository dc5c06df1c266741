"""A coder's save survives the server being killed: SIGKILL `regionlens serve` while coders save.

Each save of a unit writes three values derived from one number k, so a
half-written save (some variables from one save, some from another, or some
missing) is visible in the store. After the kill the server is started again
on the same project: every save that was acknowledged (303 to the next unit)
must be stored, or replaced by the one save that was in flight when the
process died; nothing else may be there. The sessions survive the restart,
and the server's own log never shows a password, session cookie or token.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import text
from websec_helpers import (
    PASSWORD,
    coding_job,
    csrf_of,
    expected_of,
    login,
    save_form,
    save_of,
    start_server,
    stored_values,
    units_of,
)

from regionlens.store.project import Project

CODERS = ("anna", "boris", "dasha")
WRONG = "WrongPass-1b7e0"
TOKENS: list[str] = []  # CSRF tokens handed out, for the log check


@dataclass
class Ledger:
    """What one coder's client knows: the last acknowledged k per unit, and the k in flight when it failed."""
    acked: dict[int, int] = field(default_factory=dict)
    in_flight: tuple[int, int] | None = None
    errors: list[str] = field(default_factory=list)
    saves: int = 0


def _coder(base: str, job_id: int, coder: str, units: list[int], start_k: int, ledger: Ledger,
           stop: threading.Event, cookies: httpx.Cookies | None = None) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=30.0, cookies=cookies) as c:
        token = login(c, coder) if cookies is None else _token(c, job_id)
        TOKENS.append(token)
        k = start_k
        while not stop.is_set():
            doc = units[k % len(units)]
            ledger.in_flight = (doc, k)
            try:
                r = c.post(f"/jobs/{job_id}/units/{doc}", data={**save_form(k), "csrf_token": token})
            except httpx.HTTPError:
                return c.cookies  # the server died with this save in flight
            if r.status_code != 303 or not r.headers["location"].startswith(f"/jobs/{job_id}/code"):
                ledger.errors.append(f"{coder} k={k}: {r.status_code} {r.text[:200]}")
                return c.cookies
            ledger.acked[doc] = k
            ledger.in_flight = None
            ledger.saves += 1
            k += 1
        return c.cookies


def _token(c: httpx.Client, job_id: int) -> str:
    from websec_helpers import CSRF

    page = c.get(f"/jobs/{job_id}/code")
    assert page.status_code == 200, f"the session did not survive the restart: {page.status_code}"
    found = CSRF.search(page.text)
    assert found
    return found.group(1)


def _check_store(project: Project, job_id: int, ledgers: dict[str, Ledger]) -> None:
    stored = stored_values(project.engine, job_id)
    for coder, ledger in ledgers.items():
        for doc in units_of(project.engine, job_id, coder):
            values = stored.get((coder, doc))
            allowed = set()
            if doc in ledger.acked:
                allowed.add(ledger.acked[doc])
            if ledger.in_flight and ledger.in_flight[0] == doc:
                allowed.add(ledger.in_flight[1])
            if values is None:
                assert not ledger.acked.get(doc), f"{coder}'s acknowledged save of {doc} was lost"
                continue
            assert set(values) == {"union", "tone", "genre"}, f"half-written save of {coder}/{doc}: {values}"
            got = save_of(values)
            match = [k for k in allowed if got == expected_of(k)]
            assert match, f"{coder}/{doc} holds {got}, expected one of {[expected_of(k) for k in allowed]}"
            ledger.acked[doc] = match[0]  # a save in flight that did land is now the one to keep
        ledger.in_flight = None


def _run_until_killed(base: str, job_id: int, units: dict[str, list[int]], ledgers: dict[str, Ledger],
                      kill: object, delay: float, cookies: dict[str, httpx.Cookies] | None = None,
                      start_k: int = 0) -> dict[str, httpx.Cookies]:
    stop = threading.Event()
    out: dict[str, httpx.Cookies] = {}

    def run(coder: str) -> None:
        out[coder] = _coder(base, job_id, coder, units[coder], start_k, ledgers[coder], stop,
                            (cookies or {}).get(coder))

    threads = [threading.Thread(target=run, args=(coder,)) for coder in CODERS]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    before = {c: ledger.saves for c, ledger in ledgers.items()}
    # every coder is logged in and saving (at least 3 saves each this round) before the kill
    while any(ledger.saves < before[c] + 3 for c, ledger in ledgers.items()) and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    kill()  # type: ignore[operator]
    stop.set()
    for t in threads:
        t.join(timeout=20)
        assert not t.is_alive(), "a coder's client hung after the kill"
    return out


def test_sigkill_during_saves_loses_no_acknowledged_save(project: Project, tmp_path: Path) -> None:
    job_id, units = coding_job(project, CODERS, overlap=0.5)
    log = tmp_path / "server.log"
    rng = random.Random(3)
    ledgers = {c: Ledger() for c in CODERS}

    server = start_server(project.root, log)
    with httpx.Client(base_url=server.base, timeout=10.0) as c:  # a failed login, for the log check at the end
        r = c.post("/login", data={"username": "anna", "password": WRONG, "csrf_token": csrf_of(c)})
        assert r.status_code == 401
    cookies = _run_until_killed(server.base, job_id, units, ledgers, server.kill, rng.uniform(0.05, 0.4))
    assert server.process.returncode == -9
    assert not [e for ledger in ledgers.values() for e in ledger.errors]
    if project.engine.dialect.name == "sqlite":
        with project.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    _check_store(project, job_id, ledgers)
    first_round = sum(ledger.saves for ledger in ledgers.values())

    # restarted on the same project: the same sessions go on saving, and a second kill loses nothing either
    server = start_server(project.root, log)
    later = _run_until_killed(server.base, job_id, units, ledgers, server.kill, rng.uniform(0.05, 0.4), cookies,
                              1000)
    assert not [e for ledger in ledgers.values() for e in ledger.errors]
    _check_store(project, job_id, ledgers)
    assert sum(ledger.saves for ledger in ledgers.values()) > first_round

    assert "Traceback" not in server.output()

    # the server log (uvicorn's access log and the app's) holds no password, session cookie or CSRF token
    output = server.output()
    assert "POST /login" in output and "POST /jobs/" in output  # the access log was on: the check means something
    secrets = [PASSWORD, WRONG] + [v for jars in (cookies, later) for jar in jars.values() for v in jar.values()] + TOKENS
    assert len(secrets) > 4
    for secret in secrets:
        assert secret not in output, f"a secret ({secret[:6]}…) appeared in the server log"
