"""One benchmark stage per process: `python -m bench.stages STAGE SIZE WORKDIR [--profile DIR]` prints one JSON line."""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_dir(work: Path, size: int) -> Path:
    return work / str(size) / "corpus"


def corpus_bytes(path: Path) -> int:
    total = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            total += len((rec.get("title", "") + rec["text"]).encode("utf-8"))
    return total


CHUNK = 100_000


def _generate_chunked(out: Path, size: int) -> None:
    """Corpora above 100k are written as 100k-document chunks with their own seeds, so the generator's
    memory stays that of one chunk; ids and URLs get the chunk number so every record stays distinct."""
    from regionlens.demo import generate_demo

    out.mkdir(parents=True, exist_ok=True)
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as dst:
        for k, start in enumerate(range(0, size, CHUNK)):
            part = out / f"chunk-{k}"
            generate_demo(part, n_docs=min(CHUNK, size - start), seed=7 + k)
            with (part / "corpus.jsonl").open(encoding="utf-8") as src:
                for line in src:
                    r = json.loads(line)
                    r["id"] = f"{r['id']}-{k}"
                    r["url"] = f"{r['url']}-{k}"
                    dst.write(json.dumps(r, ensure_ascii=False) + "\n")
            if k == 0:
                shutil.copy(part / "sources.yaml", out / "sources.yaml")
            shutil.rmtree(part)


def stage_generate(size: int, work: Path) -> dict[str, Any]:
    from regionlens.demo import generate_demo

    out = corpus_dir(work, size)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    if size > CHUNK:
        _generate_chunked(out, size)
    else:
        generate_demo(out, n_docs=size, seed=7)
    seconds = time.perf_counter() - t0
    with (out / "corpus.jsonl").open(encoding="utf-8") as src, (out / "corpus.csv").open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["Заголовок", "Текст", "Дата", "Источник", "Ссылка"])
        for line in src:
            r = json.loads(line)
            writer.writerow([r["title"], r["text"], r["published_at"], r["source"], r["url"]])
    return {"seconds": seconds, "docs_per_s": size / seconds,
            "notes": "demo generator" + (f" in chunks of {CHUNK:,} with their own seeds" if size > CHUNK else "")}


def _project(work: Path, size: int, name: str, fresh: bool) -> Any:
    from regionlens.sources.files import read_registry
    from regionlens.sources.registry import import_sources
    from regionlens.store.project import init_project, open_project

    root = work / str(size) / name
    if fresh:
        shutil.rmtree(root, ignore_errors=True)
        proj = init_project(root)
        import_sources(proj.engine, read_registry(corpus_dir(work, size) / "sources.yaml")[0])
        return proj
    return open_project(root)


def _ingest(size: int, work: Path, file: str, name: str) -> dict[str, Any]:
    from regionlens.pipeline.ingest import ingest_paths

    proj = _project(work, size, name, fresh=True)
    path = corpus_dir(work, size) / file
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    summary = ingest_paths(proj, [path], batch_size=1000)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    mb = path.stat().st_size / 1e6
    return {"seconds": seconds, "docs_per_s": summary.added / seconds, "mb_per_s": mb / seconds,
            "cpu_seconds": cpu, "mb_per_cpu_s": mb / cpu,
            "notes": f"{summary.added} added, {len(summary.bad)} bad, file {mb:.0f} MB, SQLite; {mb / cpu:.2f} MB per CPU-second"}


def stage_ingest_jsonl(size: int, work: Path) -> dict[str, Any]:
    return _ingest(size, work, "corpus.jsonl", "project")


def stage_ingest_csv(size: int, work: Path) -> dict[str, Any]:
    return _ingest(size, work, "corpus.csv", "project_csv")


def _same_documents(a: Any, b: Any) -> bool:
    """Do two projects hold the same documents, column for column in id order (ingested_at aside)?"""
    from sqlalchemy import select

    from regionlens.store.schema import documents

    cols = [c for c in documents.c if c.name != "ingested_at"]
    return _same_rows(a, b, select(*cols).order_by(documents.c.id))


def _same_rows(a: Any, b: Any, query: Any) -> bool:
    """Does one query give the same rows in two projects? Compared page by page, never all in memory."""
    with a.engine.connect() as left_conn, b.engine.connect() as right_conn:
        left, right = left_conn.execute(query), right_conn.execute(query)
        while True:
            x, y = left.fetchmany(5000), right.fetchmany(5000)
            if x != y:
                return False
            if not x:
                return True


