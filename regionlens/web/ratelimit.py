"""Login throttling: a client that fails too often waits, which makes password guessing slow.

Two limiters run side by side: per client address (one guesser, many names)
and per account (many addresses, one name; looser, so a forgotten password
does not lock a colleague out for long). Kept in memory per process: enough
for one `regionlens serve`; a restart forgets the failures, which is
acceptable for a research team's server.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LoginLimiter:
    """At most `limit` failed logins per client within `window` seconds."""

    def __init__(self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10000):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        times = self._failures.setdefault(client, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def blocked(self, client: str) -> bool:
        with self._lock:
            return len(self._recent(client)) >= self.limit

    def retry_after(self, client: str) -> int:
        """Seconds until the oldest counted failure expires."""
        with self._lock:
            times = self._recent(client)
            if not times:
                return 0
            return max(1, int(self.window - (self.clock() - times[0])) + 1)

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())
            if len(self._failures) > self.max_keys:
                self._prune()

    def _prune(self) -> None:
        """A flood of distinct clients or names must not grow memory for ever: expired entries go first,
        then the least recently failing half (they are the least likely to be near the limit)."""
        now = self.clock()
        for key in list(self._failures):
            times = self._failures[key]
            while times and now - times[0] >= self.window:
                times.popleft()
            if not times:
                del self._failures[key]
        if len(self._failures) > self.max_keys:
            by_last = sorted(self._failures, key=lambda k: self._failures[k][-1])
            for key in by_last[: len(by_last) // 2]:
                del self._failures[key]

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
