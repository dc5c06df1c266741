"""Region mentions in a lemma stream, following the codebook's `regions` rules.

Patterns come from the gazetteer and are matched over lemmas, so every case
form is found without listing it: «в Смоленской области», «Смоленщине», «из
Брянска», «Віцебскай вобласці», «у Гомелі». Russian words that pymorphy knows
become their lemma; words it does not know (Брянщина, Брестчина, Красноярье)
and Belarusian words that hunspell-be does not know (Магілёў, Цвер) become a
prefix glob on their stem, because for unknown words the two lemmatisers give
different lemmas to different case forms. Both pattern sets run on every
text: Belarusian sites publish in Russian and vice versa, and one
Aho-Corasick pass per set costs almost nothing. Belarusian in тарашкевіца
or Łacinka («вобласьці», «Viciebsk», «Mahiloŭ») has official look-up lemmas
in the stream (`text.belarusian`), so the official names find it too.

Where several patterns cover the same tokens the most specific wins: more
tokens, then more exact (non-glob) terms, then longer glob prefixes. That is
how «Минская область» (BY-MI) beats «минский», «Нижний Новгород» (RU-NIZ)
beats «Новгород» (RU-NGR), and a block pattern («Московский Кремль»,
«Мамаев курган») beats the region word inside it.

Context rules, each a codebook rule generalised to a test on lemmas and
grammemes rather than on fixed strings:

- Government, not place. «Москва»/«Минск» (and Belarusian «Масква»/«Мінск»)
  do not count when they stand for a government: preceded by «официальный»;
  paired with the other capital («Москва и Минск», «между Москвой и
  Минском») unless a preposition of place or a transport word precedes the
  pair («рейсы из Москвы и Минска»); governed by a noun of stance
  («позиция Москвы», «ответ Минска»); or in the nominative with a verb of
  speech or decision in the next four tokens of the same sentence («Минск
  настаивает», «Москва официально заявила»). «Кремль» is never a region.
  A place — «в Минске», «визит в Минск», «мэр Москвы», «правительство
  Москвы», «Мингорисполком» — counts.
- Adjectives count only when they modify a noun («брянские аграрии»,
  «смоленский губернатор», «Минский тракторный завод»). Names of streets,
  squares, highways and stations are proper names containing the capital, so
  by the codebook they count («Минское шоссе», «улица Минская», «Казанский
  вокзал»; all three gold coders read the rule so). They do not count before
  a clock noun («московское время»), nor, for the national capitals, before
  a noun of diplomacy («Минские соглашения», «минский формат»).
  Decisions on debatable cases: «Петербургский международный экономический
  форум» counts for RU-SPE (the forum is a place-bound event in the city);
  «тульский пряник», «кубанские казаки» count (an adjective naming the
  region's product or people refers to the region); «Московский Кремль»
  does not (it names the seat of government); «ленинградский» alone is
  RU-LEN (modern usage: the oblast), «Ленинград» is RU-SPE; «алтайский»
  alone is RU-ALT; «приморский» alone never counts (any seaside thing).
- Districts: «<adjective of a capital> район» counts to the capital's
  region (Псковский район → RU-PSK, Минский район → BY-MI). A district
  named after a region or a city region rather than a capital names a city
  district elsewhere («Ленинградский район» of Kaliningrad, «Московский
  район» of Saint Petersburg) and does not count. Adjectives listed as
  ambiguous («кировский»: Kirov districts and the Kirov plant exist
  everywhere) count only when the text names the region otherwise.
- A single-word name that is also a first name and is followed by a
  capitalised word is a person («Питер Пэн»), not the region.
- Proper names: a capital inside a proper name counts; the rule is reported
  as "proper-name" for a capitalised adjective inside a sentence («Минский
  тракторный завод»), a capital in quotes («Гомель») and the last part of a
  hyphenated name («Динамо-Брест»).
- Ambiguous words: a capital or town form that is also a common word, first
  name or surname — listed under `ambiguous` in the gazetteer, or one that
  pymorphy knows without the Geox grammeme (Орёл, Курган, Владимир, Киров,
  Грозный, Мир, Борисов) — counts only capitalised, not followed by a
  surname/patronymic or preceded by a first name, «улица», «имени» …, and in
  a place context: a place preposition (в, из, до, под, через, около …),
  «город»/«г.», or the same region named elsewhere in the text («орловский»).
- Towns that are not regional capitals count only when the same text names
  their region by another rule. Federal districts and vague areas (Урал,
  Сибирь, Поволжье, ЦФО) are not in the gazetteer and never match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import Any

from regionlens.gazetteer.gazetteer import Gazetteer, Region, load_gazetteer
from regionlens.text.belarusian import canonical_lemma, to_official
from regionlens.text.matcher import ANY, LemmaMatcher, Match, Pattern, matches_at
from regionlens.text.morph_be import lemma_be
from regionlens.text.morph_ru import analyzer, lemma_ru, parse_tags
from regionlens.text.stream import LemmaStream, lemma_for
from regionlens.text.tokenize import iter_tokens, normalise

NATIONAL_CAPITALS = ("RU-MOW", "BY-HM")
NATIONAL_EN = frozenset({"moscow", "minsk"})
# English words that make a capital a place: before it («of» in «the city of Minsk», «hosted by Minsk»), after it
EN_PLACE_BEFORE = frozenset("at of via into across around outside throughout by visiting visited visit arrive arrived".split())
EN_TRANSPORT_REACH = 6
GOV_VERB_REACH = 5  # tokens after a capital in the nominative within which a verb of a government makes it one
EN_PLACE_AFTER = frozenset("""city city's region oblast mayor mayor's residents resident streets street metro airport
centre center suburbs suburb hosted hosts host hosting welcomed welcomes""".split())

RU_VOWEL_ENDINGS = "аяоеиыйьую"
BE_VOWEL_ENDINGS = "аяоеэіыуюьй"
MIN_STEM = 4
RU_COLLOQUIAL_SUFFIXES = ("щина", "чина", "шина")

# Context word lists, written as any word form: they are lemmatised once with
# the same lemmatiser as the stream, so they match whatever the stream holds.
RU_WORDS = {
    "place": "в во из до под через около возле близ город г областной центр in from to near city visit",
    "person_before": "князь святой император президент имени им улица проспект площадь переулок бульвар набережная памятник товарищ",
    "official": "официальный official",
    "pair": "и and",
    "transport": ("рейс поезд электричка автобус перелет авиасообщение сообщение маршрут трасса дорога расстояние путь "
                  "flight flights route routes train trains bus buses highway railway road connected connection"),
    "stance": "позиция реакция ответ претензия требование заявление политика курс интерес давление демарш зрение решение инициатива предложение ультиматум попытка стремление желание намерение обязательство",
    # a government or a diplomatic post «в Москве»: the seat, not the city («посол в Москве», «правительство в Минске»);
    # an embassy or consulate is a building in the city and counts («посольство в Москве и генконсульство в Казани»)
    "seat": "посол правительство власть руководство консул постпред мид",
    "gov_verb": (
        "заявить заявлять договориться договариваться настаивать настоять считать полагать требовать потребовать "
        "предложить предлагать ответить отвечать поддержать поддерживать призвать призывать выступить выступать "
        "отказаться отказываться согласиться соглашаться признать признавать обвинить обвинять рассчитывать "
        "опасаться обещать пообещать отреагировать реагировать осудить осуждать напомнить подчеркнуть подчеркивать "
        "утверждать критиковать раскритиковать решить намеренный готовый согласный обеспокоенный настаивающий "
        "пригрозить угрожать потребовавший ввести отменить запретить ограничить погасить перевести выплатить "
        "задолжать оплатить заплатить платить просить попросить пытаться попытаться стремиться добиваться добиться "
        "надеяться намереваться давить надавить вынудить уступить отказать отказывать предупредить упрекнуть "
        "said says agreed agrees refuses refused reckons insists demanded demands escalates escalated accused warned "
        "announced approved paid considers believes hopes wants threatened"
    ),
    "elsewhere": "время",
    "street": "улица проспект шоссе площадь переулок бульвар набережная тракт вокзал",
    "diplomacy": "соглашение договоренность формат процесс протокол кремль патриархат переговоры",
    # a capital after these stands for the government that owes, wants or suffers something («для Минска», «у Москвы»)
    "party_before": "для у от против перед",
    # verbs that take a city as a place (a visit, hosting) rather than as a government
    "place_verb": (
        "посетить посещать покинуть покидать навестить представлять представить принять принимать встретить "
        "встречать стать становиться готовиться провести проводить праздновать отметить отмечать ждать "
        "приехать прибыть вернуться возвратиться направиться лететь улететь уехать побывать украсить"
    ),
}
BE_WORDS = {
    "place": "у ў з да пад праз каля ля паблізу горад г абласны цэнтр",
    "person_before": "князь святы імператар прэзідэнт імя вуліца праспект плошча завулак бульвар помнік",
    "official": "афіцыйны",
    "pair": "і й",
    "transport": "рэйс цягнік электрычка аўтобус пералёт маршрут траса дарога адлегласць шлях",
    "stance": "пазіцыя рэакцыя адказ прэтэнзія патрабаванне заява палітыка курс інтарэс ціск рашэнне ініцыятыва прапанова",
    "gov_verb": (
        "заявіць заяўляць дамовіцца дамаўляцца настойваць настаяць лічыць патрабаваць запатрабаваць прапанаваць "
        "прапаноўваць адказаць адказваць падтрымаць падтрымліваць заклікаць выступіць выступаць адмовіцца "
        "пагадзіцца прызнаць абвінаваціць разлічваць абяцаць асудзіць падкрэсліць сцвярджаць крытыкаваць вырашыць "
        "гатовы"
    ),
    "elsewhere": "час",
    "street": "вуліца праспект шаша плошча завулак бульвар набярэжная тракт вакзал",
    "diplomacy": "пагадненне дамоўленасць фармат працэс пратакол крэмль патрыярхат перамовы",
    "party_before": "для у ад супраць перад",
    "place_verb": "наведаць наведваць пакінуць прыняць прымаць сустрэць сустракаць стаць правесці праводзіць прыехаць прыбыць вярнуцца",
    "seat": "пасол урад улада кіраўніцтва консул мзс",
}
BE_FUNCTION_WORDS = frozenset("і й ці а але у ў з на да па для пра аб ад каля за пры не што як які".split())
RU_BLOCKS = ("московский кремль", "мамаев курган", "курган слава", "двуглавый орел", "белгород-днестровский")
BE_BLOCKS = ("маскоўскі крэмль",)

COMPOUND_MIN_PREFIX = 5  # «Минск», «Гомель», «Гродно»; shorter names («Уфа», «Омск») start too many other words
COMPOUND_MIN_REST = 3
ORDINAL_SUFFIXES = frozenset("й я е го му м х ой ая ое ые ий ый ай ае ага ы і га".split())
LIST_REACH = 10  # extra tokens a list of region adjectives may run before its head noun
ELLIPSIS_REACH = 8
REGION_ADJECTIVE_ENDINGS = ("ской", "ская", "ский", "ское", "ских", "скую", "ским", "скими", "цкой", "цкая", "цкий", "цких")
NAME_HEADS_RU = frozenset({"область", "край", "округ", "республика"})
NAME_HEADS_BE = frozenset({"вобласць", "край", "акруга", "рэспубліка"})


@dataclass(frozen=True, slots=True)
class RegionMention:
    """One place in the text that names a region, and the rule that made it count."""

    code: str
    start: int
    end: int
    surface: str
    pattern: str
    rule: str


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str | None  # None: a block pattern that only hides what it covers
    kind: str  # name, capital, colloquial, adjective, district, town, block
    lang: str
    ambiguous: bool = False
    national: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
    match: Match
    entry: _Entry
    score: tuple[int, int, int]


@dataclass(slots=True)
class _Rules:
    """Everything built once from a gazetteer."""

    matchers: tuple[LemmaMatcher, LemmaMatcher]
    words: dict[str, dict[str, frozenset[str]]]
    hyphen_parts: dict[str, str]
    national_lemmas: frozenset[str]
    owners: dict[str, str]  # a city region → the oblast named after the same capital (BY-HM → BY-MI)
    compounds: tuple[tuple[str, str], ...] = ()  # (capital, code) of names glued onto a capital, longest first
    compound_prefixes: tuple[str, ...] = ()
    # token → (what it starts among the Russian patterns, among the Belarusian ones), or () for nothing:
    # one probe per token serves both matchers over lemmas and over surfaces
    starts: dict[str, tuple[Any, ...]] = field(default_factory=dict)


# ---------------------------------------------------------------- building patterns


@lru_cache(maxsize=200_000)
def _tags(word: str) -> frozenset[str]:
    return frozenset(parse_tags(word))


@lru_cache(maxsize=50_000)
def _geo_noun(word: str) -> str | None:
    """The place-name lemma of a form pymorphy reads first as an adjective («Минском» → минск)."""
    for parse in analyzer().parse(word):
        if "NOUN" in parse.tag and "Geox" in parse.tag:
            return str(parse.normal_form).replace("ё", "е")
    return None


@lru_cache(maxsize=20_000)
def _geo_cases(word: str) -> frozenset[str]:
    """Cases of a place-name reading of a form («Минском»: ablt of Минск, though pymorphy first reads an adjective)."""
    out: set[str] = set()
    for parse in analyzer().parse(word):
        if "Geox" in parse.tag:
            out |= {c for c in ("nomn", "gent", "datv", "accs", "ablt", "loct") if c in parse.tag}
    return frozenset(out)


def _ru_known(word: str) -> bool:
    return bool(analyzer().word_is_known(word))


def _term(word: str, lang: str) -> str:
    """Lemma when the dictionary knows the word, else a prefix glob on its stem."""
    w = normalise(word).replace("ё", "е")
    if lang == "ru":
        if _ru_known(w) and not w.endswith(RU_COLLOQUIAL_SUFFIXES):
            return lemma_ru(w)
        stem = w.rstrip(RU_VOWEL_ENDINGS)
        if stem.endswith(("ок", "ек", "ец")) and len(stem) > MIN_STEM + 2:
            stem = stem[:-2]  # fleeting vowel: Новогрудок → Новогрудка
        return stem + ANY if len(stem) >= MIN_STEM else lemma_ru(w)
    found = lemma_be(w)
    if found is None:
        w = to_official(w)  # a name written in тарашкевіца gives the pattern of its official spelling
        found = lemma_be(w)
    if found is not None:
        return canonical_lemma(found)  # the stream's spelling of a lemma (ё as е, initial ў as у)
    stem = w.rstrip(BE_VOWEL_ENDINGS)
    return stem + ANY if len(stem) >= MIN_STEM else w


def _words(text: str) -> list[str]:
    return [tok for tok, _, _, is_num in iter_tokens(text) if not is_num]


def _pattern(text: str, lang: str) -> str:
    terms = [_term(w, lang) for w in _words(text)]
    if lang == "ru" and len(terms) > 1:
        terms = [_adjective_or_city(t) for t in terms]
    return " ".join(terms)


def _adjective_or_city(term: str) -> str:
    """«смоленский» → «смоленск*» inside multi-word patterns.

    pymorphy reads «Смоленском», «Минском» (adjective, locative) first as the
    city in the instrumental, so «в Смоленском районе» would lemmatise to
    «смоленск район»; a glob on the city covers both readings.
    """
    if term.endswith(ANY) or not term.endswith(("ский", "цкий")):
        return term
    base = term[:-2]
    return base + ANY if _geo_noun(base) == base else term


def _derived_adjectives(region: Region, lang: str) -> list[str]:
    """«Смаленская вобласць» → «смаленская»: the adjective of an «<adj> область» name."""
    heads = NAME_HEADS_RU if lang == "ru" else NAME_HEADS_BE
    out = []
    for name in region.names.get(lang, ()):
        words = _words(name)
        if len(words) == 2 and normalise(words[1]) in heads and normalise(words[0]).endswith(("ая", "ий", "ый", "ой", "і", "ы")):
            out.append(words[0])
    return out


def _region_patterns(region: Region, gaz: Gazetteer, lang: str, taken: set[str]) -> list[tuple[str, _Entry]]:
    """Patterns of one region; `taken` holds every region's explicit adjectives (a derived one must not steal them)."""
    national = region.code in NATIONAL_CAPITALS
    ambiguous = {_pattern(w, lang) for w in region.ambiguous}
    city_names = {
        _pattern(n, lang) for r in gaz.regions if r.is_city for n in r.names.get(lang, ())
    }
    out: list[tuple[str, _Entry]] = []

    def add(text: str, kind: str, code: str | None = region.code, unsure: bool = False) -> None:
        pat = _pattern(text, lang)
        if pat:
            flag = unsure or pat in ambiguous
            out.append((pat, _Entry(code, kind, lang, flag, national and kind in ("name", "capital"))))

    for name in region.names.get(lang, ()):
        add(name, "name")
    capital = region.capital.get(lang)
    if capital and (region.is_city or _pattern(capital, lang) not in city_names):
        add(capital, "name" if region.is_city else "capital")
    own = list(region.adjectives.get(lang, ()))
    derived = [a for a in _derived_adjectives(region, lang) if _pattern(a, lang) not in taken]
    adjectives = list(dict.fromkeys([*own, *derived]))
    known_forms = {p for p, _ in out} | {_pattern(t, lang) for t in [*region.towns.get(lang, ()), *adjectives]}
    for form in region.ambiguous:
        if _pattern(form, lang) not in known_forms and _is_lang(form, lang):
            add(form, "capital")
    for form in region.colloquial.get(lang, ()):
        add(form, "colloquial")
    district_word = "район" if lang == "ru" else "раён"
    owner = None
    if region.is_city:
        owner = next((r for r in gaz.regions if not r.is_city and r.capital.get(lang) == region.capital.get(lang)), None)
    for adj in adjectives:
        add(adj, "adjective")
        unsure = _pattern(adj, lang) in ambiguous
        if region.is_city:
            add(f"{adj} {district_word}", "district" if owner else "block", owner.code if owner else None, unsure)
        elif _from_capital(adj, capital or ""):
            add(f"{adj} {district_word}", "district", region.code, unsure)
        else:
            add(f"{adj} {district_word}", "block", None)
    for town in region.towns.get(lang, ()):
        add(town, "town")
    if lang == "be":
        # Łacinka adjectives («Viciebskaja vobłasć», «homielski»): Latin stems under the adjective rule (a noun
        # must follow). Bare Łacinka city stems («minsk*», «brest*») also catch English and Latin words on
        # real pages, so names and capitals are left to the Cyrillic and English forms.
        for form in region.adjectives.get("be", ()):
            pat = _lacinka_pattern(form)
            if pat:
                out.append((pat, _Entry(region.code, "adjective", lang)))
    if lang == "ru":
        # English pages (oblast executive committees, universities) run through the Russian pattern set.
        # English does not inflect place names: exact words and the possessive, never a stem glob
        # («perm*» would be «permission», «ivanov*» the surname)
        for name in region.names.get("en", ()):
            for pat in _english_patterns(name):
                out.append((pat, _Entry(region.code, "name", lang, name in region.ambiguous, national)))
        capital_en = region.capital.get("en")
        if capital_en:
            for pat in _english_patterns(capital_en):
                kind = "name" if region.is_city else "capital"
                out.append((pat, _Entry(region.code, kind, lang, capital_en in region.ambiguous, national)))
    return out


