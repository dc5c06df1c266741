"""Compact storage of the automatic coder's evidence: rule ids and offsets instead of repeated strings.

Each evidence item names a variable, a value, a pattern, a rule and a field (title, text, meta, model) — a
few thousand distinct combinations across a corpus — plus a span and the surface text of that span. Stored
verbatim as JSON this was 40 % of a project database (≈ 180 bytes an item at 200,000 items per 10,000
publications). Since schema version 11 the combination is kept once in `evidence_rules`, and a code row's
evidence is a JSON list of `[rule id, start, end]`, with a fourth element, the surface, only when it is not
simply the span of the publication's title or text (the coder takes every surface from that span, so in
practice it never is). Reading expands the items back into exactly the dictionaries the coder produced, in
the same key order, so the publication page, the API and the exports show what they showed before.

Rows written before version 11, and evidence of other coders (classifier, adjudication), stay lists of
dictionaries; the reader tells the two forms apart by the shape of the first item.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from regionlens.store.schema import evidence_rules

RuleKey = tuple[str, str, str, str, str]  # variable, value as JSON, pattern, rule, field
SURFACE_FIELDS = ("title", "text")
IDS_PER_QUERY = 500  # bound parameters per IN list (SQLite's limit is 999 in old builds)

# Rule ids already stored, per engine. Only committed ids enter it (see `remember`), so a rolled-back
# batch cannot leave an id here that the database does not have.
_known: weakref.WeakKeyDictionary[Engine, dict[RuleKey, int]] = weakref.WeakKeyDictionary()


def rule_key(item: Mapping[str, Any], dumps: Any = None) -> RuleKey:
    """The part of an evidence item that repeats across publications."""
    value = (dumps or _dumps)(item.get("value"))
    return (str(item.get("variable", "")), value, str(item.get("pattern", "")), str(item.get("rule", "")),
            str(item.get("field", "text")))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _key_hash(key: RuleKey) -> str:
    """A fixed-width key for the unique index: patterns have no length limit, PostgreSQL's b-tree has."""
    return hashlib.sha256("\x1f".join(key).encode("utf-8", "surrogatepass")).hexdigest()


def rule_ids(conn: Connection, keys: Iterable[RuleKey]) -> tuple[dict[RuleKey, int], dict[RuleKey, int]]:
    """Ids of the given rule keys, storing the new ones in the current transaction.

    Returns all ids and, apart, those not yet known to be committed: the caller passes the latter to
    `remember` once its transaction has committed. Concurrent writers insert with ON CONFLICT DO NOTHING and
    read the winner's id back, so two runs never store one key twice.
    """
    known = _known.setdefault(conn.engine, {})
    wanted = {k for k in keys if k not in known}
    found: dict[RuleKey, int] = {}
    if wanted:
        by_hash = {_key_hash(k): k for k in wanted}
        insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
        conn.execute(insert(evidence_rules).on_conflict_do_nothing(), [
            {"key_hash": h, "variable": k[0], "value": k[1], "pattern": k[2], "rule": k[3], "field": k[4]}
            for h, k in by_hash.items()])
        hashes = list(by_hash)
        for i in range(0, len(hashes), IDS_PER_QUERY):
            part = hashes[i:i + IDS_PER_QUERY]
            for rid, h in conn.execute(select(evidence_rules.c.id, evidence_rules.c.key_hash)
                                       .where(evidence_rules.c.key_hash.in_(part))):
                found[by_hash[h]] = int(rid)
    return {**{k: known[k] for k in keys if k in known}, **found}, found


def remember(engine: Engine, committed: Mapping[RuleKey, int]) -> None:
    """Record rule ids whose transaction has committed, so later batches skip the look-up."""
    if committed:
        _known.setdefault(engine, {}).update(committed)


def pack(items: Sequence[Mapping[str, Any]], ids: Mapping[RuleKey, int], keys: Sequence[RuleKey],
         own_surface: frozenset[int] | set[int]) -> str:
    """The stored form of one code's evidence (`keys[i]` is `rule_key(items[i])`).

    `own_surface` holds the positions whose surface is not the span of the title or text (or is not known
    to be): their surface is kept.
    """
    out = []
    for i, item in enumerate(items):
        entry: list[Any] = [ids[keys[i]], int(item["start"]), int(item["end"])]
        if i in own_surface:
            entry.append(str(item.get("surface") or ""))
        out.append(entry)
    return json.dumps(out, ensure_ascii=False, separators=(",", ":"))


def sliced_surface(item: Mapping[str, Any], title: str, text: str) -> bool:
    """Whether the reader can rebuild the item's surface from the title or text it points into."""
    field = item.get("field", "text")
    source = title if field == "title" else text if field == "text" else None
    start, end = item.get("start"), item.get("end")
    if source is None or not isinstance(start, int) or not isinstance(end, int):
        return False
    return source[start:end] == (item.get("surface") or "")


def is_compact(parsed: Any) -> bool:
    """Whether parsed stored evidence is the compact form (a list of lists) rather than dictionaries."""
    return isinstance(parsed, list) and bool(parsed) and isinstance(parsed[0], list)


def load_rules(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, Any, str, str, str]]:
    """The rules behind the given ids: (variable, value, pattern, rule, field)."""
    wanted = sorted(set(ids))
    rules: dict[int, tuple[str, Any, str, str, str]] = {}
    for i in range(0, len(wanted), IDS_PER_QUERY):
        for r in conn.execute(select(evidence_rules).where(evidence_rules.c.id.in_(wanted[i:i + IDS_PER_QUERY]))):
            rules[int(r.id)] = (r.variable, json.loads(r.value), r.pattern, r.rule, r.field)
    return rules


def expand(parsed: list[list[Any]], rules: Mapping[int, tuple[str, Any, str, str, str]], title: str,
           text: str) -> list[dict[str, Any]]:
    """Compact items back into the coder's dictionaries (same keys, same order, same surfaces)."""
    out = []
    for entry in parsed:
        variable, value, pattern, rule, field = rules[int(entry[0])]
        start, end = int(entry[1]), int(entry[2])
        if len(entry) > 3:
            surface = str(entry[3])
        else:
            surface = (title if field == "title" else text)[start:end]
        out.append({"variable": variable, "value": value, "start": start, "end": end, "pattern": pattern,
                    "rule": rule, "field": field, "surface": surface})
    return out


def read_evidence(conn: Connection, stored: Sequence[tuple[str | None, str, str]]) -> list[list[dict[str, Any]]]:
    """Evidence of several code rows as lists of dictionaries, whichever form each was stored in.

    `stored` holds per row the stored evidence and the title and text of its publication (only read for
    the compact form, so a caller may pass empty strings for rows of coders that never write it).
    """
    parsed: list[Any] = []
    for raw, _, _ in stored:
        try:
            parsed.append(json.loads(raw) if raw else [])
        except ValueError:
            parsed.append([])
    ids = {int(e[0]) for p in parsed if is_compact(p) for e in p}
    rules = load_rules(conn, ids) if ids else {}
    out = []
    for p, (_, title, text) in zip(parsed, stored, strict=True):
        if is_compact(p):
            out.append(expand(p, rules, title or "", text or ""))
        elif isinstance(p, list):
            out.append(p)
        else:
            out.append([])
    return out
