"""Real publications as a validation set: items, hand labels, texts kept outside the repository.

A real set is a folder (`gold/real/`) with `items*.jsonl` (id, url, outlet, language, date, chars, sha256,
story) and hand labels (`labels.jsonl` adjudicated, else `labels_coder1*.jsonl`); the texts themselves are
other people's words and live in a git-ignored folder of `<id>.txt` files, checked against the recorded
length and SHA-256 before use.

The split is decided here and nowhere else, from the story id alone, so copies of one story never straddle
it and nobody can move an item by hand: a story is in the frozen TEST split when sha256(story) mod 3 == 0,
otherwise in DEV. Folds for cross-validation are made the same way (sha256 of the story, mod k), so a story's
copies always share a fold.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regionlens.validation.validate import ValidationError, read_jsonl

TEST_MODULUS = 3
# Targets on real publications (issue 14): higher for what the text names, lower for judgements.
REAL_TARGETS = {"union": 0.85, "interregional": 0.85, "regions": 0.85, "topics": 0.75, "actors": 0.75,
                "substantive": 0.75, "problem": 0.75, "tone": 0.70, "genre": 0.70}


def story_hash(story: str) -> int:
    return int(hashlib.sha256(story.encode("utf-8")).hexdigest(), 16)


def split_of(story: str) -> str:
    """'test' when sha256(story id) mod 3 == 0, else 'dev' (the frozen rule of the real set)."""
    return "test" if story_hash(story) % TEST_MODULUS == 0 else "dev"


def fold_of(story: str, k: int) -> int:
    """The cross-validation fold of a story: copies of one story share it."""
    return (story_hash(story) // TEST_MODULUS) % k


@dataclass(slots=True)
class RealItem:
    id: str
    story: str
    meta: dict[str, Any]
    labels: dict[str, Any] | None = None
    text: str | None = None

    @property
    def split(self) -> str:
        return split_of(self.story)


@dataclass(slots=True)
class TextCheck:
    """What a texts folder holds against items.jsonl."""

    ok: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    wrong_length: list[tuple[str, int, int]] = field(default_factory=list)
    wrong_hash: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _files(folder: Path, stem: str) -> list[Path]:
    return sorted(p for p in folder.glob(f"{stem}*.jsonl") if p.is_file())


def load_items(paths: list[Path]) -> dict[str, RealItem]:
    """Items of one or several real-set folders (or items files), in file order; an id seen twice is an error."""
    items: dict[str, RealItem] = {}
    for base in paths:
        files = [base] if base.is_file() else _files(base, "items")
        if not files:
            raise ValidationError(f"{base}: нет файлов items*.jsonl")
        for file in files:
            for rec in read_jsonl(file):
                rid = str(rec["id"])
                if rid in items:
                    raise ValidationError(f"{file}: запись {rid} повторяется")
                items[rid] = RealItem(rid, str(rec.get("story") or rid), rec)
    return items


def load_labels(paths: list[Path], items: dict[str, RealItem], prefer: str = "labels") -> int:
    """Attach hand labels: adjudicated `labels.jsonl` where present, else first-coder files; returns how many."""
    n = 0
    for base in paths:
        folder = base if base.is_dir() else base.parent
        files = [f for f in _files(folder, prefer) if f.name.startswith(f"{prefer}.") or f.name == f"{prefer}.jsonl"]
        if not files:
            files = _files(folder, "labels_coder1")
        for file in files:
            for rec in read_jsonl(file):
                item = items.get(str(rec["id"]))
                if item is not None:
                    item.labels = rec
                    n += 1
    return n


def check_texts(items: dict[str, RealItem], texts: Path) -> TextCheck:
    """Compare `<id>.txt` files with the recorded `chars` and `sha256`; attach the texts that match."""
    out = TextCheck()
    for rid, item in items.items():
        path = texts / f"{rid}.txt"
        if not path.exists():
            out.missing.append(rid)
            continue
        text = path.read_text(encoding="utf-8")
        chars = item.meta.get("chars")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if isinstance(chars, int) and chars != len(text):
            out.wrong_length.append((rid, chars, len(text)))
            continue
        want = item.meta.get("sha256")
        if isinstance(want, str) and want and want != digest:
            out.wrong_hash.append(rid)
            continue
        item.text = text
        out.ok.append(rid)
    known = set(items)
    out.extra = sorted(p.stem for p in texts.glob("*.txt") if p.stem not in known)
    return out


def coding_record(item: RealItem) -> dict[str, Any]:
    """The one-shot record of an item: its text and the metadata a monitoring export would carry."""
    m = item.meta
    return {"id": item.id, "title": m.get("title") or "", "text": item.text or "", "language": m.get("language"),
            "url": m.get("url"), "source": m.get("outlet") or m.get("source"), "level": m.get("level"),
            "country": m.get("country"), "date": m.get("date")}


def gold_record(item: RealItem) -> dict[str, Any]:
    labels = dict(item.labels or {})
    labels["id"] = item.id
    return labels


def learned_note(lang: str = "ru") -> str | None:
    """Which variables the packaged learned layer decides, and their grouped cross-validated alpha on DEV:
    a DEV score of those variables is in-sample (the layer was trained on DEV), so the CV figure is the one."""
    from regionlens.coding.learned import MODEL_PATH

    if not MODEL_PATH.exists():
        return None
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    cv = data.get("cross_validation", {})
    kept = [f"{v} {cv[v]['model_alpha']:.3f} (rules {cv[v]['rules_alpha']:.3f})" for v in data.get("models", {}) if v in cv]
    if not kept:
        return None
    head = ("Learned layer (trained on DEV; DEV figures of these are in-sample), 5-fold grouped CV alpha: "
            if lang == "en" else "Обученный слой (обучен на DEV; оценки DEV для них внутривыборочные), α 5-кратной "
            "групповой кросс-валидации: ")
    note = head + "; ".join(kept)
    per_var = data.get("cross_validation_by_variable") or {}
    if per_var:
        # the whole coder out of fold: rules with every kept model's out-of-fold decisions applied
        note += (". Whole coder out of fold: " if lang == "en" else ". Весь кодировщик вне фолда: ") + \
            ", ".join(f"{v} {a:.3f}" for v, a in per_var.items())
    return note


def read_items_file(path: Path) -> list[dict[str, Any]]:
    """Plain records of an items file (for scripts that only list and check)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_real_set(paths: list[Path], texts: Path) -> tuple[dict[str, RealItem], TextCheck]:
    """Items with labels and the texts that pass the length and hash check."""
    items = load_items(paths)
    load_labels(paths, items)
    return items, check_texts(items, texts)


def usable(items: dict[str, RealItem], split: str) -> list[RealItem]:
    """Items of one split ('dev', 'test' or 'all') that have both labels and a checked text."""
    return [it for it in items.values() if it.labels is not None and it.text is not None
            and (split == "all" or it.split == split)]


def score_items(selected: list[RealItem], codebook: Any = None, *, draws: int = 1000) -> Any:
    """Code the items now (one-shot records with their metadata) and compare with their hand labels."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.coding.coder import code_records
    from regionlens.validation.validate import validate

    book = codebook or load_codebook()
    auto = list(code_records((coding_record(it) for it in selected), book))
    return validate([gold_record(it) for it in selected], auto, draws=draws, codebook_version=book.version)
