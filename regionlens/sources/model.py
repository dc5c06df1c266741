"""What a source is, and the values its fields may take."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

LEVELS = ("federal", "regional", "local", "union", "official", "expert", "aggregator")
LEVEL_ALIASES = {"national": "federal", "республиканский": "federal", "федеральный": "federal",
                 "региональный": "regional", "областной": "regional", "местный": "local",
                 "районный": "local", "муниципальный": "local", "союзный": "union"}
COUNTRIES = ("RU", "BY", "union", "other")
FOUNDERS = ("state", "regional_authority", "municipal", "private", "public", "other")
LANGUAGES = ("ru", "be", "uk", "en")
FIELDS = ("name", "domains", "country", "level", "region_code", "founder", "language", "feed_url", "output_per_month",
          "sitemap_url")

REGION_CODE_RE = regex.compile(r"^(RU|BY)-[A-Za-z]{1,20}$")


@dataclass(slots=True)
class SourceRecord:
    name: str
    country: str
    level: str
    domains: list[str] = field(default_factory=list)
    region_code: str | None = None
    founder: str | None = None
    language: str | None = None
    feed_url: str | None = None
    output_per_month: float | None = None
    sitemap_url: str | None = None  # sitemap or sitemap index, for `regionlens collect` backfill


def normalise_domain(value: str) -> str:
    """Host of a URL or bare domain, lower-case and without `www.`."""
    host = value.strip().lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    return host[4:] if host.startswith("www.") else host
