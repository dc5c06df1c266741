"""Numbers, percentages, p-values and dates written the way each reader's language writes them.

The one place that decides number formats: the report, the analysis's finding
sentences, the dashboard, the CLI and the ingest summary all print through it.

Russian readers expect «22,4 %» and «12 345», English readers «22.4%» and
«12,345»; a report that prints Python's defaults looks machine-made and, worse,
«0.224» is misread in Russian as a thousands group. The rules are small and
fixed, so they live here instead of pulling CLDR (Babel) into the runtime.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

NNBSP = "\u202f"  # narrow no-break space: Russian thousands separator and before «%»
MINUS = "\u2212"

MONTHS_RU_NOM = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)
MONTHS_RU_GEN = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

MISSING = "—"


def is_missing(x: Any) -> bool:
    """None, NaN, NaT and pd.NA all print as a dash rather than «nan»; containers are never missing."""
    if x is None:
        return True
    if isinstance(x, (str, bytes, list, tuple, set, dict)):
        return False
    # NaN and NaT are the values unequal to themselves; pandas' NA refuses the comparison's truth value.
    # No pandas import here: the CLI prints counts through this module and must start fast.
    try:
        return bool(x != x)
    except (TypeError, ValueError):
        return type(x).__name__ == "NAType"


def _lang(lang: str) -> str:
    return "ru" if lang.lower().startswith("ru") else "en"


def fmt_number(x: Any, lang: str = "ru", digits: int = 0) -> str:
    """A number with the language's decimal mark and thousands separator."""
    if is_missing(x):
        return MISSING
    value = float(x)
    if math.isinf(value):
        return ("−∞" if value < 0 else "∞") if _lang(lang) == "ru" else ("-∞" if value < 0 else "∞")
    text = f"{abs(value):,.{max(digits, 0)}f}"
    negative = value < 0 and float(text.replace(",", "")) != 0.0
    if _lang(lang) == "ru":
        text = text.replace(",", NNBSP).replace(".", ",")
        return (MINUS if negative else "") + text
    return ("-" if negative else "") + text


def fmt_percent(share: Any, lang: str = "ru", digits: int = 1) -> str:
    """A share (0.224) as a percentage: «22,4 %» in Russian, «22.4%» in English."""
    if is_missing(share):
        return MISSING
    number = fmt_number(float(share) * 100.0, lang, digits)
    return f"{number}{NNBSP}%" if _lang(lang) == "ru" else f"{number}%"


def fmt_p(p: Any, lang: str = "ru", *, prefix: bool = True) -> str:
    """A p-value as reported in papers: «p < 0,001» below the reporting floor, otherwise «p = 0,034»."""
    if is_missing(p):
        return MISSING
    value = float(p)
    if value < 0.001:  # no-break spaces: «p < 0,001» never splits across lines
        body = "<\u00a0" + fmt_number(0.001, lang, 3)
    else:
        body = ("=\u00a0" if prefix else "") + fmt_number(value, lang, 3)
    return f"p\u00a0{body}" if prefix else body


def to_date(value: Any) -> date | None:
    """Accept date, datetime, pandas Timestamp, or ISO text («2022-03», «2022-03-15», «2022-03-15T10:00»)."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value).__name__ == "Period":  # pandas Period, without importing pandas
        return value.to_timestamp().date()  # type: ignore[no-any-return]
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()  # type: ignore[no-any-return]
    text = str(value).strip()
    if len(text) == 7 and text[4] == "-":
        text += "-01"
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def fmt_month(value: Any, lang: str = "ru") -> str:
    """«март 2022» / «March 2022»."""
    d = to_date(value)
    if d is None:
        return MISSING if is_missing(value) else str(value)
    names = MONTHS_RU_NOM if _lang(lang) == "ru" else MONTHS_EN
    return f"{names[d.month - 1]} {d.year}"


def fmt_date(value: Any, lang: str = "ru") -> str:
    """«15 марта 2022 г.» / «15 March 2022»."""
    d = to_date(value)
    if d is None:
        return MISSING if is_missing(value) else str(value)
    if _lang(lang) == "ru":
        return f"{d.day}\u00a0{MONTHS_RU_GEN[d.month - 1]} {d.year}\u00a0г."
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def fmt_period(start: Any, end: Any, lang: str = "ru") -> str:
    """The corpus period, «1 марта 2022 г. — 31 мая 2022 г.»; a missing end is shown as a dash."""
    if to_date(start) is None and to_date(end) is None:
        return MISSING
    sep = " — " if _lang(lang) == "ru" else " – "
    return fmt_date(start, lang) + sep + fmt_date(end, lang)


def fmt_count(n: int) -> str:
    """A count inside a message, «5 000 000»: plain spaces, because messages are matched against the
    English catalogue as plain text and printed to terminals."""
    return f"{n:,}".replace(",", " ")


def num(x: Any, lang: str, digits: int = 1) -> str:
    """A number inside a sentence (one decimal unless told otherwise); a dash when it was not measured."""
    return fmt_number(x, lang, digits)


def pct(share: Any, lang: str, digits: int = 1) -> str:
    """A share inside a sentence: «22,4 %» / «22.4%»."""
    return fmt_percent(share, lang, digits)


def pval(p: Any, lang: str) -> str:
    """A p-value inside a sentence; «p —» says the test could not be run."""
    return "p —" if is_missing(p) else fmt_p(p, lang)


_DECIMAL = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")
_PERCENT = re.compile(r"(\d)%")


def russian_numbers(text: str) -> str:
    """Decimal comma and a narrow space before % in a sentence phrased once for both languages («0,40», «19 %»).

    Only for texts without dates or version numbers: every «1.5» becomes «1,5»."""
    return _PERCENT.sub("\\1\u202f%", _DECIMAL.sub(r"\1,\2", text))
