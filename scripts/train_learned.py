"""Train the learned layer (regionlens/coding/data/learned-v1.json) where it beats the rules on texts it has not seen.

    python scripts/train_learned.py --real gold/real --texts gold/real/texts \
        --invented gold/dev_gold_a.jsonl --invented gold/dev_gold_b.jsonl [--out FILE] [--variables tone,problem]

Only the DEV split of the real set is read (the split rule lives in regionlens.validation.real); the frozen
TEST split is never touched here.

Two honest figures per target, both out of sample:
  * grouped 5-fold cross-validation over all DEV items (copies of a story share a fold; the invented gold is
    always in the training part);
  * the shifted split: the whole procedure (settings chosen by cross-validation) run on the DEV items of the
    earlier collection rounds (ids below --shift-from, r2000) plus the invented gold, and scored on the later
    round's DEV items, which come from other outlets and months: the shift a new corpus brings. A model that
    learned its outlets' vocabulary instead of the codebook's phenomena wins in CV and loses here.
A target's model is kept only where its cross-validated alpha beats the rules' by --margin AND, trained
without the later round, neither the chosen setting nor the whole procedure loses to the rules on it.

What keeps a model from learning its training items: lemma features only for words seen in at least
--min-stories stories and --min-outlets outlets (no item- or outlet-identifying words, no URL parts, digits or
single letters); a feature set without lemmas at all (rule decisions, dictionary families, form) competes with
the one with lemmas, and on a tie the simpler one, the stronger regularisation and the more cautious override
win; classes are weighted by their rarity (tone −1, the rarer genres); the model overrules the rules only when
at least as sure as the override probability chosen in cross-validation. Training is deterministic (lbfgs, no
random state); the file records the SHA-256 of the training data and all the figures above.
`--legacy` runs the previous procedure (all lemmas seen in three documents, weaker regularisation, no
shifted-split gate) so both can be compared on the same split.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
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
SHIFT_FROM = "r2000"  # real items from this id on were collected in a later round (other outlets and months)
LEMMA_PREFIXES = ("l:", "tl:")
# A lemma feature must look like a word: letters (a hyphenated compound at most); no digits, dots or slashes.
WORD = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*")
# Parts of web addresses and markup that survive as tokens: they name a site, not a phenomenon.
WEB_PARTS = frozenset({"http", "https", "www", "com", "org", "net", "html", "htm", "php", "ru", "by", "рф", "бел",
                       "utm", "amp", "jpg", "png"})


@dataclass(frozen=True)
class Procedure:
    """Everything that decides how a target is trained and when its model is kept."""

    lemmas: tuple[bool, ...] = (False, True)  # feature sets tried, simplest first: without lemmas, with lemmas
    c_grid: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0)  # strongest regularisation first
    p_grid: tuple[float, ...] = (0.9, 0.8, 0.7, 0.6, 0.0)  # most cautious override first
    # 5 stories / 3 outlets was tried: on the later round it did no better (tone, problem) or worse (TRANS, AGRI)
    min_stories: int = 3
    min_outlets: int = 2
    word_shape: bool = True
    tie: float = 0.01  # alphas closer than this are a tie (one item of 392 moves alpha by about 0.003-0.006)
    margin: float = 0.02
    shift_gate: bool = True

    @classmethod
    def legacy(cls) -> Procedure:
        """The procedure that trained learned-v1 before the shifted split existed (for comparison)."""
        return cls(lemmas=(True,), c_grid=(0.03, 0.1, 0.3, 1.0), p_grid=(0.8, 0.7, 0.6, 0.0), min_stories=3,
                   min_outlets=1, word_shape=False, tie=0.005, shift_gate=False)


@dataclass(frozen=True)
class Setting:
    lemmas: bool
    c: float

    def label(self) -> str:
        return f"{'lemmas' if self.lemmas else 'forms'} C={self.c}"


def settings(proc: Procedure) -> list[Setting]:
    """Candidate settings in order of preference on a tie: no lemmas before lemmas, strong before weak."""
    return [Setting(lem, c) for lem in proc.lemmas for c in proc.c_grid]


def target(values: dict[str, Any], var: str) -> Any:
    """The value of a target: a variable, or membership of one label in a multi-label variable."""
    if ":" in var:
        base, label = var.split(":", 1)
        got = values.get(base)
        return None if got is None else int(label in got)
    return values.get(var)


def is_later_round(item_id: str, shift_from: str = SHIFT_FROM) -> bool:
    """Whether a real item belongs to the later collection round: same id prefix, number at least `shift_from`'s."""
    m, s = re.fullmatch(r"(\D*)(\d+)", item_id), re.fullmatch(r"(\D*)(\d+)", shift_from)
    if m is None or s is None:
        return False
    return m.group(1) == s.group(1) and int(m.group(2)) >= int(s.group(2))


