"""A supervised layer over the rules, for the variables where hand-written rules stop improving.

Rules decide every variable first. For a variable listed in the packaged model file, a linear model then
reads the rule decisions, the dictionary hits, a few form features (length, questions, the author's first
person, the outlet's channel) and the lemmas of the text, and gives the final value. The model was trained
with scikit-learn (`scripts/train_learned.py`) on the real development publications and the invented gold,
and kept for a variable only where grouped cross-validation showed it beats the rules and, trained on the
earlier collection rounds only, it did not lose to them on the later round (the shift a new corpus brings);
the file records the SHA-256 of its training data and those figures.

At run time no scikit-learn is needed: a model is a table of weights, so a decision is a sparse dot
product (deterministic, no download, microseconds per text). The evidence of a learned decision is the
spans of its strongest present features: the lemma or dictionary hit that pushed most towards the value.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, islice, repeat
from operator import attrgetter, is_not
from pathlib import Path
from typing import Any

import numpy as np

from regionlens.coding.context import Doc, Evidence, Field
from regionlens.coding.genre import first_person_tokens

MODEL_PATH = Path(__file__).resolve().parent / "data" / "learned-v1.json"
GATED = ("substantive", "problem", "tone", "interregional")  # 0 whenever union is 0 (CODEBOOK)
# A rule decision of 1 resting on this many independent cues stands: the model, trained on real web pages, may
# overrule a thin decision (one cue) but not a well-evidenced one (texts unlike its training data keep the rules).
FIRM_CUES = 2
GUARDED = ("problem", "substantive")


def rule_cues(evidence: list[Evidence], variable: str) -> int:
    """How many pieces of evidence support the rules' value 1 of a binary variable."""
    return sum(1 for e in evidence if e.variable == variable and e.value == 1)


def overrule_allowed(variable: str, rule_value: Any, new_value: Any, cues: int) -> bool:
    """Whether the learned layer may replace the rules' value (the one place that decides it)."""
    return not (variable in GUARDED and rule_value == 1 and new_value == 0 and cues >= FIRM_CUES)
RULE_VARIABLES = ("union", "interregional", "substantive", "problem", "tone", "genre")
MIN_LEMMA = 3


@dataclass(frozen=True)
class LinearModel:
    """One variable: classes and per-feature weight rows (one weight per class; binary: one column)."""

    variable: str
    classes: tuple[Any, ...]
    intercept: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    override_probability: float = 0.0  # the model replaces the rules' value only when at least this sure

    def probability(self, scores: list[float], value: Any) -> float:
        """The model's probability of `value` from its linear scores (logistic or softmax)."""
        if len(self.classes) == 2 and len(scores) == 1:
            p1 = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, scores[0]))))
            return p1 if value == self.classes[1] else 1.0 - p1
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        return exp[self.classes.index(value)] / sum(exp)

    def scores(self, feats: dict[str, float]) -> list[float]:
        out = list(self.intercept)
        for name, x in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    out[k] += w * x
        return out

    def predict(self, feats: dict[str, float], scores: list[float] | None = None) -> Any:
        s = scores if scores is not None else self.scores(feats)
        if len(self.classes) == 2 and len(s) == 1:
            return self.classes[1] if s[0] > 0 else self.classes[0]
        return self.classes[max(range(len(s)), key=lambda k: (s[k], -k))]

    def strongest(self, feats: dict[str, float], value: Any, k: int = 3) -> list[tuple[str, float]]:
        """Present features that pushed most towards `value`."""
        if len(self.classes) == 2 and len(self.intercept) == 1:
            sign = 1.0 if value == self.classes[1] else -1.0
            contrib = {n: sign * self.weights[n][0] * x for n, x in feats.items() if n in self.weights}
        else:
            c = self.classes.index(value)
            contrib = {n: self.weights[n][c] * x for n, x in feats.items() if n in self.weights}
        # ties broken by the feature's name: the evidence must not depend on set order (PYTHONHASHSEED)
        return sorted(((n, v) for n, v in contrib.items() if v > 0), key=lambda t: (-t[1], t[0]))[:k]


@dataclass(frozen=True, slots=True)
class Weighed:
    """One text's features as the models see them: every model's scores, and the features that have a
    weight (names, values, their rows of the weight matrix) for finding the strongest ones."""

    scores: dict[str, list[float]]
    names: list[str]
    values: Any  # numpy vector
    matrix: Any  # numpy matrix, a row per name, a column per model class


