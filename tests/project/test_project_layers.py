"""The layers around the core object: the CLI does not import the web, accounts do not live in it.

Read from the source (the import statements of each module), so an import added anywhere — at module
level or inside a command — is caught, not only the ones a particular test run happens to execute.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import regionlens

PACKAGE = Path(regionlens.__file__).resolve().parent


def _imports(path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, enclosing function or None for module level, line) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def walk(node: ast.AST, function: str | None) -> Iterator[tuple[str, str | None, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from walk(child, child.name)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, function, child.lineno
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                yield child.module, function, child.lineno
                for alias in child.names:  # `from regionlens import web`
                    yield f"{child.module}.{alias.name}", function, child.lineno
            yield from walk(child, function)

    yield from walk(tree, None)


def _is_web(module: str) -> bool:
    return module == "regionlens.web" or module.startswith("regionlens.web.")


def test_cli_imports_the_web_only_to_serve_it() -> None:
    found = [(p.name, module, function, line)
             for p in sorted((PACKAGE / "cli").glob("*.py"))
             for module, function, line in _imports(p) if _is_web(module)]
    assert found, "serve must still start the web app"
    not_serve = [f for f in found if f[2] != "serve"]
    assert not_serve == [], f"CLI modules import regionlens.web outside `serve`: {not_serve}"
    assert {(f[0], f[1]) for f in found} == {("web_commands.py", "regionlens.web"),
                                             ("web_commands.py", "regionlens.web.create_app")}


def test_core_and_accounts_do_not_import_the_web_or_the_cli() -> None:
    for package in ("accounts", "project", "store"):
        for path in sorted((PACKAGE / package).rglob("*.py")):
            bad = [(m, ln) for m, _f, ln in _imports(path)
                   if _is_web(m) or m == "regionlens.cli" or m.startswith("regionlens.cli.")]
            assert bad == [], f"{path.relative_to(PACKAGE)} imports an outer layer: {bad}"


def test_no_module_imports_private_names_of_accounts() -> None:
    """The API's tokens took `_row_user` from web.auth; the row-to-user rule is now public in accounts.users."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(("regionlens.accounts",
                                                                                             "regionlens.web")):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert private == [], f"{path.relative_to(PACKAGE)}:{node.lineno} imports {private} from {node.module}"


def test_running_a_cli_command_loads_no_web_module(tmp_path: Path) -> None:
    """`regionlens user add` and `token create` manage accounts without loading FastAPI or the pages."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from regionlens.cli.main import app\n"
        f"root = {str(tmp_path / 'proj')!r}\n"
        "r = CliRunner()\n"
        "assert r.invoke(app, ['init', root]).exit_code == 0\n"
        "out = r.invoke(app, ['user', 'add', 'anna', '--password', 'correct horse 42', '-p', root])\n"
        "assert out.exit_code == 0, out.output\n"
        "out = r.invoke(app, ['token', 'create', 'anna', '--name', 'script', '-p', root])\n"
        "assert out.exit_code == 0, out.output\n"
        "web = sorted(m for m in sys.modules if m.startswith('regionlens.web') or m == 'fastapi')\n"
        "assert web == [], web\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
