"""Fixtures for the report tests."""

from __future__ import annotations

import pytest
from report_sample import make_result

from regionlens.analysis.result import AnalysisResult


@pytest.fixture
def result() -> AnalysisResult:
    return make_result()
