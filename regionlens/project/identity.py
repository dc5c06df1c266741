"""What a project codes with, as one version and one hash: the codebook, the gazetteer and the outlet catalogue.

Automatic codes depend on all three files: the codebook's dictionaries and
rules, the gazetteer's region names (the `regions` variable, the union and
interregional rules) and the catalogue's outlet facts (country, level and
region of a publication's source, which the actor and union rules read). The
stored coding runs carry one hash, so it must change when any of the three
changes; otherwise editing `regions.yaml` would leave every publication coded
with the old names and `regionlens code` would report nothing to do.

Each file is hashed over its parsed content, as the codebook already is, so a
comment or a re-indentation does not make a whole project due for recoding.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from regionlens.packaged_yaml import file_stamp
from regionlens.project.errors import StageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from regionlens.coding.codebook import Codebook


class IdentityError(StageError, ValueError):
    """A gazetteer or catalogue file that cannot be read for hashing; the message names the file.

    A stage error, so the CLI, web and API render it like the stages' own (a catalogue named in
    regionlens.yaml may be missing)."""


@dataclass(frozen=True, slots=True)
class CodingIdentity:
    """The versions and content hashes of the three files a project codes with, and their joint hash.

    `hash` is what coding runs store as `codebook_hash`: two projects (or two
    runs) with the same `hash` code every publication identically.
    """

    codebook_version: str
    codebook_hash: str
    codebook_path: str
    gazetteer_version: str
    gazetteer_hash: str
    gazetteer_path: str
    catalogue_version: str
    catalogue_hash: str
    catalogue_path: str
    hash: str

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


def _content_digest(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=16)
def _file_facts(path: str, _mtime_ns: int, _size: int) -> tuple[str, str]:
    """(version, content hash) of a YAML file; cached until the file changes (its mtime or size)."""
    file = Path(path)
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise IdentityError(f"{file}: не удалось прочитать файл для хеша кодирования: {exc}") from exc
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    return version, _content_digest(data)


def file_facts(path: str | Path) -> tuple[str, str]:
    """The version field and content hash of a gazetteer or catalogue file."""
    file = Path(path).resolve()
    try:
        stamp = file_stamp(file)
    except OSError as exc:
        raise IdentityError(f"{file}: файл не найден: {exc}") from exc
    return _file_facts(*stamp)


def default_gazetteer_path() -> Path:
    from regionlens.gazetteer.gazetteer import DEFAULT_PATH

    return DEFAULT_PATH


def default_catalogue_path() -> Path:
    from regionlens.sources.catalogue import CATALOGUE_PATH

    return CATALOGUE_PATH


def coding_identity(book: Codebook, gazetteer: str | Path | None = None,
                    catalogue: str | Path | None = None) -> CodingIdentity:
    """The identity of coding with `book` and the given gazetteer and catalogue files (default: the packaged ones).

    `book` must be a codebook as loaded from its file (its `hash` the codebook's own), not one already bound.
    """
    gaz_path = Path(gazetteer) if gazetteer is not None else default_gazetteer_path()
    cat_path = Path(catalogue) if catalogue is not None else default_catalogue_path()
    gaz_version, gaz_hash = file_facts(gaz_path)
    cat_version, cat_hash = file_facts(cat_path)
    joint = _content_digest({"codebook": book.hash, "gazetteer": gaz_hash, "catalogue": cat_hash})
    return CodingIdentity(
        codebook_version=book.version, codebook_hash=book.hash, codebook_path=book.path,
        gazetteer_version=gaz_version, gazetteer_hash=gaz_hash, gazetteer_path=str(gaz_path),
        catalogue_version=cat_version, catalogue_hash=cat_hash, catalogue_path=str(cat_path),
        hash=joint,
    )


def bind_codebook(book: Codebook, identity: CodingIdentity) -> Codebook:
    """The codebook as a project codes with it: the same rules, carrying the joint hash.

    Everything downstream (pending documents, stored runs, worker processes,
    coding jobs, classifier bundles) already keys on `Codebook.hash`, so giving
    the project's codebook the joint hash makes a gazetteer or catalogue edit
    recode the project without a second hash threaded through every stage.
    """
    if identity.codebook_hash != book.hash:
        raise ValueError("identity was computed for another codebook")
    return dataclasses.replace(book, hash=identity.hash)


def identity_of(book: Codebook, gazetteer: str | Path | None = None,
                catalogue: str | Path | None = None) -> CodingIdentity | None:
    """The identity a bound codebook was made from (its file re-read, with the project's gazetteer and
    catalogue files, default the packaged ones), or None for a codebook not bound to them."""
    from regionlens.coding.codebook import load_codebook

    if not book.path:
        return None
    identity = coding_identity(load_codebook(book.path), gazetteer, catalogue)
    return identity if identity.hash == book.hash else None


def record_identity(engine: Engine, identity: CodingIdentity) -> None:
    """Keep what a coding hash stands for in `coding_identities` (once per hash; later runs find it there)."""
    from datetime import UTC, datetime

    from sqlalchemy import insert, select
    from sqlalchemy.exc import IntegrityError

    from regionlens.store.schema import coding_identities

    row = {k: v for k, v in identity.as_dict().items() if k not in ("gazetteer_path", "catalogue_path")}
    with engine.begin() as conn:
        if conn.execute(select(coding_identities.c.hash).where(coding_identities.c.hash == identity.hash)).first():
            return
    try:
        with engine.begin() as conn:
            conn.execute(insert(coding_identities).values(**row, first_used_at=datetime.now(UTC)))
    except IntegrityError:  # another process recorded the same hash meanwhile
        pass


__all__ = ["CodingIdentity", "IdentityError", "bind_codebook", "coding_identity", "file_facts", "identity_of",
           "record_identity"]
