"""A long-running process sees in-place edits of the project's data files: caches are keyed by mtime and size.

Before, `load_gazetteer` and `default_catalogue` cached by path (the catalogue
once per process), so a server kept matching, listing and attributing with
the regions.yaml and catalogue.yaml it read first, however they were edited.
Each edit here keeps the file's path and sets a distinct modification time,
as an editor saving the file does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import regionlens.gazetteer.gazetteer as gazetteer_module
import regionlens.sources.catalogue as catalogue_module
from regionlens.filters.parse import FilterError, parse_filters
from regionlens.gazetteer.gazetteer import GazetteerError, load_gazetteer
from regionlens.sources.catalogue import CatalogueError, default_catalogue

RENAMED = "Зубрландская область"  # invented: the packaged gazetteer has no such name


def _save(path: Path, text: str, tick: int) -> None:
    """Write `text` in place and give the file its own modification time (as saving in an editor would)."""
    path.write_text(text, encoding="utf-8")
    stamp = 1_700_000_000_000_000_000 + tick * 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


@pytest.fixture
def regions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "regions.yaml"
    _save(copy, gazetteer_module.DEFAULT_PATH.read_text(encoding="utf-8"), 1)
    monkeypatch.setattr(gazetteer_module, "DEFAULT_PATH", copy)
    return copy


def test_gazetteer_edit_in_place_is_seen_without_restart(regions: Path) -> None:
    first = load_gazetteer()
    assert load_gazetteer() is first  # unchanged file: the same object (compiled matchers stay cached)
    name = first["BY-BR"].name_ru
    _save(regions, regions.read_text(encoding="utf-8").replace(f"ru: [{name}]", f"ru: [{RENAMED}]", 1), 2)
    edited = load_gazetteer()
    assert edited is not first and edited["BY-BR"].name_ru == RENAMED
    assert load_gazetteer(regions)["BY-BR"].name_ru == RENAMED  # the same file named explicitly


def test_gazetteer_file_removed_is_a_gazetteer_error(regions: Path) -> None:
    load_gazetteer()
    regions.unlink()
    with pytest.raises(GazetteerError, match="regions.yaml"):
        load_gazetteer()


def test_region_filter_follows_the_edited_gazetteer(regions: Path) -> None:
    assert parse_filters({"region": "by-br"}).region == "BY-BR"
    _save(regions, re.sub(r"BY-BR\b", "BY-BRX", regions.read_text(encoding="utf-8")), 2)
    assert load_gazetteer().get("BY-BRX") is not None
    assert parse_filters({"region": "by-brx"}).region == "BY-BRX"
    with pytest.raises(FilterError, match="BY-BR"):
        parse_filters({"region": "BY-BR"})


def test_catalogue_edit_in_place_is_seen_without_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "catalogue.yaml"
    text = catalogue_module.CATALOGUE_PATH.read_text(encoding="utf-8")
    _save(copy, text, 1)
    monkeypatch.setattr(catalogue_module, "CATALOGUE_PATH", copy)
    first = default_catalogue()
    assert default_catalogue() is first
    entry = first.entries[0]
    _save(copy, text.replace(f"name: {entry.name},", f"name: {entry.name} правка,", 1), 2)
    assert default_catalogue().entries[0].name == f"{entry.name} правка"
    copy.unlink()
    with pytest.raises(CatalogueError, match="catalogue.yaml"):
        default_catalogue()
