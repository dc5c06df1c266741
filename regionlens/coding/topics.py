"""Topics: spheres named by the text, scored from the topic dictionaries.

Title hits weigh more (a headline names the subject). Protocol rituals live
in their own dictionary and feed no topic, so wreaths alone give no CULT.
A dispute over energy is coded ENERGY only: when most problem hits share a
sentence with an energy word, ECON/POL/IND that would come from the same
story are dropped.
"""

from __future__ import annotations

from regionlens.coding.context import Doc, Evidence


def code_topics(doc: Doc, problem_sentences: set[tuple[str, int]]) -> tuple[list[str], list[Evidence]]:
    rule = doc.codebook.rule("topics")
    threshold = float(rule.get("threshold", 1.0))
    title_weight = float(rule.get("title_weight", 1.0))
    scores: dict[str, float] = {}
    evidence: list[Evidence] = []
    label_sentences: dict[str, set[tuple[str, int]]] = {}
    excluded = {(f.name, i) for f, h in doc.hits(str(rule.get("exclusions", ""))) for i in range(h.first, h.last + 1)}
    for name in rule.get("dictionaries", ["topics"]):
        for f, h in doc.hits(name):
            if (f.name, h.first) in excluded:
                continue  # «в торговом центре»: a place named after a sphere
            w = h.weight * (title_weight if f.name == "title" else 1.0)
            scores[h.label] = scores.get(h.label, 0.0) + w
            label_sentences.setdefault(h.label, set()).add((f.name, f.sentence_of(h.first)))
            evidence.append(doc.evidence("topics", h.label, f, h.first, h.last, h.pattern, f"{name} +{w:g}"))
    per_label: dict[str, float] = rule.get("label_thresholds", {})
    labels = {k for k, s in scores.items() if s >= float(per_label.get(k, threshold))}
    dispute = rule.get("energy_dispute") or {}
    energy = dispute.get("energy_label", "ENERGY")
    if energy in labels and problem_sentences:
        shared = len(problem_sentences & label_sentences.get(energy, set())) / len(problem_sentences)
        if shared >= float(dispute.get("min_problem_share", 0.5)):
            labels -= set(dispute.get("drop", []))
    return sorted(labels), [e for e in evidence if e.value in labels]
