"""Per-document slot values: regions in their case forms, invented people, numbers, enterprises.

`RecordingFills` remembers which slots a rendering used, so the regions a
document mentions are known exactly (a region counts only if its slot was used).
"""

from __future__ import annotations

import random
from typing import Any

from regionlens.demo.effects import Forum
from regionlens.demo.places import Place, forms

RU_FIRST = ("Александр", "Сергей", "Андрей", "Олег", "Виктор", "Игорь", "Павел", "Дмитрий", "Николай",
            "Алексей", "Юрий", "Михаил", "Владимир", "Евгений")
RU_LAST = ("Васин", "Громов", "Селезнев", "Кравцов", "Дубинин", "Лапшин", "Ермаков", "Тихонравов",
           "Зуев", "Морозов", "Хлебников", "Беляков", "Рябинин", "Осокин", "Журавлев", "Полозов")
BY_FIRST = ("Виктор", "Александр", "Иван", "Николай", "Владимир", "Сергей", "Анатолий", "Геннадий",
            "Петр", "Леонид", "Игорь", "Юрий")
BY_LAST = ("Лукьянчик", "Стасевич", "Ковалевич", "Довнар", "Жук", "Шупейко", "Грицкевич", "Бондарь",
           "Мельникович", "Кот", "Савицкий", "Прокопович", "Лешкевич", "Сидорович", "Гурин", "Хомич")
BE_FIRST = ("Віктар", "Аляксандр", "Іван", "Мікалай", "Уладзімір", "Сяргей", "Анатоль", "Пятро", "Леанід")
# Officials are men only: the templates' verbs are masculine ("сказал", "подчеркнул").

ENT_BY = ("ОАО «МАЗ»", "ОАО «МТЗ»", "ОАО «БЕЛАЗ»", "ОАО «Гомсельмаш»", "ОАО «Амкодор»", "ОАО «Белшина»",
          "ОАО «Бобруйскагромаш»", "ОАО «Лидсельмаш»")
ENT_RU = ("ООО «Верхневолжская техника»", "АО «Стройдеталь»", "ООО «Северный металлист»",
          "АО «Агроресурс»", "ООО «Технопарк-Запад»", "АО «Промлит»", "ООО «Деснянский комбикорм»")
ENT_AGRO = ("«Дружба полей»", "«Приднепровье»", "«Зелёный луг»", "«Полесская нива»", "«Заречье-Агро»")
MACHINES = ("тракторов МТЗ", "автобусов МАЗ", "самосвалов БЕЛАЗ", "комбайнов «Гомсельмаш»",
            "единиц дорожной техники «Амкодор»", "лифтов", "троллейбусов")
PRODUCTS = ("тракторов", "коммунальной техники", "сельскохозяйственных машин", "лифтового оборудования",
            "шин для карьерной техники", "электробусов")
PRODUCTS_BE = ("трактароў", "камунальнай тэхнікі", "сельскагаспадарчых машын", "ліфтавага абсталявання")
VENUES = ("городского Дома культуры", "Дома дружбы", "выставочного центра", "областной филармонии",
          "конгресс-холла", "Дома Советов")
VENUES_BE = ("абласнога выканкама", "Дома дружбы", "выставачнага цэнтра", "абласной філармоніі")
MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря")
MONTHS_GEN_BE = ("студзеня", "лютага", "сакавіка", "красавіка", "мая", "чэрвеня", "ліпеня", "жніўня",
                 "верасня", "кастрычніка", "лістапада", "снежня")

_CITY_INS = {"RU-SMO": "Смоленском", "RU-BRY": "Брянском", "RU-PSK": "Псковом", "RU-YAR": "Ярославлем",
             "RU-NIZ": "Нижним Новгородом", "RU-SVE": "Екатеринбургом", "RU-KLU": "Калугой",
             "RU-MOW": "Москвой", "RU-SPE": "Санкт-Петербургом", "RU-TA": "Казанью", "BY-VI": "Витебском",
             "BY-HO": "Гомелем", "BY-MA": "Могилевом", "BY-BR": "Брестом", "BY-HR": "Гродно",
             "BY-MI": "Минской областью", "BY-HM": "Минском"}
_HEAD_INS = (("губернатор", "губернатором"), ("председатель", "председателем"), ("мэр", "мэром"),
             ("глава", "главой"), ("старшыня", "старшынём"), ("губернатар", "губернатарам"),
             ("кіраўнік", "кіраўніком"))


def _region_ins(place: Place, lang: str) -> str:
    if lang == "be":
        if place.nom.endswith("ая вобласць"):
            return place.nom[: -len("ая вобласць")] + "ай вобласцю"
        return {"RU-MOW": "Масквой", "RU-SPE": "Санкт-Пецярбургам", "RU-TA": "Рэспублікай Татарстан",
                "BY-HM": "Мінскам"}.get(place.code, place.gen)
    if place.nom.endswith("ая область"):
        return place.nom[: -len("ая область")] + "ой областью"
    return {"RU-MOW": "Москвой", "RU-SPE": "Санкт-Петербургом", "RU-TA": "Республикой Татарстан",
            "BY-HM": "Минском"}.get(place.code, place.gen)