# English designations of a unit that pages use interchangeably («Rostov Oblast», «Rostov region»)
EN_UNIT_SYNONYMS = {"oblast": ("region",), "region": ("oblast",), "krai": ("territory", "region"),
                    "territory": ("krai",)}


def _english_patterns(name: str) -> list[str]:
    """Exact lower-case word patterns of an English name, with its unit synonyms and possessive forms."""
    words = [normalise(w) for w in _words(name)]
    if not words:
        return []
    variants = [words]
    for alt in EN_UNIT_SYNONYMS.get(words[-1], ()):
        variants.append([*words[:-1], alt])
    if words[0] in ("st", "saint") and len(words) > 1:
        variants.append(words[1:])  # «St. Petersburg»: the full stop splits the name, its last word carries it
    out = []
    for v in variants:
        out.append(" ".join(v))
        out.append(" ".join([*v[:-1], v[-1] + "'s"]))
    return out


LACINKA = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "ж": "ž", "з": "z", "і": "i", "й": "j", "к": "k",
           "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "ŭ", "ф": "f", "х": "ch",
           "ц": "c", "ч": "č", "ш": "š", "ы": "y", "э": "e"}
LACINKA_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
LACINKA_SOFT = {"з": "ź", "с": "ś", "н": "ń", "ц": "ć", "л": "l"}
LACINKA_VOWELS = "аеёіоуыэюяў'"
LACINKA_MIN_STEM = 4


