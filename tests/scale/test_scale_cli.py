"""The `--workers` / `--dask` options as the `code` command uses them, and the error paths users meet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from sqlalchemy import func, select
from typer.testing import CliRunner

from regionlens.coding.codebook import Codebook, load_codebook
from regionlens.scale.dask_run import DaskRunError, code_project_dask
from regionlens.scale.processes import ProcessMapper
from regionlens.store.project import Project
from regionlens.store.schema import coding_runs


def _app() -> typer.Typer:
    """The real `regionlens` command line, so the options are tested where users meet them."""
    from regionlens.cli.main import app

    return app


def test_workers_option_codes_the_project(make_project: Callable[[Path], Project], n_docs: int,
                                          tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    out = CliRunner().invoke(_app(), ["code", "--project", str(proj.root), "--workers", "2"])
    assert out.exit_code == 0, out.output
    assert f"Закодировано публикаций: {n_docs}" in out.output and "ошибок: 0" in out.output
    with proj.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(coding_runs)).scalar() == n_docs


def test_workers_and_dask_together_are_refused(make_project: Callable[[Path], Project], tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    out = CliRunner().invoke(_app(), ["code", "--project", str(proj.root), "--workers", "2", "--dask", "local"])
    assert out.exit_code == 2
    assert "--workers или --dask" in out.output
    with proj.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(coding_runs)).scalar() == 0


def test_zero_workers_is_a_usage_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(_app(), ["code", "--project", str(tmp_path), "--workers", "0"])
    assert out.exit_code == 2


def test_unreachable_scheduler_gives_a_clear_error(make_project: Callable[[Path], Project], book: Codebook,
                                                   tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    with pytest.raises(DaskRunError, match="Не удалось подключиться к планировщику Dask tcp://127.0.0.1:9"):
        code_project_dask(proj, book, "tcp://127.0.0.1:9", connect_timeout="1s")


def test_mapper_refuses_another_codebook(book: Codebook, tmp_path: Path) -> None:
    edited = tmp_path / "codebook.yaml"
    edited.write_text(Path(book.path).read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.0-x"', 1),
                      encoding="utf-8")
    other = load_codebook(edited)
    assert other.hash != book.hash
    with ProcessMapper(book, 1) as mapper, pytest.raises(ValueError, match="другим кодификатором"):
        mapper([{"id": 1, "title": "", "text": "Минск", "language": "ru", "country": "BY"}], other)
    with pytest.raises(ValueError, match="не меньше 1"):
        ProcessMapper(book, 0)


def test_mapper_keeps_order_and_reports_bad_documents_from_workers(book: Codebook) -> None:
    docs = [{"id": i, "title": "", "text": f"Делегация Гомельской области прибыла в Брянск, визит {i}.",
             "language": "ru", "country": "BY"} for i in range(1, 12)]
    docs[4] = {"id": 5, "title": "нет текста"}
    with ProcessMapper(book, 2, chunks_per_worker=2) as mapper:
        results = mapper(docs, book)
    assert [r["id"] for r in results] == [1, 2, 3, 4, 6, 7, 8, 9, 10, 11]
    assert all(set(r["values"]["regions"]) == {"BY-HO", "RU-BRY"} for r in results)
    assert len(mapper.errors) == 1 and mapper.errors[0].startswith("документ 5: ")


def test_reprints_command_accepts_workers(make_project: Callable[[Path], Project], tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj")
    out = CliRunner().invoke(_app(), ["reprints", "--project", str(proj.root), "--workers", "2"])
    assert out.exit_code == 0, out.output
    assert "Публикаций в кластерах перепечаток:" in out.output