def stage_ingest_workers(size: int, work: Path) -> dict[str, Any]:
    """The JSONL ingest with the text analysis on 2 spawned processes (`ingest --workers 2`); when the
    serial `ingest_jsonl` project is there, also checks that the stored documents are the same."""
    from regionlens.pipeline.ingest import ingest_paths

    proj = _project(work, size, "project_ingest_workers", fresh=True)
    path = corpus_dir(work, size) / "corpus.jsonl"
    t0, cpu0, lead0 = time.perf_counter(), _cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
    summary = ingest_paths(proj, [path], batch_size=1000, workers=2)
    seconds, cpu, lead = time.perf_counter() - t0, _cpu_seconds() - cpu0, resource.getrusage(resource.RUSAGE_SELF)
    lead_cpu = lead.ru_utime + lead.ru_stime - lead0.ru_utime - lead0.ru_stime
    mb = path.stat().st_size / 1e6
    serial_root = work / str(size) / "project"
    same = _same_documents(_project(work, size, "project", fresh=False), proj) if serial_root.exists() else None
    shutil.rmtree(work / str(size) / "project_ingest_workers", ignore_errors=True)
    return {"seconds": seconds, "docs_per_s": summary.added / seconds, "mb_per_s": mb / seconds,
            "cpu_seconds": cpu, "mb_per_cpu_s": mb / cpu, "lead_cpu_seconds": lead_cpu,
            "workers_peak_mb": children_peak_mb(), "same_as_serial": same,
            "notes": f"{summary.added} added, {len(summary.bad)} bad, file {mb:.0f} MB, SQLite, 2 worker processes; "
                     f"{mb / cpu:.2f} MB per CPU-second of all processes, workers' peak {children_peak_mb():.0f} MB"
                     + ("" if same is None else f", same documents as serial: {same}")}


def stage_text(size: int, work: Path) -> dict[str, Any]:
    """Tokenisation, language identification and lemmatisation alone (what search indexing and coding share)."""
    from regionlens.text import analyse

    mb, tokens, n = 0.0, 0, 0
    t0 = time.perf_counter()
    with (corpus_dir(work, size) / "corpus.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("title", "") + "\n" + rec["text"]
            tokens += len(analyse(text))
            mb += len(text.encode("utf-8")) / 1e6
            n += 1
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs_per_s": n / seconds, "mb_per_s": mb / seconds,
            "notes": f"{tokens / seconds:,.0f} tokens/s incl. reading the JSONL, language detected per text, 1 core"}


CODER_DOCS = 10_000  # the coder-alone part of `code` reads at most this many publications of a corpus


def _coder_alone(size: int, work: Path) -> dict[str, Any]:
    """The coder by itself on the corpus's publications (JSON records in, canonical code lines out).

    Start-up (imports, codebook, gazetteer, matchers, learned layer, lemmatisers) is paid by coding the
    first publication and reported apart; the timed part is the rest of the process: reading the records,
    coding them, and one canonical JSON line per result. When `WORK/SIZE/codes-reference.jsonl` exists
    (written by `python -m bench.identity dump` with the code before a change, see bench/identity.py), every
    line is compared with it, together with the real publications' codes when gold/real/texts is there.
    """
    import json as _json

    from bench.identity import REAL, compare_lines, corpus_records, real_records
    from regionlens.coding.codebook import load_codebook
    from regionlens.coding.coder import code_records

    path = corpus_dir(work, size) / "corpus.jsonl"
    n_docs = min(size, CODER_DOCS)
    cpu0 = time.process_time()
    book = load_codebook()
    records = list(corpus_records(path, n_docs))
    lines = [_json.dumps(out, ensure_ascii=False, sort_keys=True) for out in code_records(records[:1], book)]
    startup_cpu = time.process_time() - cpu0
    mb = sum(len((r.get("title", "") + r["text"]).encode("utf-8")) for r in records[1:]) / 1e6
    t0, cpu1 = time.perf_counter(), time.process_time()
    lines += [_json.dumps(out, ensure_ascii=False, sort_keys=True) for out in code_records(iter(records[1:]), book)]
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu1
    out: dict[str, Any] = {"coder_docs": len(records), "coder_seconds": seconds, "coder_cpu_seconds": cpu,
                           "coder_mb_per_cpu_s": mb / cpu, "coder_startup_cpu_seconds": startup_cpu}
    reference = work / str(size) / "codes-reference.jsonl"
    if reference.exists():
        texts = REAL / "texts"
        real = [_json.dumps(o, ensure_ascii=False, sort_keys=True)
                for o in code_records(real_records(REAL, texts), book)] if texts.is_dir() else []
        compared, differ = compare_lines(reference, iter(lines + real))
        out.update({"identical_to_reference": not differ, "compared": compared, "differ": differ[:20],
                    "real_compared": len(real)})
    return out


def stage_code(size: int, work: Path) -> dict[str, Any]:
    """The coder alone (see `_coder_alone`), then the project path: read, code and store every publication."""
    from regionlens.pipeline.code import code_project

    alone = _coder_alone(size, work)
    proj = _project(work, size, "project", fresh=False)
    mb = corpus_bytes(corpus_dir(work, size) / "corpus.jsonl") / 1e6
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    summary = code_project(proj, batch_size=1000)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    same = alone.get("identical_to_reference")
    ident = ("" if same is None else
             f"; codes identical to the reference dump: {'yes' if same else 'NO'} ({alone['compared']:,} publications, "
             f"{alone['real_compared']} of them real)")
    return {"seconds": seconds, "docs_per_s": summary.coded / seconds if seconds else 0.0, "mb_per_s": mb / seconds,
            "cpu_seconds": cpu, "mb_per_cpu_s": mb / cpu if cpu else 0.0, **alone,
            "notes": f"coder alone {alone['coder_mb_per_cpu_s']:.2f} MB per CPU-second on {alone['coder_docs']:,} "
                     f"publications (start-up {alone['coder_startup_cpu_seconds']:.1f} CPU-s apart){ident}; "
                     f"project path (read, code, store with evidence; {summary.coded:,} coded) "
                     f"{(mb / cpu) if cpu else 0.0:.2f} MB per CPU-second, 1 core"}


