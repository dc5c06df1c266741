"""The politeness and safety settings of one collection run, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from regionlens import __version__

DEFAULT_CONTACT = "contact not configured"


def user_agent(contact: str | None) -> str:
    """Who is asking, and how a site's administrator can reach them (what webmasters ask crawlers for)."""
    return f"regionlens/{__version__} (media research collector; {contact or DEFAULT_CONTACT})"


@dataclass(frozen=True, slots=True)
class Politeness:
    """How a run treats the sites it reads.

    Defaults follow what news sites tolerate from research crawlers: one request per second to a host,
    a handful in flight overall, the robots.txt Crawl-delay when it asks for more.
    """

    user_agent: str = user_agent(None)
    host_delay: float = 1.0  # seconds between two requests to the same host
    concurrency: int = 8  # requests in flight across all hosts
    timeout: float = 20.0  # seconds for a whole request (connect, headers, body)
    retries: int = 3  # further tries after a 429, a 5xx or a network error
    backoff: float = 2.0  # first wait before a retry; doubled each time
    max_wait: float = 300.0  # longest Retry-After honoured; a longer one fails the URL for this run
    max_crawl_delay: float = 60.0  # cap on a robots.txt Crawl-delay
    max_page_bytes: int = 5 * 1024 * 1024  # an article page larger than this is refused
    max_list_bytes: int = 50 * 1024 * 1024  # feeds and sitemaps (decompressed)
    max_redirects: int = 5
    allow_private: bool = False  # loopback and private addresses (tests, intranet mirrors)
    max_attempts: int = 3  # runs in which a URL that failed for a passing reason is tried again