def _head_ins(head: str) -> str:
    first, _, rest = head.partition(" ")
    for nom, ins in _HEAD_INS:
        if first == nom:
            return f"{ins} {rest}"
    return head


def person(rng: random.Random, country: str, lang: str) -> str:
    """An invented official: first name and surname (feminine surname for women)."""
    if country == "RU":
        first, last = rng.choice(RU_FIRST), rng.choice(RU_LAST)
    else:
        first, last = rng.choice(BE_FIRST if lang == "be" else BY_FIRST), rng.choice(BY_LAST)
    return f"{first} {last}"


def region_slots(prefix: str, code: str, lang: str) -> dict[str, str]:
    f = forms(code, lang)
    return {
        prefix: f.nom, f"{prefix}_gen": f.gen, f"{prefix}_pre": f.pre, f"{prefix}_ins": _region_ins(f, lang),
        f"{prefix}_city": f.city, f"{prefix}_city_gen": f.city_gen, f"{prefix}_city_pre": f.city_pre,
        f"{prefix}_city_ins": _CITY_INS[code] if lang == "ru" else f.city_gen,
        f"{prefix}_head": f.head, f"{prefix}_head_ins": _head_ins(f.head), f"{prefix}_gov": f.gov,
        f"{prefix}_land": f.land,
    }


def _num(rng: random.Random, lo: float, hi: float, digits: int = 1) -> str:
    return f"{rng.uniform(lo, hi):.{digits}f}".replace(".", ",")


def document_fills(rng: random.Random, lang: str, a: str | None, b: str | None, host: str | None,
                   own: str | None, when_month: int, when_day: int, forum: Forum) -> dict[str, str]:
    """All slot values one document may use; unused ones cost nothing."""
    months = MONTHS_GEN_BE if lang == "be" else MONTHS_GEN
    money = (f"{_num(rng, 1.1, 4.8)} млрд долларов" if rng.random() < 0.3
             else f"{rng.randint(35, 950)} млн {'даляраў' if lang == 'be' else 'долларов'}")
    values: dict[str, str] = {
        "pA": person(rng, "RU", lang), "pB": person(rng, "BY", lang),
        "fed_ru": f"вице-премьер правительства России {person(rng, 'RU', lang)}",
        "fed_by": f"заместитель премьер-министра Беларуси {person(rng, 'BY', lang)}",
        "venue": rng.choice(VENUES_BE if lang == "be" else VENUES),
        "n_guests": str(rng.choice((40, 60, 80, 100, 120, 150, 200, 300))),
        "n_days": str(rng.randint(2, 4)), "n_years": str(rng.choice((3, 5))),
        "date": f"{when_day} {months[when_month - 1]}",
        "month_gen": months[rng.randrange(12)],
        "pct": _num(rng, 3, 35), "pct2": _num(rng, 4, 28), "pct3": _num(rng, 2, 30), "money": money, "money_rub": f"{_num(rng, 1.5, 9.5)} млрд",
        "n_contracts": str(rng.randint(5, 40)), "n_jobs": str(rng.randint(60, 600)),
        "n_machines": str(rng.randint(12, 480)), "machines": rng.choice(MACHINES),
        "n_units": str(rng.choice((500, 800, 1200, 2000, 3500))), "n_tons": str(rng.randint(2, 90) * 100),
        "n_students": str(rng.randint(150, 2400)), "n_small": str(rng.randint(12, 45)),
        "n_items": str(rng.randint(25, 90)), "n_firms": str(rng.randint(30, 260)),
        "n_concerts": str(rng.randint(8, 30)), "n_thousand": str(rng.randint(3, 40)),
        "n_programs": str(rng.randint(8, 15)), "n_done": str(rng.randint(3, 7)), "n_km": str(rng.randint(20, 160)),
        "n_regions": str(rng.randint(50, 90)),
        "ent_by": rng.choice(ENT_BY), "ent_ru": rng.choice(ENT_RU), "ent_agro": rng.choice(ENT_AGRO),
        "product": rng.choice(PRODUCTS), "product_be": rng.choice(PRODUCTS_BE),
        "forum_no": forum.no, "forum_theme": forum.theme, "forum_theme_be": forum.theme_be,
    }
    values["ent_by_short"] = values["ent_by"].replace("ОАО ", "").strip("«»")
    for prefix, code in (("A", a), ("B", b), ("H", host), ("O", own)):
        if code:
            values[f"_code_{prefix}"] = code
    if a:
        values.update(region_slots("A", a, lang))
    if b:
        values.update(region_slots("B", b, lang))
    if host:
        values.update(region_slots("H", host, lang))
    if own:
        values.update(region_slots("O", own, lang))
    return values


class RecordingFills(dict[str, str]):
    """A slot mapping that records which slots `str.format_map` used."""

    def __init__(self, values: dict[str, str]):
        super().__init__(values)
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.used.add(key)
        return super().__getitem__(key)

    def __missing__(self, key: str) -> Any:
        raise KeyError(f"demo template slot without a value: {key}")
