"""Hostile inputs for every ingest reader (issue 9, item 1): random bytes, truncated and corrupted
files, wrong and mixed encodings, 50 MB fields, deep nesting, zip bombs, control and bidi characters.
Each input gives records or clear Russian errors; none stops the batch or damages the store."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hostile_files import (
    TEXT,
    TITLE,
    assert_clean_records,
    csv_bytes,
    pdf_bomb,
    valid_samples,
    write,
    xlsx_bytes,
    zip_bomb,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from regionlens.ingest import iter_path
from regionlens.ingest.readers import SUPPORTED
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.pipeline import ingest as ingest_stage
from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.project import Project
from regionlens.store.schema import documents

SAMPLES = valid_samples()
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(path: Path) -> list[RawDocument | BadRecord]:
    items = list(iter_path(path))
    assert_clean_records(items)
    return items


def docs(items: list[RawDocument | BadRecord]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def bad(items: list[RawDocument | BadRecord]) -> list[BadRecord]:
    return [i for i in items if isinstance(i, BadRecord)]


def test_every_valid_sample_reads() -> None:
    """The fixtures the corruption tests start from are themselves good input."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in SAMPLES.items():
            items = read(write(Path(tmp), name, data))
            assert docs(items) and not bad(items), (name, items)


@FAST
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(sorted(SUPPORTED)))
def test_random_bytes_under_every_extension(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        read(write(Path(tmp), "random" + suffix, data))


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(SAMPLES)), cut=st.floats(0.0, 1.0), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4))
def test_truncated_and_corrupted_files(name: str, cut: float, flips: list[tuple[float, int]]) -> None:
    """A download cut short or a flipped byte in any format: records or errors, never an exception."""
    data = bytearray(SAMPLES[name][: max(1, int(len(SAMPLES[name]) * cut))])
    for where, value in flips:
        data[min(int(where * len(data)), len(data) - 1)] = value
    with tempfile.TemporaryDirectory() as tmp:
        read(write(Path(tmp), name, bytes(data)))


@FAST
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x00\x07\x1b\u202e\u200f\u2066\ufeff\r\u2028\"',;\t"), max_size=200))
def test_control_and_bidi_characters_in_fields(value: str) -> None:
    row = {"id": value, "title": value, "text": value + " " + TEXT, "source": value, "url": value}
    with tempfile.TemporaryDirectory() as tmp:
        items = read(write(Path(tmp), "c.jsonl", (json.dumps(row) + "\n").encode()))
        assert len(docs(items)) == 1


