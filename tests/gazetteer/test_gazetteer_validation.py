"""A hand-edited gazetteer with mistakes: every problem is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from regionlens.gazetteer.gazetteer import GazetteerError, load_gazetteer

GOOD_REGION = """\
- code: RU-SMO
  country: RU
  type: oblast
  names: {ru: [Смоленская область], be: [Смаленская вобласць], en: [Smolensk Oblast]}
  capital: {ru: Смоленск, be: Смаленск, en: Smolensk}
  federal_district: Центральный
  border: true
  neighbours: [BY-VI]
- code: BY-VI
  country: BY
  type: oblast
  names: {ru: [Витебская область], be: [Віцебская вобласць], en: [Vitebsk Region]}
  capital: {ru: Витебск, be: Віцебск, en: Vitebsk}
  border: true
  neighbours: [RU-SMO]
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "regions.yaml"
    path.write_text('version: "1.0"\nregions:\n' + body, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(GazetteerError) as info:
        load_gazetteer(path)
    return info.value.problems


def test_a_valid_small_file_loads(tmp_path: Path) -> None:
    gaz = load_gazetteer(write(tmp_path, GOOD_REGION))
    assert gaz.codes() == ["RU-SMO", "BY-VI"]
    assert gaz["RU-SMO"].line == 3 and gaz["BY-VI"].line == 11
    assert gaz.border_codes() == {"RU-SMO", "BY-VI"}


def test_duplicate_code_names_both_lines(tmp_path: Path) -> None:
    body = GOOD_REGION + GOOD_REGION.split("- code: BY-VI")[0]
    path = write(tmp_path, body)
    found = problems(path)
    assert any(p.startswith(f"{path}:18:") and "RU-SMO" in p and "строке 3" in p for p in found), found


def test_wrong_values_point_at_their_lines(tmp_path: Path) -> None:
    body = GOOD_REGION.replace("country: BY", "country: UA").replace("type: oblast\n  names: {ru: [Смол", "type: province\n  names: {ru: [Смол")
    path = write(tmp_path, body)
    found = problems(path)
    assert any(p.startswith(f"{path}:5:") and "province" in p for p in found), found
    assert any(p.startswith(f"{path}:12:") and "UA" in p for p in found), found


def test_unknown_field_yo_and_missing_district(tmp_path: Path) -> None:
    body = GOOD_REGION.replace("  federal_district: Центральный\n", "  colour: red\n").replace("Витебск, be", "Витёбск, be")
    path = write(tmp_path, body)
    found = problems(path)
    assert any(p.startswith(f"{path}:8:") and "colour" in p and "RU-SMO" in p for p in found), found
    assert any(p.startswith(f"{path}:3:") and "federal_district" in p for p in found), found
    assert any(p.startswith(f"{path}:15:") and "ё" in p for p in found), found


def test_unknown_neighbour_and_bad_border(tmp_path: Path) -> None:
    body = GOOD_REGION.replace("neighbours: [RU-SMO]", "neighbours: [RU-PSK]").replace("border: true\n  neighbours: [BY-VI]", "border: maybe\n  neighbours: [BY-VI]")
    path = write(tmp_path, body)
    found = problems(path)
    assert any(p.startswith(f"{path}:11:") and "RU-PSK" in p for p in found), found
    assert any(p.startswith(f"{path}:9:") and "border" in p for p in found), found


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_REGION.replace("names: {ru: [Витебская область]", "names: {ru: [Витебская область"))
    found = problems(path)
    assert len(found) == 1 and found[0].startswith(f"{path}:") and "YAML" in found[0]
    line = int(found[0].split(":")[1])
    assert 14 <= line <= 16


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    found = problems(tmp_path / "absent.yaml")
    assert "absent.yaml:1:" in found[0]
