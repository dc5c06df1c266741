"""Regional statistics: import (long/wide), dynamics, and the information gap against media coverage."""

from regionlens.stats.dynamics import cagr, dynamics, partner_shares, per_capita, region_shares
from regionlens.stats.gap import QUADRANTS, GapResult, information_gap, media_attention
from regionlens.stats.io import (
           ParsedIndicators,
           import_indicators,
           load_indicators,
           parse_indicators,
           store_indicators,
)
from regionlens.stats.section import gap_section

__all__ = ["QUADRANTS", "GapResult", "ParsedIndicators", "cagr", "dynamics", "gap_section", "import_indicators",
           "information_gap", "load_indicators", "media_attention", "parse_indicators", "partner_shares", "per_capita",
           "region_shares", "store_indicators"]
