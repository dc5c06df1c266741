"""Request bodies bounded before they are read, per route, ahead of sessions, CSRF and authentication.

An announced Content-Length over the route's limit is answered 413 without reading a byte; a body sent
without a length (chunked) is counted as it streams in and cut off with a 413 as soon as it passes the
limit. FastAPI reads a body before it resolves the dependencies that authenticate, so without this an
anonymous client could make the server read (and hold) hundreds of megabytes before its 401.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

KB = 1024
DEFAULT_LIMIT = 1024 * KB
# (method, path pattern, limit): the first match wins. Coding values and source records are small; a job
# lists at most a few dozen coders and variables; page forms are short.
LIMITS: list[tuple[str, re.Pattern[str], int]] = [
    ("PUT", re.compile(r"^/api/v1/jobs/[^/]+/units/[^/]+$"), 64 * KB),
    ("POST", re.compile(r"^/api/v1/jobs$"), 1024 * KB),
    ("*", re.compile(r"^/api/v1/sources(/[^/]+)?$"), 64 * KB),
    ("POST", re.compile(r"^/(login|logout|lang)$"), 16 * KB),
    ("POST", re.compile(r"^/(?!api/)"), 256 * KB),
]
MESSAGE = "Тело запроса слишком большое: не больше {limit} КБ для этого адреса."

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def limit_for(method: str, path: str) -> int:
    for wanted, pattern, limit in LIMITS:
        if wanted in ("*", method) and pattern.match(path):
            return limit
    return DEFAULT_LIMIT


class BodyLimit:
    """ASGI middleware enforcing `limit_for` on every HTTP request."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(str(scope.get("method", "GET")), str(scope.get("path", "")))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit)
            return
        received = 0
        refused = False

        async def counted() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Answer 413 now and tell the app the client left: it stops reading, and whatever it
                    # then tries to send is dropped below.
                    refused = True
                    await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted, guarded_send)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": MESSAGE.format(limit=limit // KB)}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), (b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": body})


__all__ = ["DEFAULT_LIMIT", "LIMITS", "BodyLimit", "limit_for"]
