"""A project's own outlet catalogue (`catalogue:` in regionlens.yaml): ingest attributes with it, the coding
hash covers it, and a missing file is a typed error naming it.

Before, only the packaged catalogue existed for a project: a team that catalogued its region's outlets had
to edit the installed package, and the coding hash could not tell two projects' catalogues apart.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

import regionlens.sources.catalogue as catalogue_module
from regionlens.project.errors import InputError, StageError
from regionlens.sources.catalogue import catalogue_at
from regionlens.store.project import Project, init_project, open_project
from regionlens.store.schema import documents, sources

DOMAIN = "zubr-vesti.by"  # invented: no such outlet in the packaged catalogue
OWN_ENTRY = (f"- {{name: Зубровские вести, domains: [{DOMAIN}], country: BY, level: regional, region_code: BY-VI, "
             f"founder: private, language: ru, provenance: 'https://{DOMAIN}/about'}}\n")
DOCS = [
    {"id": "a1", "title": "Ярмарка", "text": "Витебская область привезла в Смоленск лён и молочные продукты.",
     "date": "2023-03-05", "url": f"https://{DOMAIN}/news/1"},
    {"id": "a2", "title": "Форум", "text": "Делегация Смоленской области приехала в Витебск на форум регионов.",
     "date": "2023-03-06", "url": f"https://www.{DOMAIN}/news/2"},
]


def _with_catalogue(tmp_path: Path) -> tuple[Project, Path]:
    project = init_project(tmp_path / "proj")
    own = project.root / "outlets.yaml"
    own.write_text(catalogue_module.CATALOGUE_PATH.read_text(encoding="utf-8") + OWN_ENTRY, encoding="utf-8")
    config = yaml.safe_load(project.config_path.read_text(encoding="utf-8"))
    config["catalogue"] = "outlets.yaml"
    project.config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return open_project(project.root), own


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS), encoding="utf-8")
    return path


def test_ingest_attributes_with_the_projects_catalogue(tmp_path: Path) -> None:
    project, own = _with_catalogue(tmp_path)
    assert project.catalogue_path == own and catalogue_at(own).lookup(DOCS[0]["url"]) is not None
    project.ingest(_corpus(tmp_path))
    with project.engine.connect() as conn:
        rows = conn.execute(select(documents.c.ext_id, sources.c.name, sources.c.level, sources.c.region_code)
                            .join(sources, sources.c.id == documents.c.source_id)).all()
    assert sorted(rows) == [("a1", "Зубровские вести", "regional", "BY-VI"), ("a2", "Зубровские вести", "regional", "BY-VI")]


def test_coding_hash_covers_the_projects_catalogue_and_its_edits(tmp_path: Path) -> None:
    plain = init_project(tmp_path / "plain")
    project, own = _with_catalogue(tmp_path)
    identity = project.identity
    assert identity.catalogue_path == str(own)
    assert identity.catalogue_hash != plain.identity.catalogue_hash and identity.hash != plain.identity.hash
    assert project.codebook.hash == identity.hash != plain.codebook.hash
    project.ingest(_corpus(tmp_path))
    project.code()
    assert project.pending() == 0
    own.write_text(own.read_text(encoding="utf-8").replace("level: regional, region_code: BY-VI, founder: private",
                                                           "level: local, region_code: BY-VI, founder: private"),
                   encoding="utf-8")
    edited = open_project(project.root)
    assert edited.identity.catalogue_hash != identity.catalogue_hash
    assert edited.pending() == len(DOCS)  # the catalogue changed what the coder may read: recode


def test_a_missing_catalogue_file_is_a_typed_error_naming_it(tmp_path: Path) -> None:
    project, own = _with_catalogue(tmp_path)
    own.unlink()
    with pytest.raises(InputError, match="outlets.yaml"):
        project.ingest(_corpus(tmp_path))
    with pytest.raises(StageError, match="outlets.yaml"):
        project.code()
