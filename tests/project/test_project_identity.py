"""The project's codebook is hashed together with the gazetteer and the catalogue, so editing either recodes.

The gazetteer and catalogue edits are made on copies that the packaged paths are pointed at for the test
(the coder reads the gazetteer from that path at call time). The edited gazetteer is a second file, as a
new `regionlens code` process would read the edited regions.yaml afresh (a process parses it once).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

import regionlens.gazetteer.gazetteer as gazetteer_module
import regionlens.sources.catalogue as catalogue_module
from regionlens.coding.codebook import CodebookError, load_codebook
from regionlens.project import stages
from regionlens.store.project import Project, init_project, open_project
from regionlens.store.schema import codes, coding_identities, coding_runs

# An invented region name that the packaged gazetteer does not know; the edit below gives it to BY-BR.
INVENTED = "Зубрландия"
DOCS = [
    {"id": "z1", "title": "Визит", "text": f"{INVENTED} и Смоленская область подписали соглашение о сотрудничестве.",
     "date": "2023-03-02"},
    {"id": "z2", "title": "Ярмарка", "text": "Витебская область привезла на ярмарку в Смоленск лён и молочные продукты.",
     "date": "2023-03-05"},
]


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS), encoding="utf-8")
    return path


def _regions_of(project: Project) -> dict[str, list[str]]:
    from regionlens.store.schema import documents

    with project.engine.connect() as conn:
        rows = conn.execute(select(documents.c.ext_id, codes.c.value)
                            .join(codes, codes.c.document_id == documents.c.id)
                            .where(codes.c.variable == "regions", codes.c.coder == "auto")).all()
    return {str(r[0]): json.loads(r[1]) for r in rows}


@pytest.fixture
def edited_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the packaged gazetteer, in force for this test; the test edits it."""
    copy = tmp_path / "regions.yaml"
    copy.write_text(gazetteer_module.DEFAULT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(gazetteer_module, "DEFAULT_PATH", copy)
    return copy


def test_gazetteer_edit_changes_the_hash_and_code_recodes(tmp_path: Path, edited_gazetteer: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = init_project(tmp_path / "proj")
    project.ingest(_corpus(tmp_path))
    before = project.identity
    first = project.code()
    assert first.coded == 2
    assert _regions_of(project)["z1"] == ["RU-SMO"]  # the invented name means nothing yet
    assert stages.pending(project) == 0
    assert project.code().coded == 0  # nothing changed, nothing recoded

    text = edited_gazetteer.read_text(encoding="utf-8")
    edited = text.replace("names: {ru: [Брестская область]", f"names: {{ru: [Брестская область, {INVENTED}]", 1)
    assert edited != text
    second = tmp_path / "edited" / "regions.yaml"
    second.parent.mkdir()
    second.write_text(edited, encoding="utf-8")
    monkeypatch.setattr(gazetteer_module, "DEFAULT_PATH", second)

    reopened = open_project(project.root)
    after = reopened.identity
    assert after.gazetteer_hash != before.gazetteer_hash
    assert after.hash != before.hash
    assert after.codebook_hash == before.codebook_hash  # the codebook itself did not change
    assert reopened.codebook.hash == after.hash
    assert stages.pending(reopened) == 2
    assert reopened.code().coded == 2
    assert _regions_of(reopened)["z1"] == ["BY-BR", "RU-SMO"]
    with reopened.engine.connect() as conn:
        assert {r[0] for r in conn.execute(select(coding_runs.c.codebook_hash))} == {after.hash}
        # each coding hash is traceable to the gazetteer behind it
        recorded = {r.hash: r for r in conn.execute(select(coding_identities))}
    assert set(recorded) == {before.hash, after.hash}
    assert recorded[before.hash].gazetteer_hash == before.gazetteer_hash
    assert recorded[after.hash].gazetteer_hash == after.gazetteer_hash
    assert recorded[after.hash].codebook_version == after.codebook_version
    assert recorded[after.hash].catalogue_hash == after.catalogue_hash
    project.close()
    reopened.close()


def test_a_comment_in_the_gazetteer_does_not_recode(tmp_path: Path, edited_gazetteer: Path) -> None:
    project = init_project(tmp_path / "proj")
    before = project.identity.hash
    edited_gazetteer.write_text("# a note for the editors\n" + edited_gazetteer.read_text(encoding="utf-8"),
                                encoding="utf-8")
    assert open_project(project.root).identity.hash == before


def test_catalogue_edit_changes_the_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "catalogue.yaml"
    text = catalogue_module.CATALOGUE_PATH.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    monkeypatch.setattr(catalogue_module, "CATALOGUE_PATH", copy)
    project = init_project(tmp_path / "proj")
    before = project.identity
    data = yaml.safe_load(text)
    key = next(k for k in data if isinstance(data[k], list))  # the list of outlets
    data[key] = data[key][1:]  # one outlet removed
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    after = open_project(project.root).identity
    assert after.catalogue_hash != before.catalogue_hash and after.hash != before.hash
    assert after.gazetteer_hash == before.gazetteer_hash


def test_the_project_codebook_is_recorded_in_its_config(tmp_path: Path) -> None:
    project = init_project(tmp_path / "proj")
    packaged = load_codebook()
    assert project.codebook_path is None
    assert project.codebook.version == packaged.version
    assert project.codebook.hash == project.identity.hash != packaged.hash
    assert project.codebook is project.codebook  # one object while nothing changed: matchers stay cached

    own = project.root / "codebook.yaml"
    own.write_text(Path(packaged.path).read_text(encoding="utf-8").replace('version: "1.1"', 'version: "1.1-own"', 1),
                   encoding="utf-8")
    book = project.set_codebook(own)
    assert book.version == "1.1-own"
    config = yaml.safe_load((project.root / "regionlens.yaml").read_text(encoding="utf-8"))
    assert config["codebook"] == "codebook.yaml"  # relative: the folder can move
    assert config["database"] == "regionlens.db"
    reopened = open_project(project.root)
    assert reopened.codebook.version == "1.1-own"
    assert reopened.identity.codebook_path == str(own.resolve())

    broken = project.root / "broken.yaml"
    broken.write_text("version: 2\nvariables: [\n", encoding="utf-8")
    with pytest.raises(CodebookError):
        reopened.set_codebook(broken)
    assert yaml.safe_load((project.root / "regionlens.yaml").read_text(encoding="utf-8"))["codebook"] == "codebook.yaml"
    reopened.set_codebook(None)
    assert open_project(project.root).codebook_path is None
