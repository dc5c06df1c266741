"""Actors: titles and organisations from the actor dictionary, read in context.

A national-looking title becomes regional when a region is named right after
it («министр сельского хозяйства Смоленской области», «правительство
Москвы»), unless a national service stands between them («управление ФСБ по
Смоленской области» stays federal). Titles followed by a third country
(«губернатор провинции Хэнань») are not coded: officials of third countries
are outside the relation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from regionlens.coding.context import Doc, Evidence, Field, Hit
from regionlens.gazetteer.matcher import RegionMention
from regionlens.text.morph_ru import parse_tags

LOCAL_REGION_RULES = ("capital", "town")
SUBJECT_CASES = frozenset({"nomn"})
PLACE_PREPOSITIONS = frozenset({"в", "во", "у", "ў", "на"})


def _region_before(f: Field, h: Hit) -> RegionMention | None:
    """A region mention that ends right before the hit («Минского горисполкома»)."""
    if h.first == 0:
        return None
    end = f.stream.ends[h.first - 1]
    return next((m for m in f.regions if m.end == end), None)


def _region_into(f: Field, h: Hit) -> RegionMention | None:
    """A region mention that starts before the hit and runs into it («Minsk City» + «City Executive Committee»)."""
    start = f.stream.starts[h.first]
    return next((m for m in f.regions if m.start < start < m.end), None)


@lru_cache(maxsize=1)
def _city_regions() -> frozenset[str]:
    from regionlens.gazetteer.gazetteer import load_gazetteer

    return frozenset(r.code for r in load_gazetteer().regions if r.is_city)


def _longest(hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-(h.last - h.first), h.first)):
        if all(h.last < k.first or h.first > k.last for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h.first)


def _region_after(doc: Doc, f: Field, h: Hit, window: int, service: set[int]) -> RegionMention | None:
    sent = f.sentence_of(h.first)
    for m in f.regions:
        first = _token_at(f, m.start)
        if first is None or first <= h.last or first - h.last > window or f.sentence_of(first) != sent:
            continue
        if any(i in service for i in range(h.first, first)):
            return None
        if first > 0 and f.stream.lemmas[first - 1] in ("по", "па"):
            return None
        if first > 0 and f.stream.lemmas[first - 1] in PLACE_PREPOSITIONS:
            continue  # «департамент … в Смоленске»: a location, not the owner
        return m
    return None


REGIONAL_ADJECTIVES = frozenset({"областной", "краевой", "региональный", "окружной", "обласны", "абласны", "рэгіянальны",
                                  "regional", "oblast", "provincial"})
# A title that heads an organisation of its own («президент федерации футбола», «президент компании»): not a head of state.
ORGANISATION_HEADS = frozenset({"президент", "president", "прэзідэнт"})
ORGANISATIONS = frozenset({"федерация", "клуб", "компания", "ассоциация", "палата", "союз", "академия", "фонд", "банк",
                           "группа", "корпорация", "холдинг", "концерн", "общество", "лига", "университет", "федэрацыя",
                           "federation", "club", "company", "association", "chamber", "academy", "bank", "group", "league"})
# Adjectives that name a national actor only when used as a noun («военные провели учения», not «военная песня»).
SUBSTANTIVISED = frozenset({"военный", "military"})


def _regional_before(f: Field, h: Hit) -> str | None:
    """A national-looking title owned by a region named just before it: a regional adjective («областное
    правительство», «regional government») or, in English word order, the region itself («Leningrad Oblast
    Government»)."""
    if h.first == 0 or f.sentence_of(h.first - 1) != f.sentence_of(h.first):
        return None
    if f.stream.lemmas[h.first - 1] in REGIONAL_ADJECTIVES:
        return "regional adjective before the title"
    word = f.stream.words[h.first]
    if word.isascii():
        m = _region_before(f, h) or (_region_before_token(f, h.first - 1))
        if m is not None:
            return f"region {m.code} before the title"
    return None


HEAD_OF_STATE = frozenset({"президент", "прэзідэнт", "president"})


def _head_of_state_after(f: Field, h: Hit) -> bool:
    """A local-looking title owned by the head of state («глава администрации президента», «Administration of the
    President»): a national office."""
    s = f.stream
    for j in range(h.last + 1, min(len(s.lemmas), h.last + 3)):
        if f.sentence_of(j) != f.sentence_of(h.first):
            return False
        if s.lemmas[j] in HEAD_OF_STATE:
            return True
        if s.words[j].lower() not in ("of", "the"):
            return False
    return False


def _region_before_token(f: Field, token: int) -> RegionMention | None:
    """A region mention ending right before `token` («Minsk Oblast First Deputy Governor» skips one word)."""
    if token <= 0:
        return None
    end = f.stream.ends[token - 1]
    return next((m for m in f.regions if m.end == end), None)


def _national_actor(f: Field, h: Hit) -> bool:
    """Whether a national-level title stands for a national actor here, not for a named place, another
    organisation's head or an adjective."""
    s = f.stream
    lemma = s.lemmas[h.first]
    nxt = h.last + 1
    same = nxt < len(s.lemmas) and f.sentence_of(nxt) == f.sentence_of(h.first) \
        and not s.text[s.ends[h.last]:s.starts[nxt]].strip()
    if lemma in ("кремль", "kremlin", "крэмль") and h.first > 0 and f.sentence_of(h.first - 1) == f.sentence_of(h.first):
        before = s.words[h.first - 1]
        prev_surface = s.text[s.starts[h.first - 1]:s.ends[h.first - 1]]
        if prev_surface[:1].isupper() and before not in ("в", "из", "на") and not s.numbers[h.first - 1] \
                and s.text[s.ends[h.first - 1]:s.starts[h.first]].strip() == "":
            return False  # «Казанский Кремль», «Псковский кремль»: a landmark of a city
    if lemma in ORGANISATION_HEADS and h.first == h.last:
        for j in range(nxt, min(nxt + 2, len(s.lemmas))):
            if f.sentence_of(j) == f.sentence_of(h.first) and s.lemmas[j] in ORGANISATIONS:
                return False
    if h.first == h.last and (lemma in SUBSTANTIVISED or lemma.startswith("ваенн")) and same:
        nw = s.words[nxt]
        if nw.isalpha() and nw.islower() and ("NOUN" in _tags(nw) or nw.isascii()):
            return False  # «военная песня», «military exercises»: an adjective, not the military acting
    return True


