"""The shipped catalogue of outlets: who publishes on a domain, without any registry file.

A user who loads publications that only carry a URL should still get country, level,
region and founder for the common Russian and Belarusian outlets; the catalogue
(`data/catalogue.yaml`) supplies them. It is a fallback: the project's own registry
always wins (see `regionlens.sources.registry`). `attribute` is a pure function of a
URL or host, so every ingest path can call it and decide for itself what to store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from regionlens.packaged_yaml import file_stamp
from regionlens.sources.files import load_yaml_with_nodes
from regionlens.sources.model import SourceRecord, normalise_domain
from regionlens.sources.validate import validate_record

CATALOGUE_PATH = Path(__file__).parent / "data" / "catalogue.yaml"
EXTRA_FIELDS = ("provenance", "note")  # catalogue-only fields; the rest are registry fields
MOBILE_PREFIXES = ("m.", "mobile.", "amp.")


class CatalogueError(Exception):
    """The catalogue cannot be used; the message lists every problem with file and line."""


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One outlet of the catalogue, where its facts come from, and the line it is described on."""

    record: SourceRecord
    provenance: str
    line: int
    note: str | None = None

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def domains(self) -> list[str]:
        return self.record.domains


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    entries: tuple[CatalogueEntry, ...]
    by_domain: dict[str, CatalogueEntry]
    by_name: dict[str, CatalogueEntry]  # names that are unique in the catalogue, case-folded

    def lookup(self, url_or_host: str | None) -> CatalogueEntry | None:
        """The entry whose domain is the host or its nearest parent (`news.tass.ru` → `tass.ru`)."""
        if not url_or_host:
            return None
        host = host_of(url_or_host)
        parts = host.split(".")
        for i in range(len(parts) - 1):
            hit = self.by_domain.get(".".join(parts[i:]))
            if hit is not None:
                return hit
        return None

    def lookup_name(self, name: str | None) -> CatalogueEntry | None:
        """An explicit source given by name (a unique catalogue name) or by domain."""
        if not name or not name.strip():
            return None
        hit = self.by_name.get(name.strip().casefold())
        return hit if hit is not None else self.lookup(name)


def host_of(url_or_host: str) -> str:
    """Lower-case ASCII host without `www.` and the mobile prefixes (`m.`, `mobile.`, `amp.`).

    Cyrillic hosts (`посткомсг.рф`) become their punycode form, the form URLs usually carry.
    """
    host = normalise_domain(url_or_host)
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    for prefix in MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def _items(path: Path, text: str) -> tuple[str, list[tuple[dict[str, Any], int]]]:
    """Version string and the entries with the line each starts on."""
    data, root = load_yaml_with_nodes(path, text, CatalogueError)
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or root is None:
        raise CatalogueError(f"{path}: ожидаются ключи «version:» и «sources:» со списком изданий")
    version = str(data.get("version") or "").strip()
    if not version:
        raise CatalogueError(f"{path}: не указана версия каталога (version)")
    node = next(v for k, v in root.value if k.value == "sources")
    out = []
    for item, item_node in zip(data["sources"], node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise CatalogueError(f"{path}:{line}: элемент списка должен быть словарём полей")
        out.append((item, line))
    return version, out


def _check_entry(item: dict[str, Any], file: Path, line: int) -> tuple[CatalogueEntry | None, list[str]]:
    label = str(item.get("name") or "").strip() or "без названия"
    where = f"{file}:{line}: «{label}»"
    fields = {k: v for k, v in item.items() if k not in EXTRA_FIELDS}
    record, errors = validate_record(fields, where)
    provenance = str(item.get("provenance") or "").strip()
    if not provenance.startswith(("http://", "https://")):
        errors.append(f"{where}: нужен адрес источника сведений (provenance: https://…), указано «{provenance}»")
    if record is not None and not record.domains:
        errors.append(f"{where}: не указан ни один домен (domains)")
    if record is None or errors:
        return None, errors
    note = item.get("note")
    return CatalogueEntry(record, provenance, line, None if note is None else str(note)), []


def read_catalogue(path: str | Path = CATALOGUE_PATH) -> Catalogue:
    """Read and validate a catalogue file; any invalid entry or duplicate domain is an error naming its line."""
    file = Path(path)
    if not file.exists():
        raise CatalogueError(f"{file}: файл каталога не найден")
    version, items = _items(file, file.read_text(encoding="utf-8"))
    errors: list[str] = []
    entries: list[CatalogueEntry] = []
    by_domain: dict[str, CatalogueEntry] = {}
    names: dict[str, list[CatalogueEntry]] = {}
    for item, line in items:
        entry, problems = _check_entry(item, file, line)
        errors.extend(problems)
        if entry is None:
            continue
        for domain in map(host_of, entry.domains):
            first = by_domain.get(domain)
            if first is not None:
                errors.append(f"{file}:{line}: «{entry.name}»: домен {domain} уже указан у «{first.name}» "
                              f"(строка {first.line})")
                continue
            by_domain[domain] = entry
        entries.append(entry)
        names.setdefault(entry.name.casefold(), []).append(entry)
    if errors:
        raise CatalogueError("\n".join(errors))
    by_name = {k: v[0] for k, v in names.items() if len(v) == 1}
    return Catalogue(version, tuple(entries), by_domain, by_name)


@lru_cache(maxsize=4)
def _cached(path: str, _mtime_ns: int, _size: int) -> Catalogue:
    return read_catalogue(path)


def load_catalogue(path: str | Path) -> Catalogue:
    """The catalogue at `path`, read again only when the file changed (its mtime or size; one `stat` per call)."""
    try:
        stamp = file_stamp(path)
    except OSError as exc:
        raise CatalogueError(f"{path}: файл каталога не найден") from exc
    return _cached(*stamp)


def catalogue_at(path: str | Path | None) -> Catalogue:
    """A project's catalogue: the file it names (`Project.catalogue_path`), or the shipped one for None."""
    return default_catalogue() if path is None else load_catalogue(path)


def default_catalogue() -> Catalogue:
    """The catalogue shipped with regionlens; a long-running server sees an edit of the file at its next call."""
    return load_catalogue(CATALOGUE_PATH)


def attribute(url: str | None) -> CatalogueEntry | None:
    """The shipped catalogue's entry for a publication URL (or bare host), or None if it is not catalogued."""
    return default_catalogue().lookup(url)
