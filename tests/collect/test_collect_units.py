"""The collection's pieces on their own: URL spelling, address guard, Retry-After, host spacing, sitemaps,
feed encodings, canonical links and dates, robots.txt verdicts."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from collect_fixtures import article_page, paragraphs, rss, sitemap_index, urlset
from collect_server import Answer, Site, serve

from regionlens.collect.article import canonical_url, page_record
from regionlens.collect.feeds import feed_listing, with_header_charset
from regionlens.collect.fetch import Fetched, Fetcher, HostLimiter, retry_after
from regionlens.collect.listing import Listed
from regionlens.collect.policy import Politeness
from regionlens.collect.sitemaps import SitemapError, parse_sitemap
from regionlens.collect.urls import address_problem, normalise_url
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions


def test_one_spelling_per_article() -> None:
    assert normalise_url("HTTPS://News.Example.BY:443/a/1?utm_source=rss&id=5&from=main#comments") == \
        "https://news.example.by/a/1?id=5"
    assert normalise_url("http://example.ru") == "http://example.ru/"
    assert normalise_url("http://example.ru:8080/x?page=2") == "http://example.ru:8080/x?page=2"


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/latest",
                                 "http://192.168.0.1/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/"])
def test_intranet_addresses_are_refused(url: str) -> None:
    problem = asyncio.run(address_problem(url, allow_private=False))
    assert problem is not None and "внутренней сети" in problem
    assert asyncio.run(address_problem(url, allow_private=True)) is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.ru/feed.xml", "gopher://x/", "http:///nohost"])
def test_only_http_is_fetched(url: str) -> None:
    assert asyncio.run(address_problem(url, allow_private=True)) is not None


def test_retry_after_in_seconds_and_as_a_date() -> None:
    now = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert retry_after("120") == 120.0
    assert retry_after("Tue, 05 Mar 2024 10:00:30 GMT", now) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_host_limiter_spaces_one_host_and_not_others() -> None:
    async def run() -> tuple[list[float], list[float]]:
        limiter = HostLimiter(0.1)
        a: list[float] = []
        b: list[float] = []

        async def hit(host: str, out: list[float]) -> None:
            await limiter.wait(host)  # the reserved slot
            await limiter.spaced(host)  # and the spacing checked at send time (how Fetcher uses it)
            out.append(time.monotonic())

        await asyncio.gather(*(hit("a:", a) for _ in range(4)), *(hit("b:", b) for _ in range(2)))
        return a, b

    a, b = asyncio.run(run())
    assert min(y - x for x, y in zip(a, a[1:], strict=False)) >= 0.1
    assert max(a) - min(a) >= 0.29 and b[0] - min(a) < 0.05  # another host does not wait for the first


def test_news_sitemap_and_index() -> None:
    news = urlset([("https://ex.by/n/1?utm_medium=x", "2024-03-05T10:00:00+03:00"), ("https://ex.by/n/2", None),
                   ("javascript:alert(1)", None)], news=True)
    parsed = parse_sitemap(gzip.compress(news.encode()), 10_000_000)
    assert [a.url for a in parsed.articles] == ["https://ex.by/n/1", "https://ex.by/n/2"] and parsed.skipped == 1
    first = parsed.articles[0]
    assert first.title == "Заголовок из новостной карты"
    assert first.published_at == datetime(2024, 3, 5, 7, 0, tzinfo=UTC) and parsed.articles[1].lastmod is None
    index = parse_sitemap(sitemap_index([("https://ex.by/s1.xml", "2024-01-01"), ("https://ex.by/s2.xml", "2019-01-01")]).encode(),
                          10_000_000)
    assert [c for c, _ in index.children] == ["https://ex.by/s1.xml", "https://ex.by/s2.xml"] and not index.articles


def test_sitemap_damage_and_bombs() -> None:
    truncated = urlset([("https://ex.by/n/1", None), ("https://ex.by/n/2", None)])[:-30]
    assert [a.url for a in parse_sitemap(truncated.encode(), 10_000_000).articles][:1] == ["https://ex.by/n/1"]
    with pytest.raises(SitemapError, match="не карта сайта"):
        parse_sitemap(b"<html><body>404</body></html>", 10_000_000)
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(SitemapError, match="после распаковки"):
        parse_sitemap(bomb, 1_000_000)
    entity = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<urlset><url><loc>https://ex.by/&x;</loc></url></urlset>')
    assert all("root:" not in a.url for a in parse_sitemap(entity, 10_000_000).articles)


def test_feed_charset_from_the_http_header() -> None:
    feed = rss([("Новость", "https://ex.by/1", "Описание", "Tue, 05 Mar 2024 10:00:00 +0300")], encoding_decl=None)
    raw = feed.encode("cp1251")
    items = list(feed_listing(raw, "application/rss+xml; charset=windows-1251", "feed", ReadOptions()))
    assert isinstance(items[0], Listed) and items[0].feed_doc is not None and items[0].feed_doc.title == "Новость"
    declared = rss([("Новость", "https://ex.by/1", "Описание", "Tue, 05 Mar 2024 10:00:00 +0300")],
                   encoding_decl="windows-1251").encode("cp1251")
    assert with_header_charset(declared, "text/xml; charset=utf-8") == declared  # the XML declaration wins
    assert with_header_charset(raw, "text/xml; charset=no-such-charset") == raw


def test_feed_without_links_is_reported() -> None:
    feed = rss([("Без ссылки", "mailto:x@example.org", "Описание", "Tue, 05 Mar 2024 10:00:00 +0300")])
    items = list(feed_listing(feed.encode(), "application/rss+xml", "feed", ReadOptions()))
    assert isinstance(items[0], BadRecord) and "адреса статьи" in items[0].reason


def test_canonical_link_only_within_the_site() -> None:
    page = article_page("T", ["x"], canonical="/news/1?utm_source=a").encode()
    assert canonical_url(page, "https://www.ex.by/n?id=1") == "https://www.ex.by/news/1"
    foreign = article_page("T", ["x"], canonical="https://agency.example/original/1").encode()
    assert canonical_url(foreign, "https://ex.by/reprint/9") == "https://ex.by/reprint/9"


def _fetched(body: str, content_type: str = "text/html; charset=utf-8") -> Fetched:
    return Fetched("https://ex.by/n/1", "https://ex.by/n/1", 200, body.encode(), {"content-type": content_type})


def test_page_record_takes_the_page_and_keeps_feed_fields() -> None:
    feed_doc = RawDocument(text="Короткое описание.", title="Заголовок ленты", url="https://ex.by/n/1",
                           published_at=datetime(2024, 3, 5, 7, 30, tzinfo=UTC), meta={"tags": ["регионы"]})
    listed = Listed(url="https://ex.by/n/1", channels={"feed"}, feed_doc=feed_doc, published_at=feed_doc.published_at)
    record = page_record(listed, _fetched(article_page("Заголовок страницы", paragraphs("Тест"), date="2024-03-05")),
                         "Газета", ReadOptions())
    assert isinstance(record, RawDocument)
    assert record.title == "Заголовок страницы" and record.source == "Газета" and record.meta["tags"] == ["регионы"]
    assert record.published_at == datetime(2024, 3, 5, 7, 30, tzinfo=UTC)  # the page's bare day, the feed's time
    timed = page_record(listed, _fetched(article_page("Заголовок страницы", paragraphs("Тест"))), "Газета", ReadOptions())
    assert isinstance(timed, RawDocument)  # a page stamped with its own time keeps it
    assert timed.published_at == datetime(2024, 3, 5, 7, 0, tzinfo=UTC)
    other_day = Listed(url="https://ex.by/n/1", channels={"sitemap"},
                       published_at=datetime(2024, 4, 1, 7, 30, tzinfo=UTC))
    record = page_record(other_day, _fetched(article_page("Т", paragraphs("Тест"), date="2024-03-05")), "Газета",
                         ReadOptions())
    assert isinstance(record, RawDocument) and record.published_at == datetime(2024, 3, 4, 21, 0, tzinfo=UTC)
    pdf = page_record(listed, _fetched("%PDF-1.4", "application/pdf"), "Газета", ReadOptions())
    assert isinstance(pdf, BadRecord) and "не HTML" in pdf.reason


def test_robots_rules_and_unreadable_robots() -> None:
    policy = Politeness(host_delay=0.0, timeout=1.0, retries=0, allow_private=True)
    with serve(Site()) as site:
        site.page("/robots.txt", "User-agent: regionlens\nDisallow: /*?print=\nCrawl-delay: 0.2\n\n"
                                 "User-agent: *\nDisallow: /\n", "text/plain")
        site.page("/a", "<html><body><p>x</p></body></html>")
        site.page("/a?print=1", "<html><body><p>x</p></body></html>")

        async def run() -> tuple[Fetched, Fetched, Fetched, float]:
            async with Fetcher(policy) as fetcher:
                allowed = await fetcher.get(site.url("/a"))
                forbidden = await fetcher.get(site.url("/a?print=1"))
                again = await fetcher.get(site.url("/a"))
                return allowed, forbidden, again, fetcher.limiter._delays.get(f"127.0.0.1:{site.base.rsplit(':', 1)[1]}", 0.0)

        allowed, forbidden, again, delay = asyncio.run(run())
        assert allowed.ok and again.ok and forbidden.disallowed and site.requests_for("/a?print=1") == []
        assert len(site.requests_for("/robots.txt")) == 1 and delay == pytest.approx(0.2)
        gaps = [r.at for r in site.log]
        assert gaps[-1] - gaps[-2] >= 0.19  # the Crawl-delay spaced the last two requests
    with serve(Site()) as broken:
        broken.route("/robots.txt", Answer(503, b"down"))
        broken.page("/a", "<html><body><p>x</p></body></html>")

        async def run_broken() -> Fetched:
            async with Fetcher(policy) as fetcher:
                return await fetcher.get(broken.url("/a"))

        refused = asyncio.run(run_broken())
        assert not refused.ok and not refused.permanent and "robots.txt сайта не прочитан" in str(refused.error)
        assert broken.requests_for("/a") == []


def test_redirect_into_the_intranet_is_not_followed() -> None:
    """A public page redirecting to a loopback address: the hop is refused before any request is made to it.
    (httpx's mock transport stands in for the public site; a public IP literal needs no DNS.)"""
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:8080/admin"})

    async def run() -> Fetched:
        async with Fetcher(Politeness(host_delay=0.0, retries=0), transport=httpx.MockTransport(answer)) as fetcher:
            return await fetcher.get("http://93.184.216.34/go")

    hop = asyncio.run(run())
    assert hop.permanent and "внутренней сети" in str(hop.error) and hop.final_url == "http://127.0.0.1:8080/admin"
    assert asked == ["http://93.184.216.34/robots.txt", "http://93.184.216.34/go"]


def test_stale_after_days_without_news() -> None:
    from regionlens.collect.state import stale_reason

    now = datetime(2024, 3, 10, tzinfo=UTC)
    base = {"runs": 5, "last_error": None, "last_ok_at": now, "last_new_at": now - timedelta(days=1),
            "first_run_at": now - timedelta(days=30)}
    assert stale_reason(base, now) is None
    assert "2024-03-01" in str(stale_reason({**base, "last_new_at": now - timedelta(days=9)}, now))
    assert "первого запуска" in str(stale_reason({**base, "last_new_at": None}, now))
    assert stale_reason({**base, "runs": 0}, now) is None


def test_size_limit_holds_without_content_length_and_after_decompression() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/chunked":
            async def pieces() -> AsyncIterator[bytes]:
                for _ in range(10):
                    yield b"x" * 40_000

            return httpx.Response(200, content=pieces(), headers={"Content-Type": "text/html"})
        bomb = gzip.compress(b"<html>" + b" " * 2_000_000 + b"</html>")
        return httpx.Response(200, content=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})

    async def run() -> tuple[Fetched, Fetched]:
        policy = Politeness(host_delay=0.0, retries=0, max_page_bytes=100_000)
        async with Fetcher(policy, transport=httpx.MockTransport(answer)) as fetcher:
            return await fetcher.get("http://93.184.216.34/chunked"), await fetcher.get("http://93.184.216.34/bomb")

    chunked, bomb = asyncio.run(run())
    for result in (chunked, bomb):
        assert result.permanent and result.body is None and "больше предела" in str(result.error)


