"""Password rules: long enough, not blank, not a well-known password, not the user name.

Length is what makes guessing slow; the shipped list stops the passwords every guesser tries first. The
list is small on purpose (it ships with the code and needs no download); the throttle and argon2 do the
rest.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from regionlens.accounts.names import username_key

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # argon2 takes any length; this keeps a hostile form from making it hash megabytes
MIN_DISTINCT = 4
COMMON_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"


class PasswordError(ValueError):
    """A password the rules refuse; the message says which rule (Russian)."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def check_password(password: str, username: str = "") -> None:
    """Raise PasswordError if the password breaks a rule; say which one."""
    if not password.strip():
        raise PasswordError("Пароль не может состоять из одних пробелов.")
    if len(password) < MIN_PASSWORD:
        raise PasswordError(f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD} символов.")
    if len(password) > MAX_PASSWORD:
        raise PasswordError(f"Пароль слишком длинный: не больше {MAX_PASSWORD} символов.")
    if len(set(password)) < MIN_DISTINCT:
        raise PasswordError(f"В пароле должно быть хотя бы {MIN_DISTINCT} разных символа.")
    folded = username_key(password)
    if folded in common_passwords():
        raise PasswordError("Это один из самых распространённых паролей; выберите другой.")
    if username and folded == username_key(username):
        raise PasswordError("Пароль не должен совпадать с именем пользователя.")


__all__ = ["MIN_PASSWORD", "PasswordError", "check_password", "common_passwords"]
