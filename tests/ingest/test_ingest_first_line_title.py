"""Records without a title field take their first short line as the title (not survey answers)."""

from __future__ import annotations

import json
from pathlib import Path

from regionlens.ingest import RawDocument, iter_path


def read(path: Path, **kwargs: object) -> list[RawDocument]:
    docs = list(iter_path(path, **kwargs))  # type: ignore[arg-type]
    assert all(isinstance(d, RawDocument) for d in docs)
    return docs  # type: ignore[return-value]


def test_first_line_is_the_title_only_without_a_title_field(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    rows = [{"id": "1", "url": "https://a.example/x", "text": "Мост через Днепр открыт\nДвижение пустили в пятницу."},
            {"id": "2", "url": "https://a.example/y", "text": "Одна строка без заголовка."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    first, single = read(path)
    assert (first.title, first.text) == ("Мост через Днепр открыт", "Движение пустили в пятницу.")
    assert (single.title, single.text) == ("", "Одна строка без заголовка.")
    titled = tmp_path / "titled.jsonl"
    titled.write_text(json.dumps({"title": "", "text": "Строка один\nСтрока два"}, ensure_ascii=False), encoding="utf-8")
    (doc,) = read(titled)
    assert (doc.title, doc.text) == ("", "Строка один\nСтрока два")  # a title field, even empty, is the user's


def test_survey_answers_keep_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "answers.jsonl"
    path.write_text(json.dumps({"text": "Сотрудничество растёт.\nНо медленно."}, ensure_ascii=False), encoding="utf-8")
    (doc,) = read(path, kind="survey")
    assert (doc.title, doc.text) == ("", "Сотрудничество растёт.\nНо медленно.")
