"""Survey files: located errors, XLSX, storage on both back ends, and the planted demo relations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest
import yaml

from regionlens.demo.extras import generate_extras
from regionlens.store.project import Project
from regionlens.surveys import (
    SchemaError,
    TableFileError,
    import_survey,
    load_schema,
    load_survey,
    parse_survey,
    survey_section,
)

SCHEMA = {
    "survey": "t",
    "respondent": {"id": "id", "country": "country", "role": "role", "region": "region"},
    "scales": {"coop": {"items": ["c1", "c2"], "min": 1, "max": 5, "reverse": ["c2"]}},
    "rankings": {"prio": {"items": ["r1", "r2", "r3"]}},
    "open": ["why"],
}
HEADER = "id,country,role,region,c1,c2,r1,r2,r3,why\n"


def _files(tmp_path: Path, body: str, header: str = HEADER) -> tuple[Path, Path]:
    schema = tmp_path / "schema.yaml"
    schema.write_text(yaml.safe_dump(SCHEMA, allow_unicode=True), encoding="utf-8")
    data = tmp_path / "survey.csv"
    data.write_text(header + body, encoding="utf-8")
    return data, schema


def test_unknown_column_names_file_row_and_column(tmp_path: Path) -> None:
    data, schema = _files(tmp_path, "E1,RU,учёный,RU-SMO,4,2,1,2,3,\n", HEADER.replace("why", "why,extra"))
    with pytest.raises(TableFileError) as info:
        parse_survey(data, load_schema(schema))
    message = str(info.value)
    assert str(data) in message and "строка 1" in message and "«extra»" in message


def test_bad_answers_name_file_row_and_column_and_the_rest_is_kept(tmp_path: Path) -> None:
    body = (
        "E1,RU,учёный,RU-SMO,4,2,1,2,3,Мало информации\n"
        "E2,BY,чиновник,BY-VI,7,2,1,2,3,\n"          # row 3: out of range
        "E3,BY,чиновник,BY-VI,4,много,1,2,3,\n"      # row 4: not a number
        ",RU,журналист,RU-BRY,3,3,1,2,3,\n"           # row 5: no id
        "E1,RU,журналист,RU-BRY,3,3,1,2,3,\n"         # row 6: duplicate
        "E6,RU,журналист,RU-XXX,3,3,1,2,3,\n"         # row 7: unknown region
        "E7,BY,журналист,BY-HO,3,3,1,4,3,\n"          # row 8: rank out of range
        "E8,BY,журналист,BY-HO,3,,2,1,3,\n"           # valid, one answer missing
    )
    data, schema = _files(tmp_path, body)
    parsed = parse_survey(data, load_schema(schema))
    located = {(e.row, e.column) for e in parsed.errors}
    assert located == {(3, "c1"), (4, "c2"), (5, "id"), (6, "id"), (7, "region"), (8, "r2")}
    assert all(e.file == str(data) for e in parsed.errors)
    text = [str(e) for e in parsed.errors]
    assert any("строка 3" in t and "«c1»" in t and "вне шкалы" in t for t in text)
    assert any("строка 4" in t and "не число" in t for t in text)
    assert parsed.frame["respondent"].tolist() == ["E1", "E8"]
    assert np.isnan(parsed.frame.loc[1, "c2"])


def test_missing_schema_column_and_bad_schema(tmp_path: Path) -> None:
    data, schema = _files(tmp_path, "E1,RU,x,RU-SMO,4,2,1,2\n", HEADER.replace(",why", "").replace(",r3", ""))
    with pytest.raises(TableFileError) as info:
        parse_survey(data, load_schema(schema))
    assert "«r3»" in str(info.value) and "«why»" in str(info.value)
    bad = tmp_path / "bad.yaml"
    bad.write_text("respondent: {id: id}\nscales: {s: {items: [a], min: 5, max: 1, reverse: [b]}}\n", encoding="utf-8")
    with pytest.raises(SchemaError) as err:
        load_schema(bad)
    assert str(bad) in str(err.value) and "min" in str(err.value) and "reverse" in str(err.value)


def test_xlsx_survey_is_read(tmp_path: Path) -> None:
    _, schema = _files(tmp_path, "")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER.strip().split(","))
    ws.append(["E1", "Россия", "учёный", "RU-SMO", 4, 2, 1, 2, 3, "текст"])
    ws.append(["E2", "Беларусь", "учёный", "BY-VI", 9, 2, 1, 2, 3, None])
    path = tmp_path / "s.xlsx"
    book.save(path)
    parsed = parse_survey(path, load_schema(schema))
    assert parsed.frame["country"].tolist() == ["RU"]
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "c1")]


def test_storage_round_trip_and_reimport(project: Project, tmp_path: Path) -> None:
    data, schema = _files(tmp_path, "E1,RU,учёный,RU-SMO,4,2,1,2,3,Мало информации\nE2,BY,x,BY-VI,5,1,2,1,3,\n")
    summary = import_survey(project.engine, data, schema)
    assert (summary.survey, summary.respondents, summary.errors) == ("t", 2, [])
    assert summary.answers == 2 * 5 + 1
    import_survey(project.engine, data, schema)  # same file again: replaced, not duplicated
    loaded = load_survey(project.engine, "t")
    assert loaded.schema == load_schema(schema)
    assert loaded.frame["respondent"].tolist() == ["E1", "E2"]
    assert loaded.frame["c1"].tolist() == [4.0, 5.0]
    assert loaded.frame["why"].tolist()[0] == "Мало информации"
    assert loaded.frame["region_code"].tolist() == ["RU-SMO", "BY-VI"]


def test_planted_country_gap_and_concordance_are_recovered(tmp_path: Path) -> None:
    m = generate_extras(tmp_path, seed=11)
    parsed = parse_survey(m.survey, load_schema(m.survey_schema))
    assert parsed.errors == [] and len(parsed.frame) == 60
    section, findings = survey_section(parsed)
    countries = section.tables["countries"].set_index("scale")
    assert countries.loc["cooperation", "p_value"] < 0.001
    assert countries.loc["cooperation", "mean_BY"] > countries.loc["cooperation", "mean_RU"]
    assert countries.loc["cooperation", "r_rb"] < -0.5
    assert countries.loc["media", "p_value"] > 0.05
    assert section.tables["concordance"].iloc[0]["p_value"] < 0.001
    assert section.tables["rankings"].iloc[0]["item"] == "rank_ECON"
    keys = {f.key for f in findings}
    assert "survey_country_gap_cooperation" in keys and "survey_country_gap_media" not in keys
    gap = next(f for f in findings if f.key == "survey_country_gap_cooperation")
    assert "белорусские" in gap.text_ru and "Belarusian" in gap.text_en and gap.recommendations_ru


def test_respondent_without_role_or_region_is_stored(project: Project, tmp_path: Path) -> None:
    data, schema = _files(tmp_path, "E1,RU,,,4,2,1,2,3,\nE2,,,,3,3,3,2,1,\n")
    summary = import_survey(project.engine, data, schema)
    assert summary.respondents == 2 and summary.errors == []
    loaded = load_survey(project.engine)
    assert loaded.frame["role"].isna().all() and loaded.frame["region_code"].isna().all()
    assert loaded.frame["country"].tolist()[0] == "RU"
