"""One collection run per project at a time: an advisory lock on a file in the project folder.

The kernel drops a flock when its process ends in any way (SIGKILL included), so a crashed run never
leaves a stale lock that blocks the next timer tick.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".collect.lock"


class AlreadyRunning(Exception):
    """Another `regionlens collect` holds the project's lock; the message is for the user."""


@contextmanager
def run_lock(project_root: Path) -> Iterator[None]:
    path = project_root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", errors="replace").strip() or "?"
            raise AlreadyRunning(f"сбор уже идёт в этом проекте (процесс {holder}); этот запуск пропущен") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
