"""Train the learned layer (regionlens/coding/data/learned-v1.json) where it beats the rules.

    python scripts/train_learned.py --real gold/real --texts gold/real/texts [--invented gold/dev_gold_a.jsonl ...]

Only the DEV split of the real set is read (the split rule lives in regionlens.validation.real); the frozen
TEST split is never touched here. For each candidate variable a logistic regression over the rule decisions,
dictionary hits, form features and lemmas is cross-validated in 5 folds grouped by story (copies of a story
share a fold; the invented gold is always in the training part), and compared with the rules on the same
out-of-fold items. A variable goes into the model file only where the model's cross-validated alpha beats
the rules' by at least --margin; the file records the SHA-256 of the training data and both figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from regionlens.coding.codebook import VARIABLE_NAMES, load_codebook
from regionlens.coding.coder import code_doc_rules, prepare_doc, record_title_text
from regionlens.coding.learned import GATED, MODEL_PATH, doc_features, overrule_allowed, rule_cues
from regionlens.coding.metadata import SourceMeta
from regionlens.validation.real import coding_record, fold_of, load_real_set, usable
from regionlens.validation.reliability import alpha
from regionlens.validation.validate import validate

CANDIDATES = ("tone", "genre", "substantive", "problem")
# Multi-label variables are learned label by label («topics:SOC»: is SOC among the topics?).
LABELS = {"topics": ("ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO"),
          "actors": ("FED", "REG", "LOC", "BUS", "CIV", "CIT")}
LEVELS = {"tone": "ordinal"}
C_GRID = (0.03, 0.1, 0.3, 1.0)
P_GRID = (0.8, 0.7, 0.6, 0.0)  # most cautious first: ties keep the rules more often
MIN_DF = 3
TIE = 0.005  # alphas closer than this are a tie (one item of 218 moves alpha by about that much)


def target(values: dict[str, Any], var: str) -> Any:
    """The value of a target: a variable, or membership of one label in a multi-label variable."""
    if ":" in var:
        base, label = var.split(":", 1)
        got = values.get(base)
        return None if got is None else int(label in got)
    return values.get(var)


@dataclass
class Example:
    id: str
    group: str  # story id; invented gold gets its own group and is never held out
    real: bool
    feats: dict[str, float]
    rules: dict[str, Any]
    gold: dict[str, Any]


def _examples(records: list[tuple[dict[str, Any], dict[str, Any], str, bool]]) -> list[Example]:
    book = load_codebook()
    out = []
    for rec, gold, group, real in records:
        title, text, _ = record_title_text(rec.get("title") or "", rec.get("text") or "", book)
        doc = prepare_doc(text, title, book, rec.get("lang") or rec.get("language"), meta=SourceMeta.from_record(rec))
        result = code_doc_rules(doc)
        values = dict(result.values)
        values["_cues"] = {v: rule_cues(result.evidence, v) for v in ("problem", "substantive")}
        out.append(Example(str(rec["id"]), group, real, doc_features(doc, result.values), values, gold))
    return out


def _vocabulary(examples: list[Example]) -> set[str]:
    df: dict[str, int] = {}
    for ex in examples:
        for k in ex.feats:
            df[k] = df.get(k, 0) + 1
    return {k for k, n in df.items() if n >= MIN_DF}


def _fit(train: list[Example], var: str, c: float) -> tuple[DictVectorizer, LogisticRegression] | None:
    vocab = _vocabulary(train)
    xs = [{k: v for k, v in ex.feats.items() if k in vocab} for ex in train]
    ys = [str(target(ex.gold, var)) for ex in train]
    if len(set(ys)) < 2:
        return None
    vec = DictVectorizer(sparse=True, sort=True)
    x = vec.fit_transform(xs)
    model = LogisticRegression(C=c, max_iter=3000, solver="lbfgs",
                               class_weight="balanced")
    model.fit(x, ys)
    return vec, model


def _eligible(ex: Example, var: str) -> bool:
    return target(ex.gold, var) is not None and (var not in GATED or (ex.rules.get("union") == 1 and ex.gold.get("union") == 1))


def _value(raw: str, like: Any) -> Any:
    return int(raw) if isinstance(like, int) and not isinstance(like, bool) else raw


@dataclass
class Proposals:
    """Out-of-fold proposals of one target for real items: the model's value and its probability (None: no model)."""

    ids: list[str]
    gold: list[Any]
    rules: list[Any]
    proposals: list[tuple[Any, float] | None]
    cues: list[int]


