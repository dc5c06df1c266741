"""Case forms of the regions the demo corpus talks about, in Russian and Belarusian.

Texts are assembled from templates, so each region needs the handful of
grammatical forms the templates ask for; keeping them in one table means a
region mention in a text is always a real, declined form of its name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """Forms used by templates: the region (nom/gen/pre), its capital (nom/gen/pre), its head."""

    code: str
    nom: str
    gen: str
    pre: str
    city: str
    city_gen: str
    city_pre: str
    head: str          # title of the head of the region, without the person's name
    gov: str           # the regional government as a body (nominative)
    land: str          # colloquial or short reference used for variety (genitive)


def _ru_oblast(code: str, stem: str, city: str, city_gen: str, city_pre: str, land: str) -> Place:
    return Place(code, f"{stem}ая область", f"{stem}ой области", f"{stem}ой области", city, city_gen,
                 city_pre, f"губернатор {stem}ой области", f"правительство {stem}ой области", land)


def _by_oblast(code: str, stem: str, city: str, city_gen: str, city_pre: str, land: str) -> Place:
    return Place(code, f"{stem}ая область", f"{stem}ой области", f"{stem}ой области", city, city_gen,
                 city_pre, f"председатель {stem}ого облисполкома", f"{stem}ий облисполком", land)


RU_FORMS: dict[str, Place] = {
    "RU-SMO": _ru_oblast("RU-SMO", "Смоленск", "Смоленск", "Смоленска", "Смоленске", "Смоленщины"),
    "RU-BRY": _ru_oblast("RU-BRY", "Брянск", "Брянск", "Брянска", "Брянске", "Брянщины"),
    "RU-PSK": _ru_oblast("RU-PSK", "Псковск", "Псков", "Пскова", "Пскове", "Псковщины"),
    "RU-YAR": _ru_oblast("RU-YAR", "Ярославск", "Ярославль", "Ярославля", "Ярославле", "Ярославщины"),
    "RU-NIZ": _ru_oblast("RU-NIZ", "Нижегородск", "Нижний Новгород", "Нижнего Новгорода",
                         "Нижнем Новгороде", "Нижегородчины"),
    "RU-SVE": _ru_oblast("RU-SVE", "Свердловск", "Екатеринбург", "Екатеринбурга", "Екатеринбурге",
                         "Свердловщины"),
    "RU-KLU": _ru_oblast("RU-KLU", "Калужск", "Калуга", "Калуги", "Калуге", "Калужчины"),
    "RU-MOW": Place("RU-MOW", "Москва", "Москвы", "Москве", "Москва", "Москвы", "Москве", "мэр Москвы",
                    "правительство Москвы", "Москвы"),
    "RU-SPE": Place("RU-SPE", "Санкт-Петербург", "Санкт-Петербурга", "Санкт-Петербурге", "Санкт-Петербург",
                    "Санкт-Петербурга", "Санкт-Петербурге", "губернатор Санкт-Петербурга",
                    "правительство Санкт-Петербурга", "Северной столицы"),
    "RU-TA": Place("RU-TA", "Республика Татарстан", "Республики Татарстан", "Республике Татарстан", "Казань",
                   "Казани", "Казани", "глава Республики Татарстан", "правительство Республики Татарстан",
                   "Татарстана"),
    "BY-VI": _by_oblast("BY-VI", "Витебск", "Витебск", "Витебска", "Витебске", "Витебщины"),
    "BY-HO": _by_oblast("BY-HO", "Гомельск", "Гомель", "Гомеля", "Гомеле", "Гомельщины"),
    "BY-MA": _by_oblast("BY-MA", "Могилевск", "Могилев", "Могилева", "Могилеве", "Могилевщины"),
    "BY-BR": _by_oblast("BY-BR", "Брестск", "Брест", "Бреста", "Бресте", "Брестчины"),
    "BY-HR": _by_oblast("BY-HR", "Гродненск", "Гродно", "Гродно", "Гродно", "Гродненщины"),
    "BY-MI": Place("BY-MI", "Минская область", "Минской области", "Минской области", "Минская область",
                   "Минской области", "Минской области", "председатель Минского облисполкома",
                   "Минский облисполком", "Минщины"),
    "BY-HM": Place("BY-HM", "Минск", "Минска", "Минске", "Минск", "Минска", "Минске",
                   "председатель Мингорисполкома", "Мингорисполком", "белорусской столицы Минска"),
}


def _be_ru_oblast(code: str, stem: str, city: str, city_gen: str, city_pre: str) -> Place:
    return Place(code, f"{stem}ая вобласць", f"{stem}ай вобласці", f"{stem}ай вобласці", city, city_gen,
                 city_pre, f"губернатар {stem}ай вобласці", f"урад {stem}ай вобласці", f"{stem}ай вобласці")


def _be_by_oblast(code: str, stem: str, city: str, city_gen: str, city_pre: str) -> Place:
    return Place(code, f"{stem}ая вобласць", f"{stem}ай вобласці", f"{stem}ай вобласці", city, city_gen,
                 city_pre, f"старшыня {stem}ага аблвыканкама", f"{stem}і аблвыканкам", f"{stem}ай вобласці")


BE_FORMS: dict[str, Place] = {
    "RU-SMO": _be_ru_oblast("RU-SMO", "Смаленск", "Смаленск", "Смаленска", "Смаленску"),
    "RU-BRY": _be_ru_oblast("RU-BRY", "Бранск", "Бранск", "Бранска", "Бранску"),
    "RU-PSK": _be_ru_oblast("RU-PSK", "Пскоўск", "Пскоў", "Пскова", "Пскове"),
    "RU-YAR": _be_ru_oblast("RU-YAR", "Яраслаўск", "Яраслаўль", "Яраслаўля", "Яраслаўлі"),
    "RU-NIZ": _be_ru_oblast("RU-NIZ", "Ніжагародск", "Ніжні Ноўгарад", "Ніжняга Ноўгарада",
                            "Ніжнім Ноўгарадзе"),
    "RU-SVE": _be_ru_oblast("RU-SVE", "Свярдлоўск", "Екацярынбург", "Екацярынбурга", "Екацярынбургу"),
    "RU-KLU": _be_ru_oblast("RU-KLU", "Калужск", "Калуга", "Калугі", "Калузе"),
    "RU-MOW": Place("RU-MOW", "Масква", "Масквы", "Маскве", "Масква", "Масквы", "Маскве", "мэр Масквы",
                    "урад Масквы", "Масквы"),
    "RU-SPE": Place("RU-SPE", "Санкт-Пецярбург", "Санкт-Пецярбурга", "Санкт-Пецярбургу", "Санкт-Пецярбург",
                    "Санкт-Пецярбурга", "Санкт-Пецярбургу", "губернатар Санкт-Пецярбурга",
                    "урад Санкт-Пецярбурга", "Санкт-Пецярбурга"),
    "RU-TA": Place("RU-TA", "Рэспубліка Татарстан", "Рэспублікі Татарстан", "Рэспубліцы Татарстан", "Казань",
                   "Казані", "Казані", "кіраўнік Рэспублікі Татарстан", "урад Рэспублікі Татарстан",
                   "Татарстана"),
    "BY-VI": _be_by_oblast("BY-VI", "Віцебск", "Віцебск", "Віцебска", "Віцебску"),
    "BY-HO": _be_by_oblast("BY-HO", "Гомельск", "Гомель", "Гомеля", "Гомелі"),
    "BY-MA": _be_by_oblast("BY-MA", "Магілеўск", "Магілеў", "Магілева", "Магілеве"),
    "BY-BR": _be_by_oblast("BY-BR", "Брэсцк", "Брэст", "Брэста", "Брэсце"),
    "BY-HR": _be_by_oblast("BY-HR", "Гродзенск", "Гродна", "Гродна", "Гродне"),
    "BY-MI": Place("BY-MI", "Мінская вобласць", "Мінскай вобласці", "Мінскай вобласці", "Мінская вобласць",
                   "Мінскай вобласці", "Мінскай вобласці", "старшыня Мінскага аблвыканкама",
                   "Мінскі аблвыканкам", "Мінскай вобласці"),
    "BY-HM": Place("BY-HM", "Мінск", "Мінска", "Мінску", "Мінск", "Мінска", "Мінску",
                   "старшыня Мінгарвыканкама", "Мінгарвыканкам", "Мінска"),
}

RU_REGIONS = tuple(c for c in RU_FORMS if c.startswith("RU-"))
BY_REGIONS = tuple(c for c in RU_FORMS if c.startswith("BY-"))

# The border pairs whose coverage asymmetry the demo corpus plants: (RU, BY).
BORDER_PAIRS: tuple[tuple[str, str], ...] = (("RU-SMO", "BY-VI"), ("RU-BRY", "BY-HO"), ("RU-PSK", "BY-VI"))


def forms(code: str, lang: str) -> Place:
    """The forms of a region in the language of the text."""
    return (BE_FORMS if lang == "be" else RU_FORMS)[code]
