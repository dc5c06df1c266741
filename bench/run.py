"""`make bench`: ingestion, coding (with the baseline), reprints, search, analysis and report.

Coding is measured serially (`code`), over 2 local processes (`code_workers`)
and on a Dask LocalCluster (`code_dask`); the last two run on a copy of the
project and check that their codes equal the serial ones. `reprints_windows`
runs reprint detection in time-window chunks on 2 processes and checks that it
stores the rows of the serial `reprints` stage.

Each stage runs in its own subprocess so that its peak memory (ru_maxrss) is
its own. Sizes default to 10k, 100k and 1M publications; the 1M corpus (about 2 GB
of text) runs the `--big-stages` only: text processing, `end_to_end` (ingest, coding
and reprint detection, each on 2 processes, into a fresh project), search, the
dashboard figures and analysis with the report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


ORDER = {s: i for i, s in enumerate(
    "generate,startup,end_to_end,ingest_jsonl,ingest_workers,ingest_csv,text,code,code_fresh,code_workers,code_dask,baseline,pipeline,reprints,reprints_windows,"
    "search,store_size,dashboard,dashboard_increment,analyze,analyze_check,load,robustness,collect".split(","))}


PROFILES = RESULTS / "profiles"


def run_stage(stage: str, size: int, work: Path, profile: bool = False) -> dict[str, object]:
    # A fixed hash seed: the codes are compared with a reference dump, and the learned layer's evidence
    # picks among equally weighted features in set order, which string hashing otherwise varies per process.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    out = subprocess.run(
        [sys.executable, "-m", "bench.stages", stage, str(size), str(work), *(["--profile", str(PROFILES)] if profile else [])],
        cwd=ROOT, capture_output=True, text=True, check=False, env=env,
    )
    if out.returncode != 0:
        return {"stage": stage, "size": size, "error": out.stderr[-3000:]}
    row: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    row.setdefault("load_average", round(os.getloadavg()[0], 1))  # the machine is shared: say how busy it was
    return row


def markdown(rows: list[dict[str, object]]) -> str:
    lines = [
        "| stage | publications | seconds | publications/s | MB/s (per core) | peak MB | notes |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['stage']} | {r['size']} | — | — | — | — | error: {str(r['error']).splitlines()[-1][:220]} |")
            continue
        lines.append(
            f"| {r['stage']} | {r['size']:,} | {r['seconds']:.1f} | {r.get('docs_per_s', 0):,.0f} | "
            f"{r.get('mb_per_s', 0):.2f} | {r.get('peak_mb', 0):,.0f} | {r.get('notes', '')} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--stages", default="generate,startup,ingest_jsonl,ingest_csv,text,code,code_fresh,code_workers,code_dask,baseline,reprints,reprints_windows,search,store_size,dashboard,analyze,analyze_check,load,robustness,collect,dashboard_increment")
    parser.add_argument("--big-stages", default="generate,text,end_to_end,search,store_size,dashboard,analyze,dashboard_increment",
                        help="stages for sizes of 1M and more: one ingest and one coding pass, no serial/copy comparisons")
    parser.add_argument("--work", default="/tmp/regionlens-bench")
    parser.add_argument("--name", default="latest", help="results file name in bench/results (NAME.json, NAME.md)")
    parser.add_argument("--profile", action="store_true",
                        help="run each stage under cProfile and write bench/results/profiles/STAGE-SIZE.txt (top functions "
                             "by cumulative and own time); the timings of a profiled run are inflated, so its rows are "
                             "marked `profiled` and belong in a results file of their own (--name)")
    parser.add_argument("--append", action="store_true",
                        help="merge into an existing NAME.json, replacing rows of the same stage and size")
    args = parser.parse_args()
    work = Path(args.work)
    rows: list[dict[str, object]] = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        stages = args.big_stages if size >= 1_000_000 else args.stages
        for stage in stages.split(","):
            if stage in ("baseline", "robustness", "collect", "startup") and size > 10_000:
                continue  # measured once, on the smaller corpus
            if stage == "load" and size < 100_000:
                continue  # the load test reads the 100k project
            t0 = time.time()
            row = run_stage(stage, size, work, args.profile)
            row.setdefault("wall", round(time.time() - t0, 1))
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    previous = RESULTS / f"{args.name}.json"
    if args.append and previous.exists():
        fresh = {(r["stage"], r["size"]) for r in rows}
        old = [r for r in json.loads(previous.read_text(encoding="utf-8"))["rows"] if (r["stage"], r["size"]) not in fresh]
        rows = sorted(old + rows, key=lambda r: (int(str(r["size"])), ORDER.get(str(r["stage"]), 99)))
    meta = {"python": platform.python_version(), "machine": platform.machine(), "cores": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d")}
    (RESULTS / f"{args.name}.json").write_text(json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS / f"{args.name}.md").write_text(
        f"Machine: {meta['cores']} cores, Python {meta['python']}, {meta['date']}\n\n" + markdown(rows), encoding="utf-8"
    )
    print(markdown(rows))


if __name__ == "__main__":
    main()
