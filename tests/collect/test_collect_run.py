"""End-to-end collection runs against the loopback fixture web (tests/collect/collect_fixtures.py)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from collect_fixtures import PAGE_ONLY, registry
from collect_helpers import FAST, register
from collect_server import Site
from sqlalchemy import func, select

from regionlens.collect import state
from regionlens.collect.run import CollectOptions, CollectReport, collect
from regionlens.store.project import Project
from regionlens.store.schema import collect_channels, collect_urls, documents


def _docs(project: Project) -> dict[str, dict[str, object]]:
    with project.engine.connect() as conn:
        rows = conn.execute(select(documents.c.url, documents.c.title, documents.c.text, documents.c.meta,
                                   documents.c.published_at, documents.c.source_id)).mappings().all()
    return {str(r["url"]).split("/", 3)[3]: {**dict(r), "meta": json.loads(r["meta"] or "{}")} for r in rows}


def _url_status(project: Project) -> dict[str, tuple[str, int]]:
    with project.engine.connect() as conn:
        rows = conn.execute(select(collect_urls.c.url, collect_urls.c.status, collect_urls.c.attempts)).all()
    return {u.split("/", 3)[3]: (s, a) for u, s, a in rows}


def _by_name(report: CollectReport) -> dict[str, object]:
    return {s.name: s for s in report.sources}


def test_first_run_stores_full_articles_politely(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    report = collect(project, CollectOptions(policy=FAST))
    docs = _docs(project)
    # Full text from the page, not the feed's one-line description; title and author from the page.
    first = docs["a/news/1"]
    assert PAGE_ONLY in str(first["text"]) and first["title"] == "Смоляне и витебляне договорились о сотрудничестве"
    assert first["meta"]["text_from"] == "page" and first["meta"]["author"] == "Анна Соколова"
    # The page's day with the feed's time (10:00 Moscow = 07:00 UTC).
    assert first["published_at"].replace(tzinfo=UTC) == datetime(2024, 3, 5, 7, 0, tzinfo=UTC)
    # Listed by the feed (with ?utm_source) and by the news sitemap: one fetch, one document.
    assert len(site.requests_for("/a/news/1")) == 1
    assert first["meta"]["listed_in"] == ["feed", "sitemap"]
    # A redirect: stored under the URL it ends at.
    assert "a/news/2" not in docs and PAGE_ONLY in str(docs["a/news/2-final"]["text"])
    # 404: the feed's description is kept, marked as such.
    assert docs["a/news/3"]["text"] == "Описание третьей новости есть только в ленте."
    assert docs["a/news/3"]["meta"]["text_from"] == "feed"
    # robots.txt forbids /a/private/: never requested, the feed's record kept.
    assert site.requests_for("/a/private/5") == [] and docs["a/private/5"]["meta"]["text_from"] == "feed"
    # Oversized page: refused while streaming, the feed's record kept.
    assert "больше предела" in docs["a/news/11"]["meta"]["page_problem"]
    # 429 with Retry-After: 1 is honoured, then the page is stored.
    tries = site.requests_for("/a/news/8")
    assert [t.status for t in tries] == [429, 200] and tries[1].at - tries[0].at >= 0.95
    assert PAGE_ONLY in str(docs["a/news/8"]["text"])
    # 500 and a timeout: retried within the run (retries=1), then left for the next run.
    assert [t.status for t in site.requests_for("/a/news/9")] == [500, 500]
    statuses = _url_status(project)
    assert statuses["a/news/9"] == ("failed", 1) and statuses["a/news/10"] == ("failed", 1)
    assert "a/news/9" not in docs and "a/news/10" not in docs
    # cp1251 feed named only in the HTTP header, cp1251 page: Cyrillic intact.
    assert docs["b/news/1"]["title"] == "Новости Витебщины" and "Белорусская: делегации" in str(docs["b/news/1"]["text"])
    # A feed with broken XML still gives its entries; a feed that is not XML fails only its own source.
    assert PAGE_ONLY in str(docs["c/news/1"]["text"])
    by_name = _by_name(report)
    assert by_name["Не лента"].problems and by_name["Витебские вести"].ok and by_name["Сломанная лента"].ok
    smolensk = by_name["Смоленская газета"]
    assert (smolensk.added, smolensk.from_feed, smolensk.failed) == (8, 3, 2)
    assert not report.ok  # something failed: the exit status will say so
    # The user agent names the project.
    assert all(r.headers["user-agent"].startswith("regionlens/") for r in site.log)


def test_second_run_adds_nothing_and_uses_conditional_requests(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    collect(project, CollectOptions(policy=FAST))
    before = len(_docs(project))
    seen = len(site.log)
    again = collect(project, CollectOptions(policy=FAST, force=True))
    assert len(_docs(project)) == before and sum(s.added for s in again.sources) == 0
    feed_reads = site.requests_for("/a/rss.xml")
    assert feed_reads[-1].headers.get("if-none-match") == '"a1"' and feed_reads[-1].status == 304
    asked = {r.path for r in site.log[seen:]}
    # Only the URLs that failed for a passing reason are asked again; stored ones never are.
    assert "/a/news/9" in asked and "/a/news/10" in asked
    assert not asked & {"/a/news/1", "/a/news/2", "/a/news/2-final", "/a/news/3", "/a/news/6", "/b/news/1"}
    assert _url_status(project)["a/news/9"] == ("failed", 2)


def test_given_up_url_keeps_the_feed_text(collecting: tuple[Project, Site]) -> None:
    project, _site = collecting
    policy = replace(FAST, max_attempts=2)
    collect(project, CollectOptions(policy=policy))
    collect(project, CollectOptions(policy=policy, force=True))
    statuses = _url_status(project)
    assert statuses["a/news/9"] == ("feed", 2)
    assert _docs(project)["a/news/9"]["meta"]["page_problem"] == "ошибка сервера (HTTP 500)"


def test_not_due_sources_wait_for_their_time(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    collect(project, CollectOptions(policy=FAST))
    seen = len(site.log)
    report = collect(project, CollectOptions(policy=FAST))  # within the hour: nothing is due
    assert report.sources == [] and len(report.skipped_not_due) == 4 and len(site.log) == seen


def test_since_skips_old_sitemaps(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    collect(project, CollectOptions(policy=FAST, since=datetime(2024, 1, 1, tzinfo=UTC)))
    assert site.requests_for("/a/sitemap-2019.xml") == [] and site.requests_for("/a/news/7") == []
    assert "a/news/6" in _docs(project)


def test_dry_run_fetches_no_article_and_stores_nothing(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    report = collect(project, CollectOptions(policy=FAST, dry_run=True))
    assert _by_name(report)["Смоленская газета"].new == 10  # 8 in the feed, 2 more in the sitemaps
    assert not any(r.path.startswith(("/a/news", "/b/news", "/c/news")) for r in site.log)
    with project.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(collect_urls)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(collect_channels)).scalar_one() == 0


def test_private_addresses_are_refused_without_allow_private(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    report = collect(project, CollectOptions(policy=replace(FAST, allow_private=False)))
    assert site.log == []
    for source in report.sources:
        assert source.problems and "внутренней сети" in source.problems[0]


def test_per_host_delay_spaces_requests(collecting: tuple[Project, Site]) -> None:
    project, site = collecting
    collect(project, CollectOptions(policy=replace(FAST, host_delay=0.15, concurrency=8), sources=["Смоленская газета"],
                                    max_pages=4))
    times = sorted(r.at for r in site.log)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) >= 8 and min(gaps) >= 0.14


def test_status_reports_runs_failures_and_staleness(collecting: tuple[Project, Site]) -> None:
    project, _site = collecting
    collect(project, CollectOptions(policy=FAST))
    rows = {r["name"]: r for r in state.collection_status(project.engine)}
    smolensk = rows["Смоленская газета"]
    assert smolensk["runs"] == 1 and smolensk["last_new"] == 8 and smolensk["pending_failures"] == 2
    assert smolensk["next_due_at"] > smolensk["last_started_at"] and smolensk["stale"] is None
    assert rows["Не лента"]["stale"] and "ленты не читаются" in rows["Не лента"]["stale"]
    later = datetime.now(UTC).replace(year=datetime.now(UTC).year + 1)
    assert "нет новых публикаций" in str(state.stale_reason(smolensk, later))


def test_collection_state_on_both_back_ends(project: Project, web: tuple[Site, dict[str, str]]) -> None:
    """The state's upserts and queries are dialect-specific: the same run and rerun on SQLite and PostgreSQL."""
    site, urls = web
    register(project, registry(urls))
    first = collect(project, CollectOptions(policy=FAST))
    again = collect(project, CollectOptions(policy=FAST, force=True))
    assert sum(s.added for s in first.sources) == 10 and sum(s.added for s in again.sources) == 0
    assert site.requests_for("/a/rss.xml")[-1].status == 304
    statuses = _url_status(project)
    assert statuses["a/news/9"] == ("failed", 2) and statuses["a/news/1"] == ("stored", 1)
    rows = {r["name"]: r for r in state.collection_status(project.engine)}
    assert rows["Смоленская газета"]["runs"] == 2 and rows["Смоленская газета"]["total_new"] == 8
    assert rows["Не лента"]["stale_kind"] == "unreadable"


