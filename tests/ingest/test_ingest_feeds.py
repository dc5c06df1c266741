"""RSS 2.0 and Atom feeds, from files and from an http URL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from regionlens.ingest import BadRecord, RawDocument, iter_path

RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0"><channel>
<title>Новости Приграничья</title><link>https://news.example/</link><language>ru-RU</language>
<item>
  <title>Таможенный пост модернизируют</title>
  <link>https://news.example/1</link>
  <guid>news-1</guid>
  <pubDate>Mon, 15 Mar 2021 09:00:00 +0300</pubDate>
  <author>редакция</author>
  <category>Экономика</category>
  <description>&lt;p&gt;На посту &lt;b&gt;Красная Горка&lt;/b&gt; установят новые сканеры.&lt;/p&gt;&lt;p&gt;Очереди обещают сократить.&lt;/p&gt;</description>
</item>
<item>
  <title>Только заголовок</title>
  <link>https://news.example/2</link>
  <pubDate>Tue, 16 Mar 2021 10:30:00 GMT</pubDate>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="be">
  <title>Віцебскія навіны</title>
  <id>urn:vitebsk-news</id>
  <updated>2021-03-20T12:00:00Z</updated>
  <entry>
    <title>Фестываль у Віцебску</title>
    <id>urn:entry:7</id>
    <link href="https://vitebsk.example/fest"/>
    <published>2021-03-19T18:15:00+03:00</published>
    <updated>2021-03-20T12:00:00Z</updated>
    <summary>Кароткі анонс</summary>
    <content type="html">&lt;p&gt;Госці з Смаленска прыедуць на фестываль.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;музыка&lt;/li&gt;&lt;li&gt;кірмаш&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
</feed>"""


def test_rss_file(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_bytes(RSS.encode("cp1251"))
    records = list(iter_path(path))
    assert all(isinstance(r, RawDocument) for r in records)
    first, second = records
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.title == "Таможенный пост модернизируют"
    assert first.text == "На посту Красная Горка установят новые сканеры.\n\nОчереди обещают сократить."
    assert first.published_at == datetime(2021, 3, 15, 6, 0, tzinfo=UTC)
    assert (first.url, first.source, first.language, first.ext_id) == ("https://news.example/1", "Новости Приграничья", "ru", "news-1")
    assert first.meta == {"author": "редакция", "tags": ["Экономика"]}
    assert first.origin == "news.rss:1"
    assert second.text == "Только заголовок" and second.meta == {"text_is_title": True}
    assert second.published_at == datetime(2021, 3, 16, 10, 30, tzinfo=UTC)


def test_atom_file_prefers_full_content(tmp_path: Path) -> None:
    path = tmp_path / "vitebsk.atom"
    path.write_text(ATOM, encoding="utf-8")
    (doc,) = list(iter_path(path))
    assert isinstance(doc, RawDocument)
    assert doc.text == "Госці з Смаленска прыедуць на фестываль.\n\nмузыка\n\nкірмаш"
    assert doc.published_at == datetime(2021, 3, 19, 15, 15, tzinfo=UTC)
    assert (doc.title, doc.source, doc.language, doc.url, doc.ext_id) == (
        "Фестываль у Віцебску", "Віцебскія навіны", "be", "https://vitebsk.example/fest", "urn:entry:7",
    )


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "config.xml"
    path.write_text("<settings><a>1</a></settings>", encoding="utf-8")
    (bad,) = list(iter_path(path))
    assert isinstance(bad, BadRecord) and bad.origin == "config.xml"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "feed.xml").write_text(ATOM, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_feed_url(served: str) -> None:
    (doc,) = list(iter_path(f"{served}/feed.xml"))
    assert isinstance(doc, RawDocument) and doc.title == "Фестываль у Віцебску"
    assert doc.origin == f"{served}/feed.xml:1"
    (bad,) = list(iter_path(f"{served}/missing.xml"))
    assert isinstance(bad, BadRecord) and bad.reason.startswith("не удалось загрузить ленту")