def _token_at(f: Field, start: int) -> int | None:
    from bisect import bisect_left

    i = bisect_left(f.stream.starts, start)
    return i if i < len(f.stream.starts) and f.stream.starts[i] == start else None


def _third_after(f: Field, h: Hit, window: int) -> bool:
    marks = f.tokens_of("third_party")
    sent = f.sentence_of(h.first)
    return any(i in marks and f.sentence_of(i) == sent for i in range(h.last + 1, h.last + 1 + window))


def _ownerless(f: Field, h: Hit, country: str) -> bool:
    """A government named without an owner: no country or region within two words either side, and no
    national adjective before it («правительства» alone, not «правительства России», «российское правительство»)."""
    marks = {i for c in f.hits_of(country) for i in range(c.first, c.last + 1)}
    sent = f.sentence_of(h.first)
    near = range(max(0, h.first - 2), min(len(f.stream.lemmas), h.last + 3))
    if any(i in marks and f.sentence_of(i) == sent for i in near):
        return False
    lo, hi = f.stream.starts[near.start], f.stream.ends[near.stop - 1]
    return not any(lo <= m.start < hi for m in f.regions)


def _mentioned_office(f: Field, h: Hit) -> bool:
    """A head-of-state title in an oblique case, with no name after it, in Russian: the office is mentioned
    («на пост президента», «отношения между президентами»), nobody in it acts. A name after it («с президентом
    Александром Лукашенко») or a nominative («президенты подписали») is someone acting."""
    if f.stream.lang != "ru" or h.first != h.last:
        return False
    word = f.stream.words[h.first]
    return bool(word) and not word.isascii() and not (_tags(word) & SUBJECT_CASES) and not _individual(f, h)


