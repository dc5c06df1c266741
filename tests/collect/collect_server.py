"""A loopback HTTP server for the collection tests: fixed routes, scripted answers, and a log of every request.

Routes map a path (with query) to a list of answers; each request takes the next answer and the last one
repeats, so "429 then 200" or "always 500" are one line. Every request is logged with its time and headers,
which is how the tests prove what was (and was not) asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (timeouts)
    etag: str | None = None  # answer 304 when the request's If-None-Match equals it
    gate: threading.Event | None = None  # hold the answer until the test opens the gate (at most 60 s)


@dataclass
class Logged:
    path: str
    at: float
    headers: dict[str, str]
    status: int


class Site:
    """Routes and the request log, shared with the handler threads."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Answer]] = {}
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        self.base = ""

    def route(self, path: str, *answers: Answer) -> None:
        self.routes[path] = list(answers)

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kw: object) -> None:
        """One fixed answer; `kw` are Answer's delay, etag and gate."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.route(path, Answer(200, data, {"Content-Type": content_type}, **kw))  # type: ignore[arg-type]

    def requests_for(self, path: str) -> list[Logged]:
        with self.lock:
            return [r for r in self.log if r.path == path]

    def url(self, path: str) -> str:
        return self.base + path

    def answer(self, path: str, headers: dict[str, str]) -> Answer:
        with self.lock:
            answers = self.routes.get(path)
            if not answers:
                return Answer(404, b"not found", {"Content-Type": "text/plain"})
            return answers.pop(0) if len(answers) > 1 else answers[0]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer = site.answer(self.path, headers)
            status, body = answer.status, answer.body
            if answer.etag is not None and headers.get("if-none-match") == answer.etag:
                status, body = 304, b""
            with site.lock:
                site.log.append(Logged(self.path, time.monotonic(), headers, status))
            if answer.gate is not None:
                answer.gate.wait(60)
            if answer.delay:
                time.sleep(answer.delay)
            try:
                self.send_response(status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                if answer.etag is not None:
                    self.send_header("ETag", answer.etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
            pass

    return Handler


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out reset the connection: expected here, not worth a traceback


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = _Quiet(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
