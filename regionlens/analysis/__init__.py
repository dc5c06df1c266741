"""Comparative, multilevel and temporal analysis of coded coverage.

`analyze(frame)` runs everything into an `AnalysisResult`; the functions below
return plain DataFrames for use from Python. Each takes a frame of publications
or the `Facts` of a project: the analysis itself reads only counts (GROUP BYs
computed by the database, see `facts`), so a project's size does not set its memory. Names are imported on first use,
so `regionlens.analysis.result` (which the report needs) stays cheap to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, str] = {
    "diagnose": "findings", "load_thresholds": "findings",
    "FrameError": "frame", "frame_from_records": "frame", "frame_from_demo": "frame", "validate_frame": "frame",
    "without_reprints": "frame",
    "contrast_table": "indices", "index_table": "indices", "level_models": "indices",
    "pair_table": "network", "reciprocity": "network",
    "origin_levels": "reprints", "reprint_shares": "reprints",
    "AnalysisResult": "result", "ChartSpec": "result", "Finding": "result", "Section": "result",
    "AnalysisConfig": "run", "analyze": "run", "analyze_facts": "run", "default_events": "run",
    "Facts": "facts", "facts_from_frame": "facts",
    "Event": "timeseries", "event_windows": "timeseries", "monthly_series": "timeseries", "peak_months": "timeseries",
    "topic_counts": "topics", "topic_profile": "topics", "topic_test": "topics",
    "actor_shares": "voice", "subnational_voice": "voice", "voice_index": "voice",
    "volume_table": "volume",
}

__all__ = [
    "AnalysisConfig",
    "AnalysisResult",
    "Facts",
    "ChartSpec",
    "Event",
    "Finding",
    "FrameError",
    "Section",
    "actor_shares",
    "analyze",
    "analyze_facts",
    "contrast_table",
    "default_events",
    "diagnose",
    "event_windows",
    "facts_from_frame",
    "frame_from_demo",
    "frame_from_records",
    "index_table",
    "level_models",
    "load_thresholds",
    "monthly_series",
    "origin_levels",
    "pair_table",
    "peak_months",
    "reciprocity",
    "reprint_shares",
    "subnational_voice",
    "topic_counts",
    "topic_profile",
    "topic_test",
    "validate_frame",
    "voice_index",
    "volume_table",
    "without_reprints",
]

if TYPE_CHECKING:
    from regionlens.analysis.facts import Facts, facts_from_frame
    from regionlens.analysis.findings import diagnose, load_thresholds
    from regionlens.analysis.frame import (
        FrameError,
        frame_from_demo,
        frame_from_records,
        validate_frame,
        without_reprints,
    )
    from regionlens.analysis.indices import contrast_table, index_table, level_models
    from regionlens.analysis.network import pair_table, reciprocity
    from regionlens.analysis.reprints import origin_levels, reprint_shares
    from regionlens.analysis.result import AnalysisResult, ChartSpec, Finding, Section
    from regionlens.analysis.run import AnalysisConfig, analyze, analyze_facts, default_events
    from regionlens.analysis.timeseries import Event, event_windows, monthly_series, peak_months
    from regionlens.analysis.topics import topic_counts, topic_profile, topic_test
    from regionlens.analysis.voice import actor_shares, subnational_voice, voice_index
    from regionlens.analysis.volume import volume_table


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'regionlens.analysis' has no attribute {name!r}")
    value = getattr(import_module(f"regionlens.analysis.{module}"), name)
    globals()[name] = value
    return value