@dataclass
class Example:
    id: str
    group: str  # story id; invented gold gets its own group and is never held out
    real: bool
    feats: dict[str, float]
    rules: dict[str, Any]
    gold: dict[str, Any]
    outlet: str = ""  # the publishing site (invented gold: its author's file)
    later: bool = False  # a real item of the later collection round (scored in the shifted split)


def _examples(records: list[tuple[dict[str, Any], dict[str, Any], str, bool]],
              shift_from: str = SHIFT_FROM) -> list[Example]:
    book = load_codebook()
    out = []
    for rec, gold, group, real in records:
        title, text, _ = record_title_text(rec.get("title") or "", rec.get("text") or "", book)
        doc = prepare_doc(text, title, book, rec.get("lang") or rec.get("language"), meta=SourceMeta.from_record(rec))
        result = code_doc_rules(doc)
        values = dict(result.values)
        values["_cues"] = {v: rule_cues(result.evidence, v) for v in ("problem", "substantive")}
        rid = str(rec["id"])
        outlet = str(rec.get("source") or "") if real else f"invented:{rid[:1]}"
        out.append(Example(rid, group, real, doc_features(doc, result.values), values, gold, outlet or f"item:{rid}",
                           real and is_later_round(rid, shift_from)))
    return out


# ---------------------------------------------------------------- features


def word_like(lemma: str) -> bool:
    """A lemma that can stand for a phenomenon: a word, not a number, a code, a URL part or a single letter."""
    return bool(WORD.fullmatch(lemma)) and lemma not in WEB_PARTS


def vocabulary(train: Iterable[Example], proc: Procedure, lemmas: bool) -> set[str]:
    """Features a model may weigh, from its training examples only.

    Every feature must occur in at least `min_stories` stories (copies of one story count once); a lemma also in
    at least `min_outlets` outlets and shaped like a word, so no lemma identifies an item, a site or its address.
    Without `lemmas`, the model reads only rule decisions, dictionary families, form and metadata."""
    stories: dict[str, set[str]] = {}
    outlets: dict[str, set[str]] = {}
    for ex in train:
        for k in ex.feats:
            if k.startswith(LEMMA_PREFIXES):
                if not lemmas or (proc.word_shape and not word_like(k.split(":", 1)[1])):
                    continue
                outlets.setdefault(k, set()).add(ex.outlet)
            stories.setdefault(k, set()).add(ex.group)
    return {k for k, groups in stories.items()
            if len(groups) >= proc.min_stories and (k not in outlets or len(outlets[k]) >= proc.min_outlets)}


def _eligible(ex: Example, var: str) -> bool:
    return target(ex.gold, var) is not None and (var not in GATED or (ex.rules.get("union") == 1 and ex.gold.get("union") == 1))


def _value(raw: str, like: Any) -> Any:
    return int(raw) if isinstance(like, int) and not isinstance(like, bool) else raw