def _propose(examples: list[Example], var: str, c: float, k: int, folds: list[int],
             exclude: frozenset[int] = frozenset()) -> Proposals:
    """Each fold of `folds` predicted by a model trained on every eligible example except the real items of that
    fold and of the folds in `exclude` (the outer test fold of a nested cross-validation)."""
    out = Proposals([], [], [], [], [])
    real = [ex for ex in examples if ex.real and target(ex.gold, var) is not None]
    for fold in folds:
        test = [ex for ex in real if fold_of(ex.group, k) == fold]
        if not test:
            continue
        held = exclude | {fold}
        train = [ex for ex in examples if _eligible(ex, var) and not (ex.real and fold_of(ex.group, k) in held)]
        fitted = _fit(train, var, c)
        for ex in test:
            out.ids.append(ex.id)
            out.gold.append(target(ex.gold, var))
            out.rules.append(target(ex.rules, var))
            out.cues.append(ex.rules["_cues"].get(var, 0))
            if fitted is None or (var in GATED and ex.rules.get("union") != 1):
                out.proposals.append(None)
                continue
            vec, model = fitted
            proba = model.predict_proba(vec.transform([ex.feats]))[0]
            best = int(np.argmax(proba))
            out.proposals.append((_value(model.classes_[best], target(ex.gold, var)), float(proba[best])))
    return out


def _decide(var: str, props: Proposals, p_min: float) -> list[Any]:
    """The final value per item: the model's where it is at least `p_min` sure and may overrule the rules."""
    return [r if prop is None or prop[1] < p_min or not overrule_allowed(var, r, prop[0], cues) else prop[0]
            for r, prop, cues in zip(props.rules, props.proposals, props.cues, strict=True)]


def cross_validate(examples: list[Example], var: str, c: float, k: int, folds: list[int] | None = None,
                   exclude: frozenset[int] = frozenset()) -> tuple[dict[float, tuple[float, float, int]], Proposals]:
    """{override probability: (rules alpha, model alpha, n)} over the real items of `folds`, out of fold.

    The model replaces the rules' value only where it gives its own value at least that probability, so a
    model unsure on an unusual text leaves the rules' decision standing."""
    props = _propose(examples, var, c, k, list(range(k)) if folds is None else folds, exclude)
    level = LEVELS.get(var, "nominal")
    rule_a = alpha([props.gold, props.rules], level)
    out = {p_min: (rule_a, alpha([props.gold, _decide(var, props, p_min)], level), len(props.gold)) for p_min in P_GRID}
    return out, props


@dataclass
class Choice:
    c: float
    p_min: float
    model_alpha: float
    rules_alpha: float
    n: int
    keep: bool
    props: Proposals


def choose(examples: list[Example], var: str, k: int, margin: float, folds: list[int] | None = None,
           exclude: frozenset[int] = frozenset(), log: bool = False) -> Choice:
    """The regularisation and override probability with the best cross-validated alpha; on a tie the stronger
    regularisation and the more cautious override win (they generalise better to unlike texts)."""
    best: Choice | None = None
    for c in C_GRID:
        scores, props = cross_validate(examples, var, c, k, folds, exclude)
        for p_min, (rule_a, model_a, n) in scores.items():
            if log:
                print(f"{var} C={c} p>={p_min}: rules α={rule_a:.3f} model α={model_a:.3f} (n={n})", file=sys.stderr)
            if best is None or model_a > best.model_alpha + TIE:
                best = Choice(c, p_min, model_a, rule_a, n, model_a >= rule_a + margin, props)
    assert best is not None
    return best


def nested(examples: list[Example], var: str, k: int, margin: float) -> dict[str, Any]:
    """Nested grouped cross-validation: for each outer fold, C, the override probability and whether to keep the
    model at all are chosen by cross-validation on the other folds only; the outer fold is then predicted.
    An honest estimate of the whole training procedure (the plain CV figure chose them on the same items)."""
    final: dict[str, Any] = {}
    for outer in range(k):
        inner = [f for f in range(k) if f != outer]
        ch = choose(examples, var, k, margin, inner, frozenset({outer}))
        props = _propose(examples, var, ch.c, k, [outer])
        values = _decide(var, props, ch.p_min) if ch.keep else props.rules
        final.update(zip(props.ids, values, strict=True))
    return final


def by_variable(examples: list[Example], decided: dict[str, dict[str, Any]]) -> dict[str, float]:
    """Alpha per codebook variable of the real DEV items coded out of fold: the rules' values with each learned
    target's out-of-fold decision applied (a label of topics/actors added or removed), scored like `validate`."""
    gold, auto = [], []
    for ex in examples:
        if not ex.real:
            continue
        values = {k: (sorted(v) if isinstance(v, list) else v) for k, v in ex.rules.items() if k in VARIABLE_NAMES}
        for var, per_item in decided.items():
            if ex.id not in per_item:
                continue
            value = per_item[ex.id]
            if ":" in var:
                base, label = var.split(":", 1)
                current = set(values.get(base) or [])
                current = current | {label} if value else current - {label}
                values[base] = sorted(current)
            else:
                values[var] = value
        gold.append(dict(ex.gold, id=ex.id))
        auto.append(dict(values, id=ex.id))
    report = validate(gold, auto, draws=1)
    return {v: round(r.alpha, 4) for v, r in report.variables.items()}


