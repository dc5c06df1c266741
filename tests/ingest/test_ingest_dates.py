"""Date formats met in Russian/Belarusian exports, feeds and spreadsheets."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from regionlens.ingest.dates import month_number, parse_date

MSK = ZoneInfo("Europe/Moscow")
MINSK = ZoneInfo("Europe/Minsk")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-12T14:35:00+03:00", datetime(2021, 3, 12, 14, 35, tzinfo=timezone(timedelta(hours=3)))),
        ("2021-03-12T11:35:00Z", datetime(2021, 3, 12, 11, 35, tzinfo=UTC)),
        ("2021-03-12T14:35:00", datetime(2021, 3, 12, 14, 35, tzinfo=MSK)),
        ("2021-03-12", datetime(2021, 3, 12, tzinfo=MSK)),
        ("12.03.2021", datetime(2021, 3, 12, tzinfo=MSK)),
        ("12.03.2021 14:35", datetime(2021, 3, 12, 14, 35, tzinfo=MSK)),
        ("2021-03-12 14:35:00", datetime(2021, 3, 12, 14, 35, tzinfo=MSK)),
        ("12 марта 2021", datetime(2021, 3, 12, tzinfo=MSK)),
        ("12 марта 2021 г., 14:35", datetime(2021, 3, 12, 14, 35, tzinfo=MSK)),
        ("12 мар 2021", datetime(2021, 3, 12, tzinfo=MSK)),
        ("Март 12, 2021", datetime(2021, 3, 12, tzinfo=MSK)),
        ("3 сентября 2020 года в 09:05", datetime(2020, 9, 3, 9, 5, tzinfo=MSK)),
        ("1 Января 2022", datetime(2022, 1, 1, tzinfo=MSK)),
        ("12 March 2021", datetime(2021, 3, 12, tzinfo=MSK)),
        ("Mar 12, 2021", datetime(2021, 3, 12, tzinfo=MSK)),
        ("Fri, 12 Mar 2021 14:35:00 +0300", datetime(2021, 3, 12, 14, 35, tzinfo=timezone(timedelta(hours=3)))),
        ("Fri, 12 Mar 2021 11:35:00 GMT", datetime(2021, 3, 12, 11, 35, tzinfo=UTC)),
        (44267.5, datetime(2021, 3, 12, 12, 0, tzinfo=MSK)),
        (1615559700, datetime(2021, 3, 12, 14, 35, tzinfo=UTC)),
        (1615559700000, datetime(2021, 3, 12, 14, 35, tzinfo=UTC)),
        ("1615559700", datetime(2021, 3, 12, 14, 35, tzinfo=UTC)),
        (datetime(2021, 3, 12, 14, 35), datetime(2021, 3, 12, 14, 35, tzinfo=MSK)),
        (date(2021, 3, 12), datetime(2021, 3, 12, tzinfo=MSK)),
    ],
)
def test_formats(value: object, expected: datetime) -> None:
    got = parse_date(value)
    assert got == expected
    assert got.tzinfo is not None
    assert got.utcoffset() == expected.utcoffset()


BELARUSIAN_GENITIVES = [
    "студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня",
    "ліпеня", "жніўня", "верасня", "кастрычніка", "лістапада", "снежня",
]


@pytest.mark.parametrize(("month", "word"), list(enumerate(BELARUSIAN_GENITIVES, start=1)))
def test_belarusian_months(month: int, word: str) -> None:
    assert parse_date(f"12 {word} 2021", "Europe/Minsk") == datetime(2021, month, 12, tzinfo=MINSK)


def test_default_zone_applies_only_to_naive_values() -> None:
    assert parse_date("12.03.2021 14:35", "UTC").utcoffset() == timedelta(0)
    assert parse_date("2021-03-12T14:35:00+01:00", "Europe/Moscow").utcoffset() == timedelta(hours=1)


def test_month_abbreviations_are_not_guessed_from_other_words() -> None:
    assert month_number("сент.") == 9
    assert month_number("марка") is None
    assert month_number("ма") is None


@pytest.mark.parametrize("value", ["31.02.2021", "2021-02-31", "12 марка 2021", "вчера", "25:70 12.03.2021", "5"])
def test_invalid_dates_raise_with_the_value(value: str) -> None:
    with pytest.raises(ValueError, match="не удалось разобрать дату") as info:
        parse_date(value)
    assert value in str(info.value)
