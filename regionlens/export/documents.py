"""Document export: one row per publication, every source column, one column per coded variable.

Rows are produced in bounded batches and written by streaming writers
(csv, jsonl, openpyxl write-only, Parquet row groups), so exporting a large
corpus does not hold it in memory. Stata needs the whole frame and is meant
for samples.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from regionlens.filters import Filters
from regionlens.filters.sql import DOCUMENTS, condition
from regionlens.safe_cells import neutralise
from regionlens.store.schema import codes, documents, sources

FORMATS = ("csv", "xlsx", "parquet", "jsonl", "dta")
EVERY_DOCUMENT = Filters(kind=None)  # an export without filters holds every stored document, of every kind
VARIABLES = ("union", "interregional", "regions", "topics", "substantive", "problem", "tone", "actors", "genre")
MULTI = {"regions", "topics", "actors"}
# date_source: where published_at came from (record, meta, text, url; empty when undated or not recorded)
DOC_COLUMNS = ("id", "ext_id", "url", "title", "text", "published_at", "date_source", "language", "kind", "origin")
SOURCE_COLUMNS = ("source", "source_country", "source_level", "source_region", "source_founder", "source_language")


def _utc(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def iter_rows(engine: Engine, *, coder: str = "auto", batch_size: int = 2000, with_text: bool = True,
              filters: Filters = EVERY_DOCUMENT) -> Iterator[dict[str, Any]]:
    """Export rows in id order, codes of `coder` as columns (lists for multi-label variables); `filters`
    select the documents (by default every one, of any kind)."""
    selected = condition(filters, on=DOCUMENTS)
    cols = [documents.c[c] for c in DOC_COLUMNS if with_text or c != "text"]
    src = [
        sources.c.name.label("source"), sources.c.country.label("source_country"), sources.c.level.label("source_level"),
        sources.c.region_code.label("source_region"), sources.c.founder.label("source_founder"),
        sources.c.language.label("source_language"),
    ]
    last = 0
    while True:
        with engine.connect() as conn:
            batch = list(
                conn.execute(
                    select(*cols, *src)
                    .select_from(documents.outerjoin(sources, sources.c.id == documents.c.source_id))
                    .where(documents.c.id > last, selected)
                    .order_by(documents.c.id)
                    .limit(batch_size)
                ).mappings()
            )
            if not batch:
                return
            ids = [r["id"] for r in batch]
            coded: dict[int, dict[str, Any]] = {}
            for c in conn.execute(
                select(codes.c.document_id, codes.c.variable, codes.c.value).where(
                    codes.c.document_id.in_(ids), codes.c.coder == coder
                )
            ):
                coded.setdefault(c.document_id, {})[c.variable] = json.loads(c.value)
        for r in batch:
            row = dict(r)
            row["published_at"] = _utc(row["published_at"])
            got = coded.get(r["id"], {})
            for var in VARIABLES:
                row[var] = got.get(var)
            yield row
        last = ids[-1]


def _flat(value: Any) -> Any:
    """Lists as «a;b» for flat formats; datetimes as ISO 8601."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def export_documents(engine: Engine, path: str | Path, fmt: str | None = None, *, coder: str = "auto",
                     filters: Filters = EVERY_DOCUMENT) -> int:
    """Write every document to `path` in the given (or extension-implied) format; returns the row count."""
    out = Path(path)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"неизвестный формат экспорта «{fmt}»; допустимы: {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "xlsx": _write_xlsx, "parquet": _write_parquet, "dta": _write_dta}[fmt]
    n = writer(iter_rows(engine, coder=coder, filters=filters), tmp)
    tmp.replace(out)  # a failed export never leaves a half-written file under the real name
    return n


def columns() -> list[str]:
    return [*DOC_COLUMNS, *SOURCE_COLUMNS, *VARIABLES]


def _write_csv(rows: Iterator[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns())
        w.writeheader()
        for row in rows:
            w.writerow({k: neutralise(_flat(v)) for k, v in row.items()})
            n += 1
    return n


def _write_jsonl(rows: Iterator[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}, ensure_ascii=False))
            fh.write("\n")
            n += 1
    return n


def _write_xlsx(rows: Iterator[dict[str, Any]], path: Path) -> int:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters XML 1.0 cannot carry

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("documents")
    ws.append(columns())
    n = 0
    for row in rows:
        values = []
        for k in columns():
            v = _flat(row.get(k))
            if isinstance(v, str):
                v = ILLEGAL_CHARACTERS_RE.sub("", v)  # e.g. a file name with a control byte in `origin`
            if isinstance(v, str) and len(v) > 32000:  # Excel's cell limit is 32,767 characters
                v = v[:32000] + " […]"
            values.append(neutralise(v))
        ws.append(values)
        n += 1
    wb.save(path)
    return n


def _write_parquet(rows: Iterator[dict[str, Any]], path: Path, chunk: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [
        pa.field("id", pa.int64()), *[pa.field(c, pa.string()) for c in DOC_COLUMNS[1:5]],
        pa.field("published_at", pa.timestamp("us", tz="UTC")),
        *[pa.field(c, pa.string()) for c in (*DOC_COLUMNS[6:], *SOURCE_COLUMNS)],
        *[pa.field(v, pa.list_(pa.string()) if v in MULTI else (pa.string() if v == "genre" else pa.int8())) for v in VARIABLES],
    ]
    schema = pa.schema(fields)
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        buf: list[dict[str, Any]] = []
        for row in rows:
            buf.append(row)
            if len(buf) >= chunk:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
                buf = []
        if buf or n == 0:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n


def _write_dta(rows: Iterator[dict[str, Any]], path: Path) -> int:
    import pandas as pd

    frame = pd.DataFrame([{k: _flat(v) for k, v in r.items()} for r in rows], columns=columns())
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True).dt.tz_localize(None)
    for c in frame.columns:
        if frame[c].dtype == object:
            frame[c] = frame[c].fillna("").astype(str).str.slice(0, 2000)
    frame.to_stata(path, write_index=False, version=118)
    return len(frame)