def test_deeply_nested_json_line_spares_the_rest_of_the_file(tmp_path: Path) -> None:
    lines = ['{"text": "' + TEXT + '", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", json.dumps({"text": TEXT + " второй"})]
    items = read(write(tmp_path, "deep.jsonl", "\n".join(lines).encode()))
    assert [type(i) for i in items] == [BadRecord, RawDocument]
    assert "вложенность" in bad(items)[0].reason
    deep_json = read(write(tmp_path, "deep.json", ("[" * 100_000 + "]" * 100_000).encode()))
    assert len(deep_json) == 1 and "вложенность" in bad(deep_json)[0].reason


def test_deeply_nested_html_is_a_clear_error_and_the_folder_goes_on(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 200_000 + TEXT * 20 + "</div>" * 200_000 + "</body></html>"
    write(tmp_path, "a_deep.html", page.encode())
    write(tmp_path, "b_good.txt", f"{TITLE}\n\n{TEXT}".encode())
    items = read(tmp_path)
    assert [type(i) for i in items] == [BadRecord, RawDocument]


def test_wrong_encodings_are_detected(tmp_path: Path) -> None:
    rows = [(TITLE, TEXT)] * 3
    for encoding in ("cp1251", "koi8_r", "utf-16", "utf-8-sig", "cp866"):
        items = read(write(tmp_path, f"{encoding}.csv", csv_bytes(rows, encoding)))
        assert [d.text for d in docs(items)] == [TEXT] * 3, encoding
    txt = read(write(tmp_path, "cp.txt", f"{TITLE}\n\n{TEXT}".encode("cp1251")))
    assert docs(txt)[0].text == TEXT and docs(txt)[0].title == TITLE


def test_mixed_encodings_in_one_file_keep_every_record(tmp_path: Path) -> None:
    """UTF-8 exports glued with cp1251 ones: the tail after the first cp1251 line used to be lost."""
    utf8 = csv_bytes([(f"{TITLE} {i}", f"{TEXT} {i}") for i in range(6000)])  # > the 256 KB detection sample
    legacy = "\n".join(f'"Заголовок {i}","Текст в кодировке Windows {i}"' for i in range(3)).encode("cp1251") + b"\n"
    tail = '"Последний","Снова UTF-8"\n'.encode()
    items = read(write(tmp_path, "mixed.csv", utf8 + legacy + tail))
    texts = [d.text for d in docs(items)]
    assert len(texts) == 6004 and not bad(items)
    assert texts[-4:] == [f"Текст в кодировке Windows {i}" for i in range(3)] + ["Снова UTF-8"]

    jsonl = (json.dumps({"text": TEXT}, ensure_ascii=False) + "\n").encode()
    jsonl += (json.dumps({"text": "Строка в cp1251"}, ensure_ascii=False) + "\n").encode("cp1251") + jsonl
    assert [d.text for d in docs(read(write(tmp_path, "mixed.jsonl", jsonl)))] == [TEXT, "Строка в cp1251", TEXT]

    txt = f"{TITLE}\n\n{TEXT}\n".encode() + "Абзац в cp1251.\n".encode("cp1251")
    assert docs(read(write(tmp_path, "mixed.txt", txt)))[0].text == f"{TEXT}\nАбзац в cp1251."


def test_50_mb_single_field(tmp_path: Path) -> None:
    """One 50 MB cell or line is reported by row and the records after it are still read."""
    huge = "б" * (50 * 1024 * 1024 // 2)
    csv_items = read(write(tmp_path, "big.csv", csv_bytes([(TITLE, huge), (TITLE, TEXT)])))
    assert [type(i) for i in csv_items] == [BadRecord, RawDocument] and "длиннее" in csv_items[0].reason  # type: ignore[union-attr]
    del csv_items
    lines = json.dumps({"text": huge}, ensure_ascii=False) + "\n" + json.dumps({"text": TEXT}, ensure_ascii=False) + "\n"
    jsonl_items = read(write(tmp_path, "big.jsonl", lines.encode()))
    assert [type(i) for i in jsonl_items] == [BadRecord, RawDocument]
    del jsonl_items
    txt_items = read(write(tmp_path, "big.txt", (huge * 2).encode()))
    assert len(txt_items) == 1 and "длиннее" in bad(txt_items)[0].reason


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bombs_are_refused_before_inflating(tmp_path: Path, kind: str) -> None:
    big = read(write(tmp_path, f"bomb.{kind}", zip_bomb(kind, 210)))  # over the 200 MB cap
    dense = read(write(tmp_path, f"dense.{kind}", zip_bomb(kind, 20)))  # 20 MB at ~1000:1
    for items in (big, dense):
        assert len(items) == 1 and "подозрительный архив" in bad(items)[0].reason


def test_pdf_decompression_bomb_is_bounded(tmp_path: Path) -> None:
    """pypdf caps inflated streams (75 MB): a 100 MB content stream costs a moment, not the memory."""
    items = read(write(tmp_path, "bomb.pdf", pdf_bomb(100)))
    assert len(items) == 1 and isinstance(items[0], BadRecord)


def test_hostile_folder_ingests_the_good_files_on_both_back_ends(project: Project, tmp_path: Path) -> None:
    """A folder mixing every hostile case with good files: the good ones are stored, the store stays sound."""
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "good.csv", csv_bytes([(f"{TITLE} {i}", f"{TEXT} {i}") for i in range(5)]))
    write(folder, "random.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4)
    write(folder, "bomb.docx", zip_bomb("docx", 20))
    write(folder, "truncated.parquet", SAMPLES["a.parquet"][:200])
    hostile_rows = [
        {"text": TEXT + " суррогат \ud800", "title": "t\udfff"},  # lone surrogates: UTF-8 cannot encode them
        {"text": TEXT + " длинный id", "id": "я" * 500},  # ext_id is VARCHAR(200)
        {"text": TEXT + " управляющие \x00\x07\u202e символы", "title": "\u200fзаголовок\x1b"},
        {"text": TEXT + " вложенность", "meta": {"a": [[["\ud800"]]]}},
    ]
    write(folder, "hostile.jsonl", "".join(json.dumps(r) + "\n" for r in hostile_rows).encode())
    (folder / "имя_\udcff.txt".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")).write_bytes(
        f"{TITLE}\n\n{TEXT} файл с битым именем".encode()
    )
    summary = ingest_paths(project, [folder])
    assert summary.added == 10, [(b.origin, b.reason) for b in summary.bad]
    assert {b.origin.split(":")[0] for b in summary.bad} == {"random.xlsx", "bomb.docx", "truncated.parquet"}
    with project.engine.connect() as conn:
        stored = conn.execute(select(documents.c.ext_id, documents.c.origin, documents.c.meta, documents.c.text)).all()
        assert len(stored) == 10
        long_id = next(r for r in stored if r.ext_id and r.ext_id.startswith("я"))
        assert len(long_id.ext_id) == 200 and json.loads(long_id.meta)["ext_id_full"] == "я" * 500
        assert any("\ufffd" in r.origin for r in stored)
        if project.dialect == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    again = ingest_paths(project, [folder])
    assert (again.added, again.duplicates) == (0, 10)


def test_a_record_the_database_refuses_is_reported_and_the_batch_is_kept(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the database still refuses one row of a batch, the other rows are stored one by one."""
    real = ingest_stage.document_row

    def poisoned(doc: RawDocument, *args: object) -> dict[str, object]:
        row = real(doc, *args)  # type: ignore[arg-type]
        if "отравленная" in doc.text:
            row["title"] = None  # NOT NULL: both back ends refuse it
        return row

    monkeypatch.setattr(ingest_stage, "document_row", poisoned)
    path = write(tmp_path, "p.csv", csv_bytes([(TITLE, f"{TEXT} {i}") for i in range(3)] + [(TITLE, "отравленная запись")]))
    summary = ingest_paths(project, [path])
    assert (summary.added, summary.duplicates) == (3, 0)
    assert [b.origin for b in summary.bad] == ["p.csv:5"] and "база данных не приняла" in summary.bad[0].reason
    with project.engine.connect() as conn:
        assert conn.execute(select(documents.c.id)).all().__len__() == 3


def test_xlsx_with_formulas_and_errors_in_cells(tmp_path: Path) -> None:
    """A formula is never evaluated (no cached value → empty title); error values and @ stay text."""
    rows = [("=1+1", TEXT), ("#DIV/0!", TEXT + " 2"), ("@SUM(A1)", TEXT + " 3")]
    items = read(write(tmp_path, "f.xlsx", xlsx_bytes(rows)))
    assert [d.title for d in docs(items)] == ["", "#DIV/0!", "@SUM(A1)"]


@settings(max_examples=25, deadline=None)
@example(body="Смоленск \U00017426 слово", lang=None)
@given(
    body=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=300),
    lang=st.sampled_from([None, "ru", "be", "uk", "en"]),
)
def test_text_analysis_and_coding_take_any_text(body: str, lang: str | None) -> None:
    """Letters pymorphy3 cannot name (e.g. «𗐦») used to drop the document at ingest and at coding."""
    from regionlens.coding.codebook import load_codebook
    from regionlens.coding.coder import code_text
    from regionlens.ingest.clean import clean_text

    cleaned = clean_text(body) or "пусто"
    row = ingest_stage.document_row(RawDocument(text=cleaned, title=cleaned[:50], language=lang), None, "", datetime.now(UTC))
    assert row["content_hash"] and isinstance(row["lemmas"], str)
    code_text(cleaned, cleaned[:50], codebook=load_codebook(), lang=row["language"])


def test_xml_entity_expansion_in_a_feed_is_not_expanded(tmp_path: Path) -> None:
    """«Billion laughs»: ten levels of ten entities would be 10^9 copies if expanded."""
    entities = '<!ENTITY a0 "ха-ха">'
    for level in range(1, 10):
        entities += f'<!ENTITY a{level} "' + f"&a{level - 1};" * 10 + '">'
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>Лента</title>'
            f"<item><title>{TITLE}</title><description>&a9; {TEXT}</description></item></channel></rss>")
    items = read(write(tmp_path, "laughs.rss", feed.encode()))
    assert len(items) == 1 and all(len(getattr(i, "text", "")) < 10_000 for i in items)


def test_control_characters_never_reach_a_stored_url(project: Project, tmp_path: Path) -> None:
    """A damaged feed put a NUL inside a link («https:\\x00/example.by/0»); URLs are stored without such bytes."""
    from sqlalchemy import select

    from regionlens.pipeline.ingest import ingest_paths
    from regionlens.store.schema import documents

    path = tmp_path / "links.jsonl"
    path.write_text('{"url": "https:\\u0000//example.by/a\\u0007 b", "title": "Заголовок", '
                    '"text": "Делегация Витебской области прибыла в Смоленск.", "date": "2023-05-01"}\n',
                    encoding="utf-8")
    summary = ingest_paths(project, [path])
    assert summary.added == 1
    with project.engine.connect() as conn:
        assert conn.execute(select(documents.c.url)).scalar_one() == "https://example.by/ab"
