"""Hostile codebooks, imported dictionaries and survey schemas (issue 9, item 1): every broken file
is a CodebookError/SchemaError naming the file and line in Russian, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hostile_files import is_russian
from hypothesis import given, settings
from hypothesis import strategies as st

from regionlens.coding.codebook import DEFAULT_PATH, CodebookError, parse_codebook
from regionlens.coding.dictionaries import read_dictionary
from regionlens.surveys.schema import SchemaError, load_schema

CODEBOOK = DEFAULT_PATH.read_text(encoding="utf-8")
LINES = CODEBOOK.splitlines(keepends=True)
HOSTILE = [
    b"version: '1'\nname: \xca\xee\xe4\xe1\xf3\xea\n",  # cp1251
    b"version: '1'\x00\n",  # NUL is not allowed in YAML
    b"version: " + b"[" * 1200 + b"]" * 1200 + b"\n",  # nesting deeper than the recursion limit
    b"a: &a [x, x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{k}: &{k} [{', '.join(['*' + p] * 10)}]\n".encode() for p, k in zip("abcdefgh", "bcdefghi", strict=True)
    ),  # YAML alias bomb: 10^9 leaves from a few hundred bytes
    bytes(range(256)),
    b"\xef\xbb\xbf" + "variables: \u202e[\n".encode(),
]


def _codebook_error(path: Path) -> str | None:
    try:
        parse_codebook(path)
    except CodebookError as exc:
        assert exc.problems and all(p.startswith(f"{path}:") and is_russian(p) for p in exc.problems), exc.problems
        return str(exc)
    return None


@pytest.mark.parametrize("data", HOSTILE, ids=["cp1251", "nul", "deep", "alias-bomb", "bytes", "rtl"])
def test_hostile_codebook_files(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "book.yaml"
    path.write_bytes(data)
    assert _codebook_error(path) is not None


def test_alias_bomb_under_a_known_key_is_refused_quickly(tmp_path: Path) -> None:
    """Aliases under `description` pass the key checks; the node budget must stop the walk."""
    bomb = HOSTILE[3].decode().replace("i: &i", "description: &i")
    path = tmp_path / "book.yaml"
    path.write_text(CODEBOOK.replace('description: Russia', '# description: Russia') + bomb, encoding="utf-8")
    message = _codebook_error(path)
    assert message is not None and "слишком много элементов" in message


def test_label_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text(CODEBOOK.replace('label: {ru: "Регионы", en: "Regions"}', 'label: "Регионы"'), encoding="utf-8")
    message = _codebook_error(path)
    assert message is not None and "label должен быть словарём" in message


def test_values_with_mixed_key_types_are_not_a_traceback(tmp_path: Path) -> None:
    """A stray «1» before «-1:» makes the key the string «1-1» beside the numbers 0 and 1 (found by the
    fuzzing below, which then failed with a TypeError from the content hash sorting numbers against strings)."""
    marker = '      -1: {ru: "негативная"'
    assert marker in CODEBOOK
    path = tmp_path / "book.yaml"
    path.write_text(CODEBOOK.replace(marker, marker.replace("-1:", "1-1:"), 1), encoding="utf-8")
    assert _codebook_error(path) is None  # a string key is allowed by the schema, so the book loads
    book, again, packaged = parse_codebook(path), parse_codebook(path), parse_codebook(DEFAULT_PATH)
    assert book.hash == again.hash != packaged.hash  # still a content hash: stable, and not the intact book's


@settings(max_examples=8, deadline=None)
@given(
    cut=st.integers(0, len(LINES)),
    junk=st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t ") + ["\n", "x", "1", "я", "\u202e", "\x00"]), max_size=12),
    where=st.integers(0, len(CODEBOOK)),
)
def test_truncated_or_damaged_packaged_codebook(cut: int, junk: str, where: int) -> None:
    variants = ["".join(LINES[:cut]), CODEBOOK[:where] + junk + CODEBOOK[where:]]
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(variants):
            path = Path(tmp) / f"book{i}.yaml"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            _codebook_error(path)  # either a valid codebook or CodebookError; anything else fails the test


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".dic", ".lc3", ".yml", ".yaml"]))
def test_random_dictionary_and_schema_files(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"d{suffix}"
        path.write_bytes(data)
        try:
            read_dictionary(path)
        except CodebookError as exc:
            assert all(is_russian(p) for p in exc.problems), exc.problems
        try:
            load_schema(path)
        except SchemaError as exc:
            assert is_russian(str(exc)) and str(path) in str(exc)


@pytest.mark.parametrize("data", HOSTILE[:3] + HOSTILE[4:5], ids=["cp1251", "nul", "deep", "bytes"])
def test_hostile_yaml_dictionary_and_schema(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "d.yml"
    path.write_bytes(data)
    with pytest.raises(CodebookError) as dictionary:
        read_dictionary(path)
    assert all(p.startswith(f"{path}:") and is_russian(p) for p in dictionary.value.problems)
    with pytest.raises(SchemaError) as schema:
        load_schema(path)
    assert str(path) in str(schema.value) and is_russian(str(schema.value))