@dataclass(frozen=True)
class LearnedLayer:
    version: str
    data_hash: str
    models: dict[str, LinearModel]

    def __post_init__(self) -> None:
        # One weight matrix for all models (a row per feature, a column per model class): the scores of every
        # model for a text are one sparse row sum, whatever the number of models.
        columns: dict[str, tuple[int, int]] = {}
        width = 0
        for target, m in self.models.items():
            columns[target] = (width, width + len(m.intercept))
            width += len(m.intercept)
        names = sorted({n for m in self.models.values() for n in m.weights})
        row_of = {n: i for i, n in enumerate(names)}
        matrix = np.zeros((len(names), width))
        bias = np.zeros(width)
        for target, m in self.models.items():
            a, b = columns[target]
            bias[a:b] = m.intercept
            for n, row in m.weights.items():
                matrix[row_of[n], a:b] = row
        object.__setattr__(self, "_columns", columns)
        object.__setattr__(self, "_row_of", row_of)
        object.__setattr__(self, "_matrix", matrix)
        object.__setattr__(self, "_bias", bias)
        object.__setattr__(self, "_text_lemmas", frozenset(n[2:] for n in row_of if n.startswith("l:")))
        object.__setattr__(self, "_title_lemmas", frozenset(n[3:] for n in row_of if n.startswith("tl:")))
        # of those, the ones `doc_features` keeps (long enough, not a number): decided once, not per text
        object.__setattr__(self, "_usable", frozenset(n for n in (*self._text_lemmas, *self._title_lemmas)  # type: ignore[attr-defined]
                                                      if len(n) >= MIN_LEMMA and not n[0].isdigit()))

    def scores(self, feats: dict[str, float]) -> dict[str, list[float]]:
        """Linear scores of every model for one feature set (the same sums as `LinearModel.scores`)."""
        return self.weigh(feats).scores

    def weigh(self, feats: dict[str, float]) -> Weighed:
        """The scores of every model for one feature set, and the weighed features behind them."""
        row_of: dict[str, int] = self._row_of  # type: ignore[attr-defined]
        # rows looked up at C speed (map), kept in the features' order: the same sum in the same order
        looked = list(map(row_of.get, feats))
        weighed = list(map(is_not, looked, repeat(None)))
        rows = np.fromiter(compress(looked, weighed), dtype=np.intp)
        xs = np.fromiter(compress(feats.values(), weighed), dtype=float, count=len(rows))
        sub = self._matrix.take(rows, axis=0)  # type: ignore[attr-defined]
        total = self._bias + (xs @ sub if len(rows) else 0.0)  # type: ignore[attr-defined]
        columns: dict[str, tuple[int, int]] = self._columns  # type: ignore[attr-defined]
        flat: list[float] = total.tolist()  # Python floats of the same doubles, in one call
        return Weighed({t: flat[a:b] for t, (a, b) in columns.items()}, list(compress(feats, weighed)), xs, sub)

    def strongest(self, target: str, weighed: Weighed, value: Any, k: int = 3) -> list[tuple[str, float]]:
        """`LinearModel.strongest` of model `target` over the features of `weigh` (the same products, taken
        for all features at once: w * x per feature, a feature the model lacks weighs 0 and is dropped)."""
        model = self.models[target]
        a, _ = self._columns[target]  # type: ignore[attr-defined]
        if len(model.classes) == 2 and len(model.intercept) == 1:
            sign = 1.0 if value == model.classes[1] else -1.0
            contrib = (sign * weighed.matrix[:, a]) * weighed.values
        else:
            contrib = weighed.matrix[:, a + model.classes.index(value)] * weighed.values
        keep = np.flatnonzero(contrib > 0).tolist()
        names = weighed.names
        # ties broken by the feature's name: the evidence must not depend on set order (PYTHONHASHSEED)
        return sorted(zip([names[i] for i in keep], contrib[keep].tolist(), strict=True), key=lambda t: (-t[1], t[0]))[:k]

    def lemma_filter(self) -> tuple[frozenset[str], frozenset[str]]:
        """Lemmas of the text and of the title that any model weighs (the others cannot change a score)."""
        return self._text_lemmas, self._title_lemmas  # type: ignore[attr-defined]

    def usable_lemmas(self) -> frozenset[str]:
        """The weighed lemmas that make features at all (at least MIN_LEMMA letters, not a number)."""
        return self._usable  # type: ignore[attr-defined]



