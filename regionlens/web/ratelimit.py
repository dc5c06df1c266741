"""Login throttling: a client that fails too often waits, which makes password guessing slow.

Kept in memory per process: enough for one `regionlens serve`; a restart
forgets the failures, which is acceptable for a research team's server.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class LoginLimiter:
    """At most `limit` failed logins per client within `window` seconds."""

    def __init__(self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self.clock = clock
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
            if len(self._failures) > 10000:  # a flood of distinct clients must not grow memory for ever
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