@dataclass
class Fitted:
    vec: DictVectorizer
    model: LogisticRegression

    def proba(self, feats: list[dict[str, float]]) -> np.ndarray:
        """Class probabilities, a row per feature set (features the model does not know are ignored)."""
        return self.model.predict_proba(self.vec.transform(feats))  # type: ignore[no-any-return]


def _fit_all(train: list[Example], var: str, proc: Procedure, lemmas: bool,
             cs: Iterable[float]) -> dict[float, Fitted]:
    """One model per regularisation strength over the same filtered features (vectorised once)."""
    vocab = vocabulary(train, proc, lemmas)
    xs = [{k: v for k, v in ex.feats.items() if k in vocab} for ex in train]
    ys = [str(target(ex.gold, var)) for ex in train]
    if len(set(ys)) < 2:
        return {}
    vec = DictVectorizer(sparse=True, sort=True)
    x = vec.fit_transform(xs)
    out = {}
    # class weights by rarity: a rare class (tone −1, ANALYSIS, a rare label) is not simply never predicted.
    # From the strongest regularisation up, each fit starts from the previous solution (fewer iterations, the
    # same optimum within the solver's tolerance, still deterministic).
    model = LogisticRegression(max_iter=5000, solver="lbfgs", class_weight="balanced", warm_start=True)
    for c in sorted(cs):
        model.set_params(C=c)
        model.fit(x, ys)
        out[c] = Fitted(vec, copy.deepcopy(model))
    return out


def fit(train: list[Example], var: str, proc: Procedure, setting: Setting) -> Fitted | None:
    return _fit_all(train, var, proc, setting.lemmas, [setting.c]).get(setting.c)


# ---------------------------------------------------------------- out-of-sample proposals


@dataclass
class Part:
    """One out-of-sample step: a model trained on `train` proposes values for `test`."""

    test: list[Example]
    train: list[Example]


def cv_parts(examples: list[Example], var: str, k: int, pool: Callable[[Example], bool] = lambda ex: True) -> list[Part]:
    """Grouped k-fold parts over the real items in `pool`; real items outside it take no part at all."""
    real = [ex for ex in examples if ex.real and pool(ex) and target(ex.gold, var) is not None]
    parts = []
    for fold in range(k):
        test = [ex for ex in real if fold_of(ex.group, k) == fold]
        if test:
            train = [ex for ex in examples if _eligible(ex, var) and
                     (not ex.real or (pool(ex) and fold_of(ex.group, k) != fold))]
            parts.append(Part(test, train))
    return parts


def shift_part(examples: list[Example], var: str) -> Part:
    """Train on the earlier rounds' real items and the invented gold, test on the later round's real items."""
    test = [ex for ex in examples if ex.real and ex.later and target(ex.gold, var) is not None]
    train = [ex for ex in examples if _eligible(ex, var) and not (ex.real and ex.later)]
    return Part(test, train)


@dataclass
class Proposals:
    """Out-of-sample proposals of one target: the model's value and its probability (None: no model)."""

    ids: list[str] = field(default_factory=list)
    gold: list[Any] = field(default_factory=list)
    rules: list[Any] = field(default_factory=list)
    proposals: list[tuple[Any, float] | None] = field(default_factory=list)
    cues: list[int] = field(default_factory=list)


def propose(parts: list[Part], var: str, proc: Procedure, candidates: list[Setting]) -> dict[Setting, Proposals]:
    """Proposals of every candidate setting over the test items of all parts."""
    out = {s: Proposals() for s in candidates}
    for part in parts:
        fitted: dict[Setting, Fitted] = {}
        for lemmas in sorted({s.lemmas for s in candidates}):
            cs = [s.c for s in candidates if s.lemmas == lemmas]
            fitted |= {Setting(lemmas, c): f for c, f in _fit_all(part.train, var, proc, lemmas, cs).items()}
        for s in candidates:
            props = out[s]
            f = fitted.get(s)
            probas = f.proba([ex.feats for ex in part.test]) if f is not None else None
            for i, ex in enumerate(part.test):
                props.ids.append(ex.id)
                props.gold.append(target(ex.gold, var))
                props.rules.append(target(ex.rules, var))
                props.cues.append(ex.rules["_cues"].get(var, 0))
                if f is None or probas is None or (var in GATED and ex.rules.get("union") != 1):
                    props.proposals.append(None)
                    continue
                best = int(np.argmax(probas[i]))
                props.proposals.append((_value(f.model.classes_[best], target(ex.gold, var)), float(probas[i][best])))
    return out


