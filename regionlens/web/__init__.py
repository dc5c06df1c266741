"""The web application: coding workspace, progress and adjudication over the manual-coding backend.

`create_app(project_root)` builds the FastAPI app; accounts live in the
project's `users` table (see `auth`).
"""

from regionlens.web.app import create_app

__all__ = ["create_app"]
