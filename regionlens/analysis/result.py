"""The contract between analysis and its consumers (report, dashboard, API, JSON).

Analysis modules produce `Section`s and `Finding`s; the report renders any
section generically (a chart from `ChartSpec` and its tables), so a new analysis
needs no report code. Every number shown must be traceable: sections and
findings carry the ids of example publications behind them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd

ChartKind = Literal["bar", "stacked_bar", "line", "heatmap", "network", "scatter", "errorbar"]


@dataclass(slots=True)
class ChartSpec:
    """What to draw from one of the section's tables.

    `x`, `y` and `series` name columns of `tables[table]`; for `errorbar`, `low`
    and `high` name the interval columns; for `network`, `x`/`y` are the two
    node columns and `value` the edge weight.
    """

    kind: ChartKind
    table: str
    x: str
    y: str
    series: str | None = None
    low: str | None = None
    high: str | None = None
    value: str | None = None
    title_ru: str = ""
    title_en: str = ""


@dataclass(slots=True)
class Section:
    """One analysis: tables, test statistics, an optional chart, in both languages."""

    key: str
    title_ru: str
    title_en: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    chart: ChartSpec | None = None
    text_ru: str = ""
    text_en: str = ""
    examples: list[str] = field(default_factory=list)
    # What the main report shows: one compact table (a table name and, optionally, its columns) and a
    # one-line takeaway under the chart; all tables still go to the XLSX and the appendix.
    summary_table: str | None = None
    summary_columns: list[str] = field(default_factory=list)
    takeaway_ru: str = ""
    takeaway_en: str = ""
    # Said instead of a number when a comparison cannot be made (one level, no dates, not measured).
    notes_ru: list[str] = field(default_factory=list)
    notes_en: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Finding:
    """A rule-based diagnostic: the numbers and test behind it, examples, recommendations."""

    key: str
    severity: Literal["info", "warning", "critical"]
    text_ru: str
    text_en: str
    numbers: dict[str, Any] = field(default_factory=dict)
    test: str = ""
    p_value: float | None = None
    examples: list[str] = field(default_factory=list)
    recommendations_ru: list[str] = field(default_factory=list)
    recommendations_en: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AnalysisResult:
    """Everything `regionlens analyze` computes for one corpus selection."""

    corpus: dict[str, Any]
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (tables as lists of records) for analysis.json and the API."""

        def table(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{str(k): _plain(v) for k, v in row.items()} for row in df.reset_index(drop=df.index.name is None and not isinstance(df.index, pd.MultiIndex)).to_dict(orient="records")]

        return {
            "corpus": {k: _plain(v) for k, v in self.corpus.items()},
            "sections": [
                {
                    "key": s.key,
                    "title_ru": s.title_ru,
                    "title_en": s.title_en,
                    "text_ru": s.text_ru,
                    "text_en": s.text_en,
                    "stats": {k: _plain(v) for k, v in s.stats.items()},
                    "tables": {name: table(df) for name, df in s.tables.items()},
                    "examples": s.examples,
                    "chart": asdict(s.chart) if s.chart else None,
                    "summary_table": s.summary_table,
                    "summary_columns": s.summary_columns,
                    "takeaway_ru": s.takeaway_ru,
                    "takeaway_en": s.takeaway_en,
                    "notes_ru": s.notes_ru,
                    "notes_en": s.notes_en,
                }
                for s in self.sections
            ],
            "findings": [
                {
                    "key": f.key,
                    "severity": f.severity,
                    "text_ru": f.text_ru,
                    "text_en": f.text_en,
                    "numbers": {k: _plain(v) for k, v in f.numbers.items()},
                    "test": f.test,
                    "p_value": _plain(f.p_value),
                    "examples": f.examples,
                    "recommendations_ru": f.recommendations_ru,
                    "recommendations_en": f.recommendations_en,
                }
                for f in self.findings
            ],
        }


def _plain(value: Any) -> Any:
    """numpy/pandas scalars → Python scalars; NaN → None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value
