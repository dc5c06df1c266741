"""Which language the person in front of this process reads.

One context variable, so a web request and a CLI run each carry their own
language without passing it through every call; `REGIONLENS_LANG` sets the
default for the process (Russian when unset or unknown).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
ENV_VAR = "REGIONLENS_LANG"

_LANG: ContextVar[str | None] = ContextVar("regionlens_lang", default=None)


def pick_lang(lang: Any) -> str:
    """A supported language code from user input (`EN`, `en_US.UTF-8` → `en`), else the default."""
    if isinstance(lang, str):
        code = lang.strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT_LANG


def env_lang() -> str:
    """The process default from `REGIONLENS_LANG`."""
    return pick_lang(os.environ.get(ENV_VAR, DEFAULT_LANG))


def current_lang() -> str:
    """The language set for this context, else the process default."""
    lang = _LANG.get()
    return lang if lang is not None else env_lang()


def set_lang(lang: str | None) -> None:
    """Set the language for the rest of this context (a CLI run); None returns to the default."""
    _LANG.set(pick_lang(lang) if lang is not None else None)


@contextmanager
def use_lang(lang: str) -> Iterator[str]:
    """Within the block, messages are in `lang` (a web request, a test)."""
    token = _LANG.set(pick_lang(lang))
    try:
        yield pick_lang(lang)
    finally:
        _LANG.reset(token)
