"""Builders of valid and hostile input files, shared by the robustness tests and bench/robustness.py."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

from regionlens.ingest.records import BadRecord, RawDocument

TEXT = "Делегация Смоленской области посетила Витебск. Стороны подписали соглашение о сотрудничестве."
TITLE = "Смоленск и Витебск договорились"


def csv_bytes(rows: Iterable[tuple[str, str]], encoding: str = "utf-8") -> bytes:
    lines = ["title,text"] + [f'"{t}","{x}"' for t, x in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows: Iterable[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["title", "text"])
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx_bytes(text: str = TEXT) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str = "Delegation of Smolensk visited Vitebsk.") -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def parquet_bytes(rows: Iterable[tuple[str, str]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(rows)
    out = io.BytesIO()
    pq.write_table(pa.table({"title": [r[0] for r in rows], "text": [r[1] for r in rows]}), out)
    return out.getvalue()


def rss_bytes(n: int = 3) -> bytes:
    items = "".join(
        f"<item><title>{TITLE} {i}</title><link>https://example.by/{i}</link><description>{TEXT} {i}</description>"
        "<pubDate>Mon, 06 Mar 2023 10:00:00 +0300</pubDate></item>"
        for i in range(n)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>{items}</channel></rss>'.encode()


def html_bytes() -> bytes:
    body = "".join(f"<p>{TEXT} Абзац {i}.</p>" for i in range(8))
    return f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>{body}</article></body></html>".encode()


def valid_samples() -> dict[str, bytes]:
    """One small valid file per ingest format (name → bytes)."""
    rows = [(f"{TITLE} {i}", f"{TEXT} Номер {i}.") for i in range(5)]
    return {
        "a.csv": csv_bytes(rows),
        "a.tsv": csv_bytes(rows).replace(b",", b"\t"),
        "a.jsonl": "".join(json.dumps({"title": t, "text": x}, ensure_ascii=False) + "\n" for t, x in rows).encode(),
        "a.json": json.dumps([{"title": t, "text": x} for t, x in rows], ensure_ascii=False).encode(),
        "a.xlsx": xlsx_bytes(rows),
        "a.parquet": parquet_bytes(rows),
        "a.txt": f"{TITLE}\n\n{TEXT}\n".encode(),
        "a.html": html_bytes(),
        "a.pdf": pdf_bytes(),
        "a.docx": docx_bytes(),
        "a.rss": rss_bytes(),
    }


def zip_bomb(kind: str, inflated_mb: int, member: str | None = None) -> bytes:
    """A minimal .docx/.xlsx-shaped archive whose one member inflates to `inflated_mb` MB of zeros
    (compressed about 1000:1, streamed so that building it needs little memory)."""
    member = member or ("word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inflated_mb):
                fh.write(chunk)
    return out.getvalue()


def pdf_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates (FlateDecode) to `inflated_mb` MB of spaces."""
    import zlib

    packer = zlib.compressobj(1)
    data = b"".join(packer.compress(b" " * (1024 * 1024)) for _ in range(inflated_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def is_russian(message: str) -> bool:
    return any("а" <= ch.lower() <= "я" for ch in message)


def assert_clean_records(items: list[RawDocument | BadRecord]) -> None:
    """What every reader owes its caller, whatever the input: records or Russian errors, clean text."""
    for item in items:
        assert isinstance(item, RawDocument | BadRecord), item
        if isinstance(item, BadRecord):
            assert item.origin and item.reason and is_russian(item.reason), item
            continue
        assert item.text.strip(), item
        for value in (item.text, item.title, item.url or "", item.source or "", item.ext_id or ""):
            assert not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value), repr(value[:200])
            assert "\u202e" not in value and "\u200f" not in value, repr(value[:200])


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
