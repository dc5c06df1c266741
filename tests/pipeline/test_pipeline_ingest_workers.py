"""`ingest_paths(..., workers=2)` and `regionlens ingest --workers N`: the parallel run stores and reports
exactly what the serial run does, on both back ends, and a killed run resumes without duplicates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from regionlens.pipeline import ingest as ingest_module
from regionlens.pipeline.ingest import IngestSummary, ingest_paths
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.fts import indexed_lemmas
from regionlens.store.project import Project, init_project
from regionlens.store.schema import documents

SOURCES = """\
sources:
  - {name: Смоленский курьер, domains: [smol-kurier.ru], country: RU, level: regional, region_code: RU-SMO}
  - {name: Витебские вести, domains: [vit-vesti.by], country: BY, level: regional, region_code: BY-VI, language: be}
"""

TOPICS = [
    ("Губернатор посетил Витебск", "Делегация Смоленской области провела переговоры в Витебске о поставках техники."),
    ("Сустрэча ў Віцебску", "Старшыня Віцебскага аблвыканкама сустрэўся з губернатарам Смаленскай вобласці."),
    ("Урожай на Смоленщине", "Аграрии собрали рекордный урожай льна, цены на зерно выросли на 7%."),
    ("Мост через Днепр", "Строители закончили ремонт моста, движение откроют к осени."),
    ("Футбол", "Смоленский клуб выиграл у гостей из Витебска со счётом 2:1."),
]


def _corpus(tmp_path: Path) -> list[Path]:
    """Two files with good records, broken lines, duplicates (by content and by source + URL), an unknown
    outlet, a record without text and one the database refuses (see `_refuse_poisoned`); the first file
    is passed twice, so its second pass is all repeats."""
    first: list[str] = []
    for i in range(14):
        title, body = TOPICS[i % len(TOPICS)]
        host = ("smol-kurier.ru", "vit-vesti.by", "unknown-outlet.example")[i % 3]
        first.append(json.dumps({"id": f"a{i}", "title": f"{title} {i}", "text": f"{body} Выпуск {i}.",
                                 "url": f"https://{host}/n/{i}", "date": f"2022-0{1 + i % 9}-1{i % 10}T09:00:00+03:00"},
                                ensure_ascii=False))
    first.insert(3, '{"id": "broken", "text": "нет закрывающей скобки"')
    first.insert(8, first[5])  # the same record twice in one file
    first.insert(11, json.dumps({"id": "same-url", "title": "Другой текст", "text": "Иной текст по тому же адресу.",
                                 "url": "https://smol-kurier.ru/n/0"}, ensure_ascii=False))
    first.insert(12, json.dumps({"id": "empty", "title": "Без текста"}, ensure_ascii=False))
    second = [json.dumps({"id": f"b{i}", "title": f"Новости {i}", "text": f"{TOPICS[i % 5][1]} Продолжение {i}.",
                          "url": f"https://vit-vesti.by/b/{i}"}, ensure_ascii=False) for i in range(6)]
    second.insert(1, json.dumps({"id": "poisoned", "title": "Сбой", "text": "отравленная запись для базы",
                                 "url": "https://vit-vesti.by/b/x"}, ensure_ascii=False))
    second.insert(5, "[1, 2, 3]")  # read after the batch with the poisoned record is handed over for storing
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(first) + "\n", encoding="utf-8")
    b.write_text("\n".join(second) + "\n", encoding="utf-8")
    return [a, b, a]


def _with_sources(proj: Project, tmp_path: Path) -> Project:
    reg = tmp_path / "sources.yaml"
    reg.write_text(SOURCES, encoding="utf-8")
    import_sources(proj.engine, read_registry(reg)[0])
    return proj


@pytest.fixture
def twin(project: Project, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Project]:
    """A second empty project on the same back end as `project` (as in tests/conftest.py)."""
    if project.dialect == "sqlite":
        other = init_project(tmp_path / "twin")
        yield other
        other.engine.dispose()
        return
    server: str = request.getfixturevalue("pg_server_url")
    name = "rl_" + uuid.uuid4().hex[:12]
    admin = create_engine("postgresql+psycopg://" + server.split("://", 1)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    other = init_project(tmp_path / "twin", f"{server.rsplit('/', 1)[0]}/{name}")
    try:
        yield other
    finally:
        other.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


COLUMNS = [c.name for c in documents.c if c.name != "ingested_at"]


def _refuse_poisoned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The database refuses the batch holding the «отравленная» record, and then that record alone."""
    real = ingest_module.insert_documents

    def refusing(conn: Any, rows: Any) -> int:
        if any("отравленная" in r["text"] for r in rows):
            raise ValueError("запись отравлена")
        return real(conn, rows)

    monkeypatch.setattr(ingest_module, "insert_documents", refusing)


def _stored(proj: Project) -> list[tuple[Any, ...]]:
    """Every stored document, all columns but the ingestion time, in id order."""
    with proj.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(*[documents.c[n] for n in COLUMNS]).order_by(documents.c.id))]


def _run(proj: Project, paths: list[Path], workers: int) -> tuple[IngestSummary, list[tuple[int, int | None]]]:
    ticks: list[tuple[int, int | None]] = []
    summary = ingest_paths(proj, paths, batch_size=3, workers=workers, progress=lambda d, t: ticks.append((d, t)))
    return summary, ticks


