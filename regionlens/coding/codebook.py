"""The codebook as a versioned, validated YAML file.

Researchers copy the packaged ``codebook-v1.yaml``, edit dictionaries, weights
and thresholds, and code again; so everything tunable lives in the file and the
loader must explain every mistake as «file:line: message» instead of failing
deep inside the coder. Lines come from the YAML node tree (``yaml.compose``),
values from ``yaml.safe_load``; both are walked by the same key paths.

The content hash is computed over the parsed data, not the bytes, so editing a
comment does not make every stored document due for recoding, while changing a
pattern or a threshold does.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
import yaml.reader
from yaml.nodes import MappingNode, Node, SequenceNode

from regionlens.packaged_yaml import loader_for
from regionlens.text.matcher import compile_terms

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "codebook-v1.yaml"

VARIABLE_NAMES = ("union", "interregional", "regions", "topics", "substantive", "problem", "tone", "actors", "genre")
VARIABLE_TYPES = ("binary", "multi", "ordinal", "nominal")
TOP_KEYS = {
    "version": str, "name": str, "description": str, "variables": dict, "furniture": list,
    "negation": dict, "denial": dict, "intensifiers": dict, "dictionaries": dict, "rules": dict,
}
REQUIRED_TOP = ("version", "variables", "dictionaries", "rules")
NUM = (int, float)

# Known rule parameters per variable and their types: an unknown key is a typo.
RULE_SPEC: dict[str, dict[str, Any]] = {
    "union": {"strong": list, "sides": str, "relation": str, "min_relation_sentences": int,
              "min_relation_hits": int, "side_rules_ignored": list, "one_side_min_sentences": int,
              "origin": str, "shared_labels": list, "third_party_weak_side": int,
              "posts": str, "distractor": str, "distractor_min": int, "distractor_max_linked": int},
    "interregional": {"authorities": list, "party_dictionary": str, "party_labels": list, "direct_labels": list,
                      "forum_labels": list, "forum_weight": NUM, "party_window": int,
                      "party_region_rules": list, "threshold": NUM, "authority_reach": int,
                      "forum_venue_labels": list, "session_labels": list,
                      "trade_labels": list},
    "regions": {"fields": list},
    "topics": {"dictionaries": list, "threshold": NUM, "label_thresholds": dict, "title_weight": NUM, "energy_dispute": dict,
               "exclusions": str, "sector_disputes": list, "attributive": dict, "commodity_context": dict},
    "actors": {"dictionary": str, "regionalisable": str, "region_window": int, "third_party_window": int,
               "min_count": dict, "individual_labels": list, "case_labels": list, "oblique_weight": NUM,
               "unaffiliated_speakers": bool, "named_only": list, "quoted_only": list,
               "mentioned_heads": list,
               "bare_bodies": list},
    "substantive": {"dictionary": str, "unit_window": int, "percent_signs": list, "provision_weight": NUM,
                    "threshold": NUM, "problem_counts": bool, "problem_weight": NUM},
    "problem": {"dictionary": str, "labels": dict, "third_party_excludes": bool,
                "threshold": NUM, "protocol": dict, "void": str, "burden": dict, "outside": str},
    "tone": {"dictionary": str, "dictionaries": list, "positive": str, "negative": str, "solution": str, "problem_weight": NUM,
             "solution_credit": NUM, "positive_min": NUM, "weak_positive_min": NUM, "negative_min": NUM, "positive_dominance": NUM,
             "positive_negation_window": int, "positive_context": list, "title_weight": NUM,
             "aim_dictionary": str, "aim_window": int, "aim_weight": NUM, "growth": str, "growth_weight": NUM,
             "weak_repeat": int, "weak_against_problems": bool, "growth_context": str, "growth_burden": str},
    "genre": {"dictionary": str, "interview_min_questions": int, "official_threshold": NUM,
              "official_title_weight": NUM, "official_open_weight": NUM, "official_signature_weight": NUM,
              "official_text_weight": NUM, "analysis_title_weight": NUM,
              "analysis_title_question_weight": NUM, "official_voice_weight": NUM,
              "analysis_threshold": NUM, "analysis_question_weight": NUM, "default": str,
              "first_person_weight": NUM, "first_person_max": NUM, "official_channel_weight": NUM,
              "analysis_over_channel": NUM, "analysis_url_weight": NUM,
              "analysis_title_form_weight": NUM, "analysis_lead_weight": NUM,
              "official_announce_weight": NUM, "official_greeting_weight": NUM, "analysis_argument_weight": NUM,
              "analysis_argument_max": NUM, "analysis_report_weight": NUM, "analysis_report_max": NUM,
              "analysis_stance_weight": NUM, "analysis_stance_max": NUM, "official_credit_weight": NUM,
              "official_we_min": int, "official_we_weight": NUM, "analysis_kicker_weight": NUM},
}


class CodebookError(ValueError):
    """Every problem found in a codebook file, each as «file:line: message»."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Variable:
    name: str
    type: str
    label: dict[str, str]
    values: dict[Any, dict[str, str]]


