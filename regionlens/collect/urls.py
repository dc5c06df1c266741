"""Article URLs: one spelling per article, a key for the store, and whether we may ask the address at all."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a reader came from: the same article with and without them is one URL.
TRACKING_PREFIX = "utm_"
TRACKING_NAMES = frozenset({"yclid", "gclid", "fbclid", "_openstat", "from", "ref", "rss"})


def normalise_url(url: str) -> str:
    """The URL with scheme and host lower-cased, default port, fragment and tracking parameters removed.

    A feed and a sitemap often spell the same article differently (`?utm_source=rss`, `#comments`,
    `HTTPS://Site.ru`); without this the article would be fetched and offered to the store twice.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not (k.lower().startswith(TRACKING_PREFIX) or k.lower() in TRACKING_NAMES)])
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def host_key(url: str) -> str:
    """The unit of per-host politeness: host name and port."""
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


def url_key(url: str) -> str:
    """The store's key of a URL (a hash: PostgreSQL indexes refuse keys of a few kilobytes)."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def scheme_problem(url: str) -> str | None:
    """Why a URL cannot be fetched by its form alone (Russian), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"адрес {url}: разрешены только http и https"
    if not parts.hostname:
        return f"адрес {url}: нет имени сервера"
    return None


def private_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local, multicast, reserved or unspecified (IPv4-mapped IPv6 included)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified)


async def address_problem(url: str, allow_private: bool) -> str | None:
    """Why a URL must not be fetched (Russian), or None: not http(s), no host, or a host that resolves to a
    loopback, private, link-local or reserved address (a feed must not make the collector probe the
    intranet it runs in) unless `allow_private`."""
    problem = scheme_problem(url)
    if problem or allow_private:
        return problem
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
        except OSError as exc:
            return f"адрес {url}: имя сервера не найдено ({exc.strerror or exc})"
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    for ip in addresses:
        if private_ip(ip):
            return f"адрес {url}: сервер во внутренней сети ({ip}); такие адреса разрешает только --allow-private"
    return None
