"""An own corpus without metadata: a folder of .txt files and a JSONL of id/url/text only get their dates
from text and URL, with the date's source stored, exported, shown and reported."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from sqlalchemy import inspect, select, text
from typer.testing import CliRunner

from regionlens.export.documents import export_documents
from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.migrations import STEPS, migrate
from regionlens.store.project import Project, init_project
from regionlens.store.schema import documents, sources

MSK = ZoneInfo("Europe/Moscow")
BODY = ("Делегация Гродненской области провела переговоры в Смоленске о поставках молочной продукции.\n"
        "Стороны договорились о программе обмена студентами аграрных вузов.\n")
TXT = {
    "a.txt": "Визит в Смоленск\nМОСКВА, 25 октября 2023. /ТАСС/. " + BODY,
    "b.txt": "Сустрэча ў Гродне\n3 кастрычніка 2022\n" + BODY,
    "c.txt": "Итоги форума\n" + BODY + "Опубликовано: 16.05.2010 12:06",
    "d.txt": "Без даты\n" + BODY + "В 1945 году город был освобождён 16 июля 1944 года, напомнил гость.\n" + BODY,
}


def local_day(stored: datetime) -> object:
    """A stored (UTC, zone dropped by SQLite) time as the Moscow calendar day it was given in."""
    return stored.replace(tzinfo=UTC).astimezone(MSK).date()


def ingest_folder(proj: Project, tmp_path: Path) -> dict[str, tuple[datetime | None, str | None]]:
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, content in TXT.items():
        (folder / name).write_text(content, encoding="utf-8")
    summary = ingest_paths(proj, [folder])
    assert (summary.read, summary.added, summary.undated, summary.date_sources) == (4, 4, 1, {"text": 3})
    with proj.engine.connect() as conn:
        rows = conn.execute(select(documents.c.ext_id, documents.c.published_at, documents.c.date_source)).all()
    return {r.ext_id: (r.published_at.replace(tzinfo=UTC) if r.published_at else None, r.date_source) for r in rows}


def test_plain_text_folder_gets_dates_from_text(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "proj")
    assert ingest_folder(proj, tmp_path) == {
        "a": (datetime(2023, 10, 25, tzinfo=MSK).astimezone(UTC), "text"),
        "b": (datetime(2022, 10, 3, tzinfo=MSK).astimezone(UTC), "text"),
        "c": (datetime(2010, 5, 16, 12, 6, tzinfo=MSK).astimezone(UTC), "text"),
        "d": (None, None),  # only dates about history, in the body: undated, not 1944
    }


def test_jsonl_with_id_url_text_only(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "proj")
    lines = [
        {"id": "n1", "url": "https://www.grodno-news.example/2021/06/15/vizit", "text": "Визит в Смоленск\n" + BODY},
        {"id": "n2", "url": "https://grodno-news.example/news/vizit-2", "text": "Форум регионов\n19 апреля 2023\n" + BODY},
        {"id": "n3", "url": "https://smol-gazeta.example/archive/item", "text": "Ярмарка ремёсел\n" + BODY},
        {"id": "n4", "url": "https://smol-gazeta.example/2022/11/yarmarka", "text": "Ярмарка\nМИНСК, 14 ноя – БЕЛТА. " + BODY},
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    summary = ingest_paths(proj, [path])
    assert (summary.read, summary.added, summary.undated) == (4, 4, 1)
    assert summary.date_sources == {"url": 1, "text": 2}
    with proj.engine.connect() as conn:
        rows = {r.ext_id: r for r in conn.execute(select(documents)).all()}
        assert conn.execute(select(sources)).all() == []  # no registry rows invented for unknown sites
    assert rows["n1"].title == "Визит в Смоленск" and rows["n1"].text == BODY.strip()
    assert (local_day(rows["n1"].published_at), rows["n1"].date_source) == (datetime(2021, 6, 15).date(), "url")
    assert (local_day(rows["n2"].published_at), rows["n2"].date_source) == (datetime(2023, 4, 19).date(), "text")
    assert (rows["n3"].published_at, rows["n3"].date_source) == (None, None)
    # a year-less dateline takes its year from the URL; the URL's own month-only date comes after the text
    assert (local_day(rows["n4"].published_at), rows["n4"].date_source) == (datetime(2022, 11, 14).date(), "text")
    # the same text on two sites stays two publications: the source key is the domain
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps({"id": "m1", "url": "https://other-site.example/x", "text": lines[2]["text"]},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    assert ingest_paths(proj, [again]).added == 1


def test_date_source_is_exported(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "proj")
    ingest_folder(proj, tmp_path)
    export_documents(proj.engine, tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as fh:
        by_id = {r["ext_id"]: r["date_source"] for r in csv.DictReader(fh)}
    assert by_id == {"a": "text", "b": "text", "c": "text", "d": ""}
    export_documents(proj.engine, tmp_path / "out.xlsx")
    ws = load_workbook(tmp_path / "out.xlsx", read_only=True)["documents"]
    table = list(ws.iter_rows(values_only=True))
    col = table[0].index("date_source")
    assert sorted(str(r[col]) for r in table[1:]) == ["None", "text", "text", "text"]
    export_documents(proj.engine, tmp_path / "out.parquet")
    assert sorted(str(v) for v in pq.read_table(tmp_path / "out.parquet").column("date_source").to_pylist()) == [
        "None", "text", "text", "text"]


def test_migration_adds_the_columns_to_a_v6_project(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "proj")
    with proj.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_documents_kind_facts"))  # v14's index over date_source: not in a v6 project
        conn.execute(text("ALTER TABLE documents DROP COLUMN date_source"))
        conn.execute(text("ALTER TABLE reprints DROP COLUMN original_known"))
        conn.execute(text("UPDATE meta SET value = '6' WHERE key = 'schema_version'"))
    assert migrate(proj.engine) == sorted(s for s in STEPS if s >= 7)  # step 7 (dates) and any later ones
    with proj.engine.connect() as conn:
        assert "date_source" in {c["name"] for c in inspect(conn).get_columns("documents")}
        assert "original_known" in {c["name"] for c in inspect(conn).get_columns("reprints")}


@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", "1 из 4 прочитанных публикаций без даты: они сохранены и находятся поиском, но не войдут в динамику"),
    ("en", "1 of 4 publications read have no date: they are stored and searchable, but drop out of the dynamics"),
])
def test_cli_ingest_reports_undated_publications(tmp_path: Path, lang: str, expected: str) -> None:
    from regionlens.cli.main import app

    proj = init_project(tmp_path / "proj")
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, content in TXT.items():
        (folder / name).write_text(content, encoding="utf-8")
    out = CliRunner().invoke(app, ["ingest", str(folder), "--project", str(proj.root), "--lang", lang],
                             env={"COLUMNS": "400"})
    assert out.exit_code == 0, out.output
    flat = " ".join(out.output.split())
    assert expected in flat
    assert ("Dates from the text: 3" if lang == "en" else "Даты из текста: 3") in flat
    assert ("Ingest summary" if lang == "en" else "Итоги загрузки") in flat
    assert ("Duplicates (already stored): 0; without a source (in neither the registry nor the catalogue): 4"
            if lang == "en" else "Повторы (уже в базе): 0; без источника (нет ни в реестре, ни в каталоге): 4") in flat
    out = CliRunner().invoke(app, ["reprints", "--project", str(proj.root), "--lang", lang], env={"COLUMNS": "400"})
    assert out.exit_code == 0, out.output
    assert ("Publications checked: 4, of them without a date: 1" if lang == "en"
            else "Проверено публикаций: 4, из них без даты: 1") in " ".join(out.output.split())
