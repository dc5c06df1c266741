"""Substantive vs protocol: figures with units, named enterprises and products, provisions, problems.

A number is a figure when a unit follows it within a few tokens (тонн, млн
долларов, единиц техники, %) and no attendance or calendar word does
(участников, человек, год), so «120 комбайнов» counts and «200 участников»
or «в 2027 году» do not. Numbers that are not substance by their form are never
figures: dates and times («19.12.2024», «12:06», «в 10.00»), numbers glued to a
clock or a date, ordinals («35-й»), numbers after «№». A magnitude word does not
make a count of people a figure («2 тысячи делегатов»), and a bare number counts
only before a noun (Russian grammar tells «300 тракторов» from «в 12.00 состоится»). A named enterprise or product is either in the
enterprise dictionary or an organisation noun followed by a quoted name
(«завод "Гомсельмаш"», «проект «…»»). Provision verbs (предусматривает,
откроет, поставит) add weaker evidence. A counted problem is a real
discussion of problems and makes the text substantive.
"""

from __future__ import annotations

import re
from functools import lru_cache

from regionlens.coding.context import Doc, Evidence, Field
from regionlens.text.morph_ru import parse_tags

QUOTES = "«\"„“"
YEAR_MIN, YEAR_MAX = 1900, 2100
CLOCK = re.compile(r"^\d{1,2}[.:]\d{2}$")
DATE_TOKEN = re.compile(r"^\d{1,4}[./]\d{1,2}[./]\d{1,4}$")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CODE_TAIL = re.compile(r"[A-Za-z]+\d")  # «0bf3…»: letters and digits again, a hash or a code
MAGNITUDES = frozenset({"тыс", "тысяча", "млн", "миллион", "млрд", "миллиард", "тысяч", "тыс.", "мільён", "мільярд"})


@lru_cache(maxsize=50_000)
def _is_noun(word: str) -> bool:
    tags = parse_tags(word)
    return not tags or "NOUN" in tags or "LATN" in tags or "UNKN" in tags


def _not_a_figure(text: str, word: str, start: int, end: int) -> bool:
    """Numbers that are dates, times, ordinals or numbers of an item by their written form alone."""
    if DATE_TOKEN.match(word) or (CLOCK.match(word) and int(re.split("[.:]", word)[0]) <= 24
                                  and int(re.split("[.:]", word)[1]) < 60 and "," not in word):
        return True
    after = text[end:end + 2]
    before = text[max(0, start - 2):start]
    if (after[:1] == ":" and after[1:2].isdigit()) or (before[-1:] == ":" and before[:1].isdigit()):
        return True  # 12:06 split by the tokenizer
    if after[:1] != "" and after[:1] in "-–" and after[1:2].isalpha():
        return True  # 35-й, 2024-го
    if (before[-1:] != "" and before[-1:] in "/=_#") or CODE_TAIL.match(text, end):
        return True  # «…/0bf3…» in a link: a number inside an address or a code names, not counts
    if any(m.start() <= start < m.end() for m in ISO_DATE.finditer(text, max(0, start - 8), end + 6)):
        return True  # «2026-01-05»
    return before.strip().endswith("№")


def _year(word: str) -> bool:
    return word.isdigit() and len(word) == 4 and YEAR_MIN <= int(word) <= YEAR_MAX


def _counted_noun(text: str, num_end: int, word_start: int, word: str) -> bool:
    """«30 кг», «410 комбайнов»: only spaces between, not a time, ordinal or preposition («9.30, зал», «35-я», «9 по»)."""
    gap = text[num_end:word_start]
    # a capitalised word after a number starts a caption or a heading («26 Фото», «29 Подписание»), and a long
    # gap is blanked furniture between them
    return not gap.strip() and len(gap) <= 2 and len(word) >= 3 and text[word_start:word_start + 1].islower()


def _capitalised_inside(f: Field, token: int) -> bool:
    """A capitalised word that does not open its sentence or line: part of a name."""
    s = f.stream
    word = s.text[s.starts[token]:s.ends[token]]
    if not word[:1].isupper() or word.isupper() or token == 0:
        return False
    gap = s.text[s.ends[token - 1]:s.starts[token]]
    return f.sentence_of(token - 1) == f.sentence_of(token) and not any(ch in gap for ch in "\n:—–-«\"“„")


