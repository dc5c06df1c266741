"""The REST API under /api/v1: publications, codes, search, aggregates, sources, jobs; bearer tokens."""

from regionlens.web.api.app import PREFIX, create_api

__all__ = ["PREFIX", "create_api"]
