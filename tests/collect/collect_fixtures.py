"""Invented outlets for the collection tests: feeds (UTF-8, cp1251, broken), sitemaps and article pages.

Every text is written for these tests. Each page holds a sentence the feed's description does not
(PAGE_ONLY), which is how the tests tell a stored article from a stored teaser.
"""

from __future__ import annotations

import gzip

from collect_server import Answer, Site

PAGE_ONLY = "Этот абзац есть только на странице статьи и отсутствует в описании ленты"


def article_page(title: str, paragraphs: list[str], *, date: str = "2024-03-05T10:00:00+03:00",
                 author: str = "Анна Соколова", canonical: str | None = None, charset: str = "utf-8") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="ru"><head><meta charset="{charset}"><title>{title} | Газета</title>{link}'
            f'<meta name="author" content="{author}">'
            f'<meta property="article:published_time" content="{date}"></head>'
            f'<body><nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Все права защищены. Перепечатка только с разрешения редакции.</footer></body></html>")


def paragraphs(topic: str) -> list[str]:
    return [
        f"{topic}: делегации Смоленской и Витебской областей обсудили совместные проекты в сфере промышленности "
        "и сельского хозяйства на встрече в областном центре.",
        "Стороны договорились подготовить дорожную карту сотрудничества до конца года и определить ответственных "
        "за каждое направление работы.",
        f"{PAGE_ONLY}: участники также посетили предприятия машиностроения и обсудили поставки комплектующих.",
    ]


def rss(items: list[tuple[str, str, str, str]], *, encoding_decl: str | None = "utf-8", title: str = "Газета") -> str:
    """items: (title, link, description, pubDate)."""
    decl = f'<?xml version="1.0" encoding="{encoding_decl}"?>' if encoding_decl else '<?xml version="1.0"?>'
    entries = "".join(f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
                      f"<pubDate>{when}</pubDate><guid>{link}</guid></item>" for t, link, d, when in items)
    return f'{decl}<rss version="2.0"><channel><title>{title}</title><language>ru</language>{entries}</channel></rss>'


def urlset(entries: list[tuple[str, str | None]], *, news: bool = False) -> str:
    rows = []
    for loc, lastmod in entries:
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        extra = ("<news:news><news:publication><news:name>Газета</news:name><news:language>ru</news:language>"
                 f"</news:publication><news:publication_date>{lastmod}</news:publication_date>"
                 "<news:title>Заголовок из новостной карты</news:title></news:news>") if news and lastmod else ""
        rows.append(f"<url><loc>{loc}</loc>{mod}{extra}</url>")
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>'
            + "".join(rows) + "</urlset>")


def sitemap_index(children: list[tuple[str, str]]) -> str:
    rows = "".join(f"<sitemap><loc>{loc}</loc><lastmod>{mod}</lastmod></sitemap>" for loc, mod in children)
    return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</sitemapindex>'


DESC = "Краткое описание новости из ленты."


