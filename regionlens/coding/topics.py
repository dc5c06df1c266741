"""Topics: spheres named by the text, scored from the topic dictionaries.

Title hits weigh more (a headline names the subject). Protocol rituals live
in their own dictionary and feed no topic, so wreaths alone give no CULT.
A dispute over energy is coded ENERGY only: when most problem hits share a
sentence with an energy word, ECON/POL/IND that would come from the same
story are dropped; the same holds for other sectors listed in
`sector_disputes` (a veterinary ban on food supplies is AGRI only).

Two context rules keep a sphere word from naming a sphere it only touches
(CODEBOOK: a sphere counts when the text names what the contact involves):

- `attributive`: a Union State named only as the owner of another noun
  («госсекретарь Союзного государства», «жители Союзного государства», «the
  secretary of the Union State») describes who someone is, not a political
  topic; it counts when its head is itself political (a programme, budget,
  council, treaty of the Union State).
- `commodity_context`: a contract, agreement or market in a sentence about a
  commodity of a sector (gas, oil) is that sector's supply deal, not trade or
  an intergovernmental agreement in general.
"""

from __future__ import annotations

from typing import Any

from regionlens.coding.context import Doc, Evidence, Field, Hit


def _attributive(f: Field, h: Hit, spec: dict[str, Any]) -> bool:
    """The hit names a Union State only as the owner of a non-political noun just before it.

    Russian and Belarusian: a genitive ending on the hit's last word («государства», «дзяржавы») and a word
    right before it; English: «of (the) Union State» after a word. The head (the word before) keeps the hit
    when it is itself political («программа», «бюджет», «council»)."""
    if h.pattern not in spec.get("patterns", []) or h.first == 0:
        return False
    s = f.stream
    if f.sentence_of(h.first - 1) != f.sentence_of(h.first):
        return False
    last = s.words[h.last].lower()
    head = h.first - 1
    if last.isascii():
        while head >= 0 and s.words[head].lower() in ("the", "of"):
            head -= 1
        if head < 0 or "of" not in [s.words[i].lower() for i in range(head + 1, h.first)]:
            return False
    elif not any(last.endswith(e) for e in spec.get("genitive_endings", [])):
        return False
    gap = s.text[s.ends[head]:s.starts[head + 1]]
    if any(ch in gap for ch in ",;:.()«»\"—–") or not s.words[head].isalpha():
        return False
    lemma = s.lemmas[head]
    return not any(lemma == p or (p.endswith("*") and lemma.startswith(p[:-1])) for p in spec.get("heads", []))


def _commodity_sentences(doc: Doc, spec: dict[str, Any]) -> set[tuple[str, int]]:
    """Sentences that name a commodity of a listed sector (an ENERGY word): deals there are that sector's."""
    sectors = set(spec.get("sectors", []))
    out: set[tuple[str, int]] = set()
    for name in spec.get("dictionaries", ["topics"]):
        for f, h in doc.hits(name):
            if h.label in sectors:
                out.add((f.name, f.sentence_of(h.first)))
    return out


def code_topics(doc: Doc, problem_sentences: set[tuple[str, int]]) -> tuple[list[str], list[Evidence]]:
    rule = doc.codebook.rule("topics")
    threshold = float(rule.get("threshold", 1.0))
    title_weight = float(rule.get("title_weight", 1.0))
    attributive: dict[str, Any] = rule.get("attributive") or {}
    commodity: dict[str, Any] = rule.get("commodity_context") or {}
    deal_patterns = set(commodity.get("patterns", []))
    commodity_sents = _commodity_sentences(doc, commodity) if deal_patterns else set()
    scores: dict[str, float] = {}
    evidence: list[Evidence] = []
    label_sentences: dict[str, set[tuple[str, int]]] = {}
    excluded = {(f.name, i) for f, h in doc.hits(str(rule.get("exclusions", ""))) for i in range(h.first, h.last + 1)}
    for name in rule.get("dictionaries", ["topics"]):
        for f, h in doc.hits(name):
            if (f.name, h.first) in excluded:
                continue  # «в торговом центре»: a place named after a sphere
            if attributive and _attributive(f, h, attributive):
                continue  # «госсекретарь Союзного государства»: who someone is, not a political topic
            if h.pattern in deal_patterns and (f.name, f.sentence_of(h.first)) in commodity_sents:
                continue  # «контракт на поставку газа»: the energy deal itself, coded ENERGY
            w = h.weight * (title_weight if f.name == "title" else 1.0)
            scores[h.label] = scores.get(h.label, 0.0) + w
            label_sentences.setdefault(h.label, set()).add((f.name, f.sentence_of(h.first)))
            evidence.append(doc.evidence("topics", h.label, f, h.first, h.last, h.pattern, f"{name} +{w:g}"))
    per_label: dict[str, float] = rule.get("label_thresholds", {})
    labels = {k for k, s in scores.items() if s >= float(per_label.get(k, threshold))}
    disputes = [rule["energy_dispute"]] if rule.get("energy_dispute") else []
    disputes += list(rule.get("sector_disputes") or [])
    if problem_sentences:
        for dispute in disputes:
            sector = dispute.get("energy_label") or dispute.get("label", "ENERGY")
            if sector not in labels:
                continue
            shared = len(problem_sentences & label_sentences.get(sector, set())) / len(problem_sentences)
            if shared >= float(dispute.get("min_problem_share", 0.5)):
                labels -= set(dispute.get("drop", []))
    return sorted(labels), [e for e in evidence if e.value in labels]
