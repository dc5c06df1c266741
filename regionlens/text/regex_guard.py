"""A first-character guard for scanning regular expressions: the same matches, found several times faster.

Python's `re` tries every branch of an alternation at every position of the text. A scanner such as the
furniture widgets (a dozen branches, each starting with a digit, a capital or a sign) therefore spends most
of its time failing on lower-case letters and spaces. Prefixing the expression with a look-ahead for the
set of characters a match can start with, `(?=[...])`, rejects those positions with one class test.

The set is derived from the parsed expression, never written by hand, so an edited expression keeps its
guard exact: whenever the first character cannot be pinned down (an expression that may match empty text, a
negated class, a case-insensitive group in a case-sensitive expression, a back-reference), the expression
is returned unchanged. An optional start («(?:^|[.!?] )Статья») adds what may follow it; a case-insensitive
expression gets a case-insensitive guard. The
guard only adds a condition every match already fulfils, so `finditer`, `search` and `sub` give the same
spans and groups as without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import Any

try:  # the parser `re` itself uses (Python 3.11+ keeps it as re._parser; older releases as sre_parse)
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Python
    import sre_parse  # type: ignore[no-redef]

_C = sre_parse  # constants (LITERAL, IN, BRANCH, ...) are re-exported by the parser module
_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_SPACE: r"\s"}
_ZERO_WIDTH = {_C.AT, _C.ASSERT, _C.ASSERT_NOT}
_REPEATS = {_C.MAX_REPEAT, _C.MIN_REPEAT} | ({_C.POSSESSIVE_REPEAT} if hasattr(_C, "POSSESSIVE_REPEAT") else set())


def _class_items(items: Any) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _C.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is _C.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _C.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:
            return None  # a negated class or an unusual category: give up rather than guess
    return out


def _first(items: Any, nocase: bool) -> tuple[set[str] | None, bool]:
    """(class fragments one of which the first consumed character must match, or None when unknown; whether
    the sequence may consume nothing, so that what follows it may supply the first character)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # anchors and look-arounds consume nothing: the next item decides (a superset is safe)
        got, nullable = _item(op, av, nocase)
        if got is None:
            return None, False
        out |= got
        if not nullable:
            return out, False  # «[ \t]*X»: a space, a tab or what X starts with
    return out, True


def _item(op: Any, av: Any, nocase: bool) -> tuple[set[str] | None, bool]:
    """First characters of one item (None when unknown) and whether it may consume nothing."""
    if op is _C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _C.IN:
        return _class_items(av), False
    if op is _C.BRANCH:
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            got, nullable = _first(branch.data, nocase)
            if got is None:
                return None, False
            out |= got
            empty = empty or nullable  # «(?:^|[.\n])X»: the empty branch lets X supply the first character
        return out, empty
    if op is _C.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if (add_flags | del_flags) & (re.LOCALE | re.ASCII) or add_flags & re.IGNORECASE and not nocase:
            return None, False  # a case-insensitive group inside a case-sensitive expression: the guard would not be
        return _first(sub.data, nocase)  # (a case-sensitive group inside a case-insensitive expression is fine:
        # the guard, case-insensitive, only accepts more)
    if op in _REPEATS:
        got, nullable = _first(av[2].data, nocase)
        return got, nullable or av[0] == 0
    return None, False  # any character, a back-reference, a conditional: not pinned down


_GLOBAL_FLAGS = re.compile(r"\A\(\?[aiLmsux]+\)")


@lru_cache(maxsize=256)
def first_char_guard(compiled: re.Pattern[str]) -> re.Pattern[str]:
    """`compiled` with a look-ahead for its possible first characters, or `compiled` itself when they cannot
    be derived exactly (see the module docstring)."""
    if compiled.flags & (re.LOCALE | re.ASCII) or not isinstance(compiled.pattern, str):
        return compiled
    try:
        parsed = sre_parse.parse(compiled.pattern, compiled.flags)
        if parsed.data and parsed.data[0][0] is _C.AT:
            return compiled  # an anchored expression already fails most positions on its first test
        frags, nullable = _first(parsed.data, bool(compiled.flags & re.IGNORECASE))
        if not frags or nullable:
            return compiled
        # inline global flags («(?i)») must open the expression; the compiled flags carry them anyway, and
        # under IGNORECASE the guard's class is case-insensitive like the literals it comes from
        lead = _GLOBAL_FLAGS.match(compiled.pattern)
        flags, body = (lead.group(), compiled.pattern[lead.end():]) if lead else ("", compiled.pattern)
        body += "\n" if compiled.flags & re.VERBOSE else ""  # a closing comment ends at the line
        return re.compile(f"{flags}(?=[{''.join(sorted(frags))}])(?:{body})", compiled.flags)
    except (re.error, TypeError, ValueError, AttributeError, OverflowError):
        return compiled


def _line_anchored(compiled: re.Pattern[str]) -> bool:
    """Whether every match of `compiled` starts a line and is not empty: MULTILINE, a leading «^», and the rest
    of the expression has to consume a character."""
    if not compiled.flags & re.MULTILINE or not isinstance(compiled.pattern, str):
        return False
    try:
        parsed = sre_parse.parse(compiled.pattern, compiled.flags)
    except (re.error, TypeError, ValueError, OverflowError):
        return False
    data = list(parsed.data)
    if not data or data[0] != (_C.AT, _C.AT_BEGINNING):
        return False
    frags, nullable = _first(data[1:], bool(compiled.flags & re.IGNORECASE))
    return frags is not None and not nullable


def _lines_only(compiled: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`compiled.finditer(text)` for a line-anchored expression: tried at line starts only (a match attempt
    elsewhere fails on «^» anyway, after the engine has paid for trying it)."""
    pos, n = 0, len(text)
    while pos <= n:
        m = compiled.match(text, pos)  # «^» under MULTILINE holds at a line start, whatever `pos` is
        if m is not None:
            yield m
            pos = m.end()  # the next search starts where the match ended (matches are never empty)
            if text[pos - 1] == "\n":
                continue
        nl = text.find("\n", pos)
        if nl < 0:
            return
        pos = nl + 1


@lru_cache(maxsize=256)
def line_scanner(compiled: re.Pattern[str]) -> Callable[[str], Iterator[re.Match[str]]]:
    """A `finditer` for `compiled` that finds the same matches: for a MULTILINE expression anchored at «^» that
    cannot match empty text, one that tries line starts only; otherwise `compiled.finditer` itself."""
    if _line_anchored(compiled):
        return partial(_lines_only, compiled)
    return compiled.finditer
