"""Polite HTTP: every request of a run goes through one `Fetcher`.

It decides, in one place, what may be asked and how: http(s) only and no intranet addresses; robots.txt
(robots.py); one request per `host_delay` to a host (longer when robots.txt or a 429 asks); at most
`concurrency` requests in flight; a whole-request timeout; retries with doubling waits for 429, 5xx and
network errors (Retry-After honoured); a byte limit while the body streams in; redirects followed hop by
hop so every hop passes the same checks.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from regionlens.collect.policy import Politeness
from regionlens.collect.urls import address_problem, host_key, private_ip
from regionlens.messages.numbers import fmt_count

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Fetched:
    """What asking for one URL gave: a body, or the reason there is none."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int | None = None  # last HTTP status (None: no answer)
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str | None = None  # Russian reason when there is no usable body
    permanent: bool = False  # trying again later cannot help (404, too large, forbidden address)
    disallowed: bool = False  # robots.txt forbids it; never requested
    requests: int = 0  # HTTP requests made for it

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class HostLimiter:
    """Spaces requests to one host: each takes the next free slot, `delay` after the previous one (`wait`),
    and, because a request may then still queue for a global slot, is sent no sooner than `delay` after the
    previous request to the host actually went out (`spaced`)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._sent: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A longer spacing for one host (robots.txt Crawl-delay)."""
        self._delays[host] = max(self.delay, delay)

    def defer(self, host: str, seconds: float) -> None:
        """No request to this host for `seconds` (a 429's Retry-After holds for every URL of the host)."""
        self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)

    async def wait(self, host: str) -> None:
        now = time.monotonic()
        slot = max(now, self._next.get(host, 0.0))
        self._next[host] = slot + self._delays.get(host, self.delay)
        if slot > now:
            await asyncio.sleep(slot - now)

    async def spaced(self, host: str) -> None:
        """Just before sending: hold back until `delay` has passed since the host's previous request went out
        and its answer came back (`answered`), so the host itself sees the spacing, whatever the latency."""
        delay = self._delays.get(host, self.delay)
        if delay <= 0:
            return
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            while (gap := self._sent.get(host, float("-inf")) + delay - time.monotonic()) > 0:
                await asyncio.sleep(gap)  # an answer arriving meanwhile moves the mark: look again
            self._sent[host] = time.monotonic()

    def answered(self, host: str) -> None:
        self._sent[host] = max(self._sent.get(host, float("-inf")), time.monotonic())


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Fetcher:
    """One run's HTTP client with its politeness state; use as `async with Fetcher(policy) as f`."""

    def __init__(self, policy: Politeness, transport: httpx.AsyncBaseTransport | None = None) -> None:
        from regionlens.collect.robots import RobotsCache

        self.policy = policy
        self.limiter = HostLimiter(policy.host_delay)
        self.slots = asyncio.Semaphore(policy.concurrency)
        self.client = httpx.AsyncClient(
            headers={"User-Agent": policy.user_agent, "Accept-Language": "ru, be;q=0.9, en;q=0.5",
                     "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
            timeout=httpx.Timeout(policy.timeout), follow_redirects=False, transport=transport,
            trust_env=False,  # direct connections only: through a proxy the address checks would check the proxy
            limits=httpx.Limits(max_connections=max(policy.concurrency, 1) * 2, max_keepalive_connections=32),
        )
        self.robots = RobotsCache(self)
        self.requests = 0

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    async def get(self, url: str, *, max_bytes: int | None = None, headers: Mapping[str, str] | None = None,
                  obey_robots: bool = True) -> Fetched:
        """The body of `url`, following redirects; every hop is checked for address and robots.txt."""
        limit = max_bytes or self.policy.max_page_bytes
        current = url
        total = 0
        for _hop in range(self.policy.max_redirects + 1):
            problem = await address_problem(current, self.policy.allow_private)
            if problem:
                return Fetched(url, current, error=problem, permanent=True, requests=total)
            refusal = await self.robots.refusal(current) if obey_robots else None
            if refusal is not None:
                return Fetched(url, current, error=refusal.reason, permanent=refusal.permanent,
                               disallowed=refusal.permanent, requests=total)
            result = await self._with_retries(url, current, limit, headers or {})
            total += result.requests
            result.requests = total
            if result.status not in REDIRECT_STATUSES:
                return result
            location = result.headers.get("location", "").strip()
            if not location:
                result.error, result.permanent = f"перенаправление (HTTP {result.status}) без адреса", True
                return result
            current = urljoin(current, location)
        return Fetched(url, current, error=f"больше {self.policy.max_redirects} перенаправлений", permanent=True,
                       requests=total)

    async def _with_retries(self, url: str, current: str, limit: int, headers: Mapping[str, str]) -> Fetched:
        host = host_key(current)
        made = 0
        for attempt in range(self.policy.retries + 1):
            await self.limiter.wait(host)
            async with self.slots:
                await self.limiter.spaced(host)
                result = await self._once(url, current, limit, headers)
                self.limiter.answered(host)
            made += 1
            result.requests = made
            transient = result.status in RETRY_STATUSES or (result.status is None and not result.permanent)
            if not transient:
                return result
            wait = retry_after(result.headers.get("retry-after")) if result.status in (429, 503) else None
            if wait is None:
                wait = self.policy.backoff * (2 ** attempt)
            if wait > self.policy.max_wait:
                result.error = (f"{result.error}; сервер просит подождать {wait:.0f} с — "
                                f"больше предела {self.policy.max_wait:.0f} с, адрес будет прочитан в следующий раз")
                return result
            if attempt == self.policy.retries:
                return result
            self.limiter.defer(host, wait)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    async def _once(self, url: str, current: str, limit: int, headers: Mapping[str, str]) -> Fetched:
        """One request; never raises for what the network or the server does."""
        self.requests += 1
        try:
            async with asyncio.timeout(self.policy.timeout):
                async with self.client.stream("GET", current, headers=dict(headers)) as response:
                    status, head = response.status_code, {k.lower(): v for k, v in response.headers.items()}
                    peer = _peer_problem(response, self.policy.allow_private)
                    if peer:
                        return Fetched(url, current, status, error=peer, permanent=True)
                    if status >= 300 or status == 204:
                        return Fetched(url, current, status, headers=head, error=_status_reason(status),
                                       permanent=status not in RETRY_STATUSES and status not in REDIRECT_STATUSES)
                    declared = head.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        return Fetched(url, current, status, headers=head, permanent=True,
                                       error=_too_large(int(declared), limit))
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in response.aiter_bytes():  # decompressed: the limit holds for gzip bombs
                        size += len(chunk)
                        if size > limit:
                            return Fetched(url, current, status, headers=head, permanent=True,
                                           error=_too_large(size, limit))
                        chunks.append(chunk)
                    return Fetched(url, str(response.url), status, b"".join(chunks), head)
        except TimeoutError:
            return Fetched(url, current, error=f"нет ответа за {self.policy.timeout:g} с")
        except httpx.TimeoutException:
            return Fetched(url, current, error=f"нет ответа за {self.policy.timeout:g} с")
        except httpx.HTTPError as exc:
            return Fetched(url, current, error=f"ошибка сети: {exc.__class__.__name__}: {exc}")


def _peer_problem(response: httpx.Response, allow_private: bool) -> str | None:
    """The address the connection actually reached, checked again (Russian reason, or None).

    `address_problem` checks the name before the request, but the client resolves it once more to connect;
    a DNS answer that changed in between (DNS rebinding) would reach the intranet. The request has then
    been sent, but its answer is dropped here, so nothing from inside ever reaches the store."""
    if allow_private:
        return None
    stream = response.extensions.get("network_stream")
    addr = stream.get_extra_info("server_addr") if stream is not None else None
    if not addr:
        return None
    try:
        ip = ipaddress.ip_address(str(addr[0]).split("%", 1)[0])
    except ValueError:
        return None
    if private_ip(ip):
        return f"соединение пришло во внутреннюю сеть ({ip}); ответ отброшен"
    return None


def _too_large(size: int, limit: int) -> str:
    return f"ответ больше предела: {fmt_count(size)} байт при пределе {fmt_count(limit)}"


def _status_reason(status: int) -> str | None:
    if status == 304:
        return None
    if status in REDIRECT_STATUSES:
        return None
    if status == 429:
        return "сервер ответил 429: слишком много запросов"
    if status == 404 or status == 410:
        return f"страница не найдена (HTTP {status})"
    if status >= 500:
        return f"ошибка сервера (HTTP {status})"
    return f"сервер ответил HTTP {status}"
