"""The invented outlets of the demo corpus.

Names and domains are made up; the mix mirrors the strata of the study
(federal/national, union, regional, local media of both countries, two
agencies whose stories regional media reprint, two Belarusian-language outlets).
`weight` is the outlet's share of the demo corpus, not its real output.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    domain: str
    country: str
    level: str
    region_code: str | None
    founder: str
    language: str
    output_per_month: int
    weight: float
    agency: bool = False

    def registry_entry(self) -> dict[str, object]:
        """The outlet as a `sources.yaml` record (the registry's field list)."""
        return {
            "name": self.name, "domains": [self.domain], "country": self.country, "level": self.level,
            "region_code": self.region_code, "founder": self.founder, "language": self.language,
            "feed_url": None, "output_per_month": self.output_per_month,
        }


def _o(name: str, domain: str, country: str, level: str, region: str | None, founder: str, output: int,
       weight: float, language: str = "ru", agency: bool = False) -> Outlet:
    return Outlet(name, domain, country, level, region, founder, language, output, weight, agency)


OUTLETS: tuple[Outlet, ...] = (
    # Russian federal media; the first is the Russian agency.
    _o("Росинформ", "rosinform-news.ru", "RU", "federal", None, "state", 9000, 5.0, agency=True),
    _o("Российский обозреватель", "rosobozrevatel.ru", "RU", "federal", None, "state", 2400, 2.5),
    _o("Федеральный курьер", "fedcourier.ru", "RU", "federal", None, "private", 1800, 2.0),
    _o("Деловая неделя", "delnedelya.ru", "RU", "federal", None, "private", 1500, 2.0),
    _o("Вести Отечества", "vesti-otechestva.ru", "RU", "federal", None, "state", 1200, 1.5),
    # Belarusian national media; the first is the Belarusian agency.
    _o("Белновости", "belnovosti-agency.by", "BY", "federal", None, "state", 6000, 5.0, agency=True),
    _o("Республиканский вестник", "respvestnik.by", "BY", "federal", None, "state", 1500, 2.5),
    _o("Белорусский деловой обозреватель", "bdo-news.by", "BY", "federal", None, "private", 900, 1.5),
    _o("Голас краіны", "golas-krainy.by", "BY", "federal", None, "state", 600, 1.5, language="be"),
    # Union media.
    _o("Союзный курьер", "soyuz-courier.ru", "union", "union", None, "state", 300, 2.5),
    _o("Вестник двух столиц", "vestnik2stolic.ru", "union", "union", None, "state", 200, 1.5),
    _o("Евразийский союзник", "evrasoyuznik.by", "union", "union", None, "private", 150, 1.0),
    # Russian regional media: border regions first.
    _o("Смоленский вестник", "smolvestnik.ru", "RU", "regional", "RU-SMO", "regional_authority", 900, 4.5),
    _o("Смоленск-Инфо", "smolensk-info24.ru", "RU", "regional", "RU-SMO", "private", 1200, 3.5),
    _o("Брянская неделя", "bryanskaya-nedelya.ru", "RU", "regional", "RU-BRY", "regional_authority", 800, 3.0),
    _o("Брянские ведомости", "br-vedomosti.ru", "RU", "regional", "RU-BRY", "private", 700, 2.0),
    _o("Псковский край", "pskovkray-news.ru", "RU", "regional", "RU-PSK", "regional_authority", 700, 3.0),
    _o("Псковская лента", "pskovlenta.ru", "RU", "regional", "RU-PSK", "private", 900, 2.0),
    _o("Столичный обозреватель", "stol-obozrevatel.ru", "RU", "regional", "RU-MOW", "regional_authority", 2500, 2.0),
    _o("Невский курьер", "nevskycourier.ru", "RU", "regional", "RU-SPE", "private", 2000, 2.0),
    _o("Казанские ведомости", "kazved-news.ru", "RU", "regional", "RU-TA", "regional_authority", 1500, 1.5),
    _o("Ярославский край", "yarkray-news.ru", "RU", "regional", "RU-YAR", "regional_authority", 800, 1.5),
    _o("Нижегородский листок", "nnlistok.ru", "RU", "regional", "RU-NIZ", "private", 1100, 1.5),
    _o("Екатеринбургская неделя", "ekbnedelya.ru", "RU", "regional", "RU-SVE", "private", 1300, 1.5),
    _o("Калужский вестник", "kaluga-vestnik.ru", "RU", "regional", "RU-KLU", "regional_authority", 700, 1.5),
    # Belarusian oblast media and Minsk.
    _o("Витебские ведомости", "vitvedomosti.by", "BY", "regional", "BY-VI", "regional_authority", 800, 3.0),
    _o("Віцебскі край", "vitkraj.by", "BY", "regional", "BY-VI", "regional_authority", 400, 1.5, language="be"),
    _o("Гомельский край", "gomelkray.by", "BY", "regional", "BY-HO", "regional_authority", 900, 4.0),
    _o("Гомельские новости", "gomelnews-24.by", "BY", "regional", "BY-HO", "private", 700, 3.0),
    _o("Могилевские вести", "mogvesti.by", "BY", "regional", "BY-MA", "regional_authority", 700, 2.0),
    _o("Брестский курьер", "brestcourier-news.by", "BY", "regional", "BY-BR", "regional_authority", 700, 1.5),
    _o("Гродненская неделя", "grodnonedelya.by", "BY", "regional", "BY-HR", "regional_authority", 600, 1.5),
    _o("Минщина сегодня", "minshchina-today.by", "BY", "regional", "BY-MI", "regional_authority", 600, 1.5),
    _o("Столичный вестник Минска", "minskvestnik.by", "BY", "regional", "BY-HM", "municipal", 1500, 2.0),
    # Russian local (district) media.
    _o("Рославльский вестник", "roslavl-vestnik.ru", "RU", "local", "RU-SMO", "municipal", 120, 1.5),
    _o("Велижская новь", "velizh-nov.ru", "RU", "local", "RU-SMO", "municipal", 80, 1.0),
    _o("Клинцовская газета", "klintsy-gazeta.ru", "RU", "local", "RU-BRY", "municipal", 100, 1.0),
    _o("Невельский вестник", "nevel-vestnik.ru", "RU", "local", "RU-PSK", "municipal", 80, 1.0),
    _o("Рыбинская неделя", "rybinsk-nedelya.ru", "RU", "local", "RU-YAR", "municipal", 150, 0.7),
    _o("Тарусский вестник", "tarusa-vestnik.ru", "RU", "local", "RU-KLU", "municipal", 60, 0.6),
    # Belarusian local (district) media.
    _o("Оршанский вестник", "orsha-vestnik.by", "BY", "local", "BY-VI", "municipal", 120, 1.5),
    _o("Полоцкие вести", "polotsk-vesti.by", "BY", "local", "BY-VI", "municipal", 120, 1.0),
    _o("Навіны Глыбоччыны", "glyb-naviny.by", "BY", "local", "BY-VI", "municipal", 60, 0.8, language="be"),
    _o("Жлобинская газета", "zhlobin-gazeta.by", "BY", "local", "BY-HO", "municipal", 100, 1.2),
    _o("Добрушский край", "dobrush-kray.by", "BY", "local", "BY-HO", "municipal", 60, 1.0),
    _o("Кричевская новь", "krichev-nov.by", "BY", "local", "BY-MA", "municipal", 60, 0.8),
)

# Local papers name their district; the district lies in the outlet's region.
DISTRICTS: dict[str, tuple[str, str]] = {
    "Рославльский вестник": ("Рославльский район", "Рославльском районе"),
    "Велижская новь": ("Велижский район", "Велижском районе"),
    "Клинцовская газета": ("Клинцовский район", "Клинцовском районе"),
    "Невельский вестник": ("Невельский район", "Невельском районе"),
    "Рыбинская неделя": ("Рыбинский район", "Рыбинском районе"),
    "Тарусский вестник": ("Тарусский район", "Тарусском районе"),
    "Оршанский вестник": ("Оршанский район", "Оршанском районе"),
    "Полоцкие вести": ("Полоцкий район", "Полоцком районе"),
    "Навіны Глыбоччыны": ("Глыбоцкі раён", "Глыбоцкім раёне"),
    "Жлобинская газета": ("Жлобинский район", "Жлобинском районе"),
    "Добрушский край": ("Добрушский район", "Добрушском районе"),
    "Кричевская новь": ("Кричевский район", "Кричевском районе"),
}
