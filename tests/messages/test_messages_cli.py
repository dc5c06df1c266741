"""The CLI speaks the reader's language (REGIONLENS_LANG / --lang) and refuses filter values it does not know."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regionlens.cli.main import app
from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.project import init_project, open_project

CYR = re.compile(r"[\u0400-\u04FF]")


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    init_project(root)
    lines = [
        {"id": "a", "title": "Заметка a", "url": "https://example.ru/a", "date": "2023-03-31T12:00:00+03:00",
         "text": "Губернатор Смоленской области встретился с председателем Витебского облисполкома."},
        {"id": "b", "title": "Заметка b", "url": "https://example.ru/b", "date": "2023-04-01T12:00:00+03:00",
         "text": "Делегация Витебской области приехала в Смоленск на ярмарку."},
        {"id": "c", "title": "Заметка c", "url": "https://example.ru/c", "date": "2023-03-15T12:00:00+03:00",
         "text": "Очень длинный левый контекст перед словом, чтобы проверить выравнивание строк: Смоленская область."},
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    ingest_paths(open_project(root), [corpus])
    return root


def run(args: list[str], lang: str | None = None) -> tuple[int, str]:
    env = {"REGIONLENS_LANG": lang} if lang else {"REGIONLENS_LANG": "ru"}
    result = CliRunner().invoke(app, args, env=env)
    return result.exit_code, result.output


def flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def test_help_in_english_has_no_russian() -> None:
    code, out = run(["--help"], "en")
    assert code == 0 and "Create a project" in out
    assert not CYR.search(out)
    code, out = run(["search", "--help"], "en")
    # the only Cyrillic is the Russian spelling of the query operators, which users may type
    assert code == 0 and not CYR.search(out.replace("И/ИЛИ/НЕ", "")), out


def test_help_follows_a_lang_option_too() -> None:
    code, out = run(["report", "--help", "--lang", "en"])
    assert code == 0 and "Monitoring report" in out and not CYR.search(out)


def test_errors_in_the_readers_language(tmp_path: Path) -> None:
    code, out = run(["sources", "list", "-p", str(tmp_path / "nowhere")], "en")
    assert code == 2
    assert "Error:" in out and "is not a regionlens project folder" in flat(out) and not CYR.search(out)
    code, out = run(["sources", "list", "-p", str(tmp_path / "nowhere")], "ru")
    assert "Ошибка:" in out and "не папка проекта" in flat(out)


def test_unknown_filter_value_is_an_error_listing_the_allowed_ones(small_project: Path) -> None:
    code, out = run(["search", "область", "-p", str(small_project), "--level", "regionl"])
    assert code == 2
    assert "regionl" in out and "regional" in out and "federal" in out
    code, out = run(["search", "область", "-p", str(small_project), "--country", "PL"], "en")
    assert code == 2 and "unknown country" in out and "RU, BY" in out
    code, out = run(["search", "область", "-p", str(small_project), "--region", "RU-XXX"], "en")
    assert code == 2 and "not a region code" in out


def test_to_date_is_inclusive(small_project: Path) -> None:
    code, out = run(["search", "смоленский", "-p", str(small_project), "--from", "2023-03-31", "--to", "2023-03-31"])
    assert code == 0, out
    assert "Найдено публикаций: 1" in out and "Заметка a" in out and "Заметка b" not in out


def test_kwic_keywords_line_up(small_project: Path) -> None:
    code, out = run(["search", "смоленский", "-p", str(small_project)])
    assert code == 0
    kwic = [line for line in out.splitlines() if line.startswith("  ") and "Смоленск" in line]
    assert len(kwic) >= 2
    columns = {line.index("Смоленск") for line in kwic}
    assert len(columns) == 1, kwic


def test_count_by_shows_labels_not_codes(small_project: Path) -> None:
    code, out = run(["search", "область", "-p", str(small_project), "--count-by", "month"], "en")
    assert code == 0, out
    assert "Publications" in out and not CYR.search(out)