def decide(var: str, props: Proposals, p_min: float) -> list[Any]:
    """The final value per item: the model's where it is at least `p_min` sure and may overrule the rules."""
    return [r if prop is None or prop[1] < p_min or not overrule_allowed(var, r, prop[0], cues) else prop[0]
            for r, prop, cues in zip(props.rules, props.proposals, props.cues, strict=True)]


def _round(a: float | None) -> float | None:
    return None if a is None else round(a, 4)


def _alpha(gold: list[Any], values: list[Any], var: str) -> float | None:
    a = alpha([gold, values], LEVELS.get(var, "nominal"))
    return None if math.isnan(a) else a


@dataclass
class Score:
    rules_alpha: float | None
    model_alpha: float | None
    n: int
    rules_errors: int
    model_errors: int

    def beats(self, margin: float) -> bool:
        if self.rules_alpha is None or self.model_alpha is None:
            return self.model_errors < self.rules_errors
        return self.model_alpha >= self.rules_alpha + margin

    def holds(self) -> bool:
        """Does not lose to the rules (alpha, or the count of errors where alpha cannot be computed)."""
        if self.rules_alpha is None or self.model_alpha is None:
            return self.model_errors <= self.rules_errors
        return self.model_alpha >= self.rules_alpha

    def as_json(self) -> dict[str, Any]:
        return {"rules_alpha": _round(self.rules_alpha), "model_alpha": _round(self.model_alpha), "n": self.n,
                "rules_errors": self.rules_errors, "model_errors": self.model_errors}


def score(var: str, props: Proposals, values: list[Any]) -> Score:
    return Score(_alpha(props.gold, props.rules, var), _alpha(props.gold, values, var), len(props.gold),
                 sum(g != r for g, r in zip(props.gold, props.rules, strict=True)),
                 sum(g != v for g, v in zip(props.gold, values, strict=True)))


@dataclass
class Choice:
    setting: Setting
    p_min: float
    score: Score
    props: Proposals


def choose(by_setting: dict[Setting, Proposals], var: str, proc: Procedure, log: str = "") -> Choice:
    """The setting and override probability with the best out-of-sample alpha; a candidate must beat the best so
    far by more than `tie`, so on a tie the simpler features, the stronger regularisation and the more cautious
    override win (they carry over better to texts unlike the training ones)."""
    best: Choice | None = None
    for s, props in by_setting.items():
        for p_min in proc.p_grid:
            sc = score(var, props, decide(var, props, p_min))
            if log:
                print(f"{log} {var} {s.label()} p>={p_min}: rules α={sc.rules_alpha} model α={sc.model_alpha} "
                      f"(n={sc.n})", file=sys.stderr)
            got = -math.inf if sc.model_alpha is None else sc.model_alpha
            have = -math.inf if best is None or best.score.model_alpha is None else best.score.model_alpha
            if best is None or got > have + proc.tie:
                best = Choice(s, p_min, sc, props)
    assert best is not None
    return best


@dataclass
class TargetResult:
    """Everything measured for one target."""

    cv: Choice  # settings chosen by grouped CV over all DEV
    shifted: Score  # that setting trained without the later round, scored on it
    shifted_props: Proposals
    procedure: Choice  # settings chosen by grouped CV over the earlier rounds only
    procedure_shifted: Score  # ... trained on them, scored on the later round: the whole procedure's shift figure
    procedure_keep: bool
    procedure_props: Proposals

    def keep(self, proc: Procedure) -> bool:
        """Beats the rules in CV, and on the later round neither the chosen setting nor the one the procedure
        chose on the earlier rounds alone (each trained without the later round) loses to them."""
        return self.cv.score.beats(proc.margin) and (
            not proc.shift_gate or (self.shifted.holds() and self.procedure_shifted.holds()))


