"""Belarusian lemmas from Debian's hunspell-be dictionary.

There is no offline Belarusian lemmatizer on PyPI. Hunspell's .dic lists stems
(which are dictionary forms) and its .aff lists the suffix/prefix rules that
inflect them, so expanding every stem through its rules gives a complete
form → lemma table. The expansion takes a few seconds, so the table is cached
as a pickle next to the user's other caches and rebuilt when the dictionary
file changes.

Lookups go to an indexed SQLite copy of that table (built once from it, in the
same cache folder): loading 1.7 million forms into a dict took a large part of
the start-up of every one-shot `regionlens code`, which only needs the few
thousand forms of the gazetteer's patterns and of its texts. Each form is looked
up once per process (cached), so a long run costs the same as with the dict.
"""

from __future__ import annotations

import os
import pickle
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DICT_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell"), Path("/usr/share/myspell/dicts"))
CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class AffixRule:
    strip: str
    add: str
    condition: re.Pattern[str]


def find_dictionary() -> tuple[Path, Path] | None:
    """Locate be_BY.dic/.aff; REGIONLENS_HUNSPELL_BE may point at a folder holding them."""
    dirs = [Path(p) for p in os.environ.get("REGIONLENS_HUNSPELL_BE", "").split(os.pathsep) if p]
    for d in [*dirs, *DICT_DIRS]:
        dic, aff = d / "be_BY.dic", d / "be_BY.aff"
        if dic.exists() and aff.exists():
            return dic, aff
    return None


def parse_aff(text: str) -> tuple[dict[str, list[AffixRule]], dict[str, list[AffixRule]]]:
    """Suffix and prefix rules by flag (single-character flags, as be_BY uses)."""
    sfx: dict[str, list[AffixRule]] = {}
    pfx: dict[str, list[AffixRule]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 5 or parts[0] not in ("SFX", "PFX"):
            continue
        kind, flag, strip, add, cond = parts[:5]
        strip = "" if strip == "0" else strip
        add = "" if add == "0" else add.split("/")[0]
        pattern = f"{cond}$" if kind == "SFX" else f"^{cond}"
        rule = AffixRule(strip, add, re.compile("." if cond == "." else pattern))
        (sfx if kind == "SFX" else pfx).setdefault(flag, []).append(rule)
    return sfx, pfx


def expand(dic_text: str, aff_text: str) -> dict[str, str]:
    """Map every inflected form (lower case) to its dictionary form."""
    sfx, pfx = parse_aff(aff_text)
    table: dict[str, str] = {}
    lines = dic_text.splitlines()[1:]
    for line in lines:
        word, _, flags = line.strip().partition("/")
        if not word:
            continue
        lemma = word.lower()
        table.setdefault(lemma, lemma)
        for flag in flags:
            for rule in sfx.get(flag, ()):
                if rule.condition.search(lemma) and lemma.endswith(rule.strip):
                    form = lemma[: len(lemma) - len(rule.strip)] + rule.add
                    table.setdefault(form, lemma)
    return table


def _cache_path(dic: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "regionlens"
    stat = dic.stat()
    return base / f"be_lemmas_v{CACHE_VERSION}_{stat.st_size}_{int(stat.st_mtime)}.pickle"


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """The form → lemma table, empty when hunspell-be is not installed."""
    found = find_dictionary()
    if found is None:
        return {}
    dic, aff = found
    cache = _cache_path(dic)
    if cache.exists():
        try:
            with cache.open("rb") as fh:
                table: dict[str, str] = pickle.load(fh)
            return table
        except (OSError, pickle.UnpicklingError, EOFError):
            pass
    table = expand(dic.read_text(encoding="utf-8", errors="replace"), aff.read_text(encoding="utf-8", errors="replace"))
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass
    return table


_LOOKUP_LOCK = threading.Lock()
_lookup: dict[str, Any] = {"pid": None, "db": None}  # this process's read-only connection (not shared across fork)


def _build_lookup(path: Path, table: dict[str, str]) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, lemma TEXT NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT INTO forms VALUES (?, ?)", sorted(table.items()))
        db.commit()
    finally:
        db.close()
    tmp.replace(path)  # atomic: a concurrent process sees no file or the whole file


def _lookup_db() -> sqlite3.Connection | None:
    """The SQLite form → lemma table of this process, built on first use; None when it cannot be had."""
    if _lookup["pid"] == os.getpid():
        db: sqlite3.Connection | None = _lookup["db"]
        return db
    db = None
    found = find_dictionary()
    if found is not None:
        path = _cache_path(found[0]).with_suffix(".sqlite")
        try:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                _build_lookup(path, lemma_table())
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except (OSError, sqlite3.Error):
            db = None  # a read-only home or a broken file: the in-memory table answers instead
    _lookup["pid"], _lookup["db"] = os.getpid(), db
    return db


@lru_cache(maxsize=300_000)
def lemma_be(word: str) -> str | None:
    """Lemma of a normalised Belarusian word form, or None if the dictionary lacks it."""
    with _LOOKUP_LOCK:
        db = _lookup_db()
        if db is None:
            return lemma_table().get(word)
        try:
            row = db.execute("SELECT lemma FROM forms WHERE form = ?", (word,)).fetchone()
        except UnicodeEncodeError:
            return None  # a lone surrogate cannot be a dictionary form
        except sqlite3.Error:
            return lemma_table().get(word)
    return row[0] if row else None
