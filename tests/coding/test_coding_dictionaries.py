"""Importing LIWC, Lexicoder and quanteda YAML dictionaries into the codebook structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionlens.coding.codebook import CodebookError, load_codebook
from regionlens.coding.coder import code_text
from regionlens.coding.context import find_hits
from regionlens.coding.dictionaries import (
    dictionary_to_yaml,
    read_dictionary,
    read_lc3,
    read_liwc,
    read_yaml_dictionary,
    with_dictionary,
)
from regionlens.text import analyse

LIWC = "%\n1\tpositive\n2\tnegative\n%\nдруж*\t1\nпровал\t2\nвзаимная выгода\t1\nсотрудничество\t1 2\n"


def test_liwc_header_globs_multiword(tmp_path: Path) -> None:
    path = tmp_path / "tone.dic"
    path.write_text(LIWC, encoding="utf-8")
    d = read_liwc(path)
    assert d.name == "tone"
    assert d.entries["positive"] == ("друж*", "взаимная выгода", "сотрудничество")
    assert d.entries["negative"] == ("провал", "сотрудничество")


def test_liwc_unknown_category_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.dic"
    path.write_text("%\n1\tpos\n%\nхорошо\t1\nплохо\t7\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        read_liwc(path)
    assert f"{path}:5:" in str(err.value) and "'7'" in str(err.value)


def test_liwc_without_header(tmp_path: Path) -> None:
    path = tmp_path / "nohead.dic"
    path.write_text("хорошо\t1\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="заголовка"):
        read_liwc(path)


def test_quanteda_yaml_nested_keys(tmp_path: Path) -> None:
    path = tmp_path / "lsd.yml"
    path.write_text("sentiment:\n  positive:\n    - успех*\n    - добрый сосед\n  negative:\n    - кризис\neconomy: [товарооборот]\n", encoding="utf-8")
    d = read_yaml_dictionary(path)
    assert d.entries == {"sentiment.positive": ("успех*", "добрый сосед"), "sentiment.negative": ("кризис",), "economy": ("товарооборот",)}


def test_yaml_bad_pattern_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("neg:\n  - кризис\n  - '*провал'\n", encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        read_yaml_dictionary(path)
    assert f"{path}:3:" in str(err.value)


def test_lexicoder_lc3(tmp_path: Path) -> None:
    path = tmp_path / "lsd.lc3"
    path.write_text("+negative\nкризис*\nне удалось\n+positive\nуспех*\n", encoding="utf-8")
    d = read_lc3(path)
    assert d.entries == {"negative": ("кризис*", "не удалось"), "positive": ("успех*",)}
    assert read_dictionary(path).entries == d.entries


def test_imported_dictionary_matches_lemmas_and_changes_hash(tmp_path: Path) -> None:
    path = tmp_path / "mine.dic"
    path.write_text(LIWC, encoding="utf-8")
    base = load_codebook()
    book = with_dictionary(base, read_dictionary(path))
    assert book.hash != base.hash
    stream = analyse("Дружеские связи и взаимной выгоды хватает, провалов нет.", "ru")
    hits = [(h.label, stream.text[stream.starts[h.first] : stream.ends[h.last]]) for h in find_hits(stream, book) if h.dictionary == "mine"]
    assert ("positive", "Дружеские") in hits
    assert ("positive", "взаимной выгоды") in hits
    assert ("negative", "провалов") in hits
    assert code_text("Текст без связи.", codebook=book).values["union"] == 0
    assert "mine:" in dictionary_to_yaml(read_dictionary(path))


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="неизвестный формат"):
        read_dictionary(path)