def train_target(examples: list[Example], var: str, proc: Procedure, k: int, log: bool = False) -> TargetResult:
    cands = settings(proc)
    cv = choose(propose(cv_parts(examples, var, k), var, proc, cands), var, proc, "cv" if log else "")
    part = shift_part(examples, var)
    props = propose([part], var, proc, [cv.setting])[cv.setting]
    shifted = score(var, props, decide(var, props, cv.p_min))
    early = choose(propose(cv_parts(examples, var, k, lambda ex: not ex.later), var, proc, cands), var, proc)
    eprops = propose([part], var, proc, [early.setting])[early.setting]
    ekeep = early.score.beats(proc.margin)
    eshift = score(var, eprops, decide(var, eprops, early.p_min) if ekeep else eprops.rules)
    return TargetResult(cv, shifted, props, early, eshift, ekeep, eprops)


# ---------------------------------------------------------------- whole coder, export


def by_variable(examples: list[Example], decided: dict[str, dict[str, Any]],
                ids: set[str] | None = None) -> dict[str, float | None]:
    """Alpha per codebook variable of the real DEV items (of `ids`) coded out of sample: the rules' values with
    each learned target's decision applied (a label of topics/actors added or removed), scored like `validate`."""
    gold, auto = [], []
    for ex in examples:
        if not ex.real or (ids is not None and ex.id not in ids):
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
    return {v: None if math.isnan(r.alpha) else round(r.alpha, 4) for v, r in report.variables.items()}


def export(fitted: Fitted, like: Any) -> dict[str, Any]:
    names = fitted.vec.get_feature_names_out()
    coef = fitted.model.coef_
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        row = [round(float(coef[r, j]), 6) for r in range(coef.shape[0])]
        if any(abs(w) >= 1e-4 for w in row):
            weights[str(name)] = row
    classes = [_value(c, like) for c in fitted.model.classes_]
    return {"classes": classes, "intercept": [round(float(b), 6) for b in fitted.model.intercept_], "weights": weights}


