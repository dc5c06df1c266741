"""Statistics files: long and wide forms, located errors, storage on both back ends."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from regionlens.stats import import_indicators, load_indicators, parse_indicators
from regionlens.store.project import Project
from regionlens.surveys import TableFileError

LONG = (
    "region_code,partner,year,indicator,value,unit,source,population\n"
    "RU-SMO,BY,2021,trade_turnover,\"800,5\",млн долл.,таможня,880000\n"
    "RU-SMO,BY,2022,trade_turnover,900,млн долл.,таможня,870000\n"
    "BY-VI,RU,2021,trade_turnover,1 200,млн долл.,таможня,\n"
)


def test_long_file(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(LONG, encoding="utf-8")
    parsed = parse_indicators(path)
    assert parsed.errors == []
    trade = parsed.frame.loc[parsed.frame["indicator"] == "trade_turnover"].set_index(["region_code", "year"])["value"]
    assert trade[("RU-SMO", 2021)] == pytest.approx(800.5)
    assert trade[("BY-VI", 2021)] == pytest.approx(1200)
    pop = parsed.frame.loc[parsed.frame["indicator"] == "population"]
    assert sorted(pop["value"].tolist()) == [870000, 880000] and set(pop["partner"]) == {"ALL"}


def test_wide_file_equals_long(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("Регион;Партнёр;Показатель;Единица;2021;2022\nRU-SMO;BY;trade_turnover;млн долл.;800,5;900\n"
                    "BY-VI;RU;trade_turnover;млн долл.;1200;\n", encoding="utf-8")
    parsed = parse_indicators(path)
    assert parsed.errors == []
    got = sorted(zip(parsed.frame["region_code"], parsed.frame["year"], parsed.frame["value"], strict=True))
    assert got == [("BY-VI", 2021, 1200.0), ("RU-SMO", 2021, 800.5), ("RU-SMO", 2022, 900.0)]


def test_errors_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "region_code,partner,year,indicator,value\n"
        "RU-SMO,BY,2021,trade,10\n"
        "RU-NOPE,BY,2021,trade,10\n"      # row 3
        "RU-SMO,BY,20x1,trade,10\n"       # row 4
        "RU-SMO,BY,2022,trade,много\n"    # row 5
        "RU-BRY,BY,1800,trade,1\n",       # row 6
        encoding="utf-8")
    parsed = parse_indicators(path)
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "region_code"), (4, "year"), (5, "value"), (6, "year")]
    assert all(str(path) in str(e) for e in parsed.errors)
    assert "строка 5" in str(parsed.errors[2]) and "не число" in str(parsed.errors[2])
    assert len(parsed.frame) == 1


def test_wide_error_names_the_year_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["region_code", "partner", "indicator", 2021, 2022])
    ws.append(["RU-SMO", "BY", "visits", 3, "три"])
    path = tmp_path / "w.xlsx"
    book.save(path)
    parsed = parse_indicators(path)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "2022")]


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("region_code,year,indicator,value,comment\nRU-SMO,2021,x,1,?\n", encoding="utf-8")
    with pytest.raises(TableFileError) as info:
        parse_indicators(path)
    located = {(e.row, e.column) for e in info.value.errors}
    assert located == {(1, "partner"), (1, "comment")}


def test_storage_upserts(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(LONG, encoding="utf-8")
    import_indicators(project.engine, path)
    path.write_text(LONG.replace("900,", "950,"), encoding="utf-8")
    import_indicators(project.engine, path)
    stored = load_indicators(project.engine)
    assert len(stored) == 5
    value = stored.loc[(stored["region_code"] == "RU-SMO") & (stored["year"] == 2022) & (stored["indicator"] == "trade_turnover"), "value"]
    assert value.tolist() == [950.0]
