"""Classifiers trained on gold codes, used beside or instead of the dictionary rules.

Where a dictionary variable is weak (a short list, a new topic, another
language), a few hundred adjudicated units train a linear model that is often
better. The model is judged like the rules — Krippendorff's alpha against gold,
here on cross-validated predictions — so the two can be compared on the same
scale before a researcher switches. Features are TF-IDF over the stored lemma
stream, or the codebook's dictionary hits (which keeps the model explainable).
The saved model records the codebook hash: dictionary features mean nothing
under another codebook. It records no file path: the project's codebook is
passed in, checked against that hash, and lent to the dictionary features by
hash (`DictionaryFeatures`), so a moved codebook file still serves its models.
"""

from __future__ import annotations

import json
import math
import pickle
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine, delete, insert, select

from regionlens.coding.codebook import Codebook
from regionlens.manual.adjudicate import GOLD
from regionlens.manual.values import decode, encode
from regionlens.store.schema import codes, documents
from regionlens.validation.reliability import alpha

MODEL_CODER = "model"
FEATURES = ("tfidf", "dictionary")
MODELS_DIR = "models"


class ClassifierError(ValueError):
    """Training or applying a classifier is impossible; the message is for the user."""


@dataclass(slots=True)
class ClassifierReport:
    variable: str
    features: str
    n: int
    folds: int
    f1: float
    alpha: float
    labels: dict[str, dict[str, float]] = field(default_factory=dict)
    model_path: Path | None = None
    codebook_hash: str = ""

    def as_dict(self) -> dict[str, Any]:
        def clean(x: Any) -> Any:
            return None if isinstance(x, float) and math.isnan(x) else x

        return {"variable": self.variable, "features": self.features, "n": self.n, "folds": self.folds,
                "f1": clean(self.f1), "alpha": clean(self.alpha),
                "labels": {k: {m: clean(v) for m, v in d.items()} for k, d in self.labels.items()},
                "model_path": str(self.model_path) if self.model_path else None, "codebook_hash": self.codebook_hash}


# ---------------------------------------------------------------- features


def _lemma_text(row: Any) -> str:
    if row.lemmas:
        return str(row.lemmas)
    # Since schema version 11 the lemmas live only in the full-text index: rebuilt as ingest built them.
    from regionlens.store.documents import index_lemmas
    from regionlens.text import analyse

    lang = row.language if row.language in ("ru", "be", "uk", "en") else None
    return index_lemmas(row.title or "", analyse(row.text, lang))


# The codebooks dictionary features may use, by hash. A fitted model is pickled and scikit-learn clones its
# steps from their parameters, so a step carries only the hash; `train_classifier` and `load_model` lend the
# project's codebook here after checking that hash, and a step finds it by that hash, never by a file path.
_BOOKS: dict[str, Codebook] = {}
_MAX_BOOKS = 8


def lend_codebook(book: Codebook) -> None:
    """Make `book` available to dictionary features under its hash (the most recent few are kept)."""
    _BOOKS.pop(book.hash, None)
    _BOOKS[book.hash] = book
    while len(_BOOKS) > _MAX_BOOKS:
        _BOOKS.pop(next(iter(_BOOKS)))


def _lent(book_hash: str) -> Codebook:
    book = _BOOKS.get(book_hash)
    if book is None:
        raise ClassifierError(f"Кодификатор с хешем {book_hash} не передан признакам словаря; "
                              f"загрузите модель через load_model с кодификатором проекта.")
    return book


def _dictionary_features(row: Any, book: Codebook) -> dict[str, float]:
    return dict(_hit_counts(book.hash, row.title or "", row.text, row.language))