@lru_cache(maxsize=4)
def load_layer(path: str | None = None) -> LearnedLayer | None:
    """The packaged model file, or None when there is none (the rules then decide alone)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    models = {}
    for var, m in data.get("models", {}).items():
        models[var] = LinearModel(var, tuple(m["classes"]), tuple(m["intercept"]),
                                  {k: tuple(v) for k, v in m["weights"].items()},
                                  float(m.get("override_probability", 0.0)))
    return LearnedLayer(str(data.get("version", "")), str(data.get("training_data_sha256", "")), models)


# ---------------------------------------------------------------- features


_DICT_LABEL = attrgetter("dictionary", "label")


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return sum(1 for e in edges if n >= e)


def doc_features(doc: Doc, values: dict[str, Any],
                 lemmas: tuple[frozenset[str], frozenset[str]] | None = None,
                 usable: frozenset[str] | None = None) -> dict[str, float]:
    """Features of one coded publication: rule decisions, dictionary hits, form, metadata, lemmas.

    `lemmas` (text, title) restricts lemma features to those a model weighs: at run time the others are
    never built, which keeps the layer's cost to a set intersection per text. `usable`, when given, is the
    set of those lemmas long enough and not numbers (`LearnedLayer.usable_lemmas`), tested in one lookup."""
    feats: dict[str, float] = {}
    for var in RULE_VARIABLES:
        feats[f"rule:{var}={values.get(var)}"] = 1.0
    for var in ("topics", "actors"):
        for label in values.get(var) or []:
            feats[f"rule:{var}:{label}"] = 1.0
    feats[f"rule:regions={min(len(values.get('regions') or []), 3)}"] = 1.0
    for f in doc.fields:
        counts = Counter(map(_DICT_LABEL, f.hits))
        for (dictionary, label), n in counts.items():
            feats[f"{f.name[0]}hit:{dictionary}:{label}"] = math.log1p(n)
    text = doc.text.stream.text
    feats[f"len:{_bucket(len(text), (800, 1600, 3200, 6400, 12800))}"] = 1.0
    feats["questions"] = math.log1p(text.count("?"))
    feats["title_question"] = 1.0 if "?" in doc.title.stream.text else 0.0
    feats["quotes"] = math.log1p(text.count("«") + text.count("\""))
    feats["first_person"] = math.log1p(len(first_person_tokens(doc)))
    channel = doc.meta.channel()
    if channel:
        feats[f"channel:{channel}"] = 1.0
    section = doc.meta.url_genre()
    if section:
        feats[f"url:{section.lower()}"] = 1.0
    if doc.meta.level:
        feats[f"level:{doc.meta.level}"] = 1.0
    feats[f"lang:{doc.lang}"] = 1.0
    for f in doc.fields:
        title = f.name == "title"
        prefix = "tl:" if title else "l:"
        # the weighed lemmas present in the field, intersected from the (large) model side without building a
        # set of the field's lemmas; sorted: feature sums and evidence must not vary with PYTHONHASHSEED
        present = (lemmas[1] if title else lemmas[0]).intersection(f.stream.lemmas) if lemmas is not None \
            else set(f.stream.lemmas)
        if usable is not None:
            kept = sorted(present.intersection(usable))
        else:
            kept = [x for x in sorted(present) if len(x) >= MIN_LEMMA and not x[0].isdigit()]
        feats.update(dict.fromkeys([prefix + lemma for lemma in kept], 1.0))
    return feats


def _span_of(doc: Doc, feature: str) -> tuple[Field, int] | None:
    """Where a feature shows in the text: the first token of a lemma or of a dictionary hit."""
    if feature.startswith(("l:", "tl:")):
        f = doc.title if feature.startswith("tl:") else doc.text
        lemma = feature.split(":", 1)[1]
        if lemma in f.stream.lemmas:  # the first occurrence, found at C speed
            return f, f.stream.lemmas.index(lemma)
    elif "hit:" in feature:
        f = doc.title if feature.startswith("t") else doc.text
        name = feature.split("hit:", 1)[1]
        for h in f.hits:
            if f"{h.dictionary}:{h.label}" == name:
                return f, h.first
    return None


def apply_layer(doc: Doc, values: dict[str, Any], evidence: list[Evidence],
                layer: LearnedLayer | None = None) -> tuple[dict[str, Any], list[Evidence]]:
    """Values and evidence after the learned layer (unchanged for variables it does not cover)."""
    model_set = layer if layer is not None else load_layer()
    if model_set is None or not model_set.models:
        return values, evidence
    feats = doc_features(doc, values, model_set.lemma_filter(), model_set.usable_lemmas())
    out = dict(values)
    new_ev = list(evidence)
    rule = f"learned model {model_set.version}"
    weighed = model_set.weigh(feats)
    all_scores = weighed.scores
    for target, model in model_set.models.items():
        var, _, label = target.partition(":")
        if var in GATED and not values.get("union"):
            continue
        value = model.predict(feats, all_scores[target])
        # the cheap test of "nothing changes" first; the probability only where a change is proposed
        # (both tests only skip the model, so their order does not change the outcome)
        if label:
            current = list(out.get(var) or [])
            if bool(value) == (label in current):
                continue
        elif value == values.get(var):
            continue
        if model.override_probability > 0.0 and model.probability(all_scores[target], value) < model.override_probability:
            continue  # not sure enough to overrule the rules
        if label:
            # one label of a multi-label variable: the model says whether it belongs
            out[var] = sorted([*current, label]) if value else [x for x in current if x != label]
            new_ev = [e for e in new_ev if not (e.variable == var and e.value == label)]
            if not value:
                continue
            shown: Any = label
        else:
            if not overrule_allowed(var, values.get(var), value, rule_cues(evidence, var)):
                continue
            out[var] = value
            new_ev = [e for e in new_ev if e.variable != var]
            shown = value
        strongest = model_set.strongest(target, weighed, value, k=12)
        # the first three that show in the text (looked up lazily: each lookup scans a field)
        located = list(islice(((n, w, where) for n, w in strongest if (where := _span_of(doc, n)) is not None), 3))
        for name, weight, (f, i) in located:
            new_ev.append(doc.evidence(var, shown, f, i, i, name, f"{rule}: +{weight:.2f}"))
        if not located and strongest:
            # the decision rests on rule outputs or form features: named, with no span in the text
            name, weight = strongest[0]
            new_ev.append(Evidence(var, shown, 0, 0, name, f"{rule}: {name} +{weight:.2f}", "model", ""))
    return out, new_ev
