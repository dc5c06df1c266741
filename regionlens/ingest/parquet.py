"""Parquet via pyarrow, batch by batch so a large file never sits in memory whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from regionlens.ingest.columns import ColumnMapping, MappingError, resolve_mapping
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions, record_from_row


def iter_parquet(path: Path, label: str, mapping: ColumnMapping | None, opts: ReadOptions) -> Iterator[RawDocument | BadRecord]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pfile = pq.ParquetFile(path)
        resolved = resolve_mapping(pfile.schema_arrow.names, mapping)
    except MappingError as exc:
        yield BadRecord(label, str(exc))
        return
    except (pa.ArrowException, OSError) as exc:
        yield BadRecord(label, f"не удалось открыть Parquet: {exc}")
        return
    row_no = 0
    try:
        for batch in pfile.iter_batches(batch_size=1000):
            for values in batch.to_pylist():
                row_no += 1
                yield record_from_row(values, resolved, f"{label}:{row_no}", opts)
    except (pa.ArrowException, OSError) as exc:
        yield BadRecord(f"{label}:{row_no + 1}", f"не удалось прочитать Parquet дальше: {exc}")
