"""`regionlens demo`: generate the synthetic corpus, then run every stage as a user would.

The demo is the product's end-to-end check: generator → registry → ingest →
code → reprints → analysis → report, into one output folder, with the
generator's ground truth beside the corpus so that every planted effect can
be compared with what the analysis found.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from regionlens.analysis.run import AnalysisConfig
from regionlens.analysis.timeseries import Event
from regionlens.dashboard.facts import refresh_facts
from regionlens.demo import generate_demo
from regionlens.demo.effects import FORUMS
from regionlens.demo.extras import generate_extras
from regionlens.demo.places import BORDER_PAIRS
from regionlens.pipeline.analyze import analyze_project, write_analysis_json
from regionlens.pipeline.code import code_project
from regionlens.pipeline.events import write_events
from regionlens.pipeline.ingest import ingest_paths
from regionlens.pipeline.materials import load_demo_extras
from regionlens.pipeline.reprints import detect_reprints
from regionlens.report.build import build_report
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import init_project

GOLD_DIR = Path(__file__).resolve().parent.parent.parent / "gold"

Stage = Callable[[str, int | None], Callable[[int], None]]


@dataclass(slots=True)
class DemoResult:
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)


def demo_events(years: tuple[int, ...]) -> list[Event]:
    """The demo's own (invented) Forum of Regions dates."""
    out = []
    for y in years:
        f = FORUMS.get(y)
        if f is None:
            continue
        start = date(y, f.month, f.day)
        out.append(Event(f"{f.no} Форум регионов ({y})", f"{f.no} Forum of Regions ({y})", start, start + timedelta(days=f.days - 1)))
    return out


def _validation_summary() -> dict[str, Any] | None:
    """How the shipped coder scores on the committed development gold set (for the methods section)."""
    files = sorted(GOLD_DIR.glob("dev_gold_*.jsonl"))
    if not files:
        return None
    from regionlens.validation.validate import validate_gold_file

    report = validate_gold_file(list(files), draws=500)
    return {
        var: {"alpha": r.alpha, "ci_low": r.ci_low, "ci_high": r.ci_high, "n": r.n}
        for var, r in report.variables.items()
    }


def run_demo(
    out_dir: Path, *, seed: int = 2022, n_docs: int = 5000, null: bool = False, langs: tuple[str, ...] = ("ru", "en"),
    formats: tuple[str, ...] = ("html", "pdf", "xlsx"), with_validation: bool = True, stage: Stage | None = None,
) -> DemoResult:
    """Everything `make demo` shows, written into `out_dir` (replaced if it exists)."""
    def start(name: str, total: int | None) -> Callable[[int], None]:
        return stage(name, total) if stage else (lambda _n: None)

    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    result = DemoResult(out_dir)
    corpus = out_dir / "corpus"
    tick = start("Генерация корпуса", n_docs)
    manifest = generate_demo(corpus, seed=seed, n_docs=n_docs, null=null, progress=lambda done: tick(done))
    events = demo_events(tuple(manifest.years))
    write_events(events, corpus / "events.yaml")

    project = init_project(out_dir / "project")
    records, errors = read_registry(manifest.sources_path)
    if errors:
        raise RuntimeError("; ".join(errors))
    import_sources(project.engine, records)
    tick = start("Загрузка публикаций", n_docs)
    summary = ingest_paths(project, [manifest.corpus_path], progress=lambda done, _t: tick(done))
    if not null:  # official documents, expert survey and statistics with their own planted relations
        extras = generate_extras(out_dir / "extras", seed=seed, years=tuple(manifest.years), media_dir=corpus)
        load_demo_extras(project, extras.out_dir)
    book = project.codebook  # the project's codebook, bound to its gazetteer and catalogue
    tick = start("Кодирование", summary.added)
    coded = code_project(project, book, progress=tick)
    tick = start("Поиск перепечаток", summary.added)
    reprinted = detect_reprints(project, progress=tick)
    refresh_facts(project.engine)  # the dashboard's summary tables, so `regionlens serve` opens at once
    tick = start("Анализ и отчёт", None)
    extra = {"validation": _validation_summary() if with_validation else None, "demo": {"seed": seed, "null": null, "effects": manifest.effects}}
    analysis, analysed = analyze_project(project, AnalysisConfig(events=events, border_pairs=BORDER_PAIRS), extra_corpus=extra)
    write_analysis_json(analysis, out_dir / "analysis.json")
    result.files["analysis.json"] = out_dir / "analysis.json"
    for lang in langs:
        base = "report" if lang == "ru" else f"report.{lang}"
        for fmt, path in build_report(analysis, out_dir, lang=lang, formats=formats, basename=base).items():
            result.files[f"{base}.{fmt}"] = path
    tick(1)
    result.counts = {"publications": summary.added, "bad": len(summary.bad), "coded": coded.coded,
                     "in_reprint_clusters": reprinted, "analysed": analysed, "findings": len(analysis.findings)}
    project.engine.dispose()
    return result