def stage_startup(size: int, work: Path) -> dict[str, Any]:
    """Start-up of the CLI as a user meets it: `regionlens --help` and a one-shot `regionlens code` of one
    publication, each in a fresh process (best of three; CPU-seconds of the child, which load cannot inflate much)."""
    import subprocess

    one = work / "startup-one.jsonl"
    with (corpus_dir(work, size) / "corpus.jsonl").open(encoding="utf-8") as fh:
        one.write_text(fh.readline(), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    commands = {"help": ["--help"], "code_one_shot": ["code", str(one), "--output", str(work / "startup-one.codes.jsonl")]}
    best: dict[str, tuple[float, float]] = {}
    for name, args in commands.items():
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "regionlens.cli.main", *args], env=env, check=True,
                           capture_output=True)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            if name not in best or cpu < best[name][0]:
                best[name] = (cpu, wall)
    if PROFILE_DIR is not None:  # the lead only waits here: profile the one-shot child itself
        import io
        import pstats

        dump = work / "startup-one-shot.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(dump), "-m", "regionlens.cli.main",
                        *commands["code_one_shot"]], env=env, check=True, capture_output=True)
        buf = io.StringIO()
        buf.write("cProfile of one fresh `regionlens code ONE.jsonl --output OUT` process (imports, codebook, gazetteer, "
                  "matchers, learned model, one publication), under the profiler\n")
        for order in ("cumulative", "tottime"):
            buf.write(f"\n==== top 45 by {order} ====\n")
            pstats.Stats(str(dump), stream=buf).strip_dirs().sort_stats(order).print_stats(45)
        PROFILE_DIR.mkdir(parents=True, exist_ok=True)
        (PROFILE_DIR / "startup-code-one-shot.txt").write_text(buf.getvalue(), encoding="utf-8")
    load = os.getloadavg()[0]
    return {"seconds": best["code_one_shot"][1], "docs_per_s": 0, "startup": best, "load_average": load,
            "notes": f"`regionlens --help` {best['help'][0]:.2f} CPU-s ({best['help'][1]:.2f} s wall), one-shot "
                     f"`regionlens code` of one publication {best['code_one_shot'][0]:.2f} CPU-s "
                     f"({best['code_one_shot'][1]:.2f} s wall), best of 3 fresh processes; load average {load:.1f}"}


def children_peak_mb() -> float:
    """Largest resident set of any finished child process (pool workers, Dask nanny and worker)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children: throughput per core that other load cannot skew."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _uncoded_copy(work: Path, size: int, name: str) -> Any:
    """A copy of the ingested (and serially coded) project with the automatic codes removed."""
    from sqlalchemy import delete

    from regionlens.store.schema import codes, coding_runs, mentions

    src, dst = work / str(size) / "project", work / str(size) / name
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst)
    proj = _project(work, size, name, fresh=False)
    with proj.engine.begin() as conn:
        conn.execute(delete(codes).where(codes.c.coder == "auto"))
        conn.execute(delete(mentions))
        conn.execute(delete(coding_runs).where(coding_runs.c.coder == "auto"))
    return proj


def _same_codes(work: Path, size: int, proj: Any) -> bool:
    """Do the codes equal those of the serial run with the same codebook and code (ignoring coded_at)?

    The reference is the `code_fresh` stage's project when it is there; the `code` stage's project may have
    been coded by an earlier codebook version.
    """
    from sqlalchemy import select

    from regionlens.store.schema import codes

    cols = (codes.c.document_id, codes.c.variable, codes.c.coder, codes.c.value, codes.c.evidence)
    fresh = work / str(size) / "project_fresh"
    serial = _project(work, size, "project_fresh" if (fresh / "regionlens.yaml").exists() else "project", fresh=False)
    return _same_rows(serial, proj, select(*cols).order_by(codes.c.document_id, codes.c.variable, codes.c.coder))


def _scaled(size: int, work: Path, name: str, run: Any, how: str, cores: int = 2) -> dict[str, Any]:
    from regionlens.coding.codebook import load_codebook

    proj = _uncoded_copy(work, size, name)
    book = load_codebook()
    mb = corpus_bytes(corpus_dir(work, size) / "corpus.jsonl") / 1e6
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    summary = run(proj, book)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    same = _same_codes(work, size, proj)
    shutil.rmtree(work / str(size) / name, ignore_errors=True)
    return {"seconds": seconds, "docs_per_s": summary.coded / seconds, "mb_per_s": mb / seconds / cores,
            "mb_per_s_total": mb / seconds, "identical_to_serial": same, "children_peak_mb": children_peak_mb(),
            "cpu_seconds": cpu, "mb_per_cpu_s": mb / cpu,
            "notes": f"{how}; {mb / seconds:.2f} MB/s total, {mb / cpu:.2f} MB per CPU-second (all processes); "
                     f"codes identical to serial: {'yes' if same else 'NO'}; largest worker {children_peak_mb():,.0f} MB"}


def stage_code_serial_copy(size: int, work: Path) -> dict[str, Any]:
    from regionlens.pipeline.code import code_project

    return _scaled(size, work, "project_serial",
                   lambda proj, book: code_project(proj, book, batch_size=2000), "serial, 1 process, batches of 2000",
                   cores=1)


def stage_code_fresh(size: int, work: Path) -> dict[str, Any]:
    """Serial coding of an uncoded copy with the current codebook: wall and CPU rates of one core."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.pipeline.code import code_project

    proj = _uncoded_copy(work, size, "project_fresh")
    mb = corpus_bytes(corpus_dir(work, size) / "corpus.jsonl") / 1e6
    book = load_codebook()
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    summary = code_project(proj, book, batch_size=2000)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    proj.engine.dispose()  # kept: the reference the multi-process and Dask stages are compared with
    return {"seconds": seconds, "docs_per_s": summary.coded / seconds, "mb_per_s": mb / seconds, "cpu_seconds": cpu,
            "mb_per_cpu_s": mb / cpu,
            "notes": f"serial, codebook {book.version}, incl. reading and writing the store; {mb / cpu:.2f} MB per "
                     f"CPU-second"}


