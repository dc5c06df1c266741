"""Reading and writing registry files (YAML or CSV), keeping line numbers for messages."""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

from regionlens.safe_cells import FORMULA_START, neutralise
from regionlens.sources.model import FIELDS, SourceRecord
from regionlens.sources.validate import validate_record


class RegistryFileError(Exception):
    """The registry file as a whole cannot be read; the message names the file."""


def load_yaml_with_nodes(path: Path, text: str, error: type[Exception]) -> tuple[Any, Any]:
    """The parsed YAML and its node tree (for line numbers); a syntax error names the file and line.

    Shared by the registry file and the outlet catalogue, so both report errors the same way.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise error(f"{path}{line}: ошибка синтаксиса YAML: {getattr(exc, 'problem', exc)}") from exc
    return data, root


def _yaml_items(path: Path, text: str) -> list[tuple[dict[str, Any], int]]:
    """Records with the line each starts on (YAML node marks are 0-based)."""
    data, root = load_yaml_with_nodes(path, text, RegistryFileError)
    if isinstance(data, dict) and "sources" in data:
        items = data["sources"]
        node = next((v for k, v in root.value if k.value == "sources"), None) if root is not None else None
    else:
        items, node = data, root
    if not isinstance(items, list) or node is None:
        raise RegistryFileError(f"{path}: ожидается список источников (ключ «sources:» со списком)")
    out = []
    for item, item_node in zip(items, node.value, strict=False):
        if not isinstance(item, dict):
            raise RegistryFileError(f"{path}:{item_node.start_mark.line + 1}: элемент списка должен быть словарём полей")
        out.append((item, item_node.start_mark.line + 1))
    return out


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        if best is None:
            raise RegistryFileError(f"{path}: не удалось определить кодировку файла") from None
        return str(best)


def _csv_items(text: str) -> list[tuple[dict[str, Any], int]]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    out = []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        out.append(({k.strip(): _restore(v) for k, v in row.items() if k}, reader.line_num))
    return out


def _restore(value: Any) -> Any:
    """Undo the apostrophe `write_registry` puts before a formula-like cell, so a CSV round trip is exact."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def read_registry(path: str | Path) -> tuple[list[SourceRecord], list[str]]:
    """All valid records of a YAML or CSV registry file, and the errors of the others."""
    file = Path(path)
    if not file.exists():
        raise RegistryFileError(f"{file}: файл не найден")
    text = _decode(file)
    items = _csv_items(text) if file.suffix.lower() in (".csv", ".tsv") else _yaml_items(file, text)
    records: list[SourceRecord] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for item, line in items:
        record, problems = validate_record(item, f"{file}:{line}")
        errors.extend(problems)
        if record is None:
            continue
        if record.name in seen:
            errors.append(f"{file}:{line}: источник «{record.name}» уже описан в строке {seen[record.name]}")
            continue
        seen[record.name] = line
        records.append(record)
    return records, errors


def write_registry(records: list[SourceRecord], path: str | Path) -> None:
    """Write YAML or CSV by the file's extension, in a form `read_registry` reads back."""
    file = Path(path)
    rows = [asdict(r) for r in records]
    if file.suffix.lower() == ".csv":
        with file.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(FIELDS))
            writer.writeheader()
            for row in rows:
                row["domains"] = ",".join(row["domains"])
                # A spreadsheet would run «=HYPERLINK(…)» in a source name as a formula: written neutralised.
                writer.writerow({k: "" if v is None else neutralise(v) for k, v in row.items()})
        return
    file.write_text(yaml.safe_dump({"sources": rows}, allow_unicode=True, sort_keys=False), encoding="utf-8")