@lru_cache(maxsize=10000)
def _hit_counts(book_hash: str, title: str, text: str, language: str | None) -> tuple[tuple[str, float], ...]:
    """Counts of dictionary labels and of single patterns in the title and text (cached: every CV fold asks)."""
    from regionlens.coding.context import find_hits
    from regionlens.text import analyse

    book = _lent(book_hash)
    lang = language if language in ("ru", "be") else None
    stream = analyse(f"{title}\n{text}", lang)
    feats: dict[str, float] = {}
    for h in find_hits(stream, book):
        for key, add in ((f"{h.dictionary}:{h.label}", h.weight), (f"{h.dictionary}:{h.label}:{h.pattern}", 1.0)):
            feats[key] = feats.get(key, 0.0) + add
    return tuple(sorted(feats.items()))


class DictionaryFeatures:
    """A scikit-learn transformer: documents (rows) → dictionary hit counts (picklable: the codebook by hash)."""

    def __init__(self, codebook_hash: str = ""):
        self.codebook_hash = codebook_hash

    def fit(self, rows: list[Any], y: Any = None) -> DictionaryFeatures:
        from sklearn.feature_extraction import DictVectorizer

        self.vectorizer_ = DictVectorizer()
        self.vectorizer_.fit([_dictionary_features(r, self._book()) for r in rows])
        return self

    def transform(self, rows: list[Any]) -> Any:
        return self.vectorizer_.transform([_dictionary_features(r, self._book()) for r in rows])

    def fit_transform(self, rows: list[Any], y: Any = None) -> Any:
        return self.fit(rows, y).transform(rows)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"codebook_hash": self.codebook_hash}

    def set_params(self, **params: Any) -> DictionaryFeatures:
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def _book(self) -> Codebook:
        return _lent(self.codebook_hash)


class LemmaText:
    """A transformer picking the lemma text of a document row (so both feature kinds take rows)."""

    def fit(self, rows: list[Any], y: Any = None) -> LemmaText:
        return self

    def transform(self, rows: list[Any]) -> list[str]:
        return [_lemma_text(r) for r in rows]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {}

    def set_params(self, **params: Any) -> LemmaText:
        return self


def _pipeline(features: str, book: Codebook, multi: bool, n_classes: int, seed: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    # liblinear is several times faster on sparse two-class problems (and one-vs-rest labels are two-class)
    solver = "liblinear" if features == "tfidf" and (multi or n_classes == 2) else "lbfgs"
    # Gold sets are small and skewed: balanced classes, weak regularisation and unigrams did best on the
    # demo corpus (bigrams and min_df=2 lose rare problem words).
    clf: Any = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, solver=solver, random_state=seed)
    if multi:
        clf = OneVsRestClassifier(clf)
    if features == "tfidf":
        steps: list[tuple[str, Any]] = [("lemmas", LemmaText()),
                                        ("tfidf", TfidfVectorizer(ngram_range=(1, 1), min_df=1, sublinear_tf=True,
                                                                  token_pattern=r"(?u)\b\w[\w-]*\b"))]
    else:
        lend_codebook(book)
        steps = [("dictionary", DictionaryFeatures(book.hash))]
    return Pipeline([*steps, ("clf", clf)])


# ---------------------------------------------------------------- data


def _documents(engine: Engine, ids: list[int] | None = None) -> list[Any]:
    query = select(documents.c.id, documents.c.title, documents.c.text, documents.c.language, documents.c.lemmas)
    if ids is not None:
        query = query.where(documents.c.id.in_(ids))
    with engine.connect() as conn:
        return list(conn.execute(query.order_by(documents.c.id)))


def gold_values(engine: Engine, variable: str) -> dict[int, Any]:
    with engine.connect() as conn:
        return {int(r.document_id): decode(r.value) for r in conn.execute(
            select(codes.c.document_id, codes.c.value).where(codes.c.coder == GOLD, codes.c.variable == variable))}


def _kind(book: Codebook, variable: str) -> str:
    spec = book.variables.get(variable)
    if spec is None:
        raise ClassifierError(f"Переменной «{variable}» нет в кодификаторе.")
    return spec.type


def model_path(root: str | Path, variable: str) -> Path:
    return Path(root) / MODELS_DIR / f"{variable}.pkl"


