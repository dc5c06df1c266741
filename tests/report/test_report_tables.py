"""Generic table formatting: column kinds from names and dtypes, translated headers and codes."""

from __future__ import annotations

import pandas as pd

from regionlens.messages.numbers import NNBSP
from regionlens.report.i18n import load_strings
from regionlens.report.tables import display_table, format_stat, records_frame


def test_columns_are_formatted_by_name_and_dtype() -> None:
    df = pd.DataFrame(
        {
            "year": [2022, 2023],
            "month": pd.period_range("2022-03", periods=2, freq="M"),
            "topic": ["ECON", "новая_сфера"],
            "publications": [12345, 7],
            "union_share": [0.224, 0.05],
            "p_value": [0.0004, 0.2],
            "cramers_v": [0.1423, 0.3],
            "mystery_metric": [1.5, 2.25],
        }
    )
    ru = display_table("t", df, load_strings("ru"))
    assert ru.headers == ["год", "месяц", "сфера", "публикаций", "доля союзной тематики", "p", "V Крамера",
                          "mystery_metric"]
    assert ru.rows[0] == ["2022", "март 2022", "экономика", f"12{NNBSP}345", f"22,4{NNBSP}%", "<\u00a00,001", "0,142",
                          "1,50"]
    assert ru.rows[1][2] == "новая_сфера"  # unknown codes pass through
    en = display_table("t", df, load_strings("en"))
    assert en.rows[0] == ["2022", "March 2022", "economy", "12,345", "22.4%", "<\u00a00.001", "0.142", "1.50"]
    assert en.kinds == ["text", "month", "text", "int", "share", "p", "float", "float"]


def test_index_and_multiindex_become_columns() -> None:
    df = pd.DataFrame({"publications": [3, 4]}, index=pd.Index(["RU", "BY"], name="country"))
    table = display_table("t", df, load_strings("ru"))
    assert table.headers == ["страна", "публикаций"]
    assert [r[0] for r in table.rows] == ["Россия", "Беларусь"]


def test_variable_cells_are_named_like_columns() -> None:
    frame = records_frame({"union": {"alpha": 0.81}, "tone": {"alpha": 0.7}})
    assert frame is not None
    table = display_table("rel", frame, load_strings("ru"))
    assert [r[0] for r in table.rows] == ["союзная тематика", "тональность"]
    assert table.rows[0][1] == "0,810"


def test_records_frame_accepts_the_usual_shapes() -> None:
    assert records_frame(None) is None and records_frame([]) is None
    records = records_frame([{"level": "local", "sources": 2}])
    assert records is not None and list(records.columns) == ["level", "sources"]
    flat = records_frame({"union": 0.9, "tone": 0.7})
    assert flat is not None and flat["value"].tolist() == [0.9, 0.7]


def test_stats_are_formatted_by_name() -> None:
    ru = load_strings("ru")
    assert format_stat("p_value", 0.00001, ru) == "<\u00a00,001"
    assert format_stat("substantive_share", 0.224, ru) == f"22,4{NNBSP}%"
    assert format_stat("n", 12345, ru) == f"12{NNBSP}345"
    assert format_stat("chi2", 48.213, ru) == "48,21"
    assert format_stat("alpha", 0.8123, ru) == "0,812"
    assert format_stat("year", 2022, ru) == "2022"
    assert format_stat("groups", ["RU", "BY"], ru) == "Россия, Беларусь"
