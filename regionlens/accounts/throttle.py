"""Login throttling in the project database: an attempt is counted before the password is checked.

The first review's limiter checked the limit, verified the password (argon2, ~0.1 s) and only then
recorded the failure, so a burst of simultaneous guesses all passed the check; it also lived in one
process's memory. Here every attempt first *reserves* a slot in one transaction (an UPDATE that succeeds
only if the key is not waiting), so a burst gets no more password checks than the limit allows, and
every server process on the project sees the same counts.

Past a few free failures the wait doubles with each further failure (1 s, 2 s, 4 s … up to CAP) instead
of locking the account for a fixed time: guessing stays slow, while the owner waits seconds, not minutes.
Attempts refused during a wait are not counted, so hammering does not lengthen it. A successful login
clears the account's count and gives back its own attempt on the address (but not the address's earlier
failures: a guesser must not reset them by logging in to their own account). Counts are forgotten FORGET seconds after the last attempt.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from regionlens.store.schema import login_throttle

T = login_throttle.c
ADDRESS_FREE = 5  # failures from one address before it waits
ACCOUNT_FREE = 10  # failures on one account (from anywhere) before it waits
BASE = 1.0
CAP = 900.0
FORGET = 3600.0
MAX_KEY = 200


@dataclass(frozen=True, slots=True)
class Key:
    """One thing attempts are counted against, with the failures it is allowed before waiting."""

    name: str
    free: int


def address_key(address: str) -> Key:
    return Key(f"address:{address}"[:MAX_KEY], ADDRESS_FREE)


def account_key(folded_name: str) -> Key:
    return Key(f"account:{folded_name}"[:MAX_KEY], ACCOUNT_FREE)


def delay(failures: int, free: int) -> float:
    """Seconds to wait after `failures` counted attempts: none while free, then doubling up to CAP."""
    if failures <= free:
        return 0.0
    return min(CAP, BASE * 2.0 ** min(failures - free - 1, 30))


class _Wait(Exception):  # noqa: N818 - control flow inside reserve(), never escapes it
    def __init__(self, seconds: float):
        self.seconds = seconds


class LoginThrottle:
    """Reserve-before-verify throttling over the `login_throttle` table."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time):
        self.engine = engine
        self.clock = clock

    def _ensure(self, conn: Connection, name: str, now: float) -> None:
        make = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(make(login_throttle).values(key=name, failures=0, next_allowed=0.0, updated_at=now)
                     .on_conflict_do_nothing(index_elements=["key"]))

    def reserve(self, keys: Sequence[Key]) -> float:
        """Count one attempt against every key, atomically; 0.0 if granted, else the seconds to wait
        (then nothing was counted)."""
        now = float(self.clock())
        try:
            return self._reserve(keys, now)
        except _Wait as wait:  # the transaction was rolled back: nothing was counted
            return wait.seconds

    def _reserve(self, keys: Sequence[Key], now: float) -> float:
        with self.engine.begin() as conn:
            for key in sorted(keys, key=lambda k: k.name):  # one lock order: no deadlock between two logins
                self._ensure(conn, key.name, now)
            counts: dict[str, int] = {}
            for key in sorted(keys, key=lambda k: k.name):
                # Stale counts restart at one; the WHERE makes check-and-count a single step.
                done = conn.execute(update(login_throttle).where(T.key == key.name, T.next_allowed <= now).values(
                    failures=_restart(now), updated_at=now)).rowcount
                if not done:
                    waits = conn.execute(select(T.next_allowed).where(
                        T.key.in_([k.name for k in keys]))).scalars().all()
                    raise _Wait(max(1.0, math.ceil(max(float(w) for w in waits) - now)))
                counts[key.name] = int(conn.execute(select(T.failures).where(T.key == key.name)).scalar_one())
            for key in keys:
                wait = delay(counts[key.name], key.free)
                if wait:
                    conn.execute(update(login_throttle).where(T.key == key.name).values(next_allowed=now + wait))
            if random.random() < 0.05:  # noqa: S311 - housekeeping, not security
                conn.execute(delete(login_throttle).where(T.updated_at < now - FORGET, T.next_allowed < now))
        return 0.0

    def succeeded(self, account: Key, others: Sequence[Key] = ()) -> None:
        """The password was right: forget the account's failures, and give back the attempt reserved on the
        other keys (an office behind one address must not be slowed by its own logins; earlier failures
        from the address still count, so a guesser cannot wipe them by logging in to their own account)."""
        with self.engine.begin() as conn:
            conn.execute(delete(login_throttle).where(T.key == account.name))
            for key in others:
                conn.execute(update(login_throttle).where(T.key == key.name, T.failures > 0).values(
                    failures=T.failures - 1))
                conn.execute(update(login_throttle).where(T.key == key.name, T.failures <= key.free).values(
                    next_allowed=0.0))


def _restart(now: float) -> object:
    from sqlalchemy import case

    return case((T.updated_at < now - FORGET, 1), else_=T.failures + 1)


__all__ = ["ACCOUNT_FREE", "ADDRESS_FREE", "CAP", "Key", "LoginThrottle", "account_key", "address_key", "delay"]
