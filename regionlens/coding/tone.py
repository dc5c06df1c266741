"""Problem and tone: problems that count, evaluative language, and which of them dominates.

A problem word counts unless it is negated («без проблем», «никаких
барьеров»), sits in a sentence that denies it («санкции не повлияли на
сотрудничество»), or shares its sentence with a third party (a barrier set
by Lithuania is not a problem of the Russia–Belarus relation). Tone weighs
positive evaluations against counted problems and negative evaluations;
solution words offset part of the problems, which is how «problem plus
solution» comes out balanced (0) rather than negative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from regionlens.coding.context import NEGATION, Doc, Evidence, Field, Hit
from regionlens.coding.genre import paragraph_spans

# «вдвое», «втрое», «в два раза», «удвоить»: a multiple is a figure even without digits
MULTIPLES = frozenset({"вдвое", "втрое", "вчетверо", "раз", "удвоить", "утроить", "удвоиться", "утроиться",
                       "удвоение", "ўдвая", "удвая", "утрая", "разы", "разоў", "double", "doubled", "twice", "triple"})


@dataclass(slots=True)
class ProblemResult:
    value: int
    score: float
    evidence: list[Evidence]
    sentences: set[tuple[str, int]] = field(default_factory=set)


def denied_paragraphs(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of question/claim paragraphs answered by a denial, and of the denying answers."""
    openers = doc.codebook.denial_openers
    text = doc.text.stream.text
    pars = paragraph_spans(text)
    out: list[tuple[int, int]] = []
    for (a, b), (c, d) in zip(pars, pars[1:], strict=False):
        answer = text[c:d].lstrip(" \t—–-").lower().replace("ё", "е")
        for op in openers:
            if answer.startswith(op) and not answer[len(op) : len(op) + 1].isalpha():
                out += [(a, b), (c, d)]
                break
    return out


def _protocol(doc: Doc, f: Field, h: Hit, spec: dict[str, Any]) -> bool:
    """A generic problem word framed as an agenda item: a protocol cue shortly before it, same clause."""
    if not spec or h.pattern not in spec.get("generic", ()):
        return False
    return doc.cue_before(f, h, str(spec.get("dictionary", "protocol_problem")), int(spec.get("window", 4)))


def _covered(f: Field, dictionary: str) -> set[int]:
    """Every token inside a hit of `dictionary` («в свою очередь», «возрастное ограничение 6+»)."""
    return {i for h in f.hits_of(dictionary) for i in range(h.first, h.last + 1)} if dictionary else set()


def _near(f: Field, h: Hit, dictionary: str, window: int) -> bool:
    """A hit of `dictionary` within `window` tokens on either side of `h`, in its sentence («снижение тарифа»,
    «цены снизились»)."""
    if not dictionary:
        return False
    marks = f.tokens_of(dictionary)
    sent = f.sentence_of(h.first)
    return any(i in marks and f.sentence_of(i) == sent
               for i in range(max(0, h.first - window), h.last + window + 1) if not h.first <= i <= h.last)


def _outside(doc: Doc, f: Field, h: Hit, dictionary: str) -> bool:
    """The problem sits in a sentence about challenges from outside («внешние вызовы», «давление Запада»)."""
    if not dictionary:
        return False
    sent = f.sentence_of(h.first)
    return any(f.sentence_of(i) == sent for i in f.tokens_of(dictionary))


def code_problem(doc: Doc, union: int) -> ProblemResult:
    rule = doc.codebook.rule("problem")
    name = rule.get("dictionary", "problem")
    protocol = rule.get("protocol") or {}
    weights: dict[str, float] = rule.get("labels", {})
    third = bool(rule.get("third_party_excludes", True))
    generic = set(protocol.get("generic", ()))
    void_name = str(rule.get("void", ""))
    burden = rule.get("burden") or {}
    decline_labels = set(burden.get("labels", ()))
    outside = str(rule.get("outside", ""))
    score = 0.0
    evidence: list[Evidence] = []
    voided: list[Evidence] = []
    sentences: set[tuple[str, int]] = set()
    answered = denied_paragraphs(doc)
    covered = {f.name: _covered(f, void_name) for f in doc.fields}
    counted: dict[str, set[int]] = {f.name: set() for f in doc.fields}
    for f, h in doc.hits(name):
        w = float(weights.get(h.label, 1.0)) * h.weight
        if w <= 0:
            continue
        why = None
        start = f.stream.starts[h.first]
        if h.first in covered[f.name]:
            why = "idiom or page furniture"  # «в свою очередь», «возрастное ограничение 6+»
        elif f.name == "title" and h.pattern in generic:
            why = "generic word in the title"  # «Союзное государство: проблемы и перспективы» names no problem
        elif h.label in decline_labels and _near(f, h, str(burden.get("dictionary", "")), int(burden.get("window", 3))):
            why = "a cut of a cost"  # «снижение тарифа», «доля импорта упала»: a burden falls, nothing declines
        elif f.name == "text" and any(a <= start < b for a, b in answered):
            why = "denied in the answer"
        elif doc.negated(f, h):
            why = "negated"
        elif doc.denied(f, h):
            why = "denied"
        elif third and doc.third_party_sentence(f, h):
            why = "third-party"
        elif _outside(doc, f, h, outside):
            why = "threat from outside"
        elif _protocol(doc, f, h, protocol):
            why = "protocol agenda item"
        if why is not None:
            voided.append(doc.evidence("problem", 0, f, h.first, h.last, h.pattern, why))
            continue
        span = set(range(h.first, h.last + 1))
        if span & counted[f.name]:
            continue  # «запрет на ввоз» inside «ввести запрет на ввоз»: one phrase, one problem
        counted[f.name] |= span
        w *= doc.intensity(f, h)
        score += w
        sentences.add((f.name, f.sentence_of(h.first)))
        evidence.append(doc.evidence("problem", 1, f, h.first, h.last, h.pattern, f"{h.label} +{w:g}"))
    value = 1 if union and score >= float(rule.get("threshold", 1.0)) else 0
    return ProblemResult(value, score if union else 0.0, evidence if value else voided, sentences)