def export(vec: DictVectorizer, model: LogisticRegression, var: str, like: Any) -> dict[str, Any]:
    names = vec.get_feature_names_out()
    coef = model.coef_
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        row = [round(float(coef[r, j]), 6) for r in range(coef.shape[0])]
        if any(abs(w) >= 1e-4 for w in row):
            weights[str(name)] = row
    classes = [_value(c, like) for c in model.classes_]
    return {"classes": classes, "intercept": [round(float(b), 6) for b in model.intercept_], "weights": weights}


def data_hash(records: list[tuple[dict[str, Any], dict[str, Any], str, bool]]) -> str:
    h = hashlib.sha256()
    for rec, gold, _, _ in sorted(records, key=lambda r: str(r[0]["id"])):
        h.update(json.dumps([rec["id"], hashlib.sha256((rec.get("text") or "").encode()).hexdigest(),
                             {k: gold.get(k) for k in (*CANDIDATES, *LABELS)}], ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, action="append", required=True)
    ap.add_argument("--texts", type=Path, required=True)
    ap.add_argument("--invented", type=Path, action="append", default=[])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--margin", type=float, default=0.02)
    ap.add_argument("--nested", action="store_true", help="also estimate the whole procedure by nested grouped CV")
    ap.add_argument("--nested-variables", default="", help="comma-separated targets to nest (default: all)")
    ap.add_argument("--variables", default=",".join([*CANDIDATES, *(f"{v}:{lab}" for v, ls in LABELS.items() for lab in ls)]))
    args = ap.parse_args(argv)

    items, _ = load_real_set(args.real, args.texts)
    dev = usable(items, "dev")
    records: list[tuple[dict[str, Any], dict[str, Any], str, bool]] = [
        (coding_record(it), it.labels or {}, it.story, True) for it in dev]
    for path in args.invented:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                meta = rec.get("meta") or {}
                records.append(({"id": rec["id"], "title": rec.get("title", ""), "text": rec.get("text", ""),
                                 "language": meta.get("language"), "country": meta.get("country")}, rec, f"inv:{rec['id']}", False))
    print(f"training data: {len(dev)} real DEV items, {len(records) - len(dev)} invented", file=sys.stderr)
    examples = _examples(records)
    out: dict[str, Any] = {"version": "learned-v1", "training_data_sha256": data_hash(records),
                           "trained_on": {"real_dev": len(dev), "invented": len(records) - len(dev)},
                           "folds": args.folds, "models": {}, "cross_validation": {}}
    targets = args.variables.split(",")
    oof: dict[str, dict[str, Any]] = {}
    nested_oof: dict[str, dict[str, Any]] = {}
    for var in targets:
        ch = choose(examples, var, args.folds, args.margin, log=True)
        out["cross_validation"][var] = {"rules_alpha": round(ch.rules_alpha, 4), "model_alpha": round(ch.model_alpha, 4),
                                        "n": ch.n, "C": ch.c, "override_probability": ch.p_min, "kept": ch.keep}
        oof[var] = dict(zip(ch.props.ids, _decide(var, ch.props, ch.p_min) if ch.keep else ch.props.rules, strict=True))
        if args.nested and (not args.nested_variables or var in args.nested_variables.split(",")):
            nested_oof[var] = nested(examples, var, args.folds, args.margin)
        if ch.keep:
            train = [ex for ex in examples if _eligible(ex, var)]
            fitted = _fit(train, var, ch.c)
            if fitted is not None:
                like = next(target(ex.gold, var) for ex in train)
                out["models"][var] = export(*fitted, var, like) | {"override_probability": ch.p_min}
    out["cross_validation_by_variable"] = by_variable(examples, oof)
    if nested_oof:
        # only the variables that were nested: the others would show the rules' values, not an estimate
        nested_all = by_variable(examples, nested_oof)
        out["nested_cross_validation_by_variable"] = {v: a for v, a in nested_all.items()
                                                      if any(t == v or t.startswith(f"{v}:") for t in nested_oof)}
    print(json.dumps({k: out.get(k) for k in ("cross_validation_by_variable", "nested_cross_validation_by_variable")},
                     ensure_ascii=False), file=sys.stderr)
    args.out.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(out["cross_validation"], ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