def data_hash(records: list[tuple[dict[str, Any], dict[str, Any], str, bool]]) -> str:
    h = hashlib.sha256()
    for rec, gold, _, _ in sorted(records, key=lambda r: str(r[0]["id"])):
        h.update(json.dumps([rec["id"], hashlib.sha256((rec.get("text") or "").encode()).hexdigest(),
                             {k: gold.get(k) for k in (*CANDIDATES, *LABELS)}], ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def load_records(real: list[Path], texts: Path, invented: list[Path]) -> list[tuple[dict[str, Any], dict[str, Any], str, bool]]:
    """(coding record, gold labels, story group, is real) of every DEV item and every invented gold record."""
    items, _ = load_real_set(real, texts)
    records: list[tuple[dict[str, Any], dict[str, Any], str, bool]] = [
        (coding_record(it), it.labels or {}, it.story, True) for it in usable(items, "dev")]
    for path in invented:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                meta = rec.get("meta") or {}
                records.append(({"id": rec["id"], "title": rec.get("title", ""), "text": rec.get("text", ""),
                                 "language": meta.get("language"), "country": meta.get("country")}, rec, f"inv:{rec['id']}", False))
    return records


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--real", type=Path, action="append", required=True)
    ap.add_argument("--texts", type=Path, required=True)
    ap.add_argument("--invented", type=Path, action="append", default=[])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--margin", type=float, default=0.02, help="how much a model must beat the rules by in CV")
    ap.add_argument("--min-stories", type=int, default=Procedure.min_stories)
    ap.add_argument("--min-outlets", type=int, default=Procedure.min_outlets)
    ap.add_argument("--shift-from", default=SHIFT_FROM, help="first id of the later collection round")
    ap.add_argument("--legacy", action="store_true", help="the previous procedure, for comparison")
    ap.add_argument("--log", action="store_true", help="print every setting's cross-validated alpha")
    ap.add_argument("--variables", default=",".join([*CANDIDATES, *(f"{v}:{lab}" for v, ls in LABELS.items() for lab in ls)]))
    args = ap.parse_args(argv)
    proc = Procedure.legacy() if args.legacy else Procedure(min_stories=args.min_stories, min_outlets=args.min_outlets)
    proc = Procedure(**(asdict(proc) | {"margin": args.margin}))

    records = load_records(args.real, args.texts, args.invented)
    examples = _examples(records, args.shift_from)
    real = [ex for ex in examples if ex.real]
    later = {ex.id for ex in real if ex.later}
    if not later or len(later) == len(real):
        print(f"no shifted split: {len(later)} of {len(real)} DEV items have ids from {args.shift_from}", file=sys.stderr)
        return 2
    print(f"training data: {len(real)} real DEV items ({len(later)} from {args.shift_from} on), "
          f"{len(examples) - len(real)} invented", file=sys.stderr)
    out: dict[str, Any] = {"version": "learned-v1", "training_data_sha256": data_hash(records),
                           "trained_on": {"real_dev": len(real), "invented": len(examples) - len(real)},
                           "folds": args.folds, "procedure": asdict(proc) | {"shift_from": args.shift_from},
                           "shifted_split": {"train_real_dev": len(real) - len(later), "test_real_dev": len(later)},
                           "models": {}, "cross_validation": {}}
    oof: dict[str, dict[str, Any]] = {}
    shifted_oof: dict[str, dict[str, Any]] = {}
    for var in args.variables.split(","):
        res = train_target(examples, var, proc, args.folds, log=args.log)
        keep = res.keep(proc)
        out["cross_validation"][var] = res.cv.score.as_json() | {
            "C": res.cv.setting.c, "lemmas": res.cv.setting.lemmas, "override_probability": res.cv.p_min, "kept": keep,
            "shifted": res.shifted.as_json(),
            "shifted_procedure": res.procedure_shifted.as_json() | {
                "C": res.procedure.setting.c, "lemmas": res.procedure.setting.lemmas,
                "override_probability": res.procedure.p_min, "kept": res.procedure_keep}}
        print(f"{var}: {res.cv.setting.label()} p>={res.cv.p_min} CV {res.cv.score.as_json()} "
              f"shifted {res.shifted.as_json()} procedure-shifted {res.procedure_shifted.as_json()} kept={keep}",
              file=sys.stderr)
        oof[var] = dict(zip(res.cv.props.ids, decide(var, res.cv.props, res.cv.p_min) if keep else res.cv.props.rules,
                            strict=True))
        shifted_oof[var] = dict(zip(res.procedure_props.ids, decide(var, res.procedure_props, res.procedure.p_min)
                                    if res.procedure_keep else res.procedure_props.rules, strict=True))
        if keep:
            train = [ex for ex in examples if _eligible(ex, var)]
            fitted = fit(train, var, proc, res.cv.setting)
            if fitted is not None:
                like = next(target(ex.gold, var) for ex in train)
                out["models"][var] = export(fitted, like) | {"override_probability": res.cv.p_min}
    out["cross_validation_by_variable"] = by_variable(examples, oof)
    out["rules_by_variable"] = by_variable(examples, {})
    # the shift a new corpus brings: the whole procedure run on the earlier rounds, scored on the later round
    out["shifted_by_variable"] = {"rules": by_variable(examples, {}, later),
                                  "coder": by_variable(examples, shifted_oof, later), "n": len(later)}
    print(json.dumps({k: out[k] for k in ("rules_by_variable", "cross_validation_by_variable", "shifted_by_variable")},
                     ensure_ascii=False), file=sys.stderr)
    args.out.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
