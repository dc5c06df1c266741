"""The codebook file: the packaged default loads; mistakes are reported with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionlens.coding.codebook import (
    DEFAULT_PATH,
    VARIABLE_NAMES,
    CodebookError,
    load_codebook,
    parse_codebook,
)


def _copy_with(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path = tmp_path / "my-codebook.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line


def test_default_codebook_reproduces_codebook_md() -> None:
    book = load_codebook()
    assert book.version == "1.1"
    assert tuple(book.variables) == VARIABLE_NAMES
    assert book.variables["tone"].type == "ordinal"
    assert set(book.variables["tone"].values) == {-1, 0, 1}
    assert set(book.variables["topics"].values) == {"ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO"}
    assert set(book.variables["actors"].values) == {"FED", "REG", "LOC", "BUS", "CIV", "CIT"}
    assert set(book.variables["genre"].values) == {"NEWS", "INTERVIEW", "ANALYSIS", "OFFICIAL"}
    assert len(book.hash) == 16


def test_hash_follows_content_not_comments(tmp_path: Path) -> None:
    base = load_codebook()
    commented = tmp_path / "c.yaml"
    commented.write_text("# my note\n" + DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert parse_codebook(commented).hash == base.hash
    changed, _ = _copy_with(tmp_path, "    threshold: 1.0\n  regions:", "    threshold: 2.0\n  regions:")
    assert parse_codebook(changed).hash != base.hash


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    min_relation_hits: 1\n", "    min_relation_hit: 1\n", "неизвестный параметр «min_relation_hit»"),
        ("    unit_window: 2\n", "    unit_window: two\n", "ожидается целое число"),
        ('      RITUAL: ["возложить венок"', '      RITUAL: ["* венок"', "неверный шаблон"),
        ("  union:\n    type: binary", "  union:\n    type: boolean", "тип должен быть"),
        ("dictionaries:\n  country:", "dictionaries:\n  country:\n    colour: red", "неизвестный ключ «colour»"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path, line = _copy_with(tmp_path, old, new)
    with pytest.raises(CodebookError) as err:
        parse_codebook(path)
    problems = [p for p in err.value.problems if message in p]
    assert problems, err.value.problems
    prefix, found_line = problems[0].split(":")[0], int(problems[0].split(":")[1])
    assert prefix == str(path)
    assert abs(found_line - line) <= 2


def test_rule_pointing_at_missing_dictionary(tmp_path: Path) -> None:
    path, line = _copy_with(tmp_path, "    dictionary: problem\n", "    dictionary: problems\n")
    with pytest.raises(CodebookError) as err:
        parse_codebook(path)
    assert any(f"{path}:{line}:" in p and "нет словаря «problems»" in p for p in err.value.problems)


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text('version: "1.1"\nvariables:\n  union: [unclosed\n', encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        parse_codebook(path)
    assert str(path) in str(err.value) and "YAML" in str(err.value)


def test_bad_furniture_regex(tmp_path: Path) -> None:
    path, _ = _copy_with(tmp_path, "  - name: see-also\n    regex: '", "  - name: see-also\n    regex: '(")
    with pytest.raises(CodebookError, match="регулярное выражение"):
        parse_codebook(path)