def _first_token(f: Field, start: int) -> int:
    from bisect import bisect_left

    return min(bisect_left(f.stream.starts, start), max(len(f.stream.starts) - 1, 0))


def _measured_growth(f: Field, h: Hit) -> bool:
    """«товарооборот вырос на 14 %», «поставки выросли вдвое»: growth stated with a figure in its sentence is an
    achievement reported with approval (tone +1 by the adjudication rules); a bare «рост» or «развитие» is not."""
    s = f.stream
    sent = f.sentence_of(h.first)
    lo, hi = h.first, h.last
    while lo > 0 and f.sentence_of(lo - 1) == sent:
        lo -= 1
    while hi + 1 < len(s.lemmas) and f.sentence_of(hi + 1) == sent:
        hi += 1
    return any(s.numbers[i] for i in range(lo, hi + 1)) or any(
        s.lemmas[i] in MULTIPLES for i in range(lo, hi + 1))


def _steady(f: Field, h: Hit, dictionary: str) -> bool:
    """«конкурс ежегодно растёт», «товарооборот продолжает расти»: growth stated as a lasting trend."""
    if not dictionary:
        return False
    sent = f.sentence_of(h.first)
    return any(f.sentence_of(i) == sent for i in f.tokens_of(dictionary))


def _reciprocal(f: Field, h: Hit) -> bool:
    """«друг друга», «друг другу», «друг с другом»: the reciprocal pronoun repeats its first word."""
    lemmas = f.stream.lemmas
    word = lemmas[h.first]
    return any(0 <= j < len(lemmas) and lemmas[j] == word for j in (h.first - 2, h.first - 1, h.last + 1, h.last + 2))


def _proper_name(f: Field, h: Hit) -> bool:
    """A Cyrillic evaluative word written with a capital inside a sentence is part of a name («Курган Дружбы»,
    «Дружба» the pipeline, «Надежда» the fund); the first word of a sentence or a line may be capitalised anyway."""
    s = f.stream
    word = s.text[s.starts[h.first]:s.ends[h.first]]
    if not word[:1].isupper() or not ("а" <= word[:1].lower() <= "я" or word[:1].lower() in "ёіў"):
        return False
    if h.first == 0 or f.sentence_of(h.first - 1) != f.sentence_of(h.first):
        return False
    gap = s.text[s.ends[h.first - 1]:s.starts[h.first]]
    return not any(ch in gap for ch in ":;—–-\n") and not word.isupper()


@dataclass(slots=True)
class ToneBalance:
    """The weights tone is decided from, kept apart from the decision so they can be inspected and tested.

    `pos` sums every positive cue, `strong` only full-weight evaluations; `neg` is negative evaluations plus
    the counted problems, `sol` the solution words that offset part of them."""

    pos: float = 0.0
    strong: float = 0.0
    neg: float = 0.0
    sol: float = 0.0
    pos_ev: list[Evidence] = field(default_factory=list)
    neg_ev: list[Evidence] = field(default_factory=list)