def test_requests_to_a_host_stay_spaced_when_global_slots_are_scarce() -> None:
    """Two hosts, one global slot: a request that waited for the slot must still keep its distance from the
    previous request to its own host."""
    sent: list[tuple[str, float]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append((request.url.host, time.monotonic()))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=b"<html></html>", headers={"Content-Type": "text/html"})

    async def run() -> None:
        async with Fetcher(Politeness(host_delay=0.1, concurrency=1, retries=0),
                           transport=httpx.MockTransport(answer)) as fetcher:
            urls = [f"http://93.184.216.{h}/p{i}" for i in range(4) for h in (34, 35)]
            await asyncio.gather(*(fetcher.get(u) for u in urls))

    asyncio.run(run())
    for host in ("93.184.216.34", "93.184.216.35"):
        times = [t for h, t in sent if h == host]
        assert len(times) == 5 and min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.099


def test_an_answer_from_the_intranet_is_dropped_even_if_the_name_check_was_fooled(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the name looked public when checked, the connection reached loopback. Simulated by
    letting the name check pass; the peer check on the real connection must still drop the answer."""
    import regionlens.collect.fetch as fetch_module

    async def fooled(url: str, allow_private: bool) -> None:
        return None

    monkeypatch.setattr(fetch_module, "address_problem", fooled)
    with serve(Site()) as site:
        site.page("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        site.page("/secret", "<html><body><p>внутренний документ</p></body></html>")

        async def run() -> tuple[Fetched, Fetched]:
            async with Fetcher(Politeness(host_delay=0.0, retries=0, allow_private=False)) as fetcher:
                return await fetcher.get(site.url("/secret")), await fetcher.get(site.url("/secret"), obey_robots=False)

        through_robots, direct = asyncio.run(run())
        # robots.txt's own answer came from loopback and was dropped: the site is not read at all
        assert through_robots.body is None and "внутреннюю сеть" in str(through_robots.error)
        assert len(site.requests_for("/secret")) == 1  # only the direct request below reached the server
    assert direct.body is None and direct.permanent and "внутреннюю сеть" in str(direct.error)
