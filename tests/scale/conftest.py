"""A small demo corpus shared by the scale tests, ingested afresh into each project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from regionlens.coding.codebook import Codebook, load_codebook
from regionlens.demo import generate_demo
from regionlens.pipeline.ingest import ingest_paths
from regionlens.sources.files import read_registry
from regionlens.sources.registry import import_sources
from regionlens.store.project import Project, init_project

N_DOCS = 400


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "corpus"
    generate_demo(out, n_docs=N_DOCS, seed=11)
    return out


@pytest.fixture(scope="module")
def book() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="module")
def n_docs() -> int:
    return N_DOCS


@pytest.fixture(scope="module")
def make_project(corpus: Path) -> Callable[[Path], Project]:
    """A new SQLite project at the given folder holding the demo corpus, not yet coded."""

    def make(root: Path) -> Project:
        proj = init_project(root)
        import_sources(proj.engine, read_registry(corpus / "sources.yaml")[0])
        assert ingest_paths(proj, [corpus / "corpus.jsonl"]).added == N_DOCS
        return proj

    return make


