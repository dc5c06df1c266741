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

from regionlens.coding.context import NEGATION, Doc, Evidence


@dataclass(slots=True)
class ProblemResult:
    value: int
    score: float
    evidence: list[Evidence]
    sentences: set[tuple[str, int]] = field(default_factory=set)


def code_problem(doc: Doc, union: int) -> ProblemResult:
    rule = doc.codebook.rule("problem")
    name = rule.get("dictionary", "problem")
    weights: dict[str, float] = rule.get("labels", {})
    third = bool(rule.get("third_party_excludes", True))
    score = 0.0
    evidence: list[Evidence] = []
    voided: list[Evidence] = []
    sentences: set[tuple[str, int]] = set()
    for f, h in doc.hits(name):
        w = float(weights.get(h.label, 1.0)) * h.weight
        if w <= 0:
            continue
        why = None
        if doc.negated(f, h):
            why = "negated"
        elif doc.denied(f, h):
            why = "denied"
        elif third and doc.third_party_sentence(f, h):
            why = "third-party"
        if why is not None:
            voided.append(doc.evidence("problem", 0, f, h.first, h.last, h.pattern, why))
            continue
        w *= doc.intensity(f, h)
        score += w
        sentences.add((f.name, f.sentence_of(h.first)))
        evidence.append(doc.evidence("problem", 1, f, h.first, h.last, h.pattern, f"{h.label} +{w:g}"))
    value = 1 if union and score >= float(rule.get("threshold", 1.0)) else 0
    return ProblemResult(value, score if union else 0.0, evidence if value else voided, sentences)


def code_tone(doc: Doc, union: int, problem: ProblemResult) -> tuple[int, list[Evidence]]:
    if not union:
        return 0, []
    rule = doc.codebook.rule("tone")
    names = rule.get("dictionaries") or [rule.get("dictionary", "tone")]
    pos_label, neg_label, sol_label = rule.get("positive", "POS"), rule.get("negative", "NEG"), rule.get("solution", "SOLUTION")
    pos = neg = sol = 0.0
    pos_ev: list[Evidence] = []
    neg_ev: list[Evidence] = []
    hits = [fh for name in names for fh in doc.hits(name)]
    for f, h in hits:
        w = h.weight * doc.intensity(f, h)
        if h.label == pos_label:
            if doc._before(f, h, NEGATION, int(rule.get("positive_negation_window", 1))):
                neg += w
                neg_ev.append(doc.evidence("tone", -1, f, h.first, h.last, h.pattern, "negated positive"))
            else:
                pos += w
                pos_ev.append(doc.evidence("tone", 1, f, h.first, h.last, h.pattern, f"positive +{w:g}"))
        elif h.label == neg_label and not doc.negated(f, h):
            neg += w
            neg_ev.append(doc.evidence("tone", -1, f, h.first, h.last, h.pattern, f"negative +{w:g}"))
        elif h.label == sol_label:
            sol += w
    neg += problem.score * float(rule.get("problem_weight", 1.0))
    neg_ev += [Evidence("tone", -1, e.start, e.end, e.pattern, "problem", e.field, e.surface) for e in problem.evidence if e.value == 1]
    net_neg = max(0.0, neg - float(rule.get("solution_credit", 0.5)) * min(sol, neg))
    if net_neg >= float(rule.get("negative_min", 1.0)) and net_neg >= pos:
        return -1, neg_ev
    if pos >= float(rule.get("positive_min", 1.0)) and pos >= float(rule.get("positive_dominance", 1.0)) * net_neg:
        return 1, pos_ev
    return 0, []