@dataclass(frozen=True, slots=True)
class Dictionary:
    """Named label → patterns; `weight` scales every hit (a weak-cue dictionary has < 1)."""

    name: str
    entries: dict[str, tuple[str, ...]]
    description: str = ""
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Furniture:
    name: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Codebook:
    version: str
    name: str
    variables: dict[str, Variable]
    dictionaries: dict[str, Dictionary]
    furniture: tuple[Furniture, ...]
    negation_cues: tuple[str, ...]
    negation_window: int
    denial_patterns: tuple[str, ...]
    denial_openers: tuple[str, ...]
    intensifiers: tuple[str, ...]
    intensifier_window: int
    intensifier_factor: float
    rules: dict[str, dict[str, Any]]
    path: str = ""
    hash: str = ""
    data: dict[str, Any] = field(default_factory=dict, repr=False)

    def __hash__(self) -> int:  # used as a cache key for compiled matchers
        return hash((self.hash, self.path))

    def rule(self, variable: str) -> dict[str, Any]:
        return self.rules.get(variable, {})

    def all_patterns(self) -> list[str]:
        """Every dictionary pattern (for benchmarks and for search that wants the whole codebook)."""
        return [p for d in self.dictionaries.values() for pats in d.entries.values() for p in pats]


# ---------------------------------------------------------------- node marks


MAX_NODES = 500_000  # the packaged codebook has ~5,000; YAML aliases can multiply a small file into billions


