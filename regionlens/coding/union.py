"""Regions, union and interregional: who the two sides are and whether sub-national units act.

`union` needs the Union State vocabulary, or both countries present (by name,
adjective or any of their regions) with relation words tying them together.
Region mentions that come only from proper names (a street «Минская», a club
«Динамо-Минск») do not make a side. `interregional` needs, inside a union
text, a regional or local authority (from the actor coding), a region named
as a party next to a party cue («Гомельская и Брянская области подписали»),
or a form of interregional cooperation named as such (twin towns, Days of a
region); the Forum of Regions alone weighs less, because it is often only
mentioned. A region preceded by «по» («управление … по Смоленской области»)
is the area of a national body, not a party.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from functools import lru_cache

from regionlens.coding.codebook import Codebook
from regionlens.coding.context import Doc, Evidence, Field, Hit
from regionlens.coding.metadata import SourceMeta
from regionlens.gazetteer.gazetteer import load_gazetteer
from regionlens.gazetteer.matcher import RegionMention, find_regions
from regionlens.text.morph_ru import parse_tags


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    return {r.code: r.country for r in load_gazetteer().regions}


def add_regions(doc: Doc) -> None:
    for f in doc.fields:
        f.regions = find_regions(f.stream) if len(f.stream) else []


BARE_LINE_STRIP = " \t•·*|–—-–,;:()[]"


def bare_line(f: Field, m: RegionMention) -> bool:
    """Whether the mention is a whole line of the body by itself: an entry of a city menu («• Балашиха»), a
    masthead naming the outlet's own city («Санкт-Петербург» above the headline), a dateline. Such lines are
    page furniture, not what the text says (CODEBOOK: page furniture is not content)."""
    if f.name != "text":
        return False
    text = f.stream.text
    start = text.rfind("\n", 0, m.start) + 1
    end = text.find("\n", m.end)
    line = text[start:end if end >= 0 else len(text)]
    return line.strip(BARE_LINE_STRIP) == m.surface.strip(BARE_LINE_STRIP)


def code_regions(doc: Doc) -> tuple[list[str], list[Evidence]]:
    fields = doc.codebook.rule("regions").get("fields", ["title", "text"])
    codes: set[str] = set()
    evidence: list[Evidence] = []
    for f in doc.fields:
        if f.name not in fields:
            continue
        for m in f.regions:
            if bare_line(f, m):
                continue
            codes.add(m.code)
            evidence.append(Evidence("regions", m.code, m.start, m.end, m.pattern, m.rule, f.name, m.surface))
    return sorted(codes), evidence


def _token(f: Field, start: int) -> int:
    i = bisect_left(f.stream.starts, start)
    return min(i, max(len(f.stream.starts) - 1, 0))


def _last_token(f: Field, end: int) -> int:
    """Index of the token that ends a mention ending at char `end`."""
    return max(bisect_right(f.stream.starts, end - 1) - 1, 0)


def _quoted(f: Field, i: int) -> bool:
    start = f.stream.starts[i]
    return start > 0 and f.stream.text[start - 1] in "«\"„“"


def collect_sides(doc: Doc) -> dict[str, list[tuple[Field, int, int, str, str]]]:
    """Where each country shows as a side: its name or national bodies, and its regions (not those inside proper
    names such as a street or a club, nor a biography's birthplace). One place decides it for union and for
    interregional."""
    rule = doc.codebook.rule("union")
    ignored = set(rule.get("side_rules_ignored", []))
    origin_dict = rule.get("origin", "origin")
    countries = _countries()
    sides: dict[str, list[tuple[Field, int, int, str, str]]] = {}
    side_dict = rule.get("sides", "country")
    stems = _country_stems(doc, side_dict)
    posts = _post_tokens(doc, rule.get("posts", ""))
    for f, h in doc.hits(side_dict):
        country, _, kind = h.label.partition("_")  # RU, BY; RU_ORG, BY_ORG: national institutions and companies
        if not kind and _quoted(f, h.first):
            continue  # «Беларусь» the road, «Беларус» the tractor: a name, not the country («Газпром» still is)
        if not kind and h.first == h.last and _third_compound(f.stream.words[h.first], stems):
            continue  # «беларуска-літоўская мяжа», «Russia-China corridor»: a relation with a third country
        if not kind and _host_of_post(f, h.first, posts.get(f.name, ())):
            continue  # «посол Беларуси в России»: the host country of a diplomatic post is part of a title
        sides.setdefault(country, []).append((f, h.first, h.last, h.pattern, "country" if not kind else "national body"))
    for f in doc.fields:
        owner_starts = {h.first for h in f.hits if (h.dictionary == "actors" and h.label in ("REG", "LOC", "BUS"))
                        or h.dictionary == "regionalisable"}
        origin = {h.first for h in f.hits if h.dictionary == origin_dict and h.label == "ORIGIN"}
        for m in f.regions:
            if bare_line(f, m):
                continue
            first_tok = _token(f, m.start)
            if any(i < first_tok and f.sentence_of(i) == f.sentence_of(first_tok) for i in origin):
                continue  # «уроженец Гомеля», «родился в деревне под Оршей»: a biography
            nxt = _last_token(f, m.end) + 1
            if m.rule in ignored and not owner_starts & {nxt, nxt + 1}:
                # «улица Минская», «Динамо-Минск» make no side; «Могилевского облисполкома»,
                # «Минский тракторный завод» do
                continue
            country = countries.get(m.code, m.code[:2])
            first = _token(f, m.start)
            last = max(_last_token(f, m.end), first)
            sides.setdefault(country, []).append((f, first, last, m.pattern, f"region {m.code}"))
    return sides


def _country_stems(doc: Doc, dictionary: str) -> tuple[str, ...]:
    return _stems_of(doc.codebook, dictionary)


@lru_cache(maxsize=16)
def _stems_of(codebook: Codebook, dictionary: str) -> tuple[str, ...]:
    """Lower-case stems of the one-word country patterns («беларус», «росси», «russia»)."""
    d = codebook.dictionaries.get(dictionary)
    if d is None:
        return ()
    return tuple(p.rstrip("*") for label, pats in d.entries.items() if "_" not in label for p in pats
                 if " " not in p and len(p.rstrip("*")) >= 3)


def _third_compound(word: str, stems: tuple[str, ...]) -> bool:
    """A hyphenated country adjective or name whose other part is not one of the two countries."""
    parts = [p for p in word.lower().replace("‑", "-").split("-") if p and not p.isdigit()]
    return len(parts) > 1 and not all(p.startswith(stems) for p in parts)


def _post_tokens(doc: Doc, dictionary: str) -> dict[str, list[int]]:
    """Tokens of diplomatic posts (посол, консул, ambassador), per field."""
    out: dict[str, list[int]] = {}
    if dictionary:
        for f, h in doc.hits(dictionary):
            out.setdefault(f.name, []).append(h.first)
    return out


POST_REACH = 6


def _host_of_post(f: Field, i: int, posts: list[int] | tuple[int, ...]) -> bool:
    """«в России» within a few tokens of «посол»/«ambassador» in the same sentence: where the post is held."""
    if not posts or i == 0 or f.stream.lemmas[i - 1] not in HOST_PREPOSITIONS:
        return False
    sent = f.sentence_of(i)
    return any(abs(p - i) <= POST_REACH and f.sentence_of(p) == sent for p in posts)


HOST_PREPOSITIONS = frozenset({"в", "во", "у", "ў", "in", "to"})


def code_union(doc: Doc) -> tuple[int, list[Evidence]]:
    rule = doc.codebook.rule("union")
    evidence: list[Evidence] = []
    shared = set(rule.get("shared_labels", []))
    for name in rule.get("strong", []):
        for f, h in doc.hits(name):
            if h.label in shared and doc.third_party_sentence(f, h):
                continue  # «форум регионов Украины и Беларуси»: the format is not only ours
            evidence.append(doc.evidence("union", 1, f, h.first, h.last, h.pattern, f"strong:{name}"))
    if evidence:
        return 1, evidence
    sides = collect_sides(doc)
    relation = list(doc.hits(rule.get("relation", "relation")))
    side_sentences: dict[tuple[str, int], set[str]] = {}
    for country, items in sides.items():
        for f, first, _, _, _ in items:
            side_sentences.setdefault((f.name, f.sentence_of(first)), set()).add(country)
    both_sentences = [k for k, v in side_sentences.items() if {"RU", "BY"} <= v]
    linked = [(f, h) for f, h in relation if (f.name, f.sentence_of(h.first)) in side_sentences]
    n_linked = len({(f.name, f.sentence_of(h.first)) for f, h in linked} | set(both_sentences))
    if "RU" in sides and "BY" in sides:
        if len(relation) < int(rule.get("min_relation_hits", 1)) and not both_sentences:
            return 0, []
        if _third_country_partner(doc, side_sentences, both_sentences, int(rule.get("third_party_weak_side", 1))):
            return 0, []
        if n_linked < int(rule.get("min_relation_sentences", 1)):
            return 0, []
        if n_linked <= int(rule.get("distractor_max_linked", 1)) and _distractor_domain(doc, rule):
            return 0, []  # a match of two clubs, a cyclone moving from one country to the other
    else:
        # One side named (a local paper rarely names its own country): regions of that side tied
        # to relation words in several sentences, and no third country in sight.
        one = int(rule.get("one_side_min_sentences", 0))
        if not sides or any(True for _ in doc.hits("third_party")):
            return 0, []
        home = home_country(doc)
        if home in ("RU", "BY") and set(sides) == {"BY" if home == "RU" else "RU"} and n_linked >= int(rule.get("min_relation_sentences", 1)):
            # the outlet's own country is the implicit side («Белорусские тракторы для нашего колхоза»)
            country = next(iter(sides))
            f, first, last, pattern, how = sides[country][0]
            evidence.append(doc.evidence("union", 1, f, first, last, pattern, f"other side {country} in a {home} outlet: {how}"))
            for f, h in linked[:3]:
                evidence.append(doc.evidence("union", 1, f, h.first, h.last, h.pattern, "relation"))
            return 1, evidence
        if not one or set(sides) == {home}:
            return 0, []  # only the outlet's own country shows: a domestic story (agreements with other regions)
        region_sentences = {
            (f.name, f.sentence_of(first)) for items in sides.values() for f, first, _, _, how in items if how != "country"
        }
        tied = [(f, h) for f, h in relation if (f.name, f.sentence_of(h.first)) in region_sentences]
        if len({(f.name, f.sentence_of(h.first)) for f, h in tied}) < one:
            return 0, []
        country = next(iter(sides))
        f, first, last, pattern, how = sides[country][0]
        evidence.append(doc.evidence("union", 1, f, first, last, pattern, f"one side {country}: {how}"))
        for f, h in tied[:3]:
            evidence.append(doc.evidence("union", 1, f, h.first, h.last, h.pattern, "relation (one side)"))
        return 1, evidence
    for country in ("RU", "BY"):
        f, first, last, pattern, how = sides[country][0]
        evidence.append(doc.evidence("union", 1, f, first, last, pattern, f"side {country}: {how}"))
    for f, h in linked[:3]:
        evidence.append(doc.evidence("union", 1, f, h.first, h.last, h.pattern, "relation"))
    return 1, evidence


def code_interregional(doc: Doc, union: int, actor_evidence: list[Evidence]) -> tuple[int, list[Evidence]]:
    if not union:
        return 0, []
    rule = doc.codebook.rule("interregional")
    authorities = set(rule.get("authorities", ["REG", "LOC"]))
    cues = rule.get("party_dictionary", "interregional_cues")
    session = any(True for _ in doc.hits(cues, rule.get("session_labels", [])))
    # a city hosting a Union State session: national delegations make both countries present, the host's own
    # authority is then a party only when regions of both countries show near it
    facing = _facing_the_other_side(doc, int(rule.get("authority_reach", 1)), regions_only=session)
    national = _national_tokens(doc)
    # inside a union text, an authority in a sentence of relation words (a visit, an agreement, a delegation)
    # takes part in the relation even where the other country is only implied («губернатор подписал соглашение
    # о сотрудничестве»); not around a Union State session, whose words fill every sentence near the host
    related = set() if session else {(f.name, f.sentence_of(h.first))
                                     for f, h in doc.hits(doc.codebook.rule("union").get("relation", "relation"))}
    evidence = [
        Evidence("interregional", 1, e.start, e.end, e.pattern, f"authority {e.value}", e.field, e.surface)
        for e in actor_evidence
        if e.value in authorities and (facing(e) or _sentence_key(doc, e) in related)
        and not _national_authority(doc, e, national)
    ]
    score = float(len(evidence))
    forum_labels = rule.get("forum_labels", [])
    forums = {(f.name, i) for f, h in doc.hits(cues, forum_labels) for i in range(h.first, h.last + 1)}
    for f, h in doc.hits(cues, rule.get("direct_labels", [])):
        if (f.name, h.first) in forums:
            continue  # «Форум регионов Беларуси и России»: the forum's name, weighed below
        score += 1.0
        evidence.append(doc.evidence("interregional", 1, f, h.first, h.last, h.pattern, f"cue {h.label}"))
    venue_labels = tuple(rule.get("forum_venue_labels", []))
    for f, h in doc.hits(cues, forum_labels):
        if venue_labels and _after_venue(f, h.first, cues, venue_labels):
            continue  # «заявил на Форуме регионов»: the forum is where a national official spoke, not the story
        w = float(rule.get("forum_weight", 0.5))
        score += w
        evidence.append(doc.evidence("interregional", 1, f, h.first, h.last, h.pattern, f"cue {h.label} +{w:g}"))
    for f, m in _paired_with_other_country(doc):
        score += 1.0
        evidence.append(Evidence("interregional", 1, m.start, m.end, m.pattern, "region paired with the other country", f.name, m.surface))
    window = int(rule.get("party_window", 6))
    region_rules = set(rule.get("party_region_rules", []))
    party_labels = tuple(rule.get("party_labels", ["PARTY"]))
    for f in doc.fields:
        trade_labels = tuple(rule.get("trade_labels", []))
        cue_tokens = [(h.first, h) for h in f.hits if h.dictionary == cues and h.label in party_labels + trade_labels]
        located = {h.last for h in f.hits if h.dictionary == "actors" and h.label in ("CIV", "BUS", "CIT")}
        if not cue_tokens:
            continue
        # sentences where only individuals act («туристы из Могилевской области посетили Смоленск»): the visited
        # or home region is not a party without an authority (CODEBOOK decisions, round 2). Firms and
        # institutions are left to the other tests: with them the region is often the reported party.
        acting: dict[int, set[str]] = {}
        for h in f.hits_of("actors"):
            acting.setdefault(f.sentence_of(h.first), set()).add(h.label)
        private = {k for k, labels in acting.items() if labels <= {"CIT"}}
        for m in f.regions:
            if m.rule not in region_rules:
                continue
            first = _token(f, m.start)
            if first > 0 and f.stream.lemmas[first - 1] in ("по", "па"):
                continue
            if first > 0 and f.stream.lemmas[first - 1] in VENUE_PREPOSITIONS:
                continue  # «в Санкт-Петербурге подписали»: the venue of a signing, not a party to it
            if any(first - 4 <= e < first for e in located):
                continue  # «университеты Гродно и Смоленска»: institutions located there, not the regions
            sent = f.sentence_of(first)
            if sent in private and not (first > 0 and f.stream.lemmas[first - 1] in ("между", "паміж", "between")):
                continue  # «соглашение между Краснодарским краем и заводом» still names the region as a party
            near = [h for i, h in cue_tokens if abs(i - first) <= window and f.sentence_of(i) == sent
                    and (h.label not in trade_labels or _trader(f, h, first))]
            if near and facing(Evidence("interregional", 1, m.start, m.end, m.pattern, "", f.name, m.surface)):
                # «Президент посетил Могилевскую область» with no Russian side near: a domestic visit
                score += 1.0
                evidence.append(Evidence("interregional", 1, m.start, m.end, m.pattern, f"region as party ({near[0].pattern})", f.name, m.surface))
    if score >= float(rule.get("threshold", 1.0)):
        return 1, evidence
    return 0, []


# Country-code domains of the two countries: the outlet's country when the registry does not say.
HOME_DOMAINS = {".by": "BY", ".бел": "BY", ".xn--90ais": "BY", ".ru": "RU", ".рф": "RU", ".xn--p1ai": "RU", ".su": "RU"}


def home_country(doc: Doc) -> str | None:
    """The outlet's country (RU/BY): from the source registry, else from the URL's country-code domain
    (a page on gomel.cci.by or bryansk.ru is published in that country; its own country often goes unnamed)."""
    if doc.source_country in ("RU", "BY"):
        return doc.source_country
    return _domain_country(doc.meta)


@lru_cache(maxsize=4096)
def _domain_country(meta: SourceMeta) -> str | None:
    host = meta.host
    for suffix, country in HOME_DOMAINS.items():
        if host.endswith(suffix):
            return country
    return None


ORDINAL = re.compile(r"^(?:[ivxlcхі]+|\d+(?:st|nd|rd|th|-?[а-яіў]{1,3})?)$")


def _after_venue(f: Field, first: int, dictionary: str, labels: tuple[str, ...]) -> bool:
    """A venue cue («на», «в рамках», «at») ends right before the hit, ordinals («X», «6th») between."""
    k = first - 1
    while k >= 0 and ORDINAL.match(f.stream.words[k]) and f.sentence_of(k) == f.sentence_of(first):
        k -= 1
    return k >= 0 and any(h.last == k and h.label in labels for h in f.hits_of(dictionary))


NATIONAL_REACH = 4
NOT_TRADER_AFTER = frozenset({"of", "from", "in", "for"})


def _trader(f: Field, cue: Hit, first: int) -> bool:
    """Whether the region at token `first` is the trader of a trade cue: right after it («товарооборот
    Брянской области»), or in the nominative as a subject («Псковская область поставляет»); in English, not
    after «of», «from» or «in» («farmers of Saratov region»)."""
    if first == cue.last + 1:
        return True
    word = f.stream.words[first]
    if word.isascii():
        return first == 0 or f.stream.lemmas[first - 1] not in NOT_TRADER_AFTER
    if f.stream.lang == "be":  # no grammemes for Belarusian: not after a preposition
        return first == 0 or f.stream.lemmas[first - 1] not in BE_PREPOSITIONS
    return "nomn" in parse_tags(word) and (first == 0 or "PREP" not in parse_tags(f.stream.words[first - 1]))


BE_PREPOSITIONS = frozenset("у ў з са да па ад для на за пры пра аб каля".split())
PAIR_WORDS = frozenset({"и", "і", "й", "and"})
# a pair after these is a place or an origin, not two parties («чтецы из Псковской области и Белоруссии»)
PAIR_BLOCKED_AFTER = frozenset("из в во на по от до у ў з па ад да from in at to of for".split())


def _paired_with_other_country(doc: Doc) -> list[tuple[Field, RegionMention]]:
    """Regions coordinated with the other country as two parties: «Беларусь и Дагестан приступают к …»,
    «between Astrakhan region and Belarus», «Смоленщина с Беларусью»."""
    rule = doc.codebook.rule("interregional")
    region_rules = set(rule.get("party_region_rules", []))
    countries = _countries()
    side_dict = doc.codebook.rule("union").get("sides", "country")
    out: list[tuple[Field, RegionMention]] = []
    for f in doc.fields:
        if not f.regions:
            continue
        named = {}
        for h in f.hits_of(side_dict):
            if "_" not in h.label:
                named[h.first] = h.label
                named[h.last] = h.label
        if not named:
            continue
        lemmas = f.stream.lemmas
        for m in f.regions:
            if m.rule not in region_rules:
                continue
            other = "BY" if countries.get(m.code, m.code[:2]) == "RU" else "RU"
            first, last = _token(f, m.start), _last_token(f, m.end)
            before = first >= 2 and lemmas[first - 1] in PAIR_WORDS and named.get(first - 2) == other \
                and not (first >= 3 and lemmas[first - 3] in PAIR_BLOCKED_AFTER)
            after = last + 2 < len(lemmas) and lemmas[last + 1] in PAIR_WORDS and named.get(last + 2) == other \
                and not (first >= 1 and lemmas[first - 1] in PAIR_BLOCKED_AFTER)
            if (before and f.sentence_of(first - 2) == f.sentence_of(first)) or \
                    (after and f.sentence_of(last + 2) == f.sentence_of(last)):
                out.append((f, m))
    return out


def _national_tokens(doc: Doc) -> dict[str, tuple[set[int], set[int]]]:
    """Per field: tokens of national services (ФСБ, таможня …) and of national leaders and bodies (Лукашенко)."""
    out: dict[str, tuple[set[int], set[int]]] = {}
    for f in doc.fields:
        services = {h.last for h in f.hits_of("regionalisable") if h.label == "NATIONAL_SERVICE"}
        leaders = {h.first for h in f.hits_of(doc.codebook.rule("union").get("sides", "country")) if h.label.endswith("_ORG")}
        out[f.name] = (services, leaders)
    return out


def _national_authority(doc: Doc, e: Evidence, national: dict[str, tuple[set[int], set[int]]]) -> bool:
    """A «regional» authority that belongs to the state: a national service's regional directorate («приказы
    главы ФСБ: региональные управления …»), or a national leader's title («Глава республики Александр
    Лукашенко»). Territorial bodies of national bodies are FED (CODEBOOK decisions, round 1)."""
    f = doc.title if e.field == "title" else doc.text
    if not f.stream.starts:
        return False
    services, leaders = national[f.name]
    first, last = _token(f, e.start), _last_token(f, e.end)
    sent = f.sentence_of(first)
    if any(first - NATIONAL_REACH <= k < first and f.sentence_of(k) == sent for k in services):
        return True
    return any(last < k <= last + NATIONAL_REACH - 1 and f.sentence_of(k) == sent for k in leaders)


def _sentence_key(doc: Doc, e: Evidence) -> tuple[str, int]:
    f = doc.title if e.field == "title" else doc.text
    return (f.name, f.sentence_of(_token(f, e.start)) if f.stream.starts else -1)


VENUE_PREPOSITIONS = frozenset({"в", "во", "у", "ў", "in", "at"})


def _facing_the_other_side(doc: Doc, reach: int, regions_only: bool = False) -> Callable[[Evidence], bool]:
    """Whether a regional or local authority is shown in a relation with the other country: both countries
    appear (by name, national body or region; the outlet's own country counts as present everywhere) in its
    sentence or within `reach` sentences of it, or the headline itself sets the two sides against each other.
    A governor met at home by his own president, a regional office of a national service: no side of the other
    country near them (CODEBOOK interregional). `regions_only`: only regions count as sides and the outlet's
    country does not (a Union State session brings national delegations of both countries into every sentence
    around the host city's authority)."""
    sides = collect_sides(doc)
    # the registry's country only: a country guessed from the domain is enough to make a text a relation, but
    # not to place the outlet's country beside every authority it reports (fresh real items: more false parties)
    home = {c for c in (doc.source_country,) if c in ("RU", "BY") and not regions_only}
    by_sentence: dict[tuple[str, int], set[str]] = {}
    for country, items in sides.items():
        for f, first, _, _, how in items:
            if regions_only and not how.startswith("region"):
                continue
            by_sentence.setdefault((f.name, f.sentence_of(first)), set()).add(country)
    title_both = {"RU", "BY"} <= (set().union(*(c for (name, _), c in by_sentence.items() if name == "title")) | home)
    order = {f.name: sorted(set(f.sentences)) for f in doc.fields}

    def check(e: Evidence) -> bool:
        if title_both:
            return True
        f = doc.title if e.field == "title" else doc.text
        if not f.stream.starts:
            return False
        sent = f.sentence_of(_token(f, e.start))
        ids = order[f.name]
        k = bisect_left(ids, sent)
        near = ids[max(0, k - reach):k + reach + 1]
        seen = set(home)
        for sid in near:
            seen |= by_sentence.get((f.name, sid), set())
        return {"RU", "BY"} <= seen

    return check


def region_mentions(doc: Doc) -> list[RegionMention]:
    return [m for f in doc.fields for m in f.regions]


def _distractor_domain(doc: Doc, rule: dict[str, object]) -> bool:
    """Whether the story belongs to a domain that names both countries without relating them (sport, weather):
    one distractor label has at least `distractor_min` hits."""
    name = str(rule.get("distractor", ""))
    if not name:
        return False
    counts: dict[str, int] = {}
    for _, h in doc.hits(name):
        counts[h.label] = counts.get(h.label, 0) + 1
    return max(counts.values(), default=0) >= int(str(rule.get("distractor_min", 4)))


def _third_country_partner(doc: Doc, side_sentences: dict[tuple[str, int], set[str]],
                           both: list[tuple[str, int]], weak_max: int) -> bool:
    """Whether the partner of the story is a third country, the other side only a passing mention.

    «Делегация Гомельской области посетила Шанхай …» with one stray «РФ»: one country is named in at most
    `weak_max` sentences, never together with the other, and a third country fills more sentences than
    the stronger side (CODEBOOK union: a region with a third country is not the relation)."""
    if both or weak_max <= 0:
        return False
    per_country = {c: sum(1 for v in side_sentences.values() if c in v) for c in ("RU", "BY")}
    if min(per_country.values()) > weak_max:
        return False
    third = {(f.name, f.sentence_of(h.first)) for f, h in doc.hits("third_party")}
    return len(third) > max(per_country.values())
