"""The CLI as a thin layer over the core: `codebook use` records the project's codebook, `code` codes with it."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from regionlens.cli.main import app
from regionlens.coding.codebook import load_codebook
from regionlens.store.project import open_project
from regionlens.store.schema import coding_runs, dash_docs

DOCS = [
    {"id": "1", "title": "Брянск и Гомель", "text": "Брянская и Гомельская области открыли совместный торговый дом.",
     "date": "2023-04-01"},
    {"id": "2", "title": "Погода", "text": "В Калуге ожидается снег.", "date": "2023-04-02"},
]


def test_codebook_use_then_code_with_it(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "proj"
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS), encoding="utf-8")
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    out = runner.invoke(app, ["ingest", str(corpus), "-p", str(root)])
    assert out.exit_code == 0, out.output

    own = tmp_path / "own.yaml"
    own.write_text(Path(load_codebook().path).read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.1-team"', 1),
                   encoding="utf-8")
    out = runner.invoke(app, ["codebook", "use", str(own), "-p", str(root)], env={"REGIONLENS_LANG": "en"})
    assert out.exit_code == 0, out.output
    assert "version 1.1-team" in " ".join(out.output.split())
    assert "Publications to recode: 2" in " ".join(out.output.split())

    out = runner.invoke(app, ["code", "-p", str(root)])
    assert out.exit_code == 0, out.output
    assert "кодификатор 1.1-team" in out.output
    project = open_project(root)
    with project.engine.connect() as conn:
        runs = conn.execute(select(coding_runs.c.codebook_version, coding_runs.c.codebook_hash)).all()
        assert set(runs) == {("1.1-team", project.identity.hash)}
        assert len(conn.execute(select(dash_docs.c.document_id)).all()) == 2  # refreshed by the core
    out = runner.invoke(app, ["code", "-p", str(root)])
    assert "уже закодированы кодификатором 1.1-team" in out.output

    out = runner.invoke(app, ["codebook", "use", str(tmp_path / "missing.yaml"), "-p", str(root)])
    assert out.exit_code == 2 and "файл кодовой книги не найден" in " ".join(out.output.split())
    project.close()