def code_substantive(doc: Doc, union: int, problem: int) -> tuple[int, list[Evidence]]:
    if not union:
        return 0, []
    rule = doc.codebook.rule("substantive")
    name = rule.get("dictionary", "substantive")
    window = int(rule.get("unit_window", 2))
    signs = tuple(rule.get("percent_signs", ["%"]))
    score = 0.0
    evidence: list[Evidence] = []
    for f in doc.fields:
        s = f.stream
        units = {h.first: h for h in f.hits if h.dictionary == name and h.label == "UNIT"}
        not_units = {h.first for h in f.hits if h.dictionary == name and h.label == "NOT_UNIT"}
        numwords = {h.first for h in f.hits if h.dictionary == name and h.label == "NUMWORD"}
        for i in range(len(s.lemmas)):
            is_num = s.numbers[i]
            if not (is_num or i in numwords):
                continue
            if is_num and (_year(s.words[i]) or _not_a_figure(s.text, s.words[i], s.starts[i], s.ends[i])):
                continue
            after = s.text[s.ends[i] : s.ends[i] + 3].lstrip()
            before = s.text[max(0, s.starts[i] - 2) : s.starts[i]].rstrip()
            if is_num and (after.startswith(signs) or before.endswith(signs)):
                score += 1.0
                evidence.append(doc.evidence("substantive", 1, f, i, i, "number+sign", "figure"))
                continue
            nxt = [j for j in range(i + 1, min(len(s.lemmas), i + 1 + window)) if f.sentence_of(j) == f.sentence_of(i)]
            if not nxt or any(j in not_units for j in nxt):
                continue
            unit = next((units[j] for j in nxt if j in units), None)
            if unit is not None and s.lemmas[unit.first] in MAGNITUDES:
                # «2 тысячи делегатов»: the magnitude counts whatever follows it
                after_unit = [j for j in range(unit.last + 1, min(len(s.lemmas), unit.last + 3))
                              if f.sentence_of(j) == f.sentence_of(i)]
                if any(j in not_units for j in after_unit):
                    continue
            if unit is not None:
                score += 1.0
                evidence.append(doc.evidence("substantive", 1, f, i, unit.last, f"число {unit.pattern}", "figure"))
            elif is_num and _counted_noun(s.text, s.ends[i], s.starts[nxt[0]], s.words[nxt[0]]) and not s.numbers[nxt[0]] \
                    and s.words[i].isdigit() and (doc.lang == "be" or _is_noun(s.words[nxt[0]])):
                # digits before any counted noun that is not a calendar or attendance word
                score += 1.0
                evidence.append(doc.evidence("substantive", 1, f, i, nxt[0], "число + существительное", "figure"))
        for h in f.hits:
            if h.dictionary != name:
                continue
            if h.label == "UNIT" and s.lemmas[h.first] in MAGNITUDES and not (h.first > 0 and s.numbers[h.first - 1]) \
                    and h.first - 1 not in numwords:
                # «почти миллиард долларов», «сотни тысяч тонн»: a magnitude of a measured unit, written in words
                unit = next((units[j] for j in (h.last + 1, h.last + 2) if j in units and s.lemmas[j] not in MAGNITUDES
                             and f.sentence_of(j) == f.sentence_of(h.first)), None)
                if unit is not None and not any(j in not_units for j in range(h.last + 1, unit.last + 1)):
                    score += 1.0
                    evidence.append(doc.evidence("substantive", 1, f, h.first, unit.last, f"{h.pattern} {unit.pattern}", "figure"))
                continue
            if h.label == "ENTERPRISE":
                score += 1.0
                evidence.append(doc.evidence("substantive", 1, f, h.first, h.last, h.pattern, "enterprise"))
            elif h.label == "ORG_NOUN":
                tail = s.text[s.ends[h.last] : s.ends[h.last] + 3].lstrip()
                word = s.text[s.starts[h.first]:s.ends[h.first]]
                if tail[:1] in QUOTES or (word[:1].isupper() and word.isascii() and _capitalised_inside(f, h.first)):
                    score += 1.0
                    evidence.append(doc.evidence("substantive", 1, f, h.first, h.last, h.pattern, "named"))
            elif h.label == "PROVISION" and _capitalised_inside(f, h.first):
                continue  # «Пастаўскі раён» matched by the glob of «пастаўка»: a proper name, not a provision
            elif h.label == "PROVISION":
                w = float(rule.get("provision_weight", 0.5)) * h.weight
                score += w
                evidence.append(doc.evidence("substantive", 1, f, h.first, h.last, h.pattern, f"provision +{w:g}"))
    if problem and rule.get("problem_counts", True):
        # a counted problem is a real discussion of the relation's problems; `problem_weight` below the threshold
        # makes it one piece of evidence among others rather than enough alone
        score += float(rule.get("problem_weight", rule.get("threshold", 1.0)))
        evidence.append(Evidence("substantive", 1, 0, 0, "", "problem discussed", "text", ""))
    if score >= float(rule.get("threshold", 1.0)):
        return 1, evidence
    return 0, []
