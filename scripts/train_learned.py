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

from regionlens.coding.codebook import load_codebook
from regionlens.coding.coder import code_doc_rules, prepare_doc, record_title_text
from regionlens.coding.learned import GATED, MODEL_PATH, doc_features, overrule_allowed, rule_cues
from regionlens.coding.metadata import SourceMeta
from regionlens.validation.real import coding_record, fold_of, load_real_set, usable
from regionlens.validation.reliability import alpha

CANDIDATES = ("tone", "genre", "substantive", "problem")
# Multi-label variables are learned label by label («topics:SOC»: is SOC among the topics?).
LABELS = {"topics": ("ECON", "IND", "AGRI", "TRANS", "ENERGY", "EDU", "CULT", "SOC", "TOUR", "SEC", "POL", "INFO"),
          "actors": ("FED", "REG", "LOC", "BUS", "CIV", "CIT")}
LEVELS = {"tone": "ordinal"}
C_GRID = (0.1, 0.3, 1.0)
P_GRID = (0.0, 0.6, 0.7, 0.8)
MIN_DF = 3


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


def cross_validate(examples: list[Example], var: str, c: float, k: int) -> dict[float, tuple[float, float, int]]:
    """{override probability: (rules alpha, model alpha, n)} over the real items, out of fold.

    The model replaces the rules' value only where it gives its own value at least that probability, so a
    model unsure on an unusual text leaves the rules' decision standing."""
    real = [ex for ex in examples if ex.real and target(ex.gold, var) is not None]
    gold: list[Any] = []
    rule_pred: list[Any] = []
    proposals: list[tuple[Any, float] | None] = []
    cue_counts: list[int] = []
    for fold in range(k):
        test = [ex for ex in real if fold_of(ex.group, k) == fold]
        if not test:
            continue
        train = [ex for ex in examples if _eligible(ex, var) and not (ex.real and fold_of(ex.group, k) == fold)]
        fitted = _fit(train, var, c)
        for ex in test:
            gold.append(target(ex.gold, var))
            rule_pred.append(target(ex.rules, var))
            cue_counts.append(ex.rules["_cues"].get(var, 0))
            if fitted is None or (var in GATED and ex.rules.get("union") != 1):
                proposals.append(None)
                continue
            vec, model = fitted
            proba = model.predict_proba(vec.transform([ex.feats]))[0]
            best = int(np.argmax(proba))
            proposals.append((_value(model.classes_[best], target(ex.gold, var)), float(proba[best])))
    level = LEVELS.get(var, "nominal")
    rule_a = alpha([gold, rule_pred], level)
    out = {}
    for p_min in P_GRID:
        pred = [r if prop is None or prop[1] < p_min or not overrule_allowed(var, r, prop[0], cues) else prop[0]
                for r, prop, cues in zip(rule_pred, proposals, cue_counts, strict=True)]
        out[p_min] = (rule_a, alpha([gold, pred], level), len(gold))
    return out


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
    for var in args.variables.split(","):
        best = None
        for c in C_GRID:
            for p_min, (rule_a, model_a, n) in cross_validate(examples, var, c, args.folds).items():
                print(f"{var} C={c} p>={p_min}: rules α={rule_a:.3f} model α={model_a:.3f} (n={n})", file=sys.stderr)
                if best is None or model_a > best[1] + 1e-9:
                    best = (c, model_a, rule_a, n, p_min)
        assert best is not None
        c, model_a, rule_a, n, p_min = best
        keep = model_a >= rule_a + args.margin
        out["cross_validation"][var] = {"rules_alpha": round(rule_a, 4), "model_alpha": round(model_a, 4), "n": n,
                                        "C": c, "override_probability": p_min, "kept": keep}
        if keep:
            train = [ex for ex in examples if _eligible(ex, var)]
            fitted = _fit(train, var, c)
            if fitted is not None:
                like = next(target(ex.gold, var) for ex in train)
                out["models"][var] = export(*fitted, var, like) | {"override_probability": p_min}
    args.out.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(out["cross_validation"], ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
