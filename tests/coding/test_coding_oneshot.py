"""One-shot coding of a JSONL file or a folder of .txt files into codes.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

from regionlens.coding.codebook import VARIABLE_NAMES
from regionlens.coding.coder import code_file, code_records

TEXT = ("Губернатор Брянской области и председатель Гомельского облисполкома подписали соглашение. "
        "Завод «Гомсельмаш» поставит 50 комбайнов брянским аграриям.")


def test_jsonl_input_with_a_bad_record(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "n1", "title": "Брянщина и Гомельщина", "text": TEXT}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"id": "n3", "title": "без текста"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "codes.jsonl"
    assert code_file(src, out) == (1, 2)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["n1", "in.jsonl:2", "n3"]
    good = rows[0]
    assert list(good) == ["id", *VARIABLE_NAMES, "evidence"]
    assert good["regions"] == ["BY-HO", "RU-BRY"] and good["union"] == 1 and good["interregional"] == 1
    assert good["actors"] == sorted(good["actors"]) and "REG" in good["actors"]
    for e in good["evidence"]:
        src_text = "Брянщина и Гомельщина" if e["field"] == "title" else TEXT
        assert src_text[e["start"] : e["end"]] == e["surface"]
    assert "неверный JSON" in rows[1]["error"] and "text" in rows[2]["error"]


def test_folder_of_txt_files(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "smolensk.txt").write_text("В Смоленске открылся новый спорткомплекс.", encoding="utf-8")
    (folder / "gomel.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / "codes.jsonl"
    assert code_file(folder, out) == (2, 0)
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {"smolensk", "gomel"}
    assert rows["smolensk"]["union"] == 0 and rows["smolensk"]["regions"] == ["RU-SMO"]
    assert rows["gomel"]["substantive"] == 1


def test_code_records_is_lazy_and_keeps_ids() -> None:
    gen = code_records(iter([{"id": 7, "text": "Текст."}, {"id": 8, "text": TEXT}]))
    first = next(gen)
    assert first["id"] == 7 and first["union"] == 0 and first["genre"] == "NEWS"
    assert next(gen)["id"] == 8