def test_an_error_inside_one_source_spares_the_others(collecting: tuple[Project, Site],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import regionlens.collect.run as run_module

    project, _site = collecting

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("сбой разбора карты сайта")

    monkeypatch.setattr(run_module, "parse_sitemap", broken)  # only «Смоленская газета» has a sitemap
    report = collect(project, CollectOptions(policy=FAST))
    by_name = _by_name(report)
    assert "сбой разбора карты сайта" in str(by_name["Смоленская газета"].error)
    assert by_name["Витебские вести"].ok and by_name["Витебские вести"].added == 1
    assert "b/news/1" in _docs(project) and not report.ok
    rows = {r["name"]: r for r in state.collection_status(project.engine)}
    assert "сбой разбора карты сайта" in str(rows["Смоленская газета"]["last_error"])


def test_stored_but_unacknowledged_articles_are_confirmed_not_fetched_again(
        collecting: tuple[Project, Site], monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that dies after the documents' transaction but before the URLs' final outcome is written (what a
    SIGKILL at that moment leaves): the next run finds the pending URLs' documents and confirms them."""
    import regionlens.collect.run as run_module

    project, site = collecting
    real = state.record_urls

    def dies_after_storing(engine: object, source_id: int, outcomes: list[state.UrlOutcome], now: datetime) -> None:
        if any(o.status != state.PENDING for o in outcomes):
            raise RuntimeError("убит после сохранения")
        real(engine, source_id, outcomes, now)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module.state, "record_urls", dies_after_storing)
    first = collect(project, CollectOptions(policy=FAST, sources=["Витебские вести"]))
    assert "убит после сохранения" in str(first.sources[0].error)
    assert _url_status(project) == {"b/news/1": ("pending", 1)} and "b/news/1" in _docs(project)
    monkeypatch.setattr(run_module.state, "record_urls", real)
    again = collect(project, CollectOptions(policy=FAST, sources=["Витебские вести"]))
    assert again.sources[0].ok and again.sources[0].added == 0 and again.sources[0].new == 0
    assert len(site.requests_for("/b/news/1")) == 1 and _url_status(project) == {"b/news/1": ("stored", 1)}