def lacinka(word: str) -> str:
    """A Belarusian Cyrillic word in Łacinka («Віцебск» → «viciebsk», «Гомель» → «homiel»)."""
    w = normalise(word)
    out = []
    for k, ch in enumerate(w):
        prev = w[k - 1] if k else ""
        nxt = w[k + 1] if k + 1 < len(w) else ""
        if ch in LACINKA_IOTATED:
            if prev == "л":
                out.append(LACINKA_IOTATED[ch])  # «ле» → «le»: the л is already soft
            elif not prev or prev in LACINKA_VOWELS or prev == "ь":
                out.append("j" + LACINKA_IOTATED[ch])
            else:
                out.append("i" + LACINKA_IOTATED[ch])
        elif ch == "л":
            out.append("l" if nxt in ("е", "ё", "і", "ю", "я", "ь") else "ł")
        elif ch == "ь":
            if out and prev in LACINKA_SOFT and prev != "л":
                out[-1] = LACINKA_SOFT[prev]
        elif ch == "'":
            continue
        else:
            out.append(LACINKA.get(ch, ch))
    return "".join(out)


def _lacinka_pattern(text: str) -> str:
    """Stem globs of a Belarusian name in Łacinka; an empty string when a stem would be too short."""
    terms = []
    for w in _words(text):
        latin = lacinka(w)
        stem = latin.rstrip("aeiouyŭj")
        if len(stem) < LACINKA_MIN_STEM or not stem.isascii() and len(stem) < LACINKA_MIN_STEM + 1:
            return ""
        terms.append(stem + ANY)
    return " ".join(terms)


