"""Ingest: files, folders and feeds → validated RawDocument / BadRecord streams (no database here)."""

from regionlens.ingest.columns import ColumnMapping, MappingError, detect_mapping, parse_mapping
from regionlens.ingest.dates import parse_date
from regionlens.ingest.readers import count_units, iter_path
from regionlens.ingest.records import BadRecord, RawDocument

__all__ = [
    "BadRecord",
    "ColumnMapping",
    "MappingError",
    "RawDocument",
    "count_units",
    "detect_mapping",
    "iter_path",
    "parse_date",
    "parse_mapping",
]
