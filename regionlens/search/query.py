"""The query language and its translation to FTS5 and PostgreSQL tsquery.

Users write word forms («смоленская область»); every term is lemmatised the
way documents are, so the query finds «Смоленской области». Syntax: implicit
AND between terms, AND/OR/NOT (or И/ИЛИ/НЕ, or a leading minus), "phrases",
prefix wildcards (смолен*), parentheses. The parser builds a tree and both
back ends are generated from it, so user input never reaches the FTS or SQL
syntax directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from regionlens.text.stream import lemma_for
from regionlens.text.tokenize import iter_tokens, normalise


class QueryError(ValueError):
    """A query that cannot be parsed; the message says where and why, in Russian."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # lemmas (several when a hyphenated word splits); last may be a prefix
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Phrase:
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


Node = Term | Phrase | And | Or | Not

OPERATORS = {"AND": "AND", "И": "AND", "OR": "OR", "ИЛИ": "OR", "NOT": "NOT", "НЕ": "NOT"}
LEX_RE = regex.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"|(?P<quote>")|(?P<minus>-)(?=\S)|(?P<word>[^\s()"]+))')
FTS_WORD_RE = regex.compile(r"[\p{L}\p{N}]+")


def _query_lang(query: str) -> str:
    low = query.lower()
    return "be" if "ў" in low or ("і" in low and not any(c in low for c in "їєґ")) else "ru"


def _term(raw: str, lang: str, pos: int) -> Term:
    prefix = raw.endswith("*")
    word = raw.rstrip("*")
    if "*" in word:
        raise QueryError(f"позиция {pos + 1}: звёздочка допустима только в конце слова («{raw}»)")
    tokens = [normalise(t) for t, _, _, _ in iter_tokens(word)]
    if not tokens:
        raise QueryError(f"позиция {pos + 1}: «{raw}» не содержит букв или цифр")
    if prefix:
        lemmas = [lemma_for(t, lang) for t in tokens[:-1]] + [tokens[-1].replace("ё", "е")]
    else:
        lemmas = [t if t.isdigit() else lemma_for(t, lang) for t in tokens]
    parts = tuple(p for lemma in lemmas for p in FTS_WORD_RE.findall(lemma))
    if not parts:
        raise QueryError(f"позиция {pos + 1}: «{raw}» не содержит букв или цифр")
    return Term(parts, prefix)


def parse_query(query: str) -> Node:
    """Parse a user query into a tree; raises QueryError with a readable reason."""
    if not query or not query.strip():
        raise QueryError("пустой запрос")
    if len(query) > 2000:
        raise QueryError("запрос длиннее 2000 символов")
    lang = _query_lang(query)
    tokens: list[tuple[str, object, int]] = []
    pos = 0
    while pos < len(query):
        m = LEX_RE.match(query, pos)
        if m is None or m.end() == pos:
            if query[pos:].strip() == "":
                break
            raise QueryError(f"позиция {pos + 1}: непонятный символ «{query[pos]}»")
        start = m.start(m.lastgroup) if m.lastgroup else pos
        kind = m.lastgroup
        if kind == "quote":
            raise QueryError(f"позиция {start + 1}: незакрытая кавычка")
        if kind == "phrase":
            words = m.group("phrase").split()
            if not words:
                raise QueryError(f"позиция {start + 1}: пустая фраза в кавычках")
            tokens.append(("phrase", Phrase(tuple(_term(w, lang, start) for w in words)), start))
        elif kind == "word":
            word = m.group("word")
            if word in OPERATORS:
                tokens.append(("op", OPERATORS[word], start))
            else:
                tokens.append(("term", _term(word, lang, start), start))
        elif kind == "minus":
            tokens.append(("op", "NOT", start))
        elif kind in ("lp", "rp"):
            tokens.append((kind, None, start))
        pos = m.end()
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.i < len(tokens):
        _, _, at = tokens[parser.i]
        raise QueryError(f"позиция {at + 1}: лишняя закрывающая скобка или оператор")
    _check_negations(node)
    return node


MAX_DEPTH = 50  # nested parentheses and negations; deeper input is hostile, not a research question


class _Parser:
    def __init__(self, tokens: list[tuple[str, object, int]]):
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def _enter(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(f"позиция {at + 1}: слишком глубокая вложенность скобок или отрицаний (больше {MAX_DEPTH})")

    def _peek(self) -> tuple[str, object, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (tok := self._peek()) and tok[0] == "op" and tok[1] == "OR":
            self.i += 1
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_not()]
        while (tok := self._peek()) and (tok[0] in ("term", "phrase", "lp") or (tok[0] == "op" and tok[1] in ("AND", "NOT"))):
            if tok[0] == "op" and tok[1] == "AND":
                self.i += 1
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_not(self) -> Node:
        tok = self._peek()
        if tok and tok[0] == "op" and tok[1] == "NOT":
            self.i += 1
            self._enter(tok[2])
            node = Not(self.parse_not())
            self.depth -= 1
            return node
        return self.parse_atom()

    def parse_atom(self) -> Node:
        tok = self._peek()
        if tok is None:
            raise QueryError("запрос обрывается: после оператора нужно слово")
        kind, value, at = tok
        if kind in ("term", "phrase"):
            self.i += 1
            assert isinstance(value, (Term, Phrase))
            return value
        if kind == "lp":
            self.i += 1
            self._enter(at)
            node = self.parse_or()
            self.depth -= 1
            closing = self._peek()
            if closing is None or closing[0] != "rp":
                raise QueryError(f"позиция {at + 1}: скобка не закрыта")
            self.i += 1
            return node
        if kind == "rp":
            raise QueryError(f"позиция {at + 1}: закрывающая скобка без открывающей")
        raise QueryError(f"позиция {at + 1}: оператор «{value}» стоит не на своём месте")


def _check_negations(node: Node) -> None:
    """Both back ends need something positive to subtract from."""
    if isinstance(node, Not):
        raise QueryError("запрос не может состоять только из исключений (NOT/НЕ): добавьте искомое слово")
    if isinstance(node, And):
        if all(isinstance(i, Not) for i in node.items):
            raise QueryError("запрос не может состоять только из исключений (NOT/НЕ): добавьте искомое слово")
        for i in node.items:
            _check_negations(i.item if isinstance(i, Not) else i)
            if isinstance(i, Not) and isinstance(i.item, Not):
                raise QueryError("двойное отрицание в запросе")
    if isinstance(node, Or):
        for i in node.items:
            _check_negations(i)


def _fts_quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def to_fts5(node: Node) -> str:
    """FTS5 MATCH expression (lemmas are quoted, so no user text is FTS syntax)."""
    if isinstance(node, Term):
        body = _fts_quote(" ".join(node.words))
        return body + (" *" if node.prefix else "")
    if isinstance(node, Phrase):
        words = [w for t in node.terms for w in t.words]
        body = _fts_quote(" ".join(words))
        return body + (" *" if node.terms[-1].prefix else "")
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(i) for i in node.items) + ")"
    if isinstance(node, And):
        pos = [to_fts5(i) for i in node.items if not isinstance(i, Not)]
        neg = [to_fts5(i.item) for i in node.items if isinstance(i, Not)]
        expr = "(" + " AND ".join(pos) + ")"
        for n in neg:
            expr = f"({expr} NOT {n})"
        return expr
    raise QueryError("отрицание без искомого слова")


def _ts_lexeme(word: str, prefix: bool = False) -> str:
    return "'" + word.replace("'", "''").replace("\\", "\\\\") + "'" + (":*" if prefix else "")


def to_tsquery(node: Node) -> str:
    """PostgreSQL to_tsquery('simple', …) expression."""
    if isinstance(node, Term):
        lex = [_ts_lexeme(w, node.prefix and k == len(node.words) - 1) for k, w in enumerate(node.words)]
        return lex[0] if len(lex) == 1 else "(" + " <-> ".join(lex) + ")"
    if isinstance(node, Phrase):
        lex = []
        for ti, t in enumerate(node.terms):
            for k, w in enumerate(t.words):
                lex.append(_ts_lexeme(w, t.prefix and ti == len(node.terms) - 1 and k == len(t.words) - 1))
        return lex[0] if len(lex) == 1 else "(" + " <-> ".join(lex) + ")"
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(i) for i in node.items) + ")"
    if isinstance(node, And):
        parts = [("!" + to_tsquery(i.item)) if isinstance(i, Not) else to_tsquery(i) for i in node.items]
        return "(" + " & ".join(parts) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.item)
    raise QueryError("непонятный узел запроса")


def positive_patterns(node: Node) -> list[str]:
    """LemmaMatcher patterns for the terms the user looks for (for KWIC highlighting)."""
    if isinstance(node, Term):
        return [" ".join(node.words) + ("*" if node.prefix else "")]
    if isinstance(node, Phrase):
        return [" ".join(" ".join(t.words) + ("*" if t.prefix else "") for t in node.terms)]
    if isinstance(node, (And, Or)):
        return [p for i in node.items if not isinstance(i, Not) for p in positive_patterns(i)]
    return []
