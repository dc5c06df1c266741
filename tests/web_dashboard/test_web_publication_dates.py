"""The publication page says where a date came from, that a publication is undated, and that a reprint's
original is unknown when no copy has a date (never a made-up «earliest»)."""

from __future__ import annotations

import json
from pathlib import Path

from dash_web_helpers import add_accounts, logged_in
from sqlalchemy import insert, select

from regionlens.pipeline.ingest import ingest_paths
from regionlens.store.project import init_project
from regionlens.store.schema import documents, reprints

BODY = ("Делегация Могилёвской области провела переговоры в Брянске о поставках сельхозтехники.\n"
        "Стороны договорились провести совместную ярмарку осенью.\n")


def test_publication_page_shows_date_source_and_unknown_original(tmp_path: Path) -> None:
    proj = init_project(tmp_path / "proj")
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "dated.txt").write_text("Ярмарка\n19 апреля 2023\n" + BODY, encoding="utf-8")
    (folder / "undated1.txt").write_text("Ярмарка в Брянске\n" + BODY, encoding="utf-8")
    (folder / "undated2.txt").write_text("Ярмарка в Брянске!\n" + BODY, encoding="utf-8")
    (folder / "dump.jsonl").write_text(json.dumps({"id": "web1", "url": "https://www.bryansk-news.example/2022/05/07/x",
                                                   "text": "Ярмарка открылась\n" + BODY}, ensure_ascii=False),
                                       encoding="utf-8")
    assert ingest_paths(proj, [folder]).added == 4
    with proj.engine.begin() as conn:
        ids = dict(conn.execute(select(documents.c.ext_id, documents.c.id)).all())
        first, second = ids["undated1"], ids["undated2"]
        conn.execute(insert(reprints), [
            {"document_id": first, "cluster_id": 1, "original_id": first, "similarity": 1.0, "original_known": 0},
            {"document_id": second, "cluster_id": 1, "original_id": first, "similarity": 0.9, "original_known": 0},
        ])
    add_accounts(proj.engine)
    c, _ = logged_in(proj.root, "vera")
    dated = c.get(f"/publications/{ids['dated']}").text
    assert 'id="date-source">(дата из текста)' in dated and 'id="no-date"' not in dated
    copy = c.get(f"/publications/{second}").text
    assert 'id="no-date">дата не установлена' in copy
    assert 'id="unknown-original">одна из копий перепечатки; ни у одной копии нет даты' in copy
    assert 'id="reprint-of"' not in copy  # no copy is shown as the original
    api = c.get(f"/api/v1/publications/{second}").json()
    assert (api["date_source"], api["reprint_of"], api["original_known"]) == (None, None, False)
    assert c.get(f"/api/v1/publications/{ids['dated']}").json()["date_source"] == "text"
    from_url = c.get(f"/publications/{ids['web1']}").text
    assert 'id="date-source">(дата из адреса)' in from_url
    assert 'id="unregistered-source">bryansk-news.example (нет в реестре источников)' in from_url
