"""The project store: one schema on SQLite (embedded) or PostgreSQL (server)."""

from regionlens.store.project import Project, init_project, open_project

__all__ = ["Project", "init_project", "open_project"]