def stage_code_workers(size: int, work: Path) -> dict[str, Any]:
    from regionlens.scale.processes import code_project_parallel

    return _scaled(size, work, "project_workers",
                   lambda proj, book: code_project_parallel(proj, book, workers=2, batch_size=2000),
                   "2 spawned processes, batches of 2000")


def stage_code_dask(size: int, work: Path) -> dict[str, Any]:
    from regionlens.scale.dask_run import code_project_dask

    return _scaled(size, work, "project_dask",
                   lambda proj, book: code_project_dask(proj, book, None, partition_size=2000),
                   "Dask LocalCluster 2x1, Parquet partitions of 2000, incl. cluster start")


def stage_baseline(size: int, work: Path) -> dict[str, Any]:
    from bench.baseline import BaselineCoder
    from regionlens.coding.codebook import load_codebook
    from regionlens.coding.coder import code_text

    records = []
    with (corpus_dir(work, size) / "corpus.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            records.append(json.loads(line))
            if len(records) >= 300:
                break
    book = load_codebook()
    baseline = BaselineCoder(book.all_patterns())
    mb = sum(len((r["title"] + r["text"]).encode("utf-8")) for r in records) / 1e6
    # CPU-seconds of this process for both (the machine is shared: wall time would measure the neighbours)
    t0 = time.process_time()
    for r in records:
        baseline.code(r["title"] + "\n" + r["text"])
    base_s = time.process_time() - t0
    for r in records[:50]:  # warm-up, as in a long run
        code_text(r["text"], r["title"], codebook=book)
    t0 = time.process_time()
    for r in records:
        code_text(r["text"], r["title"], codebook=book)
    fast_s = time.process_time() - t0
    return {"seconds": base_s, "docs_per_s": len(records) / base_s, "mb_per_s": mb / base_s,
            "speedup": base_s / fast_s, "cpu_seconds": base_s, "fast_cpu_seconds": fast_s,
            "notes": f"natasha NER + uncached pymorphy3 + {len(baseline.regexes)} regexes on {len(records)} docs: "
                     f"{mb / base_s:.3f} MB per CPU-second; the coder {mb / fast_s:.2f} MB per CPU-second on the same "
                     f"docs = {base_s / fast_s:.0f}x"}


def stage_reprints(size: int, work: Path) -> dict[str, Any]:
    from regionlens.pipeline.reprints import detect_reprints

    proj = _project(work, size, "project", fresh=False)
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    n = detect_reprints(proj)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    return {"seconds": seconds, "docs_per_s": size / seconds, "cpu_seconds": cpu,
            "notes": f"{n} documents in reprint clusters; {cpu:.0f} CPU-seconds"}


def stage_reprints_windows(size: int, work: Path) -> dict[str, Any]:
    from sqlalchemy import select

    from regionlens.scale.reprint_windows import detect_reprints_parallel
    from regionlens.store.schema import reprints

    proj = _project(work, size, "project", fresh=False)
    cols = (reprints.c.document_id, reprints.c.cluster_id, reprints.c.original_id, reprints.c.similarity)
    with proj.engine.connect() as conn:
        before = sorted(conn.execute(select(*cols)).all())
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    n = detect_reprints_parallel(proj, workers=2)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    with proj.engine.connect() as conn:
        same = sorted(conn.execute(select(*cols)).all()) == before if before else None
    verdict = "not run at this size" if same is None else ("yes" if same else "NO")
    return {"seconds": seconds, "docs_per_s": size / seconds, "identical_to_serial": same,
            "children_peak_mb": children_peak_mb(), "cpu_seconds": cpu,
            "notes": f"{n} documents in reprint clusters; 30-day chunks on 2 processes, {cpu:.0f} CPU-seconds; "
                     f"same rows as the serial `reprints` stage: {verdict}; largest worker {children_peak_mb():,.0f} MB"}


def stage_pipeline(size: int, work: Path) -> dict[str, Any]:
    """Coding on 2 processes and time-window reprint detection in place on the ingested project: with the
    `ingest_jsonl` stage before it, this is the issue's "1M publications in 30 minutes" path."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.scale.processes import code_project_parallel
    from regionlens.scale.reprint_windows import detect_reprints_parallel

    proj = _project(work, size, "project", fresh=False)
    mb = corpus_bytes(corpus_dir(work, size) / "corpus.jsonl") / 1e6
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    summary = code_project_parallel(proj, load_codebook(), workers=2, batch_size=2000)
    t_code = time.perf_counter() - t0
    n = detect_reprints_parallel(proj, workers=2)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    return {"seconds": seconds, "docs_per_s": summary.coded / seconds, "mb_per_s": mb / t_code / 2,
            "code_seconds": t_code, "reprints_seconds": seconds - t_code, "children_peak_mb": children_peak_mb(),
            "notes": f"coding {t_code:.0f} s on 2 processes ({mb / t_code:.2f} MB/s total, {mb / cpu:.2f} MB per "
                     f"CPU-second over both steps) + reprints {seconds - t_code:.0f} s ({n} in clusters); "
                     f"largest worker {children_peak_mb():,.0f} MB"}


class _TreeMemory:
    """Peak resident memory of this process and all its descendants together, sampled every second:
    the figure the 2 GB target is about (lead plus workers at the same moment)."""

    def __init__(self) -> None:
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(1.0):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def __enter__(self) -> _TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def stage_end_to_end(size: int, work: Path) -> dict[str, Any]:
    """The issue's path in one run on a fresh project: `ingest --workers 2`, `code --workers 2`,
    `reprints --workers 2` (the dashboard's summary tables are timed apart: the CLI builds them after
    coding, but they are not part of ingesting, coding and clustering). Each step's CPU-seconds are those
    of the lead and its workers together (each step's pool has ended when it is counted)."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.dashboard.facts import refresh_facts
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.scale.processes import code_project_parallel
    from regionlens.scale.reprint_windows import detect_reprints_parallel

    proj = _project(work, size, "project", fresh=True)
    path = corpus_dir(work, size) / "corpus.jsonl"
    mb = corpus_bytes(path) / 1e6
    steps: dict[str, float] = {}
    cpu_steps: dict[str, float] = {}
    load = [os.getloadavg()[0]]
    cpu0 = _cpu_seconds()
    with _TreeMemory() as memory:
        t0 = time.perf_counter()
        summary = ingest_paths(proj, [path], batch_size=1000, workers=2)
        steps["ingest"], cpu_steps["ingest"] = time.perf_counter() - t0, _cpu_seconds() - cpu0
        load.append(os.getloadavg()[0])
        t1, c1 = time.perf_counter(), _cpu_seconds()
        coded = code_project_parallel(proj, load_codebook(), workers=2, batch_size=2000)
        steps["code"], cpu_steps["code"] = time.perf_counter() - t1, _cpu_seconds() - c1
        load.append(os.getloadavg()[0])
        t2, c2 = time.perf_counter(), _cpu_seconds()
        n = detect_reprints_parallel(proj, workers=2)
        steps["reprints"], cpu_steps["reprints"] = time.perf_counter() - t2, _cpu_seconds() - c2
        load.append(os.getloadavg()[0])
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    t3, c3 = time.perf_counter(), _cpu_seconds()
    refresh_facts(proj.engine)
    steps["dashboard_tables"], cpu_steps["dashboard_tables"] = time.perf_counter() - t3, _cpu_seconds() - c3
    per_step = ", ".join(f"{k} {steps[k]:.0f} s / {cpu_steps[k]:.0f} CPU-s" for k in steps)
    return {"seconds": seconds, "docs_per_s": summary.added / seconds, "mb_per_s": mb / cpu, "cpu_seconds": cpu,
            "steps": steps, "cpu_steps": cpu_steps, "load_average": load, "tree_peak_mb": memory.peak_mb,
            "peak_mb_override": memory.peak_mb,
            "notes": f"{summary.added} ingested, {coded.coded} coded, {n} in reprint clusters: {seconds / 60:.1f} min in all, "
                     f"{cpu:.0f} CPU-s ({mb / cpu:.2f} MB per CPU-second); wall / CPU by step: {per_step} "
                     f"(dashboard summary tables built afterwards, not in the total); peak memory of lead + workers "
                     f"together {memory.peak_mb:,.0f} MB; 1-min load average at the start and after each step "
                     f"{', '.join(f'{x:.1f}' for x in load)}"}


EXTRA = 10_000


def _extra_corpus(work: Path, size: int, tag: str) -> Path:
    """EXTRA new publications for a project built from the corpus of `size`: the 10k corpus's records
    with ids and URLs of their own (`tag`, so none repeats an earlier run's), written to the work directory."""
    out = work / str(size) / "extra.jsonl"
    source = work / "10000" / "corpus" / "corpus.jsonl"
    if not source.exists():  # no 10k corpus in this work directory: generate one beside the project
        from regionlens.demo import generate_demo

        generate_demo(work / str(size) / "extra-corpus", n_docs=EXTRA, seed=7)
        source = work / str(size) / "extra-corpus" / "corpus.jsonl"
    with source.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            r = json.loads(line)
            r["id"], r["url"] = f"{r['id']}-{tag}", f"{r['url']}-{tag}"
            dst.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out


def _cube_digest(proj: Any) -> str:
    """A digest of every fact-table and cube row in a fixed order: equal digests, equal tables."""
    import hashlib

    from sqlalchemy import select

    from regionlens.dashboard.cube_frames import BASE_CUBES, FACET_CUBES
    from regionlens.store.schema import dash_docs, dash_regions, dash_topics

    digest = hashlib.sha256()
    with proj.engine.connect() as conn:
        for table in (dash_docs, dash_topics, dash_regions, *BASE_CUBES, *FACET_CUBES):
            cols = list(table.c)
            digest.update(table.name.encode())
            for row in conn.execute(select(*cols).order_by(*cols)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def stage_dashboard_increment(size: int, work: Path) -> dict[str, Any]:
    """On the `end_to_end` project (coded, clustered, summary tables built): 10,000 new publications are
    ingested, coded and clustered with `--workers 2`, then the summary tables refreshed — the figure the
    issue asks for. Then a full rebuild for comparison, which must leave the same rows."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.dashboard.facts import refresh_facts
    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.scale.processes import code_project_parallel
    from regionlens.scale.reprint_windows import detect_reprints_parallel

    proj = _project(work, size, "project", fresh=False)
    from sqlalchemy import func, select

    from regionlens.store.schema import documents

    refresh_facts(proj.engine)  # up to date before the new publications come
    with proj.engine.connect() as conn:
        stored = int(conn.execute(select(func.count()).select_from(documents)).scalar_one())
    extra = _extra_corpus(work, size, f"extra{stored}")
    t0 = time.perf_counter()
    added = ingest_paths(proj, [extra], batch_size=1000, workers=2).added
    coded = code_project_parallel(proj, load_codebook(), workers=2, batch_size=2000).coded
    detect_reprints_parallel(proj, workers=2)
    before = time.perf_counter() - t0
    load = os.getloadavg()[0]
    t1, c1 = time.perf_counter(), _cpu_seconds()
    rebuilt = refresh_facts(proj.engine)
    seconds, cpu = time.perf_counter() - t1, _cpu_seconds() - c1
    incremental = _cube_digest(proj)
    t2, c2 = time.perf_counter(), _cpu_seconds()
    refresh_facts(proj.engine, full=True)
    full_s, full_cpu = time.perf_counter() - t2, _cpu_seconds() - c2
    same = _cube_digest(proj) == incremental
    return {"seconds": seconds, "docs_per_s": rebuilt / seconds, "cpu_seconds": cpu, "full_seconds": full_s,
            "full_cpu_seconds": full_cpu, "identical_to_full": same, "load_average": load,
            "notes": f"{added} new publications ({coded} coded, then reprints again) in {before:.0f} s; summary tables "
                     f"refreshed incrementally in {seconds:.1f} s ({cpu:.1f} CPU-s, {rebuilt} publications' facts), "
                     f"a full rebuild takes {full_s:.0f} s ({full_cpu:.0f} CPU-s); same rows as the full rebuild: "
                     f"{'yes' if same else 'NO'}; load average {load:.1f}"}


QUERIES = ["смоленская область", '"Витебской области"', "сотрудничество AND (Гомель OR Брянск)", "трактор*",
           "форум регионов", "товарооборот NOT санкции", "губернатор", "Могилев", "поставки техники", "студенты"]


COUNT_KEYS = (["level", "country"], ["level", "month"], ["country", "month"], ["level", "country", "month"])


def stage_search(size: int, work: Path) -> dict[str, Any]:
    """Lemma search p95 and `--count-by` over every two of level, country, month (and all three): wall time
    and the process's CPU time, which a shared machine skews less (the database work is in-process)."""
    from regionlens.search.engine import count_by, search

    proj = _project(work, size, "project", fresh=False)
    times, cpus = [], []
    for _ in range(3):
        for q in QUERIES:
            t0, c0 = time.perf_counter(), time.process_time()
            search(proj.engine, q, limit=20)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
    counts: dict[str, tuple[float, float]] = {}
    for keys in COUNT_KEYS:
        count_by(proj.engine, "сотрудничество", keys)  # the first call probes the display zone's offsets
        t0, c0 = time.perf_counter(), time.process_time()
        count_by(proj.engine, "сотрудничество", keys)
        counts[",".join(keys)] = (time.perf_counter() - t0, time.process_time() - c0)
    p95 = statistics.quantiles(times, n=20)[-1]
    p95_cpu = statistics.quantiles(cpus, n=20)[-1]
    worst_pair = max(v[0] for k, v in counts.items() if k.count(",") == 1)
    return {"seconds": sum(times), "docs_per_s": 0, "p95_ms": p95 * 1000, "p95_cpu_ms": p95_cpu * 1000,
            "count_by_ms": {k: {"wall": v[0] * 1000, "cpu": v[1] * 1000} for k, v in counts.items()},
            "notes": f"lemma search p95 {p95 * 1000:.0f} ms ({p95_cpu * 1000:.0f} ms CPU) over {len(times)} queries "
                     f"(page of 20 with KWIC); count-by (\"сотрудничество\") "
                     + ", ".join(f"{k} {v[0] * 1000:.0f} ms ({v[1] * 1000:.0f} CPU)" for k, v in counts.items())
                     + f"; worst pair {worst_pair * 1000:.0f} ms"}


def stage_store_size(size: int, work: Path) -> dict[str, Any]:
    """Bytes of the coded project's database per byte of text, by table and index: the SQLite project and,
    when a project folder `project_pg` (a project on PostgreSQL) has been built next to it, that one too."""
    from bench.store_size import measure

    found = {name: measure(work / str(size) / name) for name in ("project", "project_pg")
             if (work / str(size) / name / "regionlens.yaml").exists()}
    if not found:
        raise SystemExit(f"no coded project under {work / str(size)}")

    def line(m: dict[str, Any]) -> str:
        top = ", ".join(f"{k} {v / m['db_bytes'] * 100:.0f} %" for k, v in list(m["by_name"].items())[:4])
        return (f"{m['dialect']}: {m['db_bytes'] / 1e6:,.0f} MB for {m['documents']:,} publications = "
                f"{m['ratio']:.2f} × the text ({m['text_bytes'] / 1e6:,.0f} MB), {m['gb_per_million']:.1f} GB per "
                f"million publications; largest: {top}")

    main = found.get("project") or next(iter(found.values()))
    return {"seconds": 0.0, "docs_per_s": 0, "ratio": main["ratio"], "detail": found,
            "notes": "; ".join(line(m) for m in found.values())}


def stage_dashboard(size: int, work: Path) -> dict[str, Any]:
    """The dashboard's figures on the coded project: summary-table refresh, then p95 per filter combination."""
    from bench.dashboard import bench_dashboard

    out = bench_dashboard(work / str(size) / "project")
    slow = {k: v["p95_ms"] for k, v in out["aggregates"].items() if v["p95_ms"] > out["target_ms"]}
    return {"seconds": out["refresh_s"], "docs_per_s": 0, "p95_ms": out["worst_p95_ms"], "detail": out,
            "notes": f"summary tables built in {out['refresh_s']:.0f} s; aggregates p95 worst {out['worst_p95_ms']:.0f} ms "
                     f"over {len(out['aggregates'])} filter sets (target {out['target_ms']} ms"
                     + (f"; over it: {', '.join(f'{k} {v:.0f} ms' for k, v in slow.items())})" if slow else ", all met)")}


def stage_load(size: int, work: Path) -> dict[str, Any]:
    """Concurrent API and page readers plus coders against `regionlens serve` on loopback."""
    from bench.load import bench_load

    out = bench_load(work / str(size) / "project", seconds=30.0, readers=16, coders=4)
    return {"seconds": 30.0, "docs_per_s": 0, "p95_ms": out["p95_ms"], "detail": out,
            "notes": f"16 readers + 4 coders for 30 s: {out['requests']} requests ({out['requests_per_s']:.0f}/s), "
                     f"{out['errors']} errors, p50 {out['p50_ms']:.0f} ms, p95 {out['p95_ms']:.0f} ms, {out['saves']} saves"}


def stage_robustness(size: int, work: Path) -> dict[str, Any]:
    """The large hostile-input and SIGKILL runs (size-independent: run once)."""
    from bench.robustness import bench_robustness

    out = bench_robustness(work / "robustness")
    return {"seconds": out["seconds"], "docs_per_s": 0, "detail": out, "notes": out.get("notes", "")}


def stage_collect(size: int, work: Path) -> dict[str, Any]:
    """`regionlens collect` from a loopback site with politeness off: pages per second and peak memory
    at 1,000 and 10,000 URLs, each in its own process (size-independent: run once)."""
    from bench.collect import bench_collect

    out = bench_collect(work / "collect")
    small, big = out["runs"][0], out["runs"][-1]
    return {"seconds": big["seconds"], "docs_per_s": big["pages_per_s"], "peak_mb_override": big["peak_mb"],
            "detail": out,
            "notes": f"{big['urls']:,} URLs (sitemap index + feed): {big['pages_per_s']:.0f} pages/s, {big['stored']:,} stored "
                     f"once each, 2nd run added {big['second_run_added']}, {big['failed']} failed; peak "
                     f"{small['peak_mb']:.0f} MB at {small['urls']:,} URLs vs {big['peak_mb']:.0f} MB at {big['urls']:,}"}


def stage_analyze(size: int, work: Path) -> dict[str, Any]:
    """Analysis (counts in the database) and the report in HTML, PDF and XLSX, with CPU-seconds and the load."""
    import os

    from regionlens.pipeline.analyze import analyze_project, write_analysis_json
    from regionlens.report.build import build_report

    proj = _project(work, size, "project", fresh=False)
    out = work / str(size) / "report"
    out.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()[0]
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    result, analysed = analyze_project(proj)
    t_an, cpu_an = time.perf_counter() - t0, _cpu_seconds() - cpu0
    write_analysis_json(result, out / "analysis.json")
    build_report(result, out, lang="ru", formats=("html", "pdf", "xlsx"))
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    load = (load0 + os.getloadavg()[0]) / 2
    return {"seconds": seconds, "docs_per_s": analysed / seconds, "cpu_seconds": cpu, "load_avg": load,
            "notes": f"analysis {t_an:.1f} s ({cpu_an:.1f} CPU-s) + report (html, pdf, xlsx) {seconds - t_an:.1f} s "
                     f"({cpu - cpu_an:.1f} CPU-s); {cpu:.1f} CPU-s in all; load average {load:.1f}"}


def stage_analyze_check(size: int, work: Path) -> dict[str, Any]:
    """The analysis counted in the database against the per-publication pandas analysis it replaced
    (tests/analysis/reference): every table cell, statistic, finding and example must agree."""
    import json as _json

    from bench.analysis_compare import comparable, differences
    from regionlens.pipeline.analyze import analyze_project

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "analysis"))
    from reference.pipeline_analyze import analyze_project as reference_project

    proj = _project(work, size, "project", fresh=False)
    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    new, analysed = analyze_project(proj)
    t_new, cpu_new = time.perf_counter() - t0, _cpu_seconds() - cpu0
    old, frame = reference_project(proj)
    seconds, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0

    def as_json(result: Any) -> dict[str, Any]:
        return comparable(_json.loads(_json.dumps(result.to_json(), default=str)))

    diffs = differences(as_json(old), as_json(new))
    findings = sum(1 for f in new.findings if f.severity != "info")
    return {"seconds": seconds, "docs_per_s": analysed / seconds, "cpu_seconds": cpu, "identical": not diffs,
            "differences": diffs[:20],
            "notes": f"{'identical' if not diffs else f'{len(diffs)} differences'}: {analysed:,} vs {len(frame):,} "
                     f"publications, {len(new.sections)} sections, {findings} warning findings; database analysis "
                     f"{t_new:.1f} s ({cpu_new:.1f} CPU-s), reference pandas analysis {seconds - t_new:.1f} s "
                     f"({cpu - cpu_new:.1f} CPU-s)"}


PROFILE_DIR: Path | None = None  # set by --profile: stages that run children may profile those too


def _profiled(stage: str, size: int, work: Path, out_dir: Path) -> dict[str, Any]:
    """Run a stage under cProfile and write its top functions by cumulative and by own time.

    Only this process is profiled: in stages that hand work to child processes (workers, Dask) the
    profile shows the lead's share (planning, reading, writing), which the file's header says."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared, wall time is not ours
    cpu0 = time.process_time()
    row: dict[str, Any] = profiler.runcall(globals()[f"stage_{stage}"], size, work)
    cpu = time.process_time() - cpu0
    out_dir.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    buf.write(f"Profile of bench stage `{stage}` at {size:,} publications ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"load average {os.getloadavg()[0]:.1f}). {cpu:.1f} CPU-seconds of this process under cProfile "
              f"(which slows pure-Python code 1.5-3x: read the shares, not the absolute times; function times are CPU time of this process). Child processes are not "
              f"in it. Stage notes: {row.get('notes', '')}\n")
    for order, title in (("cumulative", "by cumulative time"), ("tottime", "by own time")):
        buf.write(f"\n==== top 45 {title} ====\n")
        stats = pstats.Stats(profiler, stream=buf)
        stats.strip_dirs().sort_stats(order).print_stats(45)
    (out_dir / f"{stage}-{size}.txt").write_text(buf.getvalue(), encoding="utf-8")
    row["profiled"] = True
    return row


def main() -> None:
    names = sorted(n[len("stage_"):] for n in globals() if n.startswith("stage_"))
    if len(sys.argv) < 4 or sys.argv[1] not in names or not sys.argv[2].isdigit():
        raise SystemExit("usage: python -m bench.stages STAGE SIZE WORKDIR [--profile DIR]\n"
                         f"stages: {', '.join(names)}")
    stage, size, work = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    profile = sys.argv[sys.argv.index("--profile") + 1] if "--profile" in sys.argv else None
    if profile:
        global PROFILE_DIR
        PROFILE_DIR = Path(profile)
        row = _profiled(stage, size, work, PROFILE_DIR)
    else:
        row = globals()[f"stage_{stage}"](size, work)
    row.update({"stage": stage, "size": size, "peak_mb": row.pop("peak_mb_override", None) or peak_mb()})
    print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
