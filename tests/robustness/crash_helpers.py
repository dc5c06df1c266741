"""Shared by the crash-safety test and bench/robustness.py: run a CLI command, SIGKILL it at a
chosen moment, and check the store the way a user would need it after a power cut."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

WORDS = (
    "Смоленская область Витебская область сотрудничество регионов соглашение Беларусь Россия товарооборот "
    "делегация визит форум губернатор облисполком программа Союзное государство выставка предприятие"
).split()


def cli(*args: str) -> list[str]:
    """The `regionlens` command line, run with this interpreter (the venv's console script does the same)."""
    return [sys.executable, "-m", "regionlens.cli.main", *args]


def write_corpus(folder: Path, files: int, per_file: int, seed: int = 1) -> int:
    """JSONL files of distinct synthetic publications (each file is its own ingest transaction)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        with (folder / f"part{f:03d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(per_file):
                body = " ".join(rng.choice(WORDS) for _ in range(50))
                record = {"id": f"{f}-{i}", "title": f"Заголовок {f}-{i}", "text": f"{body} Выпуск {f}-{i}."}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return files * per_file


@dataclass(frozen=True, slots=True)
class KillPoint:
    """When to kill: `delay` seconds after start, or (`after_commit`) `delay` seconds after the run's
    first commit shows in the store, which lands the kill between or inside later transactions."""

    delay: float
    after_commit: bool = False


def run_killed(args: list[str], point: KillPoint, cwd: Path, progress: Callable[[], int] | None = None) -> int | None:
    """Start the command and SIGKILL its whole process group at `point`.
    Returns the exit code if it finished first, None if it was killed."""
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if point.after_commit and progress is not None:
            start = progress()
            while progress() == start:
                if proc.poll() is not None:
                    return proc.returncode
                time.sleep(0.02)
        return proc.wait(timeout=point.delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own child's group: workers die with it
        proc.wait()
        return None


def run_to_end(args: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    assert out.returncode == 0, f"{' '.join(args)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}"
    return out


@dataclass(slots=True)
class StoreState:
    documents: int
    coded: int
    problems: list[str] = field(default_factory=list)


def check_store(engine: Engine) -> StoreState:
    """Counts plus every consistency rule a killed run must not break."""
    problems: list[str] = []

    def scalar(sql: str) -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            verdict = conn.execute(text("PRAGMA integrity_check")).scalar_one()
            if verdict != "ok":
                problems.append(f"integrity_check: {verdict}")
            try:  # raises SQLITE_CORRUPT_VTAB if the FTS index disagrees with the documents
                conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)"))
            except Exception as exc:  # noqa: BLE001 - any failure here is the finding
                problems.append(f"FTS index: {exc}")
            conn.rollback()
    documents = scalar("SELECT count(*) FROM documents")
    if scalar("SELECT count(DISTINCT content_hash) FROM documents") != documents:
        problems.append("duplicate content hashes")
    if scalar("SELECT count(DISTINCT ext_id) FROM documents") != documents:
        problems.append("the same input record stored twice")
    if scalar("SELECT count(*) FROM (SELECT document_id FROM coding_runs WHERE coder = 'auto' "
              "GROUP BY document_id HAVING count(*) > 1) AS x"):
        problems.append("a document with more than one automatic coding run")
    orphan_codes = scalar("SELECT count(*) FROM codes c WHERE c.coder = 'auto' AND NOT EXISTS "
                          "(SELECT 1 FROM coding_runs r WHERE r.document_id = c.document_id AND r.coder = 'auto')")
    if orphan_codes:
        problems.append(f"{orphan_codes} automatic codes of documents without a coding run")
    runs_without_codes = scalar("SELECT count(*) FROM coding_runs r WHERE r.coder = 'auto' AND NOT EXISTS "
                                "(SELECT 1 FROM codes c WHERE c.document_id = r.document_id AND c.coder = 'auto')")
    if runs_without_codes:
        problems.append(f"{runs_without_codes} coding runs without their codes (half-written batch)")
    orphan_mentions = scalar("SELECT count(*) FROM mentions m WHERE NOT EXISTS "
                             "(SELECT 1 FROM coding_runs r WHERE r.document_id = m.document_id AND r.coder = 'auto')")
    if orphan_mentions:
        problems.append(f"{orphan_mentions} region mentions of uncoded documents")
    coded = scalar("SELECT count(*) FROM coding_runs WHERE coder = 'auto'")
    return StoreState(documents, coded, problems)


@dataclass(slots=True)
class KillReport:
    runs: int = 0
    killed: int = 0
    seconds: float = 0.0
    history: list[tuple[int, int]] = field(default_factory=list)  # (documents, coded) after each run


def _count(engine: Engine, sql: str) -> Callable[[], int]:
    def count() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    return count


def random_points(rng: random.Random, n: int, startup: tuple[float, float] = (0.3, 1.5)) -> list[KillPoint]:
    """Half the kills at a random time from start (imports, reading, first batch), half shortly after a commit."""
    return [
        KillPoint(round(rng.uniform(*startup), 2)) if i % 2 else KillPoint(round(rng.uniform(0.0, 0.12), 3), True)
        for i in range(n)
    ]


def kill_and_rerun(
    engine: Engine, project: Path, corpus: Path, expected: int, points: list[KillPoint], *, code_args: tuple[str, ...] = ()
) -> KillReport:
    """Ingest, then code, each SIGKILLed once per kill point and finally run to the end; the store is
    checked after every run. Raises AssertionError with the first broken rule."""
    report = KillReport()
    start = time.perf_counter()
    before = check_store(engine)
    stages = (
        # one path per file: the CLI commits each path separately, so a kill can land between files
        ("ingest", cli("ingest", *sorted(str(f) for f in corpus.iterdir()), "--project", str(project)), _count(engine, "SELECT count(*) FROM documents")),
        ("code", cli("code", "--project", str(project), *code_args),
         _count(engine, "SELECT count(*) FROM coding_runs WHERE coder = 'auto'")),
    )
    for stage, args, progress in stages:
        for point in [*points, None]:
            if point is None:
                run_to_end(args, project.parent)
            elif run_killed(args, point, project.parent, progress) is None:
                report.killed += 1
            report.runs += 1
            state = check_store(engine)
            where = f"{stage}, kill at {point}"
            assert not state.problems, f"{where}: {state.problems}"
            assert state.documents >= before.documents, f"{where}: documents lost ({before.documents} → {state.documents})"
            assert state.coded >= before.coded, f"{where}: coding runs lost ({before.coded} → {state.coded})"
            assert state.documents <= expected, f"{where}: more documents than records ({state.documents})"
            report.history.append((state.documents, state.coded))
            before = state
        if stage == "ingest":
            assert before.documents == expected, f"the rerun of ingest stored {before.documents} of {expected}"
    assert before.coded == expected, f"the rerun of code coded {before.coded} of {expected}"
    report.seconds = time.perf_counter() - start
    return report
