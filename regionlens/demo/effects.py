"""The effects the demo corpus plants, with their intended magnitudes.

The analysis is tested against these numbers: with `null=True` every effect is
switched off (same rates everywhere, no peaks, no reprints, symmetric pairs),
so an analysis that "finds" something there is wrong.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True, slots=True)
class Effects:
    # a) share of substantive items among union items, by outlet level
    substantive: dict[str, float] = field(default_factory=lambda: {
        "federal": 0.45, "union": 0.40, "regional": 0.25, "local": 0.25})
    # b) share of problem items among union items, by outlet country
    problem: dict[str, float] = field(default_factory=lambda: {"RU": 0.10, "BY": 0.04, "union": 0.07})
    # c) share of regional and local items that reprint an agency story
    reprint_share: float = 0.30
    # d) pair coverage ratio: items of the first side's media / items of the second side's media
    pair_ratio: dict[str, float] = field(default_factory=lambda: {
        "RU-SMO/BY-VI": 3.0, "BY-HO/RU-BRY": 2.0, "BY-VI/RU-PSK": 2.0})
    # e) union items in the Forum-of-Regions month over the average month
    forum_peak: float = 2.5
    # f) story kinds favoured by each country's media (weights multiply the base mix)
    emphasis: dict[str, dict[str, float]] = field(default_factory=lambda: {
        "RU": {"trade": 2.2, "industry": 2.2, "agri": 1.3},
        "BY": {"fedpol": 2.4, "culture": 2.4, "agreement": 1.3}})
    union_share: float = 0.75
    null: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def planted(null: bool) -> Effects:
    """The effect parameters for a normal demo corpus or for its null twin."""
    if not null:
        return Effects()
    return Effects(
        substantive={"federal": 0.33, "union": 0.33, "regional": 0.33, "local": 0.33},
        problem={"RU": 0.07, "BY": 0.07, "union": 0.07},
        reprint_share=0.0,
        pair_ratio={"RU-SMO/BY-VI": 1.0, "BY-HO/RU-BRY": 1.0, "BY-VI/RU-PSK": 1.0},
        forum_peak=1.0,
        emphasis={"RU": {}, "BY": {}},
        null=True,
    )


@dataclass(frozen=True, slots=True)
class Forum:
    """One year's Forum of Regions (dates, host and theme are invented for the demo)."""

    month: int
    day: int
    days: int
    host: str
    no: str
    theme: str
    theme_be: str


FORUMS: dict[int, Forum] = {
    2021: Forum(6, 28, 3, "RU-SPE", "VIII", "Регионы в союзной повестке", "Рэгіёны ў саюзным парадку дня"),
    2022: Forum(6, 27, 3, "BY-HR", "IX", "Молодёжь и наука для общего будущего",
                "Моладзь і навука для агульнай будучыні"),
    2023: Forum(6, 26, 3, "RU-TA", "X", "Кооперация и технологический суверенитет",
                "Кааперацыя і тэхналагічны суверэнітэт"),
}
