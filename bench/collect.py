"""`make bench` collect stage: `regionlens collect` against a loopback site with politeness off.

A separate server process serves a sitemap index over N article pages (plus an RSS feed listing the newest 50,
which the run must not fetch twice); each page is generated from its number, so the server holds nothing.
Each size runs in its own process on a fresh project, so its peak resident memory (ru_maxrss) is the
collector's own: the 1,000- and 10,000-URL runs together show whether memory grows with the URL count.
Politeness off means no per-host delay and 16 requests in flight; robots.txt is still read and obeyed.

    python -m bench.collect            # both sizes, prints one JSON line
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PER_SITEMAP = 5000
FEED_ITEMS = 50

_WORDS = ("делегация Смоленской области обсудила с коллегами из Витебска поставки техники, совместные ярмарки, "
          "туристические маршруты и обмен студентами; стороны договорились о дорожной карте до конца года").split()


def page(i: int) -> bytes:
    """An article page of ~4 KB of invented text, different for every number (no two are reprints)."""
    paragraphs = []
    for p in range(6):
        words = [_WORDS[(i * 7 + p * 3 + k) % len(_WORDS)] for k in range(40)]
        paragraphs.append(f"<p>Материал {i}, абзац {p}: " + " ".join(words) + f". Номер публикации {i * 13 + p}.</p>")
    return ("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
            f"<title>Новость {i}</title><meta property=\"article:published_time\" content=\"2024-03-05T10:00:00+03:00\">"
            "</head><body><nav><a href=\"/\">Главная</a></nav>"
            f"<article><h1>Новость номер {i}</h1>{''.join(paragraphs)}</article><footer>Редакция</footer></body></html>"
            ).encode()


def _sitemap_index(n: int) -> bytes:
    rows = "".join(f"<sitemap><loc>/s{j}.xml</loc></sitemap>" for j in range((n + PER_SITEMAP - 1) // PER_SITEMAP))
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'.encode()


def _sitemap(n: int, j: int, base: str) -> bytes:
    rows = "".join(f"<url><loc>{base}/news/{i}</loc><lastmod>2024-03-05</lastmod></url>"
                   for i in range(j * PER_SITEMAP, min(n, (j + 1) * PER_SITEMAP)))
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


def _feed(n: int, base: str) -> bytes:
    items = "".join(f"<item><title>Новость {i}</title><link>{base}/news/{i}?utm_source=rss</link>"
                    f"<description>Кратко о новости {i}.</description></item>" for i in range(max(0, n - FEED_ITEMS), n))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>{items}</channel></rss>'.encode()


def serve(n: int) -> None:
    """Server process: prints its port, then serves until killed."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            path = self.path
            kind = "application/xml"
            if path == "/robots.txt":
                body, kind = b"User-agent: *\nDisallow: /admin/\n", "text/plain"
            elif path == "/sitemap.xml":
                body = _sitemap_index(n).replace(b"<loc>/", f"<loc>{base}/".encode())
            elif path.startswith("/s") and path.endswith(".xml"):
                body = _sitemap(n, int(path[2:-4]), base)
            elif path == "/rss.xml":
                body, kind = _feed(n, base), "application/rss+xml"
            elif path.startswith("/news/") and path[6:].isdigit() and int(path[6:]) < n:
                body, kind = page(int(path[6:])), "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def run(n: int, port: int, work: Path) -> dict[str, Any]:
    """One collection of n URLs into a fresh project (in this process, for its own ru_maxrss)."""
    from sqlalchemy import func, select

    from regionlens.collect.policy import Politeness
    from regionlens.collect.run import CollectOptions, collect
    from regionlens.sources.registry import import_sources
    from regionlens.sources.validate import validate_record
    from regionlens.store.project import init_project
    from regionlens.store.schema import documents

    project = init_project(work / f"collect-{n}")
    base = f"http://127.0.0.1:{port}"
    record, errors = validate_record({"name": "Стенд", "country": "RU", "level": "regional", "feed_url": f"{base}/rss.xml",
                                      "sitemap_url": f"{base}/sitemap.xml"}, "bench")
    assert record is not None, errors
    import_sources(project.engine, [record])
    policy = Politeness(host_delay=0.0, concurrency=16, timeout=30.0, allow_private=True)
    t0 = time.perf_counter()
    report = collect(project, CollectOptions(policy=policy))
    seconds = time.perf_counter() - t0
    again = collect(project, CollectOptions(policy=policy, force=True))
    with project.engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(documents)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(documents.c.url))).select_from(documents)).scalar_one()
    source = report.sources[0]
    return {"urls": n, "seconds": round(seconds, 1), "pages_per_s": round(source.fetched / seconds, 1),
            "fetched": source.fetched, "stored": int(stored), "distinct_urls": int(distinct), "requests": report.requests,
            "second_run_added": sum(s.added for s in again.sources), "failed": source.failed + source.refused,
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def bench_collect(work: Path, sizes: tuple[int, ...] = (1000, 10_000)) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in sizes:
        server = subprocess.Popen([sys.executable, "-m", "bench.collect", "serve", str(n)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            with tempfile.TemporaryDirectory(dir=work) as tmp:
                out = subprocess.run([sys.executable, "-m", "bench.collect", "run", str(n), str(port), tmp], cwd=ROOT,
                                     capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        finally:
            server.kill()
            server.wait()
    return {"runs": runs}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "run":
        print(json.dumps(run(int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])), ensure_ascii=False))
    else:
        print(json.dumps(bench_collect(Path(tempfile.mkdtemp(prefix="regionlens-collect-"))), ensure_ascii=False))


if __name__ == "__main__":
    main()
