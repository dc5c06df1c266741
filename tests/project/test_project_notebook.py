"""examples/library.ipynb is a valid notebook whose code runs on the demo project as the README says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regionlens.pipeline.demo import run_demo
from regionlens.store.schema import documents

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "library.ipynb"


def _notebook() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    try:
        import nbformat
    except ImportError:  # not installed: check the parts of the v4 schema a reader needs
        assert data["nbformat"] == 4 and isinstance(data["nbformat_minor"], int)
        assert isinstance(data["metadata"], dict) and data["cells"]
        for cell in data["cells"]:
            assert cell["cell_type"] in ("markdown", "code") and isinstance(cell["metadata"], dict)
            assert isinstance(cell["source"], list) and all(isinstance(s, str) for s in cell["source"])
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and "execution_count" in cell
    else:
        nbformat.validate(nbformat.from_dict(data))
    return data


def test_notebook_runs_on_the_demo_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = _notebook()["cells"]
    run_demo(tmp_path / "demo-output", seed=11, n_docs=400, langs=("ru",), formats=("html",), with_validation=False)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for i, cell in enumerate(c for c in cells if c["cell_type"] == "code"):
        exec(compile("".join(cell["source"]), f"library.ipynb cell {i}", "exec"), namespace)  # noqa: S102
    assert namespace["loaded"].added == 1
    assert namespace["coded"].coded == 1  # only the new publication: the demo was coded with the same codebook
    assert namespace["found"].checked >= 400
    assert namespace["result"].findings and namespace["table"] is not None
    html = namespace["files"]["html"]
    assert html.exists() and html.resolve().parent == tmp_path / "demo-output" / "notebook-report"
    # what the notebook added is in the project, coded with the project's codebook
    from sqlalchemy import select

    import regionlens as rl

    with rl.open_project(tmp_path / "demo-output" / "project") as p, p.engine.connect() as conn:
        assert conn.execute(select(documents.c.id).where(documents.c.ext_id == "notebook-1")).first() is not None
