"""One benchmark stage per process: `python -m bench.stages STAGE SIZE WORKDIR` prints one JSON line."""

from __future__ import annotations

import csv
import json
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


def stage_generate(size: int, work: Path) -> dict[str, Any]:
    from regionlens.demo import generate_demo

    out = corpus_dir(work, size)
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    generate_demo(out, n_docs=size, seed=7)
    seconds = time.perf_counter() - t0
    with (out / "corpus.jsonl").open(encoding="utf-8") as src, (out / "corpus.csv").open("w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["Заголовок", "Текст", "Дата", "Источник", "Ссылка"])
        for line in src:
            r = json.loads(line)
            writer.writerow([r["title"], r["text"], r["published_at"], r["source"], r["url"]])
    return {"seconds": seconds, "docs_per_s": size / seconds, "notes": "demo generator"}


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
    t0 = time.perf_counter()
    summary = ingest_paths(proj, [path], batch_size=1000)
    seconds = time.perf_counter() - t0
    mb = path.stat().st_size / 1e6
    return {"seconds": seconds, "docs_per_s": summary.added / seconds, "mb_per_s": mb / seconds,
            "notes": f"{summary.added} added, {len(summary.bad)} bad, file {mb:.0f} MB, SQLite"}


def stage_ingest_jsonl(size: int, work: Path) -> dict[str, Any]:
    return _ingest(size, work, "corpus.jsonl", "project")


def stage_ingest_csv(size: int, work: Path) -> dict[str, Any]:
    return _ingest(size, work, "corpus.csv", "project_csv")


def stage_code(size: int, work: Path) -> dict[str, Any]:
    from regionlens.pipeline.code import code_project

    proj = _project(work, size, "project", fresh=False)
    mb = corpus_bytes(corpus_dir(work, size) / "corpus.jsonl") / 1e6
    t0 = time.perf_counter()
    summary = code_project(proj, batch_size=1000)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs_per_s": summary.coded / seconds, "mb_per_s": mb / seconds,
            "notes": "all nine variables + evidence, incl. reading and writing the store, 1 core"}


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
    t0 = time.perf_counter()
    for r in records:
        baseline.code(r["title"] + "\n" + r["text"])
    base_s = time.perf_counter() - t0
    for r in records[:50]:  # warm-up, as in a long run
        code_text(r["text"], r["title"], codebook=book)
    t0 = time.perf_counter()
    for r in records:
        code_text(r["text"], r["title"], codebook=book)
    fast_s = time.perf_counter() - t0
    return {"seconds": base_s, "docs_per_s": len(records) / base_s, "mb_per_s": mb / base_s,
            "speedup": base_s / fast_s,
            "notes": f"natasha NER + uncached pymorphy3 + {len(baseline.regexes)} regexes on {len(records)} docs; "
                     f"fast coder {mb / fast_s:.2f} MB/s on the same docs = {base_s / fast_s:.0f}x"}


def stage_reprints(size: int, work: Path) -> dict[str, Any]:
    from regionlens.pipeline.reprints import detect_reprints

    proj = _project(work, size, "project", fresh=False)
    t0 = time.perf_counter()
    n = detect_reprints(proj)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs_per_s": size / seconds, "notes": f"{n} documents in reprint clusters"}


QUERIES = ["смоленская область", '"Витебской области"', "сотрудничество AND (Гомель OR Брянск)", "трактор*",
           "форум регионов", "товарооборот NOT санкции", "губернатор", "Могилев", "поставки техники", "студенты"]


def stage_search(size: int, work: Path) -> dict[str, Any]:
    from regionlens.search.engine import count_by, search

    proj = _project(work, size, "project", fresh=False)
    times = []
    for _ in range(3):
        for q in QUERIES:
            t0 = time.perf_counter()
            search(proj.engine, q, limit=20)
            times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    count_by(proj.engine, "сотрудничество", ["level", "country", "month"])
    agg = time.perf_counter() - t0
    p95 = statistics.quantiles(times, n=20)[-1]
    return {"seconds": sum(times), "docs_per_s": 0, "p95_ms": p95 * 1000,
            "notes": f"lemma search p95 {p95 * 1000:.0f} ms over {len(times)} queries (page of 20 with KWIC); "
                     f"count-by level,country,month {agg * 1000:.0f} ms"}


def stage_analyze(size: int, work: Path) -> dict[str, Any]:
    from regionlens.pipeline.analyze import analyze_project, write_analysis_json
    from regionlens.report.build import build_report

    proj = _project(work, size, "project", fresh=False)
    out = work / str(size) / "report"
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    result, frame = analyze_project(proj)
    t_an = time.perf_counter() - t0
    write_analysis_json(result, out / "analysis.json")
    build_report(result, out, lang="ru", formats=("html", "pdf", "xlsx"))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "docs_per_s": len(frame) / seconds,
            "notes": f"analysis {t_an:.1f} s + report (html, pdf, xlsx) {seconds - t_an:.1f} s"}


def main() -> None:
    stage, size, work = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    row = globals()[f"stage_{stage}"](size, work)
    row.update({"stage": stage, "size": size, "peak_mb": peak_mb()})
    print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
