"""regionlens as a library: `rl.init_project` / `rl.open_project` and the stages on a small invented corpus.

The stages live in the core, so a library caller gets what the CLI gets: the same dispatch, typed errors
instead of exits, and the dashboard's summary tables brought up to date after coding and reprints.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

import regionlens as rl
from regionlens.project.errors import InputError, NothingToAnalyse, OptionsError, StageError
from regionlens.store.schema import coding_runs, dash_docs, documents, reprints

TEXT_A = ("Губернатор Смоленской области и председатель Витебского облисполкома подписали в Смоленске программу "
          "сотрудничества на 2023–2025 годы: совместные ярмарки, обмен студентами и ремонт трассы до границы. "
          "Товарооборот регионов за год вырос на 12% и достиг 420 млн долларов.")
# A reprint of TEXT_A a day later on another site, with a different last sentence.
TEXT_A_COPY = TEXT_A.replace("420 млн долларов.", "420 млн долларов, сообщила пресс-служба.")
TEXT_B = ("Делегация Гомельской области посетила Брянск. Стороны обсудили поставки сельхозтехники и открытие "
          "торгового дома белорусских производителей в Брянской области.")
TEXT_C = "В Минске прошёл концерт симфонического оркестра; билеты были распроданы за неделю."


def _corpus(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "title": "Смоленщина и Витебщина подписали программу", "text": TEXT_A, "date": "2023-05-10",
         "url": "https://smolensk-news.example/a"},
        {"id": "a2", "title": "Смоленщина и Витебщина подписали программу", "text": TEXT_A_COPY,
         "date": "2023-05-11", "url": "https://vitebsk-news.example/a2"},
        {"id": "b", "title": "Гомельская делегация в Брянске", "text": TEXT_B, "date": "2023-06-01",
         "url": "https://bryansk-news.example/b"},
        {"id": "c", "title": "Концерт", "text": TEXT_C, "date": "2023-06-02", "url": "https://minsk-news.example/c"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_library_round_trip(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    created = rl.init_project(tmp_path / "proj")
    created.close()
    with rl.open_project(tmp_path / "proj") as p:
        with pytest.raises(NothingToAnalyse, match="нет закодированных публикаций"):
            p.analyze()
        summary = p.ingest(corpus)
        assert summary.added == 4 and not summary.bad
        assert p.ingest(corpus).added == 0  # the same file again adds nothing

        coded = p.code()
        assert (coded.coded, coded.failed) == (4, 0)
        with p.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(coding_runs)).scalar_one() == 4
            assert {r[0] for r in conn.execute(select(coding_runs.c.codebook_hash))} == {p.codebook.hash}
            # the core refreshed the dashboard's summary tables: every coded media publication is in them
            assert conn.execute(select(func.count()).select_from(dash_docs)).scalar_one() == 4
        assert p.code().coded == 0

        found = p.reprints()
        assert found.checked == 4 and found.clustered == 2 and found.clusters == 1
        with p.engine.connect() as conn:
            ids = dict(conn.execute(select(documents.c.ext_id, documents.c.id)).all())
            links = set(conn.execute(select(reprints.c.document_id, reprints.c.original_id)).all())
            assert links == {(ids["a"], ids["a"]), (ids["a2"], ids["a"])}  # the earlier one is the original
            flagged = conn.execute(select(func.count()).select_from(dash_docs).where(dash_docs.c.reprint == 1))
            assert flagged.scalar_one() == 1  # the copy, flagged in the summary tables without a CLI run

        result = p.analyze()
        assert result.sections and result.corpus
        files = p.report(tmp_path / "out", lang="en", formats="html")
        assert set(files) == {"html"}
        html = files["html"].read_text(encoding="utf-8")
        assert "<html" in html.lower()
        assert (tmp_path / "out" / "analysis.json").exists()


def test_stage_errors_are_typed(tmp_path: Path) -> None:
    with rl.init_project(tmp_path / "proj") as p:
        with pytest.raises(OptionsError, match="--workers или --dask") as raised:
            p.code(workers=2, dask="local")
        assert raised.value.translated("en") == "Give one of the two: --workers or --dask."
        with pytest.raises(OptionsError, match="не меньше 1"):
            p.ingest(_corpus(tmp_path), workers=0)
        with pytest.raises(InputError, match="missing.jsonl: файл или папка не найдены"):
            p.ingest(tmp_path / "missing.jsonl")
        with pytest.raises(OptionsError, match="docx"):
            p.report(tmp_path / "out", formats="docx")
        assert issubclass(OptionsError, StageError) and rl.StageError is StageError


def test_import_regionlens_loads_no_stage(tmp_path: Path) -> None:
    """`import regionlens` stays cheap: the library entry points load on first use only."""
    import subprocess
    import sys

    code = ("import sys, regionlens; mods = sorted(m for m in sys.modules if m.startswith('regionlens')); "
            "print(mods); assert mods == ['regionlens'], mods; "
            "regionlens.open_project; assert 'regionlens.store.project' in sys.modules; "
            "assert 'regionlens.pipeline.code' not in sys.modules and 'sqlalchemy' in sys.modules")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