# ---------------------------------------------------------------- training


def train_classifier(engine: Engine, variable: str, *, features: str = "tfidf", cv: int = 5,
                     codebook: Codebook, root: str | Path | None = None, seed: int = 0) -> ClassifierReport:
    """Cross-validate on gold codes (F1 and alpha of out-of-fold predictions), then fit on all and save.

    `codebook` is the project's. The model goes to `root`/models/<variable>.pkl when `root` (the project
    folder) is given."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
    from sklearn.preprocessing import MultiLabelBinarizer

    if features not in FEATURES:
        raise ClassifierError(f"Неизвестный вид признаков «{features}»; допустимы: {', '.join(FEATURES)}")
    book = codebook
    kind = _kind(book, variable)
    gold = gold_values(engine, variable)
    rows = [r for r in _documents(engine, sorted(gold)) if r.id in gold]
    multi = kind == "multi"
    if multi:
        mlb = MultiLabelBinarizer()
        y = mlb.fit_transform([gold[r.id] for r in rows])
        classes = [str(c) for c in mlb.classes_]
        keep = [i for i in range(y.shape[1]) if 2 <= y[:, i].sum() <= len(rows) - 2]
        if not keep:
            raise ClassifierError(f"«{variable}»: ни одна метка не встречается в эталоне хотя бы дважды (и не во всех единицах).")
        y = y[:, keep]
        classes = [classes[i] for i in keep]
        folds = min(cv, len(rows))
        splitter: Any = KFold(n_splits=folds, shuffle=True, random_state=seed)
    else:
        y_list = [gold[r.id] for r in rows]
        counts = Counter(y_list)
        if len(counts) < 2:
            raise ClassifierError(f"«{variable}»: в эталоне одно значение ({len(rows)} единиц) — обучать не на чем.")
        folds = min(cv, min(counts.values()))
        if folds < 2:
            raise ClassifierError(f"«{variable}»: у значения {min(counts, key=lambda k: counts[k])} только один "
                                  f"пример в эталоне; нужно хотя бы два каждого значения.")
        y = np.array(y_list)
        classes = sorted({str(v) for v in y_list})
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    model = _pipeline(features, book, multi, len(classes), seed)
    pred = cross_val_predict(model, rows, y, cv=splitter)
    report = ClassifierReport(variable, features, len(rows), folds, math.nan, math.nan, codebook_hash=book.hash)
    if multi:
        report.f1 = float(f1_score(y, pred, average="micro", zero_division=0))
        per = [alpha([list(y[:, i]), list(pred[:, i])], "nominal") for i in range(y.shape[1])]
        good = [a for a in per if not math.isnan(a)]
        report.alpha = float(np.mean(good)) if good else math.nan
        for i, lab in enumerate(classes):
            report.labels[lab] = {"f1": float(f1_score(y[:, i], pred[:, i], zero_division=0)), "alpha": per[i]}
    else:
        level = "ordinal" if kind == "ordinal" else "nominal"
        report.f1 = float(f1_score(y, pred, average="binary" if kind == "binary" and set(y) <= {0, 1} else "macro",
                                   zero_division=0))
        report.alpha = alpha([[_py(v) for v in y], [_py(v) for v in pred]], level)
        for lab in classes:
            yt = [str(v) == lab for v in y]
            yp = [str(v) == lab for v in pred]
            report.labels[lab] = {"f1": float(f1_score(yt, yp, zero_division=0))}
    model.fit(rows, y)
    if root is not None:
        path = model_path(root, variable)
        path.parent.mkdir(parents=True, exist_ok=True)
        bundle = {"model": model, "variable": variable, "features": features, "kind": kind, "classes": classes,
                  "codebook_hash": book.hash, "codebook_version": book.version, "n": len(rows),
                  "trained_at": datetime.now(UTC).isoformat(), "report": report.as_dict()}
        with path.open("wb") as fh:
            pickle.dump(bundle, fh)
        report.model_path = path
    return report


def _py(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


# ---------------------------------------------------------------- using a model


def load_model(root: str | Path, variable: str, codebook: Codebook) -> dict[str, Any]:
    """The saved bundle; a dictionary-feature model trained under another codebook than the project's is refused.

    Models are matched to the codebook by its hash: a model trained before the
    codebook file moved still loads, one trained before it was edited does not.
    """
    path = model_path(root, variable)
    if not path.exists():
        raise ClassifierError(f"Модели для «{variable}» нет ({path}); сначала обучите её.")
    with path.open("rb") as fh:
        bundle: dict[str, Any] = pickle.load(fh)  # noqa: S301 — our own file in the project folder
    book = codebook
    if bundle["features"] == "dictionary":
        if bundle["codebook_hash"] != book.hash:
            raise ClassifierError(f"Модель «{variable}» обучена на словарях другого кодификатора "
                                  f"({bundle['codebook_hash']} ≠ {book.hash}); обучите её заново.")
        lend_codebook(book)
        for step in getattr(bundle["model"], "named_steps", {}).values():
            if isinstance(step, DictionaryFeatures):
                step.codebook_hash = book.hash  # models saved by earlier versions named a file instead
    return bundle


def _proba(bundle: dict[str, Any], rows: list[Any]) -> np.ndarray:
    return np.asarray(bundle["model"].predict_proba(rows))


def _decode_pred(bundle: dict[str, Any], pred: Any) -> Any:
    if bundle["kind"] == "multi":
        return [lab for lab, on in zip(bundle["classes"], pred, strict=True) if on]
    return _py(pred)


def apply_classifier(engine: Engine, variable: str, *, root: str | Path, codebook: Codebook,
                     document_ids: list[int] | None = None, coder: str = MODEL_CODER, batch_size: int = 500) -> int:
    """Write the model's codes (coder «model») for the given or all documents; returns how many."""
    bundle = load_model(root, variable, codebook)
    rows = _documents(engine, document_ids)
    now = datetime.now(UTC)
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        preds = bundle["model"].predict(batch)
        proba = _proba(bundle, batch)
        with engine.begin() as conn:
            ids = [r.id for r in batch]
            conn.execute(delete(codes).where(codes.c.coder == coder, codes.c.variable == variable,
                                             codes.c.document_id.in_(ids)))
            conn.execute(insert(codes), [
                {"document_id": r.id, "variable": variable, "coder": coder, "value": encode(_decode_pred(bundle, p)),
                 "codebook_version": bundle["codebook_version"], "coded_at": now,
                 "evidence": json.dumps([{"variable": variable, "rule": f"classifier:{bundle['features']}",
                                          "confidence": round(float(np.max(pr)), 4)}], ensure_ascii=False)}
                for r, p, pr in zip(batch, preds, proba, strict=True)])
    return len(rows)


def uncertainty(proba: np.ndarray, multi: bool) -> np.ndarray:
    """Higher = less certain: 1 − margin between the two likeliest classes; multi-label: the label closest to 0.5."""
    if multi:
        return 1.0 - 2.0 * np.min(np.abs(proba - 0.5), axis=1)
    top = np.sort(proba, axis=1)
    return 1.0 - (top[:, -1] - top[:, -2])


def suggest_units(engine: Engine, variable: str, n: int, *, root: str | Path, codebook: Codebook,
                  exclude: list[int] | None = None) -> list[int]:
    """The `n` documents without a gold value where the model is least certain (active learning)."""
    bundle = load_model(root, variable, codebook)
    have = set(gold_values(engine, variable)) | set(exclude or [])
    rows = [r for r in _documents(engine) if r.id not in have]
    if not rows or n <= 0:
        return []
    scores = uncertainty(_proba(bundle, rows), bundle["kind"] == "multi")
    order = sorted(range(len(rows)), key=lambda i: (-scores[i], rows[i].id))
    return [int(rows[i].id) for i in order[:n]]
