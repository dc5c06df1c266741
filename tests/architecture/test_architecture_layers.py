"""The package's layers, checked on its source: data flows one way and no module reaches into another's internals.

ARCHITECTURE.md draws the picture; this test keeps it true. Every `regionlens.*` import counts,
including imports inside functions (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import regionlens

PACKAGE = Path(regionlens.__file__).resolve().parent

# Bottom to top: a package may import only packages listed before it.
LAYERS: tuple[str, ...] = (
    "packaged_yaml", "safe_cells", "text", "gazetteer", "messages", "coding", "store", "accounts", "sources", "filters", "export", "search", "validation", "reprints",
    "ingest", "analysis", "manual", "report", "surveys", "stats", "documents", "demo", "dashboard",
    "pipeline", "scale", "collect", "project", "web", "cli",
)
RANK = {name: i for i, name in enumerate(LAYERS)}
# The one sanctioned exception, a facade: `Project` lives with the store (everything below the core receives it),
# and its stage methods hand over to the core (`regionlens.project`) through imports inside the methods; the
# result types are named for type checkers only. The core never runs on import of the store.
FACADE = ("store/project.py", frozenset({"project", "pipeline", "analysis"}))


def imports() -> Iterator[tuple[Path, str, list[str], int]]:
    """(file, imported module, imported names, line) for every regionlens import in the package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("regionlens"):
                yield path, node.module, [a.name for a in node.names], node.lineno
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("regionlens"):
                        yield path, alias.name, [], node.lineno


def package_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - set(RANK) == set(), "a new package needs its place in LAYERS (and in ARCHITECTURE.md)"


def test_no_upward_imports() -> None:
    upward = []
    for path, module, _names, line in imports():
        mine = package_of(path)
        parts = module.split(".")
        theirs = parts[1] if len(parts) > 1 else None
        if mine is None or theirs is None or mine == theirs:
            continue  # the package root (version, library entry points) and imports within a package
        if str(path.relative_to(PACKAGE)) == FACADE[0] and theirs in FACADE[1]:
            continue
        if RANK[theirs] > RANK[mine]:
            upward.append(f"{path.relative_to(PACKAGE.parent)}:{line} {mine} → {theirs}")
    assert upward == []


def test_no_private_names_across_modules() -> None:
    reaching = []
    for path, module, names, line in imports():
        own = ".".join(("regionlens", *path.relative_to(PACKAGE).with_suffix("").parts))
        for name in names:
            if name.startswith("_") and not name.startswith("__") and module != own:
                reaching.append(f"{path.relative_to(PACKAGE.parent)}:{line} {module}.{name}")
    assert reaching == []