def tone_balance(doc: Doc, problem: ProblemResult) -> ToneBalance:
    """Weigh the positive cues, negative cues, counted problems and solution words of a text."""
    rule = doc.codebook.rule("tone")
    names = rule.get("dictionaries") or [rule.get("dictionary", "tone")]
    pos_label, neg_label, sol_label = rule.get("positive", "POS"), rule.get("negative", "NEG"), rule.get("solution", "SOLUTION")
    pos = neg = sol = strong = 0.0
    pos_ev: list[Evidence] = []
    neg_ev: list[Evidence] = []
    hits = [fh for name in names for fh in doc.hits(name)]
    context = rule.get("positive_context") or []
    about: set[tuple[str, int]] = set()
    for name in context:
        about |= {(f.name, f.sentence_of(h.first)) for f, h in doc.hits(name)}
    if context:
        for f in doc.fields:
            about |= {(f.name, f.sentence_of(_first_token(f, m.start))) for m in f.regions}
    title_weight = float(rule.get("title_weight", 1.0))
    aim = str(rule.get("aim_dictionary", ""))
    aim_window = int(rule.get("aim_window", 4))
    weak_weight = float(rule.get("aim_weight", 0.4))
    growth_label = str(rule.get("growth", "GROWTH"))
    growth_weight = float(rule.get("growth_weight", 1.0))
    steady = f"{rule.get('growth_context', '')}"
    burden = str(rule.get("growth_burden", ""))
    repeat = int(rule.get("weak_repeat", 0))
    seen_weak: dict[str, int] = {}
    for f, h in hits:
        w = h.weight * doc.intensity(f, h) * (title_weight if f.name == "title" else 1.0)
        if h.label == growth_label:
            if not (_measured_growth(f, h) or _steady(f, h, steady)) or doc.negated(f, h) \
                    or _near(f, h, burden, 4):
                continue  # «цены на газ выросли на 20 %»: a growing burden is no achievement
            w *= growth_weight
            h = h._replace(label=pos_label, weight=1.0)
        if h.label == pos_label and h.weight < 1.0 and repeat:
            key = f.stream.lemmas[h.first]
            seen_weak[key] = seen_weak.get(key, 0) + 1
            if seen_weak[key] > repeat:
                continue  # «совместный … совместный … совместный»: warmth repeated in a long text is not more praise
        if h.label == pos_label:
            start = f.stream.starts[h.first]
            if start > 0 and f.stream.text[start - 1] in "«\"„“":
                continue  # «Лучший проект года»: the first word of a quoted name, not an evaluation
            if context and f.name == "text" and (f.name, f.sentence_of(h.first)) not in about:
                continue  # «рост цен»: praise counts only in sentences about the cooperation
            if _reciprocal(f, h):
                continue  # «друг друга», «друг с другом»: a pronoun, not a friend
            if _proper_name(f, h):
                continue  # «Курган Дружбы», нефтепровод «Дружба»: a capitalised word inside a sentence names, not praises
            if aim and doc.cue_before(f, h, aim, aim_window):
                # «договорились укрепить сотрудничество», «задача форума — укрепление связей»: an aim, not an evaluation
                w = min(w, weak_weight)
            if doc._before(f, h, NEGATION, int(rule.get("positive_negation_window", 1))):
                neg += w
                neg_ev.append(doc.evidence("tone", -1, f, h.first, h.last, h.pattern, "negated positive"))
            else:
                pos += w
                if h.weight >= 1.0:
                    strong += w
                pos_ev.append(doc.evidence("tone", 1, f, h.first, h.last, h.pattern, f"positive +{w:g}"))
        elif h.label == neg_label and not doc.negated(f, h):
            neg += w
            neg_ev.append(doc.evidence("tone", -1, f, h.first, h.last, h.pattern, f"negative +{w:g}"))
        elif h.label == sol_label:
            sol += w
    title_problems = sum(1 for e in problem.evidence if e.value == 1 and e.field == "title")
    neg += (problem.score + (title_weight - 1.0) * title_problems) * float(rule.get("problem_weight", 1.0))
    neg_ev += [Evidence("tone", -1, e.start, e.end, e.pattern, "problem", e.field, e.surface) for e in problem.evidence if e.value == 1]
    return ToneBalance(pos, strong, neg, sol, pos_ev, neg_ev)


def code_tone(doc: Doc, union: int, problem: ProblemResult) -> tuple[int, list[Evidence]]:
    if not union:
        return 0, []
    rule = doc.codebook.rule("tone")
    b = tone_balance(doc, problem)
    pos, strong = b.pos, b.strong
    net_neg = max(0.0, b.neg - float(rule.get("solution_credit", 0.5)) * min(b.sol, b.neg))
    if net_neg >= float(rule.get("negative_min", 1.0)) and net_neg >= pos:
        return -1, b.neg_ev
    if net_neg > 0 and not rule.get("weak_against_problems", True):
        # warmth words («совместный», «новый», «общий») run through any long text: against a counted problem
        # only real evaluations weigh
        pos = strong
    # protocol warmth alone («подписали», «развитие», «совместный») is description: weak cues need more weight
    enough = strong >= float(rule.get("positive_min", 1.0)) or pos >= float(rule.get("weak_positive_min", 1.0))
    if enough and pos >= float(rule.get("positive_min", 1.0)) and pos >= float(rule.get("positive_dominance", 1.0)) * net_neg:
        return 1, b.pos_ev
    return 0, []
