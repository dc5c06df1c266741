"""Run every analysis over one corpus selection and collect sections and findings.

`AnalysisConfig` carries what is not in the data: the named events (Forum of
Regions of Belarus and Russia by default) and the findings thresholds file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from reference.corpus_facts import ReprintScope, corpus_facts
from reference.findings import DEFAULT_THRESHOLDS, diagnose, load_thresholds
from reference.indices import indices_section
from reference.network import ADJACENT_PAIRS, network_section
from reference.reprints import reprints_section
from reference.timeseries import Event, timeseries_section
from reference.topics import topics_section
from reference.voice import voice_section
from reference.volume import volume_section
from regionlens.analysis.frame import validate_frame
from regionlens.analysis.limits import apply_limits, corpus_limits
from regionlens.analysis.result import AnalysisResult

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


def analyze(docs: pd.DataFrame, config: AnalysisConfig | None = None) -> AnalysisResult:
    """All sections and findings for the frame (see regionlens.analysis.frame for its columns)."""
    cfg = config or AnalysisConfig()
    docs = validate_frame(docs)
    thresholds = load_thresholds(cfg.thresholds_path)
    facts = corpus_facts(docs, cfg.reprints)
    sections = [
        volume_section(docs, reprints_measured=facts.reprints_measured),
        topics_section(docs),
        indices_section(docs, seed=cfg.seed),
        timeseries_section(docs, cfg.events, k=cfg.peak_k, window_days=cfg.event_window_days),
        network_section(docs, min_n=cfg.reciprocity_min_n, border_pairs=cfg.border_pairs),
        reprints_section(docs, measured=facts.reprints_measured),
        voice_section(docs),
    ]
    findings = diagnose(docs, sections, thresholds)
    findings.extend(apply_limits(corpus_limits(facts), sections))
    corpus = {"publications": int(len(docs)), "union_publications": int(docs["union"].sum()) if len(docs) else 0,
              "facts": facts.to_dict()}
    return AnalysisResult(corpus=corpus, sections=sections, findings=findings)
