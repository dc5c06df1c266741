"""robots.txt, read once per site and run, with protego (Google's rules: wildcards, longest match wins).

RFC 9309 decides what a missing or broken file means: 4xx (none published) allows everything; a server
or network error means the site cannot tell us, so nothing on it is fetched in this run (and its URLs are
tried again in the next one).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

from regionlens.collect.urls import host_key

if TYPE_CHECKING:
    from regionlens.collect.fetch import Fetcher

MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB


@dataclass(frozen=True, slots=True)
class Refusal:
    reason: str  # Russian
    permanent: bool  # robots.txt forbids it (True), or robots.txt could not be read this time (False)


@dataclass(frozen=True, slots=True)
class _Rules:
    """The verdict for one site: a parsed file, allow-all (`parser` None, no `unreadable`), or unreadable."""

    parser: Protego | None
    unreadable: str | None = None


class RobotsCache:
    """robots.txt verdicts per origin (scheme, host, port) for one run."""

    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.agent = fetcher.policy.user_agent.split("/", 1)[0]  # the product token: "regionlens"
        self._rules: dict[str, asyncio.Task[_Rules]] = {}

    async def refusal(self, url: str) -> Refusal | None:
        """Why `url` must not be requested, or None when robots.txt allows it."""
        parts = urlsplit(url)
        if parts.path == "/robots.txt":
            return None
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        task = self._rules.get(origin)
        if task is None:  # one read per site even when many of its URLs ask at once
            task = self._rules[origin] = asyncio.ensure_future(self._load(origin))
        rules = await task
        if rules.unreadable is not None:
            return Refusal(f"robots.txt сайта не прочитан ({rules.unreadable}); сайт не читается до следующего запуска",
                           permanent=False)
        if rules.parser is not None and not rules.parser.can_fetch(url, self.agent):
            return Refusal(f"robots.txt сайта запрещает читать {url}", permanent=True)
        return None

    async def _load(self, origin: str) -> _Rules:
        fetched = await self.fetcher.get(f"{origin}/robots.txt", max_bytes=MAX_ROBOTS_BYTES, obey_robots=False)
        if fetched.ok and fetched.status == 200:
            parser = Protego.parse((fetched.body or b"").decode("utf-8", errors="replace"))
            delay = parser.crawl_delay(self.agent)
            if delay:
                self.fetcher.limiter.set_delay(host_key(origin), min(float(delay), self.fetcher.policy.max_crawl_delay))
            return _Rules(parser)
        if fetched.status is not None and 400 <= fetched.status < 500 and fetched.status != 429:
            return _Rules(None)
        return _Rules(None, unreadable=fetched.error or f"HTTP {fetched.status}")