def _from_capital(adjective: str, capital: str) -> bool:
    """Whether an adjective is formed from the capital (смоленский ← Смоленск, уфимский ← Уфа).

    Only those name districts of the region: «Псковский район» lies in Pskov
    oblast, but «Ленинградский» or «Московский район» are city districts
    all over the former USSR.
    """
    a, c = normalise(adjective), normalise(capital)
    need = min(3, len(c) - 1)
    return need > 0 and a[:need] == c[:need]


def _is_lang(word: str, lang: str) -> bool:
    """Belarusian-only letters decide which pattern set an `ambiguous` entry belongs to."""
    be_only = bool(set(normalise(word)) & set("іў'"))
    return be_only == (lang == "be")


def _lemmas(text: str, lang: str) -> frozenset[str]:
    return frozenset(lemma_for(normalise(w), lang) for w in text.split())


@lru_cache(maxsize=65536)  # per pattern, asked for every candidate of every text
def _specificity(terms: Sequence[str]) -> tuple[int, int, int]:
    exact = sum(1 for t in terms if not t.endswith(ANY))
    prefix = sum(len(t.rstrip(ANY)) for t in terms)
    return len(terms), exact, prefix


def pattern_matchers(gaz: Gazetteer) -> tuple[LemmaMatcher, LemmaMatcher]:
    """The Russian and the Belarusian name matchers of a gazetteer (what `find_regions` runs over lemmas and
    surfaces)."""
    return _rules_for(gaz).matchers


