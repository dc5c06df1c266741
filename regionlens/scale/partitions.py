"""Pending documents as Parquet partitions: the unit of work shipped to a Dask cluster.

One partition is one `iter_pending` page written with pyarrow, so export memory
is bounded by `partition_size` documents whatever the corpus size.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

SCHEMA = pa.schema([
    ("id", pa.int64()),
    ("title", pa.string()),
    ("text", pa.string()),
    ("language", pa.string()),
    ("country", pa.string()),
    # what the coder reads besides the text (genre from the outlet and URL; the learned layer for media only),
    # so a Dask run codes exactly as the serial one
    ("url", pa.string()),
    ("level", pa.string()),
    ("source_name", pa.string()),
    ("kind", pa.string()),
])


def write_partition(docs: list[dict[str, Any]], path: Path) -> None:
    """Write one page of pending documents (id, title, text, language, and the outlet facts the coder reads)."""
    table = pa.Table.from_pylist([{name: d.get(name) for name in SCHEMA.names} for d in docs], schema=SCHEMA)
    pq.write_table(table, path, compression="zstd")


def partition_bytes(path: Path) -> bytes:
    """The file's bytes, for clusters whose workers cannot see the lead's disk."""
    return path.read_bytes()


def read_partition(source: str | bytes) -> list[dict[str, Any]]:
    """Documents of a partition given as a path (shared storage) or as the file's bytes."""
    table = pq.read_table(io.BytesIO(source) if isinstance(source, bytes) else source, schema=SCHEMA)
    return table.to_pylist()