def _quoted(f: Field, h: Hit, skip_one: bool = False) -> bool:
    """The noun is followed by a quoted name («команда «Динамо»»), with `skip_one` perhaps after one word
    («местной командой «Динамо»», «команды ФК «Неман»»)."""
    s = f.stream
    tail = s.text[s.ends[h.last] : s.ends[h.last] + 3].lstrip()
    if tail[:1] in "«\"„“":
        return True
    nxt = h.last + 1
    if skip_one and nxt < len(s.lemmas) and f.sentence_of(nxt) == f.sentence_of(h.first):
        return s.text[s.ends[nxt] : s.ends[nxt] + 3].lstrip()[:1] in "«\"„“"
    return False


def _named(f: Field, h: Hit) -> bool:
    """The title or organisation noun is followed by a quoted name or by a full personal name."""
    return _quoted(f, h) or _individual(f, h)


def _individual(f: Field, h: Hit) -> bool:
    """A citizen acts as a person: a full name follows («ветеран Иван Петров», «жительница Витебска Ольга Т.»)
    (a bare «покупатель», «жители» is a category of people, not a person who acts)."""
    s = f.stream
    sent = f.sentence_of(h.first)
    caps = 0
    for j in range(h.last + 1, min(len(s.lemmas), h.last + 5)):
        if f.sentence_of(j) != sent and s.text[s.ends[j - 1] : s.starts[j]].strip() not in (".", ""):
            break
        surface = s.text[s.starts[j] : s.ends[j]]
        caps = caps + 1 if surface[:1].isupper() and not s.numbers[j] else 0
        if caps >= 2:
            return True
    return False


# People who act for an organisation: «руководители предприятий», «представители бизнеса», «директора школ».
REPRESENTATIVES = frozenset({"представитель", "руководитель", "директор", "глава", "член", "делегация", "прадстаўнік",
                             "кіраўнік", "дырэктар", "representative", "head", "director", "member", "delegation"})
REPRESENTED_REACH = 4


def _represented(f: Field, h: Hit) -> bool:
    """An organisation named through the people who represent it in the event takes part in it (CODEBOOK:
    everyone who takes part is coded, delegation members included): a representative noun a few words before,
    in the same clause («руководители ведущих промышленных предприятий»)."""
    s = f.stream
    sent = f.sentence_of(h.first)
    for j in range(max(0, h.first - REPRESENTED_REACH), h.first):
        if f.sentence_of(j) == sent and s.lemmas[j] in REPRESENTATIVES:
            gap = s.text[s.ends[j]:s.starts[h.first]]
            if not any(ch in gap for ch in ";:—–()."):
                return True  # a comma may join a list of what they lead («руководители предприятий, учреждений»)
    return False


def _acting_group(f: Field, h: Hit) -> bool:
    """People as the subject of a clause act («болельщики требуют», «водители стоят в очереди»); in an oblique case
    they are only those a measure concerns («для жителей», «жителям области»). Russian case is read from the
    word; Belarusian and English words are taken as acting only in the plural subject position at a clause start."""
    s = f.stream
    word = s.words[h.last]
    if f.stream.lang == "be" or word.isascii():
        if h.first == 0 or f.sentence_of(h.first - 1) != f.sentence_of(h.first):
            return True
        return bool(s.text[s.ends[h.first - 1]:s.starts[h.first]].strip(" "))
    tags = _tags(word)
    return "nomn" in tags and "plur" in tags


@lru_cache(maxsize=50_000)
def _tags(word: str) -> frozenset[str]:
    return frozenset(parse_tags(word))


# «…», – рассказала Ольга Т. (a quotation), or dialogue without quotation marks: «…, – рассказал Николай Б.» —
# after a comma or a sentence mark the dash must lead into a verb of speech, so an appositive dash is not read.
ATTRIBUTION = re.compile(r"[»\"“],?\s*[–—-]\s*([^.!?\n]{3,160})"
                         r"|[,!?…]\s*[–—]\s*((?:рассказ|сказа|говор|отмеча|делит|делятся|призна|вспомина|поясня|добав"
                         r"|уточня|жалу|улыба)[а-яё]*\s[^.!?\n]{3,120})")
