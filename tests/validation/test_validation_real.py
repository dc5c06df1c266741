"""The real-set tooling: the frozen split rule, grouped folds, text checks and scoring (texts written for the test)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from regionlens.validation.real import (
    check_texts,
    fold_of,
    load_items,
    load_labels,
    score_items,
    split_of,
    usable,
)


def test_split_is_sha256_of_the_story_mod_3() -> None:
    for story in ("s0001", "s0002", "story-17", "ё"):
        expect = "test" if int(hashlib.sha256(story.encode()).hexdigest(), 16) % 3 == 0 else "dev"
        assert split_of(story) == expect
    stories = [f"s{n:04d}" for n in range(300)]
    share = sum(split_of(s) == "test" for s in stories) / len(stories)
    assert 0.25 < share < 0.42  # about a third, decided by the hash alone


def test_folds_keep_a_story_together_and_cover_all_folds() -> None:
    stories = [f"s{n:04d}" for n in range(200)]
    folds = {fold_of(s, 5) for s in stories}
    assert folds == set(range(5))
    assert all(fold_of(s, 5) == fold_of(s, 5) for s in stories)


def _write_set(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "real"
    texts = tmp_path / "texts"
    real.mkdir()
    texts.mkdir()
    docs = {
        "a1": ("Губернатор Брянской области и председатель Гомельского облисполкома подписали соглашение о "
               "сотрудничестве. Предприятия поставят 120 тракторов.", "s-a"),
        "a2": ("В Смоленске открылся новый спорткомплекс для жителей города.", "s-b"),
        "a3": ("Текст, который не совпадает с записью.", "s-c"),
    }
    items, labels = [], []
    for rid, (text, story) in docs.items():
        (texts / f"{rid}.txt").write_text(text, encoding="utf-8")
        recorded = text if rid != "a3" else text + " (другая редакция)"
        items.append({"id": rid, "url": f"https://example.ru/{rid}", "outlet": "example.ru", "language": "ru",
                      "chars": len(recorded), "sha256": hashlib.sha256(recorded.encode()).hexdigest(), "story": story})
        labels.append({"id": rid, "union": 1 if rid == "a1" else 0, "interregional": 1 if rid == "a1" else 0,
                       "regions": ["BY-HO", "RU-BRY"] if rid == "a1" else ["RU-SMO"], "topics": [], "substantive": int(rid == "a1"),
                       "problem": 0, "tone": 0, "actors": ["REG"] if rid == "a1" else [], "genre": "NEWS"})
    items.append({"id": "a4", "url": "https://example.ru/a4", "chars": 5, "sha256": "", "story": "s-d"})
    (real / "items.part1.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items), encoding="utf-8")
    (real / "labels_coder1.part1.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labels),
                                                    encoding="utf-8")
    return real, texts


def test_check_texts_lists_missing_and_changed_texts(tmp_path: Path) -> None:
    real, texts = _write_set(tmp_path)
    (texts / "stray.txt").write_text("x", encoding="utf-8")
    items = load_items([real])
    assert load_labels([real], items) == 3
    check = check_texts(items, texts)
    assert sorted(check.ok) == ["a1", "a2"]
    assert check.missing == ["a4"]
    assert [r for r, _, _ in check.wrong_length] == ["a3"]
    assert check.extra == ["stray"]


def test_scoring_a_split_codes_the_checked_texts(tmp_path: Path) -> None:
    real, texts = _write_set(tmp_path)
    items = load_items([real])
    load_labels([real], items)
    check_texts(items, texts)
    everything = usable(items, "all")
    assert sorted(it.id for it in everything) == ["a1", "a2"]
    report = score_items(everything, draws=10)
    assert report.n == 2
    assert report.variables["union"].agreement == 1.0
    assert {it.id for it in usable(items, "dev")} | {it.id for it in usable(items, "test")} == {"a1", "a2"}
