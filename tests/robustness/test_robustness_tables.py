"""Hostile survey and statistics files (issue 9, item 1): a TableFileError or per-cell errors in
Russian, and whatever is valid is stored on SQLite and PostgreSQL alike."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hostile_files import is_russian, write, xlsx_bytes, zip_bomb
from hypothesis import given, settings
from hypothesis import strategies as st

from regionlens.stats.io import import_indicators, load_indicators, parse_indicators
from regionlens.store.project import Project
from regionlens.surveys.importer import import_survey, load_survey, parse_survey
from regionlens.surveys.schema import schema_from_dict
from regionlens.surveys.table import TableFileError, read_table

SCHEMA = {"survey": "experts", "respondent": {"id": "id", "country": "country", "role": "role", "region": "region"},
          "scales": {"coop": {"items": ["q1", "q2"], "min": 1, "max": 5}}, "open": ["note"]}
SURVEY_HEAD = "id,country,role,region,q1,q2,note\n"
STATS_HEAD = "region_code,partner,year,indicator,value,unit\n"


def _table_errors_are_russian(exc: TableFileError) -> None:
    assert exc.errors and all(is_russian(e.message) for e in exc.errors), exc.errors


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=1500), suffix=st.sampled_from([".csv", ".tsv", ".xlsx"]), head=st.sampled_from(["", SURVEY_HEAD, STATS_HEAD]))
def test_random_bytes_as_survey_and_statistics_files(data: bytes, suffix: str, head: str) -> None:
    schema = schema_from_dict(SCHEMA)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), "t" + suffix, head.encode() + data)
        for parse in (lambda: parse_survey(path, schema), lambda: parse_indicators(path)):
            try:
                parsed = parse()
            except TableFileError as exc:
                _table_errors_are_russian(exc)
                continue
            assert all(is_russian(e.message) for e in parsed.errors)


@settings(max_examples=30, deadline=None)
@given(cells=st.lists(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x00\u202e\r\n\",;"), max_size=30), min_size=7, max_size=7))
def test_hostile_cells_in_a_survey_row(cells: list[str]) -> None:
    schema = schema_from_dict(SCHEMA)
    row = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp), "s.csv", (SURVEY_HEAD + row + "\n").encode("utf-8", "surrogatepass"))
        try:
            parsed = parse_survey(path, schema)
        except TableFileError as exc:
            _table_errors_are_russian(exc)
            return
        for value in parsed.frame.to_numpy().ravel():
            assert "\x00" not in str(value)


def test_50_mb_cell_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "big.csv", (SURVEY_HEAD + "r1,RU,эксперт,RU-SMO,1,2,\"" + "ж" * (25 * 1024 * 1024) + "\"\n").encode())
    with pytest.raises(TableFileError) as exc:
        read_table(path)
    assert "строка 2" in str(exc.value) and "длиннее" in str(exc.value)


def test_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    for mb in (20, 210):
        path = write(tmp_path, f"bomb{mb}.xlsx", zip_bomb("xlsx", mb))
        with pytest.raises(TableFileError, match="подозрительный архив"):
            read_table(path)


def test_xlsx_with_a_broken_sheet_is_a_clear_error(tmp_path: Path) -> None:
    import zipfile

    good = write(tmp_path, "good.xlsx", xlsx_bytes([("a", "b")]))
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    with pytest.raises(TableFileError) as exc:
        read_table(broken)
    _table_errors_are_russian(exc.value)


def test_values_too_wide_for_the_columns_are_cell_errors_on_both_back_ends(project: Project, tmp_path: Path) -> None:
    """Country, role, partner, indicator and unit longer than their VARCHARs used to abort the whole
    import on PostgreSQL; now only those rows are reported, and NUL bytes are dropped."""
    schema = tmp_path / "schema.yaml"
    schema.write_text(yaml.safe_dump(SCHEMA, allow_unicode=True), encoding="utf-8")
    survey = write(tmp_path, "s.csv", (SURVEY_HEAD + "r1,Российская Федерация и ещё,эксперт,RU-SMO,1,2,ok\n"
                                       f"r2,RU,{'р' * 250},RU-SMO,1,2,ok\nr3,RU,эксперт,RU-SMO,1,2,с\x00нулём\n"
                                       "r4,BY,эксперт,BY-VI,4,5,\u202eнаоборот\n").encode())
    summary = import_survey(project.engine, survey, schema)
    assert summary.respondents == 2 and [(e.row, e.column) for e in summary.errors] == [(2, "country"), (3, "role")]
    stored = load_survey(project.engine, "experts").frame
    assert sorted(stored["note"]) == ["снулём", "\u202eнаоборот"]

    stats = write(tmp_path, "i.csv", (STATS_HEAD + f"RU-SMO,{'П' * 50},2021,trade,1,млн\nRU-SMO,BY,2021,{'n' * 250},2,млн\n"
                                      f"RU-SMO,BY,2021,trade,3,{'u' * 70}\nRU-SMO,BY,2022,trade,1e999,млн\n"
                                      "RU-SMO,BY,2023,trade,4,млн\n").encode())
    parsed = import_indicators(project.engine, stats)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "partner"), (3, "indicator"), (4, "unit"), (5, "value")]
    assert load_indicators(project.engine)[["year", "value"]].values.tolist() == [[2023, 4.0]]
