"""The source of a record that names none: its URL's domain.

A scraper dump with only id, URL and text still says where each text was published. The domain becomes
the record's source name, so the registry can attribute it (a registered domain resolves to its outlet as
before) and, if it cannot, publications of one site stay together under one name (the content hash and the
duplicate check key on it) instead of merging with every other unattributed record. No row is added to
the source registry: an outlet's country and level are not known from a domain. This is the one function
the catalogue work replaces when it attributes sources by domain.
"""

from __future__ import annotations

from regionlens.sources.model import normalise_domain


def domain_source(url: str | None) -> str | None:
    """«https://www.sb.by/articles/x» → «sb.by»; None without a usable host."""
    host = normalise_domain(url) if url else ""
    return host if "." in host and " " not in host else None
