"""Import of dictionaries people already have: LIWC (.dic), Lexicoder (.lc3) and quanteda/Lexicoder YAML.

All formats become the codebook's own structure (`Dictionary`: label → patterns),
so an imported dictionary can be added to a codebook and used by the coder or
by search like any built-in one. Globs (`word*`) and multi-word entries keep
their meaning; patterns are matched over lemmas, so an English-style entry for
a word form also finds its other case forms. Problems are reported as
«file:line: message», like codebook errors.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from regionlens.coding.codebook import (
    Codebook,
    CodebookError,
    Dictionary,
    pattern_problem,
    read_yaml_text,
    yaml_problem,
)


def _check_pattern(pattern: str, where: str, problems: list[str]) -> str | None:
    p = " ".join(pattern.split())
    if not p:
        return None
    problem = pattern_problem(p)
    if problem:
        problems.append(f"{where}: неверный шаблон {pattern!r}: {problem}")
        return None
    return p


def read_liwc(path: str | Path, name: str | None = None) -> Dictionary:
    """LIWC .dic: a `%`-delimited header of «id <tab> category», then «entry <tab> id id …»."""
    p = Path(path)
    lines = p.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    problems: list[str] = []
    categories: dict[str, str] = {}
    entries: dict[str, list[str]] = {}
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise CodebookError([f"{p}:1: нет заголовка категорий LIWC (две строки «%»)"])
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2:
            problems.append(f"{p}:{i + 1}: строка категории должна быть «номер<tab>название»")
            continue
        categories[parts[0]] = " ".join(parts[1:])
    for i in range(marks[1] + 1, len(lines)):
        raw = lines[i].strip()
        if not raw:
            continue
        if "\t" in raw:
            word, _, rest = raw.partition("\t")
            ids = rest.split()
        else:
            tokens = raw.split()
            k = len(tokens)
            while k > 1 and tokens[k - 1].isdigit():
                k -= 1
            word, ids = " ".join(tokens[:k]), tokens[k:]
        if not ids:
            problems.append(f"{p}:{i + 1}: у слова {word!r} нет номеров категорий")
            continue
        pattern = _check_pattern(word, f"{p}:{i + 1}", problems)
        if pattern is None:
            continue
        for cid in ids:
            label = categories.get(cid)
            if label is None:
                problems.append(f"{p}:{i + 1}: неизвестная категория {cid!r}")
                continue
            entries.setdefault(label, []).append(pattern)
    if problems:
        raise CodebookError(problems)
    return Dictionary(name or p.stem, {k: tuple(v) for k, v in entries.items()}, f"LIWC: {p.name}")


def read_lc3(path: str | Path, name: str | None = None) -> Dictionary:
    """Lexicoder .lc3: «+category» lines, each followed by its entries one per line."""
    p = Path(path)
    problems: list[str] = []
    entries: dict[str, list[str]] = {}
    label: str | None = None
    for i, line in enumerate(p.read_text(encoding="utf-8-sig", errors="replace").splitlines(), 1):
        raw = line.strip()
        if not raw:
            continue
        if raw.startswith("+"):
            label = raw[1:].strip()
            entries.setdefault(label, [])
            continue
        if label is None:
            problems.append(f"{p}:{i}: запись до первой категории «+название»")
            continue
        pattern = _check_pattern(raw, f"{p}:{i}", problems)
        if pattern is not None:
            entries[label].append(pattern)
    if problems:
        raise CodebookError(problems)
    return Dictionary(name or p.stem, {k: tuple(v) for k, v in entries.items()}, f"Lexicoder: {p.name}")


def _walk(node: Node, prefix: str, path: Path, out: dict[str, list[str]], problems: list[str]) -> None:
    line = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        for key, value in node.value:
            k = str(key.value)
            _walk(value, f"{prefix}.{k}" if prefix else k, path, out, problems)
    elif isinstance(node, SequenceNode):
        if not prefix:
            problems.append(f"{path}:{line}: список без названия категории")
            return
        for item in node.value:
            if not isinstance(item, ScalarNode):
                problems.append(f"{path}:{item.start_mark.line + 1}: элемент категории {prefix} должен быть строкой")
                continue
            pattern = _check_pattern(str(item.value), f"{path}:{item.start_mark.line + 1}", problems)
            if pattern is not None:
                out.setdefault(prefix, []).append(pattern)
    elif isinstance(node, ScalarNode) and prefix:
        pattern = _check_pattern(str(node.value), f"{path}:{line}", problems)
        if pattern is not None:
            out.setdefault(prefix, []).append(pattern)


def read_yaml_dictionary(path: str | Path, name: str | None = None) -> Dictionary:
    """quanteda/Lexicoder YAML: nested keys → category «parent.child», leaves are lists of patterns."""
    p = Path(path)
    text = read_yaml_text(p)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError) as exc:
        raise yaml_problem(p, exc) from exc
    if not isinstance(node, MappingNode):
        raise CodebookError([f"{p}:1: словарь YAML должен быть отображением «категория: [шаблоны]»"])
    problems: list[str] = []
    out: dict[str, list[str]] = {}
    try:
        _walk(node, "", p, out, problems)
    except RecursionError as exc:
        raise yaml_problem(p, exc) from exc
    if problems:
        raise CodebookError(problems)
    return Dictionary(name or p.stem, {k: tuple(v) for k, v in out.items()}, f"YAML: {p.name}")


def read_dictionary(path: str | Path, name: str | None = None) -> Dictionary:
    """Pick the reader by extension: .dic (LIWC), .lc3 (Lexicoder), .yml/.yaml (quanteda/Lexicoder)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".dic":
        return read_liwc(path, name)
    if suffix == ".lc3":
        return read_lc3(path, name)
    if suffix in (".yml", ".yaml"):
        return read_yaml_dictionary(path, name)
    raise CodebookError([f"{path}:1: неизвестный формат словаря (ожидается .dic, .lc3, .yml или .yaml)"])


def dictionary_to_yaml(d: Dictionary) -> str:
    """A `dictionaries:` entry ready to paste into a codebook file."""
    body: dict[str, Any] = {d.name: {"description": d.description, "entries": {k: list(v) for k, v in d.entries.items()}}}
    if d.weight != 1.0:
        body[d.name]["weight"] = d.weight
    return yaml.safe_dump(body, allow_unicode=True, sort_keys=False)


def with_dictionary(codebook: Codebook, d: Dictionary) -> Codebook:
    """A copy of the codebook with `d` added (or replaced); the hash changes, so documents are recoded."""
    data = dict(codebook.data)
    dicts = dict(data.get("dictionaries", {}))
    dicts[d.name] = {"description": d.description, "entries": {k: list(v) for k, v in d.entries.items()}, "weight": d.weight}
    data["dictionaries"] = dicts
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return dataclasses.replace(codebook, dictionaries={**codebook.dictionaries, d.name: d}, data=data, hash=digest[:16])
