"""Find the Russian interface wording in the code, so the catalogue can be checked for gaps.

Used by the test that keeps the English catalogue complete and by
`python -m regionlens.cli.untranslated`, which prints the missing entries as YAML
for a translator. Wording is recognised by where it is used: errors raised,
`fail()`, console output, prompts, table headers, CLI options and help. Data
(gazetteer names, demo phrases, lexicons) is not interface wording and is skipped.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from regionlens.messages.catalog import load_catalog

PACKAGE = Path(__file__).resolve().parents[1]
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Call names whose string arguments a person reads.
UI_CALLS = {
    "fail", "print", "status", "Option", "Argument", "Typer", "Table", "add_column", "prompt", "confirm",
    "HTTPException", "append", "tr", "progress_bar", "add_task", "echo", "secho", "Exit", "warn",
}
# Packages whose Cyrillic strings are data, not wording.
DATA_PACKAGES = ("demo", "gazetteer", "text", "coding", "report", "web/templates")
KEYWORDS = {"help", "detail", "message", "prompt", "title", "description"}


def _template(node: ast.AST, *, literal_braces: bool = True) -> str | None:
    """The catalogue key of a string argument: f-string parts become {0}, {1}…; a plain string's braces are
    literal unless the string is itself a template (`tr("… {0}", x)`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}") if literal_braces else node.value
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        slot = 0
        for value in node.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(value.value.replace("{", "{{").replace("}", "}}"))
            else:
                parts.append(f"{{{slot}}}")
                slot += 1
        return "".join(parts)
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    return str(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))


def _is_ui_call(call: ast.Call) -> bool:
    name = _call_name(call)
    return name in UI_CALLS or name.endswith(("Error", "Exception", "Record"))


def wording_in_source(root: Path = PACKAGE) -> Iterator[tuple[str, str]]:
    """(template, `file:line`) for every Russian interface string in the package."""
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(DATA_PACKAGES) or rel.startswith("messages/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not _is_ui_call(node):
                continue
            args = list(node.args) + [k.value for k in node.keywords if k.arg in KEYWORDS]
            for arg in args:
                if isinstance(arg, ast.IfExp):  # "Раздел" if lang == "ru" else "Section"
                    continue
                template = _template(arg, literal_braces=_call_name(node) != "tr")
                if template and CYRILLIC.search(template):
                    yield template, f"{rel}:{node.lineno}"


def missing(lang: str = "en") -> dict[str, str]:
    """Templates without an entry in the `lang` catalogue, with where each is used."""
    known = load_catalog(lang).sources()
    out: dict[str, str] = {}
    for text, where in wording_in_cli():
        if text not in known:
            out.setdefault(text.replace("{", "{{").replace("}", "}}"), where)
    for template, where in wording_in_source():
        if template not in known and template.replace("{{", "{").replace("}}", "}") not in known:
            out.setdefault(template, where)
    return out


def wording_in_cli() -> Iterator[tuple[str, str]]:
    """(help text, command path) for every Russian help text of the `regionlens` command tree, docstrings included."""
    import typer

    from regionlens.cli.main import app

    def walk(command: Any, path: str) -> Iterator[tuple[str, str]]:
        for attr in ("help", "short_help", "epilog"):
            value = getattr(command, attr, None)
            if isinstance(value, str) and CYRILLIC.search(value):
                yield value, path
        for param in command.params:
            value = getattr(param, "help", None)
            if isinstance(value, str) and CYRILLIC.search(value):
                yield value, f"{path} {param.name}"
        for name, sub in (getattr(command, "commands", None) or {}).items():
            yield from walk(sub, f"{path} {name}")

    yield from walk(typer.main.get_command(app), "regionlens")


if __name__ == "__main__":
    gaps = missing(sys.argv[1] if len(sys.argv) > 1 else "en")
    yaml.safe_dump({k: "" for k in gaps}, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
    print(f"# {len(gaps)} missing", file=sys.stderr)
