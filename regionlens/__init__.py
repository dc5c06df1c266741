"""regionlens: coverage of Russia–Belarus interregional cooperation, measured and traceable.

As a library::

    import regionlens as rl
    p = rl.open_project("my-project")      # or rl.init_project("new-project")
    p.ingest("articles.jsonl"); p.code(); p.reprints()
    result = p.analyze()
    p.report("report", lang="en", formats="html")

`open_project` and `init_project` return a `Project` (regionlens.store.project),
the one object the CLI, the web app and the API also work on. They are loaded
on first use, so `import regionlens` stays as cheap as the version number.
"""

__version__ = "0.1.0"

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: importing typing would be this module's only cost
if TYPE_CHECKING:
    from typing import Any

    from regionlens.store.project import Project, ProjectError, init_project, open_project

_LAZY = {
    "open_project": "regionlens.store.project",
    "init_project": "regionlens.store.project",
    "Project": "regionlens.store.project",
    "ProjectError": "regionlens.store.project",
    "StageError": "regionlens.project.errors",
}


def __getattr__(name: str) -> "Any":
    """The library entry points, imported when first asked for (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'regionlens' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = ["Project", "ProjectError", "StageError", "__version__", "init_project", "open_project"]