@lru_cache(maxsize=4)
def _rules_for(gaz: Gazetteer) -> _Rules:
    matchers: list[LemmaMatcher] = []
    hyphen_parts: dict[str, str] = {}
    for lang in ("ru", "be"):
        seen: set[tuple[str, str | None, str]] = set()
        patterns: list[tuple[str, _Entry]] = []
        taken = {_pattern(a, lang) for r in gaz.regions for a in r.adjectives.get(lang, ())}
        for region in gaz.regions:
            for pat, entry in _region_patterns(region, gaz, lang, taken):
                key = (pat, entry.code, entry.kind)
                if key in seen:
                    continue
                seen.add(key)
                patterns.append((pat, entry))
                if entry.kind in ("name", "capital") and not entry.ambiguous and " " not in pat and not pat.endswith(ANY):
                    hyphen_parts.setdefault(pat, region.code)
        for block in RU_BLOCKS if lang == "ru" else BE_BLOCKS:
            patterns.append((_pattern(block, lang), _Entry(None, "block", lang)))
        matchers.append(LemmaMatcher(patterns, lemmatise=None))
    words = {
        "ru": {k: _lemmas(v, "ru") for k, v in RU_WORDS.items()},
        "be": {k: _lemmas(v, "be") | _lemmas(v, "ru") for k, v in BE_WORDS.items()},
    }
    national = frozenset(
        _pattern(n, lang) for code in NATIONAL_CAPITALS if code in gaz for lang in ("ru", "be") for n in gaz[code].names.get(lang, ())
    )
    owners = {
        r.code: o.code for r in gaz.regions if r.is_city for o in gaz.regions
        if not o.is_city and o.country == r.country
        and {_pattern(a, "ru") for a in _derived_adjectives(o, "ru")} & {_pattern(a, "ru") for a in r.adjectives.get("ru", ())}
    }
    compounds = tuple(sorted(((lemma, code) for lemma, code in hyphen_parts.items()
                              if len(lemma) >= COMPOUND_MIN_PREFIX and lemma.isalpha() and not lemma.isascii()),
                             key=lambda p: -len(p[0])))
    return _Rules((matchers[0], matchers[1]), words, hyphen_parts, national, owners, compounds,
                  tuple(p for p, _ in compounds))


# ---------------------------------------------------------------- context tests