def build_site(site: Site, *, oversized_bytes: int = 300_000) -> dict[str, str]:
    """The whole fixture web; returns the URLs the tests talk about by name."""
    u = site.url
    site.page("/robots.txt", "User-agent: *\nDisallow: /a/private/\nDisallow: /*?print=\n", "text/plain")
    # Outlet A: UTF-8 feed with conditional requests, a sitemap index with a news sitemap and an old one.
    site.page("/a/news/1", article_page("Смоляне и витебляне договорились о сотрудничестве", paragraphs("Первая")))
    site.route("/a/news/2", Answer(301, b"", {"Location": "/a/news/2-final"}))
    site.page("/a/news/2-final", article_page("Перенаправленная статья", paragraphs("Вторая"),
                                              canonical=u("/a/news/2-final")))
    # /a/news/3 is missing (404): the feed's description is kept
    site.page("/a/private/5", article_page("Закрытая статья", paragraphs("Пятая")))
    site.page("/a/news/6", article_page("Статья только из карты сайта", paragraphs("Шестая")))
    site.page("/a/news/7", article_page("Старая статья", paragraphs("Седьмая")))
    site.route("/a/news/8", Answer(429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"}),
               Answer(200, article_page("Статья после паузы", paragraphs("Восьмая")).encode(),
                      {"Content-Type": "text/html; charset=utf-8"}))
    site.route("/a/news/9", Answer(500, b"error", {"Content-Type": "text/plain"}))
    site.page("/a/news/10", article_page("Медленная статья", paragraphs("Десятая")), delay=2.0)
    big = article_page("Огромная статья", paragraphs("Одиннадцатая") * (oversized_bytes // 300))
    site.page("/a/news/11", big)
    feed_a = rss([
        ("Смоляне и витебляне договорились", u("/a/news/1?utm_source=rss"), DESC, "Tue, 05 Mar 2024 10:00:00 +0300"),
        ("Вторая новость", u("/a/news/2"), DESC, "Tue, 05 Mar 2024 11:00:00 +0300"),
        ("Третья новость", u("/a/news/3"), "Описание третьей новости есть только в ленте.", "Tue, 05 Mar 2024 12:00:00 +0300"),
        ("Закрытая новость", u("/a/private/5"), DESC, "Tue, 05 Mar 2024 13:00:00 +0300"),
        ("Новость после паузы", u("/a/news/8"), DESC, "Tue, 05 Mar 2024 14:00:00 +0300"),
        ("Новость с ошибкой", u("/a/news/9"), DESC, "Tue, 05 Mar 2024 15:00:00 +0300"),
        ("Медленная новость", u("/a/news/10"), DESC, "Tue, 05 Mar 2024 16:00:00 +0300"),
        ("Огромная новость", u("/a/news/11"), DESC, "Tue, 05 Mar 2024 17:00:00 +0300"),
    ])
    site.route("/a/rss.xml", Answer(200, feed_a.encode("utf-8"), {"Content-Type": "application/rss+xml"}, etag='"a1"'))
    site.page("/a/sitemap_index.xml", sitemap_index([(u("/a/sitemap-news.xml.gz"), "2024-03-06"),
                                                     (u("/a/sitemap-2019.xml"), "2019-05-01")]), "application/xml")
    news = urlset([(u("/a/news/1"), "2024-03-05T10:00:00+03:00"), (u("/a/news/6#top"), "2024-03-06T09:00:00+03:00")],
                  news=True)
    site.page("/a/sitemap-news.xml.gz", gzip.compress(news.encode("utf-8")), "application/x-gzip")
    site.page("/a/sitemap-2019.xml", urlset([(u("/a/news/7"), "2019-05-01")]), "application/xml")
    # Outlet B: cp1251 feed whose encoding only the HTTP header names; cp1251 page.
    page_b = article_page("Новости Витебщины", paragraphs("Белорусская"), charset="windows-1251")
    site.page("/b/news/1", page_b.encode("cp1251"), "text/html; charset=windows-1251")
    feed_b = rss([("Новости Витебщины", u("/b/news/1"), "Витебская область: короткое описание.",
                   "Wed, 06 Mar 2024 09:00:00 +0300")], encoding_decl=None, title="Витебские вести")
    site.page("/b/rss.xml", feed_b.encode("cp1251"), "application/rss+xml; charset=windows-1251")
    # Outlet C: a feed whose XML is broken mid-way (unclosed tags) but whose entries can be read.
    site.page("/c/news/1", article_page("Статья из сломанной ленты", paragraphs("Сломанная")))
    broken = rss([("Статья из сломанной ленты", u("/c/news/1"), DESC + " <b>незакрытый тег",
                   "Thu, 07 Mar 2024 09:00:00 +0300")]).replace("</channel></rss>", "<item><title>обрыв")
    site.page("/c/rss.xml", broken.encode("utf-8"), "application/rss+xml")
    # Outlet D: not a feed at all.
    site.page("/d/rss.xml", b"\x00\x01 not xml at all <<<<", "application/rss+xml")
    return {"feed_a": u("/a/rss.xml"), "sitemap_a": u("/a/sitemap_index.xml"), "feed_b": u("/b/rss.xml"),
            "feed_c": u("/c/rss.xml"), "feed_d": u("/d/rss.xml")}


def registry(urls: dict[str, str]) -> list[dict[str, object]]:
    return [
        {"name": "Смоленская газета", "country": "RU", "level": "regional", "region_code": "RU-SMO",
         "domains": ["smolensk-gazeta.example"], "feed_url": urls["feed_a"], "sitemap_url": urls["sitemap_a"]},
        {"name": "Витебские вести", "country": "BY", "level": "regional", "region_code": "BY-VI",
         "domains": ["vitebsk-vesti.example"], "feed_url": urls["feed_b"]},
        {"name": "Сломанная лента", "country": "RU", "level": "local", "feed_url": urls["feed_c"]},
        {"name": "Не лента", "country": "RU", "level": "local", "feed_url": urls["feed_d"]},
    ]
