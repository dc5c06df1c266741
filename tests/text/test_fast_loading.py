"""Start-up shortcuts give the same data as the slow paths they replace."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from regionlens.coding import codebook as codebook_module
from regionlens.coding.codebook import DEFAULT_PATH, parse_codebook
from regionlens.gazetteer import gazetteer as gazetteer_module
from regionlens.packaged_yaml import loader_for
from regionlens.text.morph_be import lemma_be, lemma_table


def test_packaged_files_use_libyaml_and_user_files_do_not(tmp_path: Path) -> None:
    own = tmp_path / "codebook.yaml"
    own.write_text(DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    assert loader_for(own) is yaml.SafeLoader  # hostile nesting must meet Python's recursion limit, not crash C
    if getattr(yaml, "CSafeLoader", None) is not None:
        assert loader_for(DEFAULT_PATH) is yaml.CSafeLoader


def test_codebook_and_gazetteer_parse_the_same_with_either_parser(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fast = parse_codebook(DEFAULT_PATH)
    gaz_path = Path(gazetteer_module.DEFAULT_PATH)
    gaz_text = gaz_path.read_text(encoding="utf-8")
    fast_gaz = gazetteer_module.parse_gazetteer(gaz_text, gaz_path)
    monkeypatch.setattr(codebook_module, "loader_for", lambda path: yaml.SafeLoader)
    monkeypatch.setattr(gazetteer_module, "loader_for", lambda path: yaml.SafeLoader)
    slow = parse_codebook(DEFAULT_PATH)
    assert fast == slow and fast.hash == slow.hash
    assert repr(gazetteer_module.parse_gazetteer(gaz_text, gaz_path)) == repr(fast_gaz)


def test_belarusian_lemmas_from_the_lookup_table_equal_the_dictionary() -> None:
    table = lemma_table()
    assert table, "hunspell-be must be installed (scripts/setup.sh installs it)"
    forms = random.Random(3).sample(sorted(table), 3000)
    assert [lemma_be(f) for f in forms] == [table[f] for f in forms]
    assert lemma_be("гарадоў") == table.get("гарадоў")
    assert lemma_be("несапраўднаеслова") is None
    assert lemma_be("слова\udc80") is None  # a lone surrogate (badly decoded input) is no form, not an error