class _Context:
    """Token-level questions about one stream, answered from lemmas, grammemes and the raw text."""

    def __init__(self, stream: LemmaStream, rules: _Rules):
        self.s = stream
        self.rules = rules
        self.lang = "be" if stream.lang == "be" else "ru"
        self.words = rules.words[self.lang]

    def lemma(self, i: int) -> str:
        return self.s.lemmas[i] if 0 <= i < len(self.s.lemmas) else ""

    def has(self, i: int, group: str) -> bool:
        return 0 <= i < len(self.s.lemmas) and self.s.lemmas[i] in self.words[group]

    def surface(self, i: int) -> str:
        return self.s.text[self.s.starts[i] : self.s.ends[i]]

    def capitalised(self, i: int) -> bool:
        return self.surface(i)[:1].isupper()

    def same_sentence(self, i: int, j: int) -> bool:
        """No sentence end between tokens i < j."""
        if j < 0 or j >= len(self.s.lemmas) or i < 0:
            return False
        a, b = min(i, j), max(i, j)
        gap = self.s.text[self.s.ends[a] : self.s.starts[b]]
        return not any(ch in gap for ch in ".!?…\n")

    def sentence_initial(self, i: int) -> bool:
        before = self.s.text[: self.s.starts[i]].rstrip(" \t«\"„“'(—–-")
        return not before or before[-1] in ".!?…\n:"

    def quoted(self, i: int) -> bool:
        start = self.s.starts[i]
        return start > 0 and self.s.text[start - 1] in "«\"„“'"

    def tags(self, i: int) -> frozenset[str]:
        return _tags(self.s.words[i]) if self.lang == "ru" else frozenset()

    def prev(self, i: int) -> int:
        """Index of the previous token in the same sentence, or -1."""
        return i - 1 if self.same_sentence(i - 1, i) else -1

    # -- ambiguous capitals and towns

    def needs_place(self, first: int, last: int, entry: _Entry) -> bool:
        if entry.ambiguous:
            return True
        if entry.kind not in ("capital", "town") or first != last or self.lang != "ru":
            return False
        word = self.s.words[first]
        return _ru_known(word) and "Geox" not in self.tags(first)

    def person(self, first: int, last: int) -> bool:
        nxt = last + 1
        if self.surface(first).isascii() and self.same_sentence(last, nxt) and self.capitalised(nxt) \
                and self.surface(nxt).isascii() and not self.s.numbers[nxt]:
            return True  # «Vladimir Putin»: English names have no grammemes to ask
        if self.same_sentence(last, nxt) and self.capitalised(nxt) and self.tags(nxt) & {"Surn", "Patr", "Name"}:
            return True
        before = self.prev(first)
        if before < 0:
            return False
        if self.has(before, "person_before"):
            return True
        return self.capitalised(before) and "Name" in self.tags(before)

    def first_name(self, i: int) -> bool:
        """A form that is also a first name, followed by a capitalised word of the same sentence."""
        nxt = i + 1
        return "Name" in self.tags(i) and self.same_sentence(i, nxt) and self.capitalised(nxt) and not self.s.numbers[nxt]

    def place(self, first: int) -> bool:
        before = self.prev(first)
        return before >= 0 and self.has(before, "place")

    # -- Moscow / Minsk as a government

    def government(self, i: int) -> bool:
        if self.quoted(i):
            return False
        before = self.prev(i)
        if before >= 0 and (self.has(before, "official") or self.has(before, "stance")):
            return True
        if self._paired(i):
            return True
        if before >= 0 and self.has(before, "place") and self._seat_or_opinion(before, i):
            return True
        if self.s.words[i].isascii() and self.lang != "be":  # Latin in a Belarusian stream is Łacinka
            return self._english_government(i)
        if self._agent_of_action(i):
            return True
        return self._subject_of_statement(i)

    def _english_government(self, i: int) -> bool:
        """English names a capital as a place after a preposition of place («in Minsk», «the city of Moscow»)
        or inside a longer name («Minsk Tractor Works», «Moscow Mayor»); a bare «Moscow» or «Minsk's» that
        tries, reckons, pressures or is pressured is the government (analysis pages write little else)."""
        before = self.prev(i)
        if before >= 0 and (self.has(before, "place") or self.lemma(before) in EN_PLACE_BEFORE):
            return False
        if any(self.has(k, "transport") for k in range(max(0, i - EN_TRANSPORT_REACH), i) if self.same_sentence(k, i)):
            return False  # «a direct air route has connected Brest and Moscow»
        nxt = i + 1
        if self.same_sentence(i, nxt) and not self.s.numbers[nxt]:
            if self.lemma(nxt) in EN_PLACE_AFTER:
                return False
            if self.capitalised(nxt) and not self.s.words[i].endswith("'s") and not self._national(nxt):
                return False
        return True

    def _seat_or_opinion(self, prep: int, i: int) -> bool:
        """«посол в Москве», «правительство в Минске»; «в Минске считают», «в Москве требуют»: the government."""
        seat = self.prev(prep)
        if seat >= 0 and (self.has(seat, "seat") or (self.prev(seat) >= 0 and self.has(self.prev(seat), "seat"))):
            return True  # «посол республики в Москве»
        # «в Минске считают» (no one named: the government); «Мезенцев в Минске заявил» (a speaker there: the place)
        return any(self.same_sentence(i, j) and self.has(j, "gov_verb") and "sing" not in self.tags(j) for j in (i + 1, i + 2))

    def _agent_of_action(self, i: int) -> bool:
        """«введением Минском», «выполнение Минском обязательств»: the instrumental agent of a deverbal noun;
        «заключили с Минском контракты»: the partner of a verb; «руки Минску», «навстречу Москве»: the
        recipient in the dative. In each the capital is the state, not the city."""
        if self.lang != "ru" or not self._national(i):
            return False
        cases = _geo_cases(self.s.words[i])
        before = self.prev(i)
        if before < 0:
            return "datv" in cases
        if "ablt" in cases and self.lemma(before).endswith(("ние", "тие")) and "NOUN" in self.tags(before):
            return True
        if "ablt" in cases and self.lemma(before) == "с" and self.prev(before) >= 0 \
                and self.tags(self.prev(before)) & {"VERB", "INFN"} and not self._near_transport(i):
            return True
        return "datv" in cases and not self.has(before, "place") and not (self.tags(before) & {"PREP"} and self.lemma(before) != "навстречу") \
            and not self._near_transport(i)

    def place_lemma(self, i: int) -> str:
        """The lemma, or the place-name reading of a capitalised adjective-looking form («Минском»)."""
        lemma = self.lemma(i)
        if self.lang == "ru" and lemma and self.capitalised(i) and "ADJF" in self.tags(i):
            return _geo_noun(self.s.words[i]) or lemma
        return lemma

    def _national(self, i: int) -> bool:
        return 0 <= i < len(self.s.lemmas) and (self.place_lemma(i) in self.rules.national_lemmas
                                                 or self.s.words[i] in NATIONAL_EN)

    def _paired(self, i: int) -> bool:
        start = None
        if self.same_sentence(i, i + 2) and self.has(i + 1, "pair") and self._national(i + 2) and self.place_lemma(i + 2) != self.place_lemma(i):
            start = i
        elif self.same_sentence(i - 2, i) and self.has(i - 1, "pair") and self._national(i - 2) and self.place_lemma(i - 2) != self.place_lemma(i):
            start = i - 2
        if start is None:
            return False
        before = self.prev(start)
        if before >= 0 and self.has(before, "place"):
            return False
        for k in range(start - 1, start - 4, -1):
            if k < 0 or not self.same_sentence(k, start):
                break
            if self.has(k, "transport"):
                return False
        return True

    def _party(self, i: int) -> bool:
        """«для Минска», «заставило Минск перейти», «руки Минску»: the capital as the party a government is.

        Russian only (the grammemes decide): a capital right after a preposition of interest, or the object
        of a verb that is not one of visiting or hosting, outside the locative case."""
        if self.lang != "ru" or not self._national(i):
            return False
        before = self.prev(i)
        if before < 0:
            return False
        if self.has(before, "party_before"):
            return True
        tags = self.tags(before)
        own = self.tags(i)
        return bool(tags & {"VERB", "INFN"}) and not self.has(before, "place_verb") and not own & {"loct", "loc2"} \
            and not self._near_transport(i)

    def _near_transport(self, i: int) -> bool:
        return any(self.has(k, "transport") for k in range(max(0, i - 3), min(len(self.s.lemmas), i + 3))
                   if self.same_sentence(min(k, i), max(k, i)))

    def _subject_of_statement(self, i: int) -> bool:
        if self._party(i):
            return True
        before = self.prev(i)
        if before >= 0:
            # Belarusian function words («у Мінску», «з Мінска») are places; Russian ones are told by grammemes
            # («а Москва настаивает», «что Минск перевёл» are subjects)
            if self.has(before, "place") or (self.lang == "be" and self.lemma(before) in BE_FUNCTION_WORDS):
                return False
            tags = self.tags(before)
            if tags & {"VERB", "INFN", "PREP"}:
                return False
        if self.lang == "ru" and not self.surface(i).isascii():
            if "nomn" not in self.tags(i):
                return False
        elif self.s.words[i] != self.s.lemmas[i]:
            return False
        # «Минск с начала года неоднократно просил», «Минск сегодня в 16 часов перевёл»: the verb may stand apart
        for j in range(i + 1, i + 1 + GOV_VERB_REACH):
            if not self.same_sentence(i, j):
                break
            if self.has(j, "gov_verb"):
                return True
        return False

    # -- adjectives

    def modified_noun(self, i: int) -> int:
        """Index of the noun the adjective at i modifies (skipping adjectives and «и»), or -1."""
        before = self.prev(i)
        if before >= 0 and self.has(before, "elsewhere"):
            return -1
        if before >= 0 and self.has(before, "street"):
            return before  # «улица Смоленская»: a proper name containing the capital's adjective
        listed = 0  # region adjectives in a row: «Брестской, Витебской, …, Могилевской областями»
        ordinal = -1  # «гарадзенскай 557-ай брыгады»: a numbered unit of the region
        for j in range(i + 1, i + 6 + LIST_REACH):
            if j == ordinal:
                continue
            if self.same_sentence(i, j) and self.s.numbers[j] and self.lemma(j + 1) in ORDINAL_SUFFIXES \
                    and self.s.text[self.s.ends[j]:self.s.starts[j + 1]] == "-":
                ordinal = j + 1
                continue
            if not self.same_sentence(i, j) or self.s.numbers[j]:
                return -1
            if j >= i + 6 + listed:
                return -1
            if self.lang == "ru":
                tags = self.tags(j)
                if "NOUN" in tags and not ("Geox" in tags and self.s.words[j].endswith(REGION_ADJECTIVE_ENDINGS)):
                    return j  # «Тверская» is read first as the street: inside a list it is the adjective
                if tags & {"ADJF", "PRTF", "CONJ", "Geox"} or self.s.words[j] in ("и", "или"):
                    listed += self.s.words[j].endswith(REGION_ADJECTIVE_ENDINGS)
                    continue
                return -1
            lemma = self.s.lemmas[j]
            if lemma in ("і", "й", "ці"):
                continue
            if lemma in BE_FUNCTION_WORDS:
                return -1
            if lemma.endswith(("скі", "цкі", "ны", "ні", "вы", "ы")) and (j < i + 3 or lemma.endswith(("скі", "цкі"))):
                listed += lemma.endswith(("скі", "цкі"))
                continue
            return j
        return -1

    def head_nearby(self, i: int) -> bool:
        """A region head noun («область», «вобласць») a few tokens before in the same sentence: «Витебская
        область — на 4,2 %, Гомельская — на 2,7 %», where the second adjective stands for its oblast."""
        for j in range(i - 1, max(-1, i - ELLIPSIS_REACH), -1):
            if not self.same_sentence(j, i):
                return False
            if self.lemma(j) in NAME_HEADS_RU or self.lemma(j) in NAME_HEADS_BE:
                return True
        return False

    def refers_elsewhere(self, noun: int, national: bool) -> bool:
        """«Минское шоссе», «московское время», and for the national capitals «Минские соглашения»."""
        return self.has(noun, "elsewhere") or (national and self.has(noun, "diplomacy"))