FULL_NAME = re.compile(r"\b[А-ЯЁІЎ][а-яёіў]+(?:\s+[А-ЯЁІЎ][а-яёіў]+|\s+[А-ЯЁІЎ]\.)")


TITLE_REACH = 80


def _titled_elsewhere(text: str, name: str, titled: list[tuple[int, int]]) -> bool:
    """The person's surname (or first name) appears elsewhere within reach after a title or organisation."""
    parts = [p for p in re.split(r"\s+", name) if len(p) > 2]
    for part in parts:
        stem = part[: max(4, len(part) - 2)]
        for m in re.finditer(re.escape(stem), text):
            if any(a <= m.start() <= a + TITLE_REACH or b - TITLE_REACH <= m.start() <= b for a, b in titled):
                return True
    return False


def _unaffiliated_speakers(doc: Doc) -> list[Evidence]:
    """«…», – рассказала Ольга Т.: a quoted speaker (or one who speaks after a dialogue dash) named without any
    title or organisation is a citizen."""
    f = doc.text
    s = f.stream
    out: list[Evidence] = []
    titled = [(s.starts[h.first], s.ends[h.last]) for h in f.hits if h.dictionary in ("actors", "regionalisable")]
    for m in ATTRIBUTION.finditer(s.text):
        start, end = m.span(1) if m.group(1) is not None else m.span(2)
        name = FULL_NAME.search(s.text, start, end)
        if name is None:
            continue
        if any(start <= a < end for a, _ in titled):
            continue
        if any(r.start >= start and r.end <= end for r in f.regions):
            continue
        if _titled_elsewhere(s.text, name.group(), titled):
            continue  # «губернатор Александр Богомаз» earlier: the quoted official, not a citizen
        out.append(Evidence("actors", "CIT", name.start(), name.end(), "«…» – Имя Фамилия", "unaffiliated speaker", "text",
                            s.text[name.start() : name.end()]))
    return out