def test_two_workers_store_and_report_what_the_serial_run_does(
    project: Project, twin: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _corpus(tmp_path)
    _refuse_poisoned(monkeypatch)
    serial, serial_ticks = _run(_with_sources(project, tmp_path), paths, workers=1)
    # tiny chunks and one chunk in flight per worker, so the read-ahead limit and the in-order replay are exercised
    monkeypatch.setattr(ingest_module, "CHUNK_DOCS", 2)
    monkeypatch.setattr(ingest_module, "CHUNKS_PER_WORKER", 1)
    parallel, parallel_ticks = _run(_with_sources(twin, tmp_path), paths, workers=2)

    # the input really mixes what the replay must keep in order
    assert serial.bad and serial.duplicates and serial.unattributed and len(serial.files) == 3
    refused = [i for i, b in enumerate(serial.bad) if "база данных не приняла" in b.reason]
    assert len(refused) == 1 and serial.bad[refused[0]].origin.endswith("b.jsonl:2")
    assert serial.bad[refused[0] + 1].origin.endswith("b.jsonl:6")  # reported when its batch was stored
    assert serial.added > 3  # several batches of 3
    assert parallel == serial
    assert parallel_ticks == serial_ticks
    rows = _stored(project)
    assert len(rows) == serial.added
    assert _stored(twin) == rows
    with project.engine.connect() as conn, twin.engine.connect() as twin_conn:
        indexed = indexed_lemmas(conn)
        assert indexed == indexed_lemmas(twin_conn)  # the full-text index holds the same lemmas
    assert all(indexed.get(r[0]) for r in rows)  # every stored document is searchable


def test_workers_below_one_are_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="не меньше 1"):
        ingest_paths(project, _corpus(tmp_path), workers=0)
    assert _stored(project) == []


def _app() -> Any:
    from regionlens.cli.main import app

    return app


def test_cli_workers_option(project: Project, twin: Project, tmp_path: Path) -> None:
    paths = [str(p) for p in _corpus(tmp_path)[:2]]
    _with_sources(project, tmp_path)
    _with_sources(twin, tmp_path)
    out = CliRunner().invoke(_app(), ["ingest", *paths, "--project", str(project.root), "--workers", "2"])
    assert out.exit_code == 0, out.output
    assert "Итоги загрузки" in out.output
    serial = CliRunner().invoke(_app(), ["ingest", *paths, "--project", str(twin.root)])
    assert serial.exit_code == 0, serial.output
    assert _stored(project) == _stored(twin) != []

    refused = CliRunner().invoke(_app(), ["ingest", *paths, "--project", str(project.root), "--workers", "0"])
    assert refused.exit_code == 2
    assert "--workers" in refused.output and "не меньше 1" in refused.output


KILLER = """
import json, multiprocessing, os, signal, sys
from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.project import open_project

proj = open_project(sys.argv[1])
paths = json.loads(sys.argv[2])
def tick(done, total):
    if done == 9:  # after two batches of 3 are stored and while later records are still being analysed
        kids = [p.pid for p in multiprocessing.active_children()]
        with open(sys.argv[3], "w") as fh:
            json.dump(kids, fh)
        os.kill(os.getpid(), signal.SIGKILL)
ingest_paths(proj, paths, batch_size=3, workers=2, progress=tick)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "State:\tZ" not in status.read_text()


def test_killed_run_loses_only_batches_in_flight_and_rerun_completes(
    project: Project, twin: Project, tmp_path: Path
) -> None:
    paths = _corpus(tmp_path)
    _with_sources(project, tmp_path)
    kids_file = tmp_path / "kids.json"
    killed = subprocess.run([sys.executable, "-c", KILLER, str(project.root), json.dumps([str(p) for p in paths]),
                             str(kids_file)], capture_output=True, text=True, check=False, timeout=120)
    assert killed.returncode == -9, killed.stderr
    partial = _stored(project)
    assert 0 < len(partial) < 9  # the batches stored before the kill survive; nothing after them
    # the workers notice that the lead is gone and exit instead of waiting for work forever
    kids = json.loads(kids_file.read_text())
    assert kids
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in kids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in kids)

    rerun = ingest_paths(project, paths, batch_size=3, workers=2)
    serial = ingest_paths(_with_sources(twin, tmp_path), paths, batch_size=3)
    assert rerun.added == serial.added - len(partial)
    assert COLUMNS[0] == "id"
    without_ids = [r[1:] for r in _stored(project)]
    assert without_ids == [r[1:] for r in _stored(twin)]
    hashes = [r[COLUMNS.index("content_hash")] for r in _stored(project)]
    assert len(hashes) == len(set(hashes))


def test_same_url_check_spans_many_sources(project: Project, tmp_path: Path) -> None:
    """The (source, URL) check is asked per source, in several queries when a batch has many sources:
    a second text under an already stored address of any of them is still recognised."""
    n = 150
    reg = tmp_path / "many.yaml"
    reg.write_text("sources:\n" + "".join(f"  - {{name: Газета {i}, domains: [gazeta{i}.ru], country: RU, level: regional}}\n"
                                          for i in range(n)), encoding="utf-8")
    import_sources(project.engine, read_registry(reg)[0])

    def write(name: str, text_of: str) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps({"title": f"Новость {i}", "text": f"{text_of} {i}.", "url": f"https://gazeta{i}.ru/n/1"},
                                           ensure_ascii=False) + "\n" for i in range(n)), encoding="utf-8")
        return path

    first = ingest_paths(project, [write("first.jsonl", "Первый текст")])
    assert (first.added, first.unattributed) == (n, 0)
    again = ingest_paths(project, [write("again.jsonl", "Совсем другой текст")])
    assert (again.added, again.duplicates) == (0, n)
    assert len(_stored(project)) == n
