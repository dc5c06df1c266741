"""An AnalysisResult back from analysis.json, so a report can be rebuilt without re-running the analysis.

`AnalysisResult.to_json()` stores tables as records and timestamps as ISO
text; here columns that are entirely ISO dates become datetimes again, so
months print as «март 2022» rather than «2022-03-01T00:00:00». A section's
chart is restored when the JSON carries it under "chart" (the keys of ChartSpec).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from regionlens.analysis.result import AnalysisResult, ChartSpec, Finding, Section

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")
CHART_FIELDS = ("kind", "table", "x", "y", "series", "low", "high", "value", "title_ru", "title_en")


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records)
    for col in df.columns:
        values = df[col].dropna()
        if len(values) and values.map(lambda v: isinstance(v, str) and bool(ISO_DATE.match(v))).all():
            df[col] = pd.to_datetime(df[col], utc=values.str.contains(r"[+-]\d{2}:\d{2}$|Z$").any(), format="ISO8601")
    return df


def _chart(data: Any) -> ChartSpec | None:
    if not isinstance(data, dict) or not {"kind", "table", "x", "y"} <= set(data):
        return None
    return ChartSpec(**{k: data[k] for k in CHART_FIELDS if k in data})


def result_from_json(data: dict[str, Any]) -> AnalysisResult:
    sections = [
        Section(
            key=s["key"], title_ru=s.get("title_ru", ""), title_en=s.get("title_en", ""),
            tables={name: _frame(rows) for name, rows in (s.get("tables") or {}).items()},
            stats=dict(s.get("stats") or {}), chart=_chart(s.get("chart")),
            text_ru=s.get("text_ru", ""), text_en=s.get("text_en", ""), examples=list(s.get("examples") or []),
            summary_table=s.get("summary_table"), summary_columns=list(s.get("summary_columns") or []),
            takeaway_ru=s.get("takeaway_ru", ""), takeaway_en=s.get("takeaway_en", ""),
            notes_ru=list(s.get("notes_ru") or []), notes_en=list(s.get("notes_en") or []),
        )
        for s in data.get("sections", [])
    ]
    findings = [
        Finding(
            key=f["key"], severity=f.get("severity", "info"), text_ru=f.get("text_ru", ""), text_en=f.get("text_en", ""),
            numbers=dict(f.get("numbers") or {}), test=f.get("test", ""), p_value=f.get("p_value"),
            examples=list(f.get("examples") or []), recommendations_ru=list(f.get("recommendations_ru") or []),
            recommendations_en=list(f.get("recommendations_en") or []),
        )
        for f in data.get("findings", [])
    ]
    return AnalysisResult(corpus=dict(data.get("corpus") or {}), sections=sections, findings=findings)


def load_result(path: str | Path) -> AnalysisResult:
    """Read analysis.json written by the analyse step."""
    return result_from_json(json.loads(Path(path).read_text(encoding="utf-8")))
