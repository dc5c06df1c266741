"""Group names inside finding and takeaway sentences («в региональных СМИ России»).

The report translates table cells from its dictionaries; sentences are
written here, so the few inflected forms a sentence needs live in one place.
"""

from __future__ import annotations

LEVEL_GEN_RU = {"federal": "федеральных", "national": "национальных", "union": "союзных", "regional": "региональных",
                "local": "местных", "official": "официальных", "expert": "экспертных", "aggregator": "агрегирующих"}
LEVEL_EN = {"federal": "federal", "national": "national", "union": "Union", "regional": "regional", "local": "local",
            "official": "official", "expert": "expert", "aggregator": "aggregator"}
COUNTRY_GEN_RU = {"RU": "России", "BY": "Беларуси"}
COUNTRY_EN = {"RU": "Russia", "BY": "Belarus"}


def media_group(level: str, country: str | None, lang: str) -> str:
    """«региональных СМИ России» / «regional media of Russia»; unknown parts are said as unknown."""
    if lang == "ru":
        lvl = LEVEL_GEN_RU.get(level, "")
        head = f"{lvl} СМИ" if lvl else "СМИ неустановленного уровня"
        where = COUNTRY_GEN_RU.get(country or "")
        return f"{head} {where}" if where else head
    lvl_en = LEVEL_EN.get(level, "")
    head_en = f"{lvl_en} media" if lvl_en else "media of unknown level"
    where_en = COUNTRY_EN.get(country or "")
    return f"{head_en} of {where_en}" if where_en else head_en