class _TooManyNodes(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _lines(node: Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    if len(out) > MAX_NODES:
        raise _TooManyNodes(node.start_mark.line + 1)
    out[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        for key, value in node.value:
            k: Any = yaml.safe_load(yaml.serialize(key)) if key.tag != "tag:yaml.org,2002:str" else key.value
            out[(*path, k)] = key.start_mark.line + 1
            _lines(value, (*path, k), out)
            out[(*path, k)] = key.start_mark.line + 1
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out)


class _Checker:
    def __init__(self, path: str, lines: dict[tuple[Any, ...], int]):
        self.path = path
        self.lines = lines
        self.problems: list[str] = []

    def line(self, where: tuple[Any, ...]) -> int:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)

    def fail(self, where: tuple[Any, ...], message: str) -> None:
        self.problems.append(f"{self.path}:{self.line(where)}: {message}")

    def typed(self, value: Any, kind: Any, where: tuple[Any, ...], what: str) -> bool:
        ok = isinstance(value, kind) and not (kind in (int, NUM) and isinstance(value, bool))
        if not ok:
            self.fail(where, f"{what}: ожидается {_kind_name(kind)}, получено {type(value).__name__}")
        return ok

    def pattern(self, source: Any, where: tuple[Any, ...]) -> None:
        if not isinstance(source, str) or not source.strip():
            self.fail(where, f"шаблон должен быть непустой строкой, получено {source!r}")
            return
        problem = pattern_problem(source)
        if problem:
            self.fail(where, f"неверный шаблон {source!r}: {problem}")


def pattern_problem(source: str) -> str | None:
    """Why a dictionary pattern is unusable, or None: globs only at the end of a word or as a lone «*»."""
    terms = source.split()
    if not terms:
        return "пустой шаблон"
    if any("*" in t[:-1] and t != "*" for t in terms):
        return "«*» допускается только в конце слова («сотрудн*») или отдельным словом"
    try:
        compile_terms(source, None)
    except ValueError:
        return "он должен начинаться со слова, а не с «*»"
    return None


def _kind_name(kind: Any) -> str:
    names = {str: "строка", int: "целое число", dict: "словарь (mapping)", list: "список", bool: "true/false"}
    if kind == NUM:
        return "число"
    return names.get(kind, str(kind))


# ---------------------------------------------------------------- loading


def read_yaml_text(path: Path) -> str:
    """The text of a YAML data file, or a CodebookError that names the file: YAML files must be UTF-8."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise CodebookError([f"{path}:{line}: файл не в кодировке UTF-8 (сохраните его как UTF-8)"]) from exc
    except OSError as exc:
        raise CodebookError([f"{path}:1: не удалось прочитать файл: {exc.strerror or exc}"]) from exc


def yaml_problem(path: Path, exc: Exception) -> CodebookError:
    """Any failure of the YAML reader as «file:line: message» (control characters, broken syntax, nesting)."""
    if isinstance(exc, RecursionError):
        return CodebookError([f"{path}:1: слишком глубокая вложенность YAML"])
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else 1
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text_line_of(path, exc.position)
        problem = f"недопустимый символ #x{exc.character:04x}" if isinstance(exc.character, int) else str(exc)
    return CodebookError([f"{path}:{line}: ошибка синтаксиса YAML: {problem}"])


def text_line_of(path: Path, position: int) -> int:
    try:
        return path.read_bytes().decode("utf-8-sig", "replace")[:position].count("\n") + 1
    except OSError:
        return 1


def _read(path: Path) -> tuple[Any, dict[tuple[Any, ...], int]]:
    text = read_yaml_text(path)
    try:
        loader = loader_for(path)  # libyaml for the packaged codebook, pure Python for a user's copy
        node = yaml.compose(text, Loader=loader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader (SafeLoader or CSafeLoader)
        lines: dict[tuple[Any, ...], int] = {}
        if node is not None:
            _lines(node, (), lines)
    except (yaml.YAMLError, RecursionError) as exc:
        raise yaml_problem(path, exc) from exc
    except _TooManyNodes as exc:
        limit = f"{MAX_NODES:,}".replace(",", " ")
        raise CodebookError([f"{path}:{exc.line}: слишком много элементов (больше {limit}; возможно, "
                             "размножение через якоря и ссылки YAML)"]) from exc
    return data, lines


def _variables(data: Any, c: _Checker) -> dict[str, Variable]:
    out: dict[str, Variable] = {}
    if not c.typed(data, dict, ("variables",), "variables"):
        return out
    for name, spec in data.items():
        where = ("variables", name)
        if name not in VARIABLE_NAMES:
            c.fail(where, f"неизвестная переменная «{name}»; допустимы: {', '.join(VARIABLE_NAMES)}")
            continue
        if not c.typed(spec, dict, where, f"переменная {name}"):
            continue
        for key in spec:
            if key not in ("type", "label", "values"):
                c.fail((*where, key), f"переменная {name}: неизвестный ключ «{key}»")
        vtype = spec.get("type")
        if vtype not in VARIABLE_TYPES:
            c.fail((*where, "type"), f"переменная {name}: тип должен быть одним из {', '.join(VARIABLE_TYPES)}, получено {vtype!r}")
        values = spec.get("values") or {}
        if not isinstance(values, dict):
            c.fail((*where, "values"), f"переменная {name}: values должны быть словарём")
            values = {}
        label = spec.get("label") or {}
        if not isinstance(label, dict):
            c.fail((*where, "label"), f"переменная {name}: label должен быть словарём {{ru: …, en: …}}")
            label = {}
        out[name] = Variable(name, str(vtype), {str(k): str(v) for k, v in label.items()}, dict(values))
    for name in VARIABLE_NAMES:
        if name not in out and name not in data:
            c.fail(("variables",), f"нет переменной «{name}»")
    return out


def _dictionaries(data: Any, c: _Checker) -> dict[str, Dictionary]:
    out: dict[str, Dictionary] = {}
    if not c.typed(data, dict, ("dictionaries",), "dictionaries"):
        return out
    for name, spec in data.items():
        where = ("dictionaries", name)
        if not c.typed(spec, dict, where, f"словарь {name}"):
            continue
        for key in spec:
            if key not in ("description", "entries", "weight"):
                c.fail((*where, key), f"словарь {name}: неизвестный ключ «{key}»")
        entries = spec.get("entries")
        if not c.typed(entries, dict, (*where, "entries"), f"словарь {name}: entries"):
            continue
        weight = spec.get("weight", 1.0)
        c.typed(weight, NUM, (*where, "weight"), f"словарь {name}: weight")
        parsed: dict[str, tuple[str, ...]] = {}
        for label, patterns in entries.items():
            lw = (*where, "entries", label)
            if not c.typed(patterns, list, lw, f"словарь {name}, метка {label}"):
                continue
            for i, p in enumerate(patterns):
                c.pattern(p, (*lw, i))
            parsed[str(label)] = tuple(str(p) for p in patterns if isinstance(p, str))
        out[name] = Dictionary(name, parsed, str(spec.get("description", "")), float(weight) if isinstance(weight, NUM) else 1.0)
    return out


def _patterns_block(data: Any, c: _Checker, section: str, list_key: str, numbers: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
    if data is None:
        return (), {}
    if not c.typed(data, dict, (section,), section):
        return (), {}
    known = {list_key, *numbers}
    for key in data:
        if key not in known:
            c.fail((section, key), f"{section}: неизвестный ключ «{key}»")
    patterns = data.get(list_key, [])
    if c.typed(patterns, list, (section, list_key), f"{section}.{list_key}"):
        for i, p in enumerate(patterns):
            c.pattern(p, (section, list_key, i))
    params = {}
    for key, kind in numbers.items():
        if key in data and c.typed(data[key], kind, (section, key), f"{section}.{key}"):
            params[key] = data[key]
    return tuple(p for p in patterns if isinstance(p, str)) if isinstance(patterns, list) else (), params


def _furniture(data: Any, c: _Checker) -> tuple[Furniture, ...]:
    out: list[Furniture] = []
    if data is None or not c.typed(data, list, ("furniture",), "furniture"):
        return ()
    for i, item in enumerate(data):
        where = ("furniture", i)
        if not c.typed(item, dict, where, "furniture: элемент"):
            continue
        for key in item:
            if key not in ("name", "regex"):
                c.fail((*where, key), f"furniture: неизвестный ключ «{key}»")
        try:
            out.append(Furniture(str(item.get("name", i)), re.compile(str(item.get("regex", "")), re.MULTILINE)))
        except re.error as exc:
            c.fail((*where, "regex"), f"furniture: неверное регулярное выражение: {exc}")
    return tuple(out)


def _rules(data: Any, c: _Checker, dictionaries: dict[str, Dictionary]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if not c.typed(data, dict, ("rules",), "rules"):
        return out
    for var, params in data.items():
        where = ("rules", var)
        if var not in RULE_SPEC:
            c.fail(where, f"правила для неизвестной переменной «{var}»")
            continue
        if not c.typed(params, dict, where, f"rules.{var}"):
            continue
        for key, value in params.items():
            kind = RULE_SPEC[var].get(key)
            if kind is None:
                c.fail((*where, key), f"rules.{var}: неизвестный параметр «{key}»; допустимы: {', '.join(RULE_SPEC[var])}")
                continue
            if not c.typed(value, kind, (*where, key), f"rules.{var}.{key}"):
                continue
            refs: list[str] = []
            if key in ("dictionary", "sides", "relation", "party_dictionary", "regionalisable", "origin", "posts",
                       "distractor"):
                refs = [value]
            elif key in ("strong", "dictionaries"):
                refs = [str(v) for v in value]
            for ref in refs:
                if ref not in dictionaries:
                    c.fail((*where, key), f"rules.{var}.{key}: нет словаря «{ref}»")
        out[var] = dict(params)
    return out


def parse_codebook(path: Path) -> Codebook:
    """Load and validate one codebook file; raises CodebookError listing every problem."""
    data, lines = _read(path)
    c = _Checker(str(path), lines)
    if not isinstance(data, dict):
        raise CodebookError([f"{path}:1: кодовая книга должна быть словарём YAML (mapping)"])
    for key, value in data.items():
        kind = TOP_KEYS.get(key)
        if kind is None:
            c.fail((key,), f"неизвестный ключ верхнего уровня «{key}»; допустимы: {', '.join(TOP_KEYS)}")
        else:
            c.typed(value, kind, (key,), key)
    for key in REQUIRED_TOP:
        if key not in data:
            c.fail((), f"нет обязательного ключа «{key}»")
    variables = _variables(data.get("variables", {}), c)
    dictionaries = _dictionaries(data.get("dictionaries", {}), c)
    furniture = _furniture(data.get("furniture"), c)
    neg, neg_p = _patterns_block(data.get("negation"), c, "negation", "cues", {"window": int})
    den, den_p = _patterns_block(data.get("denial"), c, "denial", "patterns", {"answer_openers": list})
    inten, inten_p = _patterns_block(data.get("intensifiers"), c, "intensifiers", "patterns", {"window": int, "factor": NUM})
    rules = _rules(data.get("rules", {}), c, dictionaries)
    if c.problems:
        raise CodebookError(c.problems)
    digest = _digest(data)
    return Codebook(
        version=str(data["version"]), name=str(data.get("name", path.stem)), variables=variables,
        dictionaries=dictionaries, furniture=furniture, negation_cues=neg, negation_window=int(neg_p.get("window", 3)),
        denial_patterns=den, denial_openers=tuple(str(x).lower() for x in den_p.get("answer_openers", [])), intensifiers=inten, intensifier_window=int(inten_p.get("window", 2)),
        intensifier_factor=float(inten_p.get("factor", 1.5)), rules=rules, path=str(path), hash=digest[:16], data=data,
    )


def _digest(data: Any) -> str:
    """The codebook's content hash (stored with every coding run, so it must not change for a given file).

    A mapping whose keys mix numbers and strings (`1-1:` beside `0:` in a damaged values block) cannot be
    sorted by json.dumps; such a book is hashed with every key as text instead of failing with a TypeError.
    """
    try:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    except TypeError:
        text = json.dumps(_str_keys(data), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _str_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _str_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_str_keys(v) for v in value]
    return value


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Codebook:
    return parse_codebook(Path(path))


def load_codebook(path: str | Path | None = None) -> Codebook:
    """The codebook at `path`, or the packaged default (CODEBOOK.md v1); cached until the file changes."""
    p = Path(path) if path is not None else DEFAULT_PATH
    if not p.exists():
        raise CodebookError([f"{p}: файл кодовой книги не найден"])
    return _cached(str(p.resolve()), p.stat().st_mtime)
