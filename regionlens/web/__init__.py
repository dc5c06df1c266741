"""The web application: coding workspace, dashboard, search, sources and the REST API over one project.

`create_app(project)` builds the FastAPI app around an open `Project` (the one
core object); accounts, tokens, sessions and blind coding are decided in
`regionlens.accounts`, and this package only handles requests.
"""

from regionlens.web.app import create_app

__all__ = ["create_app"]