# ---------------------------------------------------------------- matching


def _candidates(stream: LemmaStream, rules: _Rules) -> list[_Candidate]:
    """Both pattern sets over lemmas and over surfaces.

    A word the lemmatiser does not know gets a guessed lemma that may rewrite
    its ending («Башкартастан» → «башкартастать», «Хабаровье» → «хабаровие»),
    so the stem globs made for such words are also tried on surface forms.
    """
    found: list[_Candidate] = []
    seen: set[tuple[int, int, str, str | None, str]] = set()
    ru, be = rules.matchers
    if not (ru.per_token and be.per_token):
        passes: Iterable[list[tuple[int, int, Pattern]]] = (
            matcher.find_spans(tokens)
            for matcher, tokens in ((ru, stream.lemmas), (ru, stream.words), (be, stream.lemmas), (be, stream.words)))
    else:
        passes = _start_passes(stream, rules)
    for spans in passes:
        for first, last, pattern in spans:
            entry: _Entry = pattern.payload
            key = (first, last, pattern.source, entry.code, entry.kind)
            if key in seen or (last > first and _crosses_boundary(stream, first, last)):
                continue
            seen.add(key)
            found.append(_Candidate(Match(pattern, first, last), entry, _specificity(pattern.terms)))
    return found


def _starts_of(rules: _Rules, token: str) -> tuple[Any, ...]:
    got = rules.starts.get(token)
    if got is None:
        ru, be = rules.matchers
        pair = (ru.starting(token), be.starting(token))
        got = pair if pair[0] or pair[1] else ()
        if len(rules.starts) < 200_000:
            rules.starts[token] = got
    return got


def _start_passes(stream: LemmaStream, rules: _Rules) -> Iterator[list[tuple[int, int, Pattern]]]:
    """The matches of the four passes (Russian patterns over lemmas, over surfaces, then Belarusian ones),
    each in `LemmaMatcher.find_spans` order, from one cached probe per token and column."""
    columns = []
    for tokens in (stream.lemmas, stream.words):
        entries = list(map(rules.starts.get, tokens))
        if None in entries:
            entries = [_starts_of(rules, t) for t in tokens]
        columns.append((tokens, entries, list(compress(range(len(tokens)), entries))))
    for side in (0, 1):
        for tokens, entries, at in columns:
            spans: list[tuple[int, int, Pattern]] = []
            for i in at:
                cands = entries[i][side]  # type: ignore[index]  # `at` holds the non-empty entries
                if cands:
                    spans += matches_at(tokens, i, cands)
            yield spans
def _crosses_boundary(stream: LemmaStream, first: int, last: int) -> bool:
    """A multi-word name never runs across a sentence or clause end («…Республика. Северная Осетия»)."""
    gap = stream.text[stream.ends[first] : stream.starts[last]]
    return any(ch in gap for ch in ".!?…;:\n")


KIND_RANK = {"block": 0, "name": 1, "district": 2, "capital": 3, "colloquial": 4, "adjective": 5, "town": 6}
ADJECTIVE_ENDINGS = (
    "ий", "ый", "ой", "ая", "ое", "ые", "ие", "ого", "его", "ому", "ему", "ым", "им", "ых", "их", "ую", "ей",
    "кі", "ае", "ія", "ыя", "ага", "аму", "ім", "іх", "імі", "ымі", "ай",
)


def _kind_rank(c: _Candidate, words: Sequence[str]) -> int:
    """Tie-break between equally specific patterns; a Belarusian stem glob shared by a capital and its
    adjective («ліпецк*») goes to the adjective only when the word has an adjective ending."""
    if c.entry.kind == "adjective" and words[c.match.last].endswith(ADJECTIVE_ENDINGS):
        return KIND_RANK["capital"] - 1
    return KIND_RANK.get(c.entry.kind, 9)


def _select(cands: list[_Candidate], words: Sequence[str]) -> list[_Candidate]:
    """Most specific first; a winner's exact twins for other regions (a town in two regions) are kept too."""
    kept: list[_Candidate] = []
    order = sorted(cands, key=lambda c: (tuple(-x for x in c.score), c.match.first, _kind_rank(c, words)))
    for c in order:
        m = c.match
        clash = [k for k in kept if not (m.last < k.match.first or m.first > k.match.last)]
        if not clash:
            kept.append(c)
        elif all(
            k.match.first == m.first and k.match.last == m.last and k.score == c.score
            and k.entry.kind == c.entry.kind == "town" and k.entry.code != c.entry.code
            for k in clash
        ):
            kept.append(c)
    return kept


def _mention(stream: LemmaStream, first: int, last: int, code: str, pattern: str, rule: str) -> RegionMention:
    start, end = stream.span(first, last)
    return RegionMention(code, start, end, stream.text[start:end], pattern, rule)


