"""Several coders saving at once, and a batch ingest while pages are read.

`regionlens serve` runs on the project (SQLite in WAL mode or PostgreSQL); its
handlers work in a thread pool, so concurrent saves really race in the
database on separate connections. One coder saves from two sessions at once
(two tabs, a double click), and one codes from a script through the REST API.
Meanwhile `regionlens ingest` loads a batch file in its own process, and
readers load pages and query the store: no request may fail, no save may be
lost, and no reader may see part of an ingest batch or a document without its
search index entry.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import select, text
from websec_helpers import (
    Server,
    add_documents,
    add_users,
    coding_job,
    expected_of,
    login,
    make_job,
    save_form,
    save_of,
    start_servers,
    stored_values,
)

from regionlens.manual.adjudicate import adjudicate
from regionlens.manual.jobs import save_annotation
from regionlens.search.engine import search
from regionlens.store.project import Project
from regionlens.store.schema import codes

CODERS = ("anna", "boris", "dasha", "egor")
MARKER = "ксилофонщик"  # a word no other text here contains
INGEST_DOCS = 520  # ingest batches are 500 documents: readers may see 0, 500 or 520 of them
BATCH = 500
PAUSE = 0.1  # between one client's requests: busy people, not a flood (that is the load test's job)


@dataclass
class Session:
    coder: str
    server: Server
    parity: int  # the two sessions of one coder use even and odd k, so their saves are told apart
    api_token: str | None = None  # saves through the REST API (PUT) instead of the form
    acked: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _save_loop(session: Session, job_id: int, units: list[int], stop: threading.Event) -> None:
    try:
        headers = {"Authorization": f"Bearer {session.api_token}"} if session.api_token else {}
        with httpx.Client(base_url=session.server.base, timeout=15.0, headers=headers) as c:
            token = login(c, session.coder) if not session.api_token else ""
            k = session.parity
            while not stop.is_set():
                doc = units[(k // 2) % len(units)]
                if session.api_token:
                    form = save_form(k)
                    values = {"union": int(form["union"]), "tone": int(form["tone"]), "genre": form["genre"]}
                    r = c.put(f"/api/v1/jobs/{job_id}/units/{doc}", json={"values": values})
                    ok = r.status_code == 200
                else:
                    r = c.post(f"/jobs/{job_id}/units/{doc}", data={**save_form(k), "csrf_token": token})
                    ok = r.status_code == 303
                if not ok:
                    session.errors.append(f"{session.coder} k={k}: {r.status_code} {r.text[:300]}")
                    return
                session.acked[doc] = k
                k += 2
                time.sleep(PAUSE)
    except Exception as exc:  # a timeout (deadlock) or a dropped connection is a failure too
        session.errors.append(f"{session.coder}: {exc!r}")


def _read_loop(server: Server, paths: list[str], stop: threading.Event, errors: list[str], counter: list[int]) -> None:
    try:
        with httpx.Client(base_url=server.base, timeout=15.0) as c:
            login(c, "vera")
            while not stop.is_set():
                for path in paths:
                    r = c.get(path)
                    counter[0] += 1
                    if r.status_code != 200:
                        errors.append(f"GET {path}: {r.status_code} {r.text[:300]}")
                        return
                    time.sleep(PAUSE)
    except Exception as exc:
        errors.append(f"reader: {exc!r}")


def _store_reader(project: Project, stop: threading.Event, seen: set[int], errors: list[str]) -> None:
    """Polls what the search page would find, and looks for documents stored without their index entry."""
    engine = project.engine
    sqlite = engine.dialect.name == "sqlite"
    unindexed = text(
        "SELECT count(*) FROM documents d WHERE d.text LIKE :like AND d.id NOT IN "
        "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH :word)" if sqlite else
        "SELECT count(*) FROM documents d WHERE d.text LIKE :like AND NOT "
        "(d.lemmas_tsv @@ to_tsquery('simple', :word))")
    try:
        while not stop.is_set():
            total, _ = search(engine, MARKER, limit=1)
            seen.add(total)
            with engine.connect() as conn:
                missing = conn.execute(unindexed, {"like": f"%{MARKER}%", "word": MARKER}).scalar_one()
            # (since schema 11 the lemmas live only in the index, so "without index" is the whole check)
            if missing:
                errors.append(f"half-ingested documents visible: {missing} without index")
                return
            time.sleep(PAUSE)
    except Exception as exc:
        errors.append(f"store reader: {exc!r}")


def _write_batch(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(INGEST_DOCS):
            doc = {"id": f"load-{i}", "title": f"Сводка {i}",
                   "text": f"Губернатор встретил {MARKER}а номер {i} в Витебске и обсудил поставки техники.",
                   "date": "2023-05-01"}
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")


def _read_paths(server: Server) -> list[str]:
    """The pages a viewer reads: the jobs list, and the dashboard and search pages once they exist."""
    paths = ["/jobs"]
    with httpx.Client(base_url=server.base, timeout=15.0) as c:
        login(c, "vera")
        for candidate in ("/dashboard", f"/search?q={MARKER}", "/sources"):
            if c.get(candidate).status_code == 200:
                paths.append(candidate)
    return paths


def test_coders_save_while_a_batch_is_ingested_and_pages_are_read(project: Project, tmp_path: Path) -> None:
    job_id, units = coding_job(project, CODERS, overlap=1.0)
    batch = tmp_path / "batch.jsonl"
    _write_batch(batch)
    log = tmp_path / "server.log"
    servers = start_servers(project.root, log, 1)
    stop = threading.Event()
    from regionlens.accounts.tokens import create_token

    sessions = [Session(c, servers[0], 0) for c in CODERS[:-1]]
    sessions.append(Session("anna", servers[0], 1))  # anna's second tab
    sessions.append(Session(CODERS[-1], servers[0], 0, create_token(project.engine, CODERS[-1], "script")))
    reader_errors: list[str] = []
    reads = [0]
    seen: set[int] = set()
    threads: list[threading.Thread] = []
    try:
        paths = _read_paths(servers[0])
        jobs: list[tuple[Callable[..., None], tuple[object, ...]]] = [
            (_save_loop, (s, job_id, units[s.coder], stop)) for s in sessions]
        jobs += [(_read_loop, (servers[0], paths, stop, reader_errors, reads)) for _ in range(2)]
        jobs.append((_store_reader, (project, stop, seen, reader_errors)))
        threads = [threading.Thread(target=f, args=a) for f, a in jobs]
        for t in threads:
            t.start()
        ingest = subprocess.run(
            [sys.executable, "-m", "regionlens.cli.main", "ingest", str(batch), "--project", str(project.root)],
            capture_output=True, text=True, timeout=120, check=False)
        time.sleep(0.3)  # saves and reads go on a little after the ingest ends
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        for server in servers:
            server.stop()
    assert not [t for t in threads if t.is_alive()], "a client hung: deadlock or stalled server"
    assert ingest.returncode == 0, ingest.stdout[-2000:] + ingest.stderr[-2000:]
    assert not reader_errors, reader_errors[:5]
    errors = [e for s in sessions for e in s.errors]
    assert not errors, errors[:5]
    assert reads[0] >= 5 and sum(len(s.acked) for s in sessions) >= len(CODERS)
    # readers saw the batch appear in whole batches only
    assert seen <= {0, BATCH, INGEST_DOCS}, sorted(seen)
    assert search(project.engine, MARKER, limit=1)[0] == INGEST_DOCS

    # no lost update: every unit holds the coder's last acknowledged save (for anna: the last of one of her tabs)
    stored = stored_values(project.engine, job_id)
    for coder in CODERS:
        mine = [s for s in sessions if s.coder == coder]
        for doc in units[coder]:
            allowed = {s.acked[doc] for s in mine if doc in s.acked}
            if not allowed:
                assert (coder, doc) not in stored
                continue
            got = save_of(stored[(coder, doc)])
            assert any(got == expected_of(k) for k in allowed), (coder, doc, got, allowed)
    assert "Traceback" not in servers[0].output()


def test_same_unit_saved_and_adjudicated_from_many_threads(project: Project) -> None:
    """Delete-then-insert used to collide on PostgreSQL's primary key here (IntegrityError → 500)."""
    ids = add_documents(project.engine)
    add_users(project.engine)
    job_id = make_job(project, overlap=1.0)
    doc = ids[0]
    errors: list[str] = []
    last: dict[int, int] = {}

    def saver(worker: int) -> None:
        for k in range(worker, worker + 4 * 15, 4):
            form = save_form(k)
            try:
                save_annotation(project.engine, job_id, "anna", doc,
                                {"union": int(form["union"]), "tone": int(form["tone"]), "genre": form["genre"]}, codebook=project.codebook)
                last[worker] = k
            except Exception as exc:
                errors.append(repr(exc)[:300])

    def judge(worker: int) -> None:
        for i in range(15):
            try:
                adjudicate(project.engine, job_id, doc, "union", (worker + i) % 2, f"admin{worker}", codebook=project.codebook)
            except Exception as exc:
                errors.append(repr(exc)[:300])

    threads = [threading.Thread(target=saver, args=(w,)) for w in range(4)]
    threads += [threading.Thread(target=judge, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors[:3]
    got = save_of(stored_values(project.engine, job_id)[("anna", doc)])
    assert any(got == expected_of(k) for k in last.values()), (got, last)
    with project.engine.connect() as conn:
        gold = conn.execute(select(codes.c.value).where(codes.c.document_id == doc, codes.c.coder == "gold",
                                                        codes.c.variable == "union")).scalars().all()
    assert len(gold) == 1 and json.loads(gold[0]) in (0, 1)
