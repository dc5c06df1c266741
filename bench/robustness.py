"""`make bench` robustness stage: the larger versions of tests/robustness (issue 9, items 1 and 2).

- hostile inputs with many more hypothesis examples: random bytes under every ingest extension,
  truncated/corrupted valid files, random codebook damage, random search queries on SQLite;
- a large CSV (200 MB by default) with a broken record every `bad_every` rows, ingested into a
  project: every good row stored, every bad one reported, in one pass;
- more SIGKILL points for `regionlens ingest` and `regionlens code` (serial and --workers 2), on
  SQLite and, when REGIONLENS_TEST_PG is set, on PostgreSQL.

Every figure counts what was tried and what was reported; any exception escaping a reader, a
loader or the query parser fails the stage (the hypothesis test raises with the shrunk input).
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "robustness"))

from crash_helpers import check_store, kill_and_rerun, random_points, write_corpus  # noqa: E402
from hostile_files import TEXT, TITLE, assert_clean_records, valid_samples  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from regionlens.ingest import iter_path  # noqa: E402
from regionlens.ingest.readers import SUPPORTED  # noqa: E402
from regionlens.ingest.records import BadRecord  # noqa: E402

Counter = dict[str, int]


def _fuzz(examples: int, body: Callable[..., None], **strategies: Any) -> None:
    settings(max_examples=examples, deadline=None, database=None,
             suppress_health_check=list(HealthCheck))(given(**strategies)(body))()


def fuzz_ingest(examples: int) -> Counter:
    counts: Counter = {"inputs": 0, "records": 0, "errors": 0}
    samples = valid_samples()

    def read(data: bytes, name: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            items = list(iter_path(path))
        assert_clean_records(items)
        counts["inputs"] += 1
        counts["errors"] += sum(isinstance(i, BadRecord) for i in items)
        counts["records"] += sum(not isinstance(i, BadRecord) for i in items)

    def random_bytes(data: bytes, suffix: str) -> None:
        read(data, "x" + suffix)

    def damaged(name: str, cut: float, flips: list[tuple[float, int]]) -> None:
        data = bytearray(samples[name][: max(1, int(len(samples[name]) * cut))])
        for where, value in flips:
            data[min(int(where * len(data)), len(data) - 1)] = value
        read(bytes(data), name)

    _fuzz(examples, random_bytes, data=st.binary(max_size=20_000), suffix=st.sampled_from(sorted(SUPPORTED)))
    _fuzz(examples, damaged, name=st.sampled_from(sorted(samples)), cut=st.floats(0, 1),
          flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=16))
    return counts


def fuzz_codebook(examples: int) -> Counter:
    from regionlens.coding.codebook import DEFAULT_PATH, CodebookError, parse_codebook

    text = DEFAULT_PATH.read_text(encoding="utf-8")
    counts: Counter = {"inputs": 0, "errors": 0}

    def damaged(where: int, cut: int, junk: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "book.yaml"
            path.write_text(text[:where] + junk + text[where + cut:], encoding="utf-8")
            counts["inputs"] += 1
            try:
                parse_codebook(path)
            except CodebookError:
                counts["errors"] += 1

    _fuzz(examples, damaged, where=st.integers(0, len(text)), cut=st.integers(0, 200),
          junk=st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t \n1xя\u202e\x00")), max_size=20))
    return counts


def fuzz_queries(examples: int, work: Path) -> Counter:
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.search.engine import search
    from regionlens.search.query import QueryError, parse_query
    from regionlens.store.project import init_project

    folder = work / "queries"
    shutil.rmtree(folder, ignore_errors=True)
    project = init_project(folder / "proj")
    data = folder / "docs.jsonl"
    data.write_text(json.dumps({"title": TITLE, "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    ingest_paths(project, [data])
    syntax = ['"', "(", ")", "*", "-", "AND", "OR", "NOT", "И", "ИЛИ", "НЕ", "^", ":", "+", "NEAR", "'", "\\", "!", "&",
              "|", "<->", ":*", "\x00", "\u202e"]
    words = ["смоленск", "витебской", "смолен*", "2023", '"минская область"', "области", "Брянской"]
    counts: Counter = {"inputs": 0, "errors": 0, "executed": 0}

    def one(parts: list[str]) -> None:
        query = " ".join(parts)
        counts["inputs"] += 1
        try:
            parse_query(query)
        except QueryError:
            counts["errors"] += 1
            return
        search(project.engine, query, limit=1)  # a QueryError here is a database refusal: the stage fails
        counts["executed"] += 1

    _fuzz(examples, one, parts=st.lists(st.sampled_from(words) | st.sampled_from(syntax) | st.text(max_size=6), max_size=16))
    project.engine.dispose()
    return counts


def _big_rows(target_bytes: int, bad_every: int) -> Iterator[tuple[list[str], bool]]:
    """(row, is_bad) until about `target_bytes`; the bad rows rotate through the ways a row breaks."""
    rng = random.Random(5)
    words = (TEXT + " " + TITLE).split()
    bad_kinds = [
        lambda i: [f"id{i}", "", "2023-01-01", ""],  # empty text
        lambda i: [f"id{i}", "Заголовок", "32.13.2023", "Текст с невозможной датой"],  # bad date
        lambda i: [f"id{i}", "Заголовок", "2023-01-01", "\x00\u202e\x07"],  # only control characters
    ]
    size, i = 0, 0
    while size < target_bytes:
        i += 1
        if i % bad_every == 0:
            row = bad_kinds[(i // bad_every) % len(bad_kinds)](i)
            yield row, True
        else:
            body = " ".join(rng.choice(words) for _ in range(150)) + f" Номер {i}."
            row = [f"id{i}", f"Заголовок {i}", f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", body]
            yield row, False
        size += sum(len(c) for c in row) * 2


def big_file_ingest(work: Path, megabytes: int, bad_every: int) -> dict[str, Any]:
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.store.project import init_project

    folder = work / "bigfile"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "big.csv"
    good = bad = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "date", "text"])
        for row, is_bad in _big_rows(megabytes * 1024 * 1024, bad_every):
            writer.writerow(row)
            bad += is_bad
            good += not is_bad
    project = init_project(folder / "proj")
    t0 = time.perf_counter()
    summary = ingest_paths(project, [path])
    seconds = time.perf_counter() - t0
    state = check_store(project.engine)
    project.engine.dispose()
    assert summary.added == good and len(summary.bad) == bad and not state.problems, (summary.added, good, len(summary.bad), bad)
    mb = path.stat().st_size / 1e6
    shutil.rmtree(folder, ignore_errors=True)
    return {"mb": round(mb), "rows": good + bad, "bad_rows": bad, "stored": summary.added,
            "reported": len(summary.bad), "seconds": round(seconds, 1), "docs_per_s": round((good + bad) / seconds)}


def _pg_url() -> str | None:
    base = os.environ.get("REGIONLENS_TEST_PG")
    if not base:
        return None
    from sqlalchemy import create_engine, text

    name = "rl_bench_" + uuid.uuid4().hex[:8]
    admin = create_engine("postgresql+psycopg://" + base.split("://", 1)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.rsplit("/", 1)[0] + "/" + name


def kill_points(work: Path, kills: int, files: int, per_file: int) -> dict[str, Any]:
    from regionlens.store.project import init_project

    out: dict[str, Any] = {}
    folder = work / "kills"
    shutil.rmtree(folder, ignore_errors=True)
    corpus = folder / "corpus"
    expected = write_corpus(corpus, files, per_file, seed=9)
    backends = [("sqlite", None)] + ([("postgresql", url)] if (url := _pg_url()) else [])
    for backend, url in backends:
        for mode, extra in (("serial", ()), ("workers2", ("--workers", "2"))):
            project = init_project(folder / f"{backend}-{mode}", url if mode == "serial" else _pg_url() if url else None)
            report = kill_and_rerun(project.engine, project.root, corpus, expected,
                                    random_points(random.Random(len(out)), kills), code_args=extra)
            out[f"{backend}_{mode}"] = {"runs": report.runs, "killed": report.killed, "seconds": round(report.seconds, 1),
                                        "documents": expected}
            project.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return out


def bench_robustness(work: Path, *, examples: int = 1000, big_mb: int = 200, bad_every: int = 1000,
                     kills: int = 8, kill_files: int = 10, kill_per_file: int = 300) -> dict[str, Any]:
    """Run every robustness check at bench size; returns the figures (raises if any check fails)."""
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    figures: dict[str, Any] = {}
    for name, run in (
        ("ingest_fuzz", lambda: fuzz_ingest(examples)),
        ("codebook_fuzz", lambda: fuzz_codebook(max(examples // 10, 20))),
        ("query_fuzz", lambda: fuzz_queries(examples, work)),
        ("big_file", lambda: big_file_ingest(work, big_mb, bad_every)),
        ("kills", lambda: kill_points(work, kills, kill_files, kill_per_file)),
    ):
        start = time.perf_counter()
        figures[name] = run()
        figures[name + "_seconds"] = round(time.perf_counter() - start, 1)
    inputs = sum(v.get("inputs", 0) for v in figures.values() if isinstance(v, dict))
    errors = sum(v.get("errors", 0) for v in figures.values() if isinstance(v, dict))
    kills_done = sum(v["killed"] for v in figures["kills"].values())
    seconds = time.perf_counter() - t0
    return {
        "stage": "robustness", "seconds": round(seconds, 1), "inputs_tried": inputs, "errors_reported": errors,
        "kills": kills_done, "figures": figures,
        "notes": (f"{inputs} hostile inputs, {errors} clear errors, 0 crashes; {big_mb} MB CSV with "
                  f"{figures['big_file']['bad_rows']} bad rows at {figures['big_file']['docs_per_s']}/s; "
                  f"{kills_done} SIGKILLs, store consistent"),
    }


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", default="/tmp/regionlens-bench/robustness")
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--kills", type=int, default=8)
    args = parser.parse_args()
    print(json.dumps(bench_robustness(Path(args.work), examples=args.examples, big_mb=args.big_mb, kills=args.kills),
                     ensure_ascii=False, indent=1))