def find_regions(stream: LemmaStream, gazetteer: Gazetteer | None = None) -> list[RegionMention]:
    """Every region mention in the stream (all occurrences), in text order."""
    if not len(stream):
        return []
    gaz = gazetteer or load_gazetteer()
    rules = _rules_for(gaz)
    ctx = _Context(stream, rules)
    chosen = _select(_candidates(stream, rules), stream.words)
    firm: list[RegionMention] = []
    pending_place: list[_Candidate] = []
    pending_named: list[RegionMention] = []  # «кировский»: counts only when the region is named otherwise
    towns: list[_Candidate] = []
    covered: set[int] = set()
    for c in chosen:
        m, e = c.match, c.entry
        covered.update(range(m.first, m.last + 1))
        if e.code is None:
            continue
        if e.kind == "town":
            towns.append(c)
            continue
        if e.kind in ("name", "capital") and ctx.needs_place(m.first, m.last, e):
            if ctx.capitalised(m.first) and not ctx.person(m.first, m.last):
                pending_place.append(c)
            continue
        decided = _rule(ctx, c)
        if decided is None:
            continue
        if e.ambiguous and e.kind in ("adjective", "district"):
            pending_named.append(_mention(stream, m.first, m.last, decided[0], m.pattern.source, decided[1]))
        else:
            firm.append(_mention(stream, m.first, m.last, decided[0], m.pattern.source, decided[1]))
    firm.extend(_hyphenated(stream, rules, ctx, covered))
    named = {mn.code for mn in firm}
    for c in pending_place:
        m, e = c.match, c.entry
        if e.code and (ctx.place(m.first) or e.code in named):
            if e.national and m.first == m.last and ctx.government(m.first):
                continue
            firm.append(_mention(stream, m.first, m.last, e.code, m.pattern.source, "capital" if e.kind == "capital" else "name"))
    named = {mn.code for mn in firm}
    firm.extend(mn for mn in pending_named if mn.code in named)
    for c in towns:
        m, e = c.match, c.entry
        if e.code not in named:
            continue
        if not all(ctx.capitalised(i) for i in range(m.first, m.last + 1)):
            continue
        if ctx.needs_place(m.first, m.last, e) and (ctx.person(m.first, m.last) or not ctx.place(m.first)):
            continue
        firm.append(_mention(stream, m.first, m.last, e.code or "", m.pattern.source, "town"))
    firm.sort(key=lambda mn: (mn.start, mn.code))
    return firm


def _rule(ctx: _Context, c: _Candidate) -> tuple[str, str] | None:
    """(code, rule) under which a selected, unambiguous candidate counts, or None if context rules it out."""
    m, e = c.match, c.entry
    code = e.code or ""
    if e.kind in ("name", "capital", "colloquial") and m.first == m.last and ctx.first_name(m.first):
        return None  # «Питер Пэн», not Saint Petersburg
    if e.kind in ("name", "capital"):
        if e.national and m.first == m.last and ctx.government(m.first):
            return None
        return code, "proper-name" if ctx.quoted(m.first) else e.kind
    if e.kind == "colloquial":
        return code, "colloquial"
    if e.kind == "district":
        return code, "district->region"
    if e.kind != "adjective":
        return None
    if code in NATIONAL_CAPITALS and m.first == m.last and ctx.lang == "ru" and _geo_noun(ctx.s.words[m.first]) \
            and ctx.government(m.first):
        return None  # «с введением Минском режима»: the city's name read as an adjective, standing for the state
    noun = ctx.modified_noun(m.last)
    if noun < 0 or (ctx.capitalised(noun) and "Geox" in ctx.tags(noun)):
        place = _adjective_as_place(ctx, m.first)  # «между Брянском и Гомелем»
        if place is None and noun >= 0 and not (ctx.lang == "ru" and _geo_noun(ctx.s.words[m.first])):
            return code, "adjective"  # «костромской Кологрив», «омского «Иртыша»»: a town or a club of the region
        if place is not None or noun >= 0 or not ctx.capitalised(m.first) or not ctx.head_nearby(m.first):
            return place
        return ctx.rules.owners.get(code, code), "name"  # «Витебская область — на 4 %, Гомельская — на 3 %»
    if ctx.refers_elsewhere(noun, code in NATIONAL_CAPITALS):
        return None
    if ctx.lemma(noun) in NAME_HEADS_RU or ctx.lemma(noun) in NAME_HEADS_BE:
        # «Запорожская и Херсонская области»; «Гродненской, Минской, Могилевской областями»: the Minsk of an
        # oblast list is Minsk oblast, not the city («с Минском и Могилевской областью»: the city, read as an adjective)
        if ctx.lang == "ru" and _geo_noun(ctx.s.words[m.first]):
            return code, "name"
        return ctx.rules.owners.get(code, code), "name"
    if ctx.capitalised(m.first) and not ctx.sentence_initial(m.first):
        return code, "proper-name"
    return code, "adjective"


def _adjective_as_place(ctx: _Context, i: int) -> tuple[str, str] | None:
    """«с Минском», «под Смоленском»: an instrumental that pymorphy first reads as an adjective."""
    lemma = ctx.place_lemma(i)
    if lemma == ctx.lemma(i):
        return None
    code = ctx.rules.hyphen_parts.get(lemma)
    if code is None or (code in NATIONAL_CAPITALS and ctx.government(i)):
        return None
    return code, "proper-name" if ctx.quoted(i) else "capital"


def _hyphenated(stream: LemmaStream, rules: _Rules, ctx: _Context, covered: set[int]) -> list[RegionMention]:
    """«Динамо-Брест», «Дынама-Мінск»: a capital as the last part of a hyphenated proper name."""
    out: list[RegionMention] = []
    prefixes = rules.compound_prefixes
    for i, word in enumerate(stream.words):
        hyphen = "-" in word
        if not hyphen and not word.startswith(prefixes):
            continue  # string tests first: capitalisation needs the raw text and is asked of few tokens
        if i in covered or not ctx.capitalised(i):
            continue
        if not hyphen:
            if word.startswith(prefixes) and stream.lang != "be" and not _ru_known(word):
                # «Минскводоканал», «Гродноазот»: a proper name built on the capital's name counts (CODEBOOK)
                prefix, owner = next(pc for pc in rules.compounds if word.startswith(pc[0]))
                if len(word) - len(prefix) >= COMPOUND_MIN_REST:
                    out.append(_mention(stream, i, i, owner, prefix, "proper-name"))
            continue
        last = word.rsplit("-", 1)[1]
        if not last:
            continue
        for lang in ("ru", "be"):
            lemma = lemma_for(last, lang) if lang == "be" else lemma_ru(last)
            code = rules.hyphen_parts.get(lemma)
            if code is not None:
                out.append(_mention(stream, i, i, code, lemma, "proper-name"))
                break
    return out


def region_codes(mentions: Iterable[RegionMention]) -> list[str]:
    """Sorted unique region codes: the value of the `regions` variable."""
    return sorted({m.code for m in mentions})
