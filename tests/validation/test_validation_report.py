"""validate(): matching by id, disagreements with evidence, console and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

from regionlens.coding.codebook import VARIABLE_NAMES
from regionlens.validation.validate import format_report, report_to_json, validate, validate_gold_file


def _rec(i: str, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {"id": i, "union": 1, "interregional": 0, "regions": [], "topics": [], "substantive": 0,
                               "problem": 0, "tone": 0, "actors": [], "genre": "NEWS"}
    base.update(kw)
    return base


def test_disagreements_carry_auto_evidence() -> None:
    gold = [_rec("a", tone=1), _rec("b", tone=0), _rec("c", union=0), _rec("d", topics=["ECON"])]
    ev = {"variable": "tone", "value": -1, "start": 0, "end": 5, "pattern": "провал", "rule": "negative", "field": "text", "surface": "Провал"}
    auto = [_rec("a", tone=-1, evidence=[ev]), _rec("b", tone=0), _rec("c", union=0), _rec("d", topics=["ECON"]), _rec("zzz")]
    report = validate(gold, auto, draws=50)
    assert report.n == 4
    tone = [d for d in report.disagreements if d.variable == "tone"]
    assert len(tone) == 1 and tone[0].id == "a" and tone[0].evidence == [ev]
    assert report.variables["tone"].level == "ordinal"
    assert set(report.variables) == set(VARIABLE_NAMES)
    text = format_report(report, "ru")
    assert "α Криппендорфа" in text and "«Провал»" in text
    assert "Krippendorff" in format_report(report, "en")
    data = report_to_json(report)
    json.dumps(data)
    assert data["variables"]["union"]["alpha"] == 1.0


def test_missing_auto_is_listed(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(_rec(i)) for i in ("x", "y")), encoding="utf-8")
    auto = tmp_path / "auto.jsonl"
    auto.write_text(json.dumps(_rec("x")) + "\n", encoding="utf-8")
    report = validate_gold_file(gold, auto, draws=20)
    assert report.missing_auto == ["y"] and report.n == 1


def test_gold_texts_are_coded_when_no_auto_given(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    recs = [
        _rec("1", title="Гомельская и Брянская области подписали соглашение", text="Губернатор Брянской области и председатель "
             "Гомельского облисполкома подписали соглашение о сотрудничестве.", interregional=1, regions=["BY-HO", "RU-BRY"],
             topics=["POL"], actors=["REG"]),
        _rec("2", title="Новый спорткомплекс", text="В Смоленске открылся спорткомплекс.", union=0, regions=["RU-SMO"], topics=["TOUR"]),
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    report = validate_gold_file(gold, draws=20)
    assert report.n == 2
    assert report.variables["union"].agreement == 1.0
    assert report.variables["regions"].set_agreement == 1.0
