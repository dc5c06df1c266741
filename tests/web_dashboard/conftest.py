"""Web tests of the dashboard pages: cheap password hashing (as in tests/web) and the shared test corpus.

The corpus builder lives in tests/dashboard so that the data-layer and page tests count the same publications.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from regionlens.accounts import users as auth

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "dashboard"))


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
