"""Run every analysis over one corpus selection and collect sections and findings.

`AnalysisConfig` carries what is not in the data: the named events (Forum of
Regions of Belarus and Russia by default) and the findings thresholds file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from regionlens.analysis.corpus_facts import ReprintScope, corpus_facts
from regionlens.analysis.facts import Facts, facts_from_frame
from regionlens.analysis.findings import DEFAULT_THRESHOLDS, diagnose, load_thresholds
from regionlens.analysis.frame import validate_frame
from regionlens.analysis.indices import indices_section
from regionlens.analysis.limits import apply_limits, corpus_limits
from regionlens.analysis.network import ADJACENT_PAIRS, network_section
from regionlens.analysis.reprints import reprints_section
from regionlens.analysis.result import AnalysisResult
from regionlens.analysis.timeseries import Event, timeseries_section
from regionlens.analysis.topics import topics_section
from regionlens.analysis.voice import voice_section
from regionlens.analysis.volume import volume_section

# Forum of Regions of Belarus and Russia: held yearly since 2014, usually in late June – early July.
# Dates are approximate (± a few days) and meant as defaults; pass exact dates in AnalysisConfig.events.
_FORUM_DATES: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {
    2014: ((6, 5), (6, 6)), 2015: ((6, 25), (6, 26)), 2016: ((6, 30), (7, 1)), 2017: ((6, 29), (6, 30)),
    2018: ((6, 28), (6, 29)), 2019: ((6, 17), (6, 18)), 2020: ((9, 29), (9, 30)), 2021: ((6, 30), (7, 2)),
    2022: ((6, 30), (7, 1)), 2023: ((6, 29), (6, 30)), 2024: ((6, 27), (6, 28)), 2025: ((6, 26), (6, 27)),
    2026: ((6, 25), (6, 26)),
}


def default_events() -> list[Event]:
    """Forums of Regions 2014–2026 (approximate dates)."""
    return [
        Event(f"Форум регионов Беларуси и России {y}", f"Forum of Regions of Belarus and Russia {y}",
              date(y, *start), date(y, *end))
        for y, (start, end) in _FORUM_DATES.items()
    ]


@dataclass(slots=True)
class AnalysisConfig:
    events: list[Event] = field(default_factory=default_events)
    thresholds_path: Path = DEFAULT_THRESHOLDS
    event_window_days: int = 14
    peak_k: float = 2.0
    reciprocity_min_n: int = 10
    border_pairs: tuple[tuple[str, str], ...] = ADJACENT_PAIRS
    seed: int = 0
    # Whether reprints were searched and over how many publications; the pipeline fills it from the
    # reprint stage's record, a frame built from records keeps the default (its links are complete).
    reprints: ReprintScope = field(default_factory=ReprintScope)


def analyze(docs: pd.DataFrame | Facts, config: AnalysisConfig | None = None) -> AnalysisResult:
    """All sections and findings for a frame of publications (see regionlens.analysis.frame for its columns)
    or for the facts of a project (regionlens.analysis.project_facts)."""
    if isinstance(docs, pd.DataFrame):
        with facts_from_frame(validate_frame(docs)) as facts:
            return analyze_facts(facts, config)
    return analyze_facts(docs, config)


def analyze_facts(facts: Facts, config: AnalysisConfig | None = None) -> AnalysisResult:
    """All sections and findings from the counts in `facts`."""
    cfg = config or AnalysisConfig()
    thresholds = load_thresholds(cfg.thresholds_path)
    corpus_counts = corpus_facts(facts, cfg.reprints)
    sections = [
        volume_section(facts, reprints_measured=corpus_counts.reprints_measured),
        topics_section(facts),
        indices_section(facts, seed=cfg.seed),
        timeseries_section(facts, cfg.events, k=cfg.peak_k, window_days=cfg.event_window_days),
        network_section(facts, min_n=cfg.reciprocity_min_n, border_pairs=cfg.border_pairs),
        reprints_section(facts, measured=corpus_counts.reprints_measured),
        voice_section(facts),
    ]
    findings = diagnose(facts, sections, thresholds)
    findings.extend(apply_limits(corpus_limits(corpus_counts), sections))
    corpus = {"publications": facts.publications, "union_publications": facts.union_publications,
              "facts": corpus_counts.to_dict()}
    return AnalysisResult(corpus=corpus, sections=sections, findings=findings)
