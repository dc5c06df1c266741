"""User names: the folded key under which a name is unique, so «Admin», «ADMIN» and «admin» are one account."""

from __future__ import annotations

import unicodedata


def username_key(name: str) -> str:
    """NFKC-normalised and case-folded: two names that a person reads as the same give the same key."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()


__all__ = ["username_key"]
