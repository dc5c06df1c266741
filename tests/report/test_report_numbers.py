"""Language-aware numbers, percentages, p-values and dates."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd

from regionlens.messages.numbers import NNBSP, fmt_date, fmt_month, fmt_number, fmt_p, fmt_percent, fmt_period


def test_percent_ru_uses_decimal_comma_and_narrow_space() -> None:
    assert fmt_percent(0.224, "ru") == f"22,4{NNBSP}%"
    assert fmt_percent(0.5, "ru", digits=0) == f"50{NNBSP}%"
    assert fmt_percent(np.float64(0.0315), "ru", digits=2) == f"3,15{NNBSP}%"


def test_percent_en() -> None:
    assert fmt_percent(0.224, "en") == "22.4%"
    assert fmt_percent(1.0, "en", digits=0) == "100%"


def test_thousands_separators() -> None:
    assert fmt_number(12345, "ru") == f"12{NNBSP}345"
    assert fmt_number(1234567.891, "ru", 2) == f"1{NNBSP}234{NNBSP}567,89"
    assert fmt_number(12345, "en") == "12,345"
    assert fmt_number(1234567.891, "en", 2) == "1,234,567.89"
    assert fmt_number(np.int64(999), "ru") == "999"


def test_negative_and_missing() -> None:
    assert fmt_number(-1500, "ru") == "\u22121" + NNBSP + "500"
    assert fmt_number(-1500, "en") == "-1,500"
    assert fmt_number(-0.0001, "en", 2) == "0.00"  # no «-0.00»
    for missing in (None, float("nan"), pd.NA, np.nan):
        assert fmt_number(missing, "ru") == "—"
        assert fmt_percent(missing, "en") == "—"


def test_p_values() -> None:
    assert fmt_p(0.0004, "ru") == "p\u00a0<\u00a00,001"  # no-break spaces: never split across lines
    assert fmt_p(0.0004, "en") == "p\u00a0<\u00a00.001"
    assert fmt_p(0.0342, "ru") == "p\u00a0=\u00a00,034"
    assert fmt_p(0.0342, "en") == "p\u00a0=\u00a00.034"
    assert fmt_p(0.2, "ru", prefix=False) == "0,200"
    assert fmt_p(None, "ru") == "—"


def test_months_and_dates() -> None:
    assert fmt_month("2022-03-15", "ru") == "март 2022"
    assert fmt_month(pd.Timestamp("2022-03-01"), "en") == "March 2022"
    assert fmt_month("2022-12", "ru") == "декабрь 2022"
    assert fmt_date(date(2022, 3, 5), "ru") == "5\u00a0марта 2022\u00a0г."
    assert fmt_date(datetime(2022, 5, 31, 10, 0), "en") == "31 May 2022"
    assert fmt_date("2026-11-29T05:00:00+03:00", "ru").startswith("29\u00a0ноября 2026")
    assert fmt_period("2022-03-01", "2022-05-31", "en") == "1 March 2022 – 31 May 2022"
    assert fmt_period(None, None, "ru") == "—"