def code_actors(doc: Doc) -> tuple[list[str], list[Evidence]]:
    rule = doc.codebook.rule("actors")
    dictionary = rule.get("dictionary", "actors")
    reg_dict = rule.get("regionalisable", "regionalisable")
    window = int(rule.get("region_window", 4))
    third_window = int(rule.get("third_party_window", 4))
    min_count: dict[str, int] = rule.get("min_count", {})
    individual_labels = set(rule.get("individual_labels", []))
    case_labels = set(rule.get("case_labels", []))
    oblique = float(rule.get("oblique_weight", 1.0))
    named_only = set(rule.get("named_only", []))
    country = str(doc.codebook.rule("union").get("sides", "country"))
    quoted_only = set(rule.get("quoted_only", []))
    mentioned_heads = set(rule.get("mentioned_heads", []))
    bare_bodies = set(rule.get("bare_bodies", []))
    bare: list[tuple[float, Evidence]] = []
    counts: dict[str, float] = {}
    evidence: list[Evidence] = []
    regional_titles: dict[str, str] = {}
    for f in doc.fields:
        service = {h.first for h in f.hits if h.dictionary == reg_dict and h.label == "NATIONAL_SERVICE"}
        gov = [h for h in f.hits if h.dictionary == reg_dict and h.label == "GOV"]
        absent = {h.first for h in f.hits if h.dictionary == "origin" and h.label == "ABSENT"}
        city_organs = {h.first for h in f.hits if h.dictionary == reg_dict and h.label == "CITY_ORGAN"}
        actor_hits = _longest([h for h in f.hits if h.dictionary == dictionary])
        covered = {i for h in actor_hits for i in range(h.first, h.last + 1)}
        gov_starts = {h.first for h in gov}
        actor_hits += [h for h in gov if h.first not in covered]
        for h in sorted(actor_hits, key=lambda h: h.first):
            label, how = h.label, "dictionary"
            if _third_after(f, h, third_window) or any(i in absent for i in range(h.first - 2, h.first)):
                continue  # a third country's official; «без губернаторов» — absent, not acting
            if label in ("REG", "LOC") and _head_of_state_after(f, h):
                label, how = "FED", "title of the head of state's office"  # «глава администрации президента»
            elif label == "REG" and any(i in service for i in range(h.last + 1, h.last + 3)):
                label, how = "FED", "regional office of a national body"  # «областное управление Фонда соцзащиты»
            elif label == "LOC" and h.first in city_organs:
                # «Минский горисполком», «мэр Москвы»: the organ of a city that is itself a region
                owner = _region_before(f, h) or _region_into(f, h) or _region_after(doc, f, h, window, service)
                if owner is not None and owner.code in _city_regions():
                    label, how = "REG", f"city region {owner.code}"
            if label == "GOV" or (label == "FED" and h.first in gov_starts):
                region = _region_after(doc, f, h, window, service)
                if region is not None:
                    label = "LOC" if region.rule in LOCAL_REGION_RULES else "REG"
                    how = f"title+region {region.code}"
                    regional_titles[f.stream.lemmas[h.first]] = label
                elif (owner_how := _regional_before(f, h)) is not None:
                    label, how = "REG", owner_how  # «областное правительство», «Leningrad Oblast Government»
                    regional_titles[f.stream.lemmas[h.first]] = label
                elif f.stream.lemmas[h.first] in regional_titles:
                    # «Министерство … Челябинской области» … «министерство сообщило»: the same body again
                    label, how = regional_titles[f.stream.lemmas[h.first]], "same title as a regional body above"
                elif label == "GOV":
                    continue
            if label == "FED" and not _national_actor(f, h):
                continue  # «Казанский Кремль», «президент федерации футбола», «военная песня»: not a national actor
            if label in individual_labels and not _individual(f, h) and not _acting_group(f, h):
                continue
            if h.pattern in quoted_only and not _quoted(f, h, skip_one=True):
                continue  # «команда губернатора»: a team is a sports club only with its name («команда «Динамо»»)
            if h.pattern in named_only and not (_named(f, h) or _represented(f, h)):
                continue  # «в школах области», «эксперты считают»: a kind of institution or person, not one who acts
            weight = 1.0
            if label in case_labels and _represented(f, h):
                weight = float(min_count.get(label, 1))  # «руководители предприятий», «представители вузов»: they take part
                how = "represented"
            elif label in case_labels and _named(f, h):
                weight = float(min_count.get(label, 1))  # «ОАО «Гродно Азот»», «доцент Иван Петров»: named, so acting
                how = "named"
            elif label in case_labels and f.stream.lang != "be" and not (_tags(f.stream.words[h.last]) & SUBJECT_CASES):
                weight = oblique  # «для предприятий», «в школе»: named in passing, not acting
            elif h.pattern in mentioned_heads and _mentioned_office(f, h):
                weight = oblique  # «на пост президента», «политика наших президентов»: the office named, nobody acts
            if label in ("REG", "LOC") and h.last > h.first:
                # «областное правительство» … «правительство сообщило»: the bare title later is the same regional body
                for i in range(h.first, h.last + 1):
                    if i in gov_starts:
                        regional_titles.setdefault(f.stream.lemmas[i], label)
            if label == "FED" and h.pattern in bare_bodies and _ownerless(f, h, country):
                bare.append((weight, doc.evidence("actors", label, f, h.first, h.last, h.pattern, how)))
                continue
            counts[label] = counts.get(label, 0) + weight
            evidence.append(doc.evidence("actors", label, f, h.first, h.last, h.pattern, how))
    for weight, e in bare:
        # «председатель правительства Юрий А.» in a story about a governor: the regional government; with no
        # regional body in the text, the bare government is the national one
        label = "REG" if counts.get("REG", 0) >= float(min_count.get("REG", 1)) else "FED"
        counts[label] = counts.get(label, 0) + weight
        evidence.append(Evidence(e.variable, label, e.start, e.end, e.pattern,
                                 "bare title in a regional story" if label == "REG" else e.rule, e.field, e.surface))
    if rule.get("unaffiliated_speakers", False):
        for e in _unaffiliated_speakers(doc):
            counts["CIT"] = counts.get("CIT", 0) + float(min_count.get("CIT", 1))
            evidence.append(e)
    labels = sorted(k for k, n in counts.items() if n >= float(min_count.get(k, 1)))
    return labels, [e for e in evidence if e.value in labels]
