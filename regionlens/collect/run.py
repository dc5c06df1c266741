"""A collection run: for every due source, list new article URLs from its feeds and sitemaps, fetch the pages,
and store the articles through the ordinary ingest.

Sources run concurrently (each on its own hosts, so per-host spacing does not serialise them) and each in its
own error boundary: one failing source never stops the others. Pages are handed to the store in small
chunks from a worker thread while the next pages download; every chunk is one ingest transaction followed
by its URL outcomes, so a run killed at any point loses only the chunk in flight, which the rerun fetches
again and the store deduplicates.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import select

from regionlens.collect import state
from regionlens.collect.article import feed_record, page_record
from regionlens.collect.feeds import feed_listing
from regionlens.collect.fetch import Fetched, Fetcher
from regionlens.collect.listing import Listed
from regionlens.collect.policy import Politeness
from regionlens.collect.sitemaps import SitemapError, parse_sitemap
from regionlens.ingest.records import BadRecord, RawDocument
from regionlens.ingest.rows import ReadOptions
from regionlens.pipeline.ingest import ingest_records
from regionlens.store.project import Project
from regionlens.store.schema import documents, sources

CHUNK = 20  # pages per store transaction: small enough that a kill loses little, large enough to batch
MAX_SITEMAP_DEPTH = 3  # index → index → URL set is the deepest nesting seen on news sites
Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass(slots=True)
class CollectOptions:
    sources: list[str] | None = None  # names; None = every source with a feed or sitemap
    since: datetime | None = None  # skip items dated (or sitemap entries modified) before this
    dry_run: bool = False  # list what is new; fetch no article and store nothing
    force: bool = False  # run sources that are not due yet
    interval: timedelta = timedelta(hours=1)  # next due time after a run's start
    max_pages: int | None = None  # new article pages per source and run
    default_tz: str = "Europe/Moscow"
    policy: Politeness = field(default_factory=Politeness)


@dataclass(slots=True)
class SourceReport:
    """One source's run, for the summary table and the exit status."""

    source_id: int
    name: str
    channels: int = 0  # feeds and sitemaps read (304 included)
    not_modified: int = 0
    listed: int = 0  # distinct article URLs listed
    new: int = 0  # not handled before
    fetched: int = 0  # pages received
    added: int = 0  # documents stored
    from_feed: int = 0  # of which the feed's text (page unavailable)
    duplicates: int = 0
    disallowed: int = 0
    failed: int = 0  # will be retried
    refused: int = 0  # given up or final errors (404, too large, not HTML)
    deferred: int = 0  # over --max-pages: left for the next run
    problems: list[str] = field(default_factory=list)  # source-level reasons: feeds/sitemaps unreadable
    failures: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason), first few
    error: str | None = None  # the source itself failed (unexpected error)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.problems and self.failed == 0 and self.refused == 0


@dataclass(slots=True)
class CollectReport:
    sources: list[SourceReport] = field(default_factory=list)
    skipped_not_due: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sources)


class _Tally:
    """Progress per stage summed over the sources running at once."""

    def __init__(self, callback: Progress | None) -> None:
        self.callback = callback
        self.done: dict[str, int] = {}
        self.total: dict[str, int] = {}

    def add_total(self, stage: str, n: int) -> None:
        self.total[stage] = self.total.get(stage, 0) + n
        self._tell(stage)

    def advance(self, stage: str, n: int = 1) -> None:
        self.done[stage] = self.done.get(stage, 0) + n
        self._tell(stage)

    def _tell(self, stage: str) -> None:
        if self.callback is not None:
            self.callback(stage, self.done.get(stage, 0), self.total.get(stage, 0))


@dataclass(slots=True)
class _Context:
    project: Project
    options: CollectOptions
    fetcher: Fetcher
    tally: _Tally
    read_opts: ReadOptions
    store_lock: asyncio.Lock


def select_sources(project: Project, options: CollectOptions, now: datetime) -> tuple[list[dict[str, Any]], list[str]]:
    """The sources this run reads, and the names of those not due yet. Unknown names are a user error."""
    with project.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            select(sources.c.id, sources.c.name, sources.c.feed_url, sources.c.sitemap_url).order_by(sources.c.name)
        ).mappings()]
    if options.sources:
        by_name = {r["name"].casefold(): r for r in rows}
        missing = [n for n in options.sources if n.casefold() not in by_name]
        if missing:
            raise ValueError("нет в реестре источников: " + ", ".join(f"«{n}»" for n in missing))
        chosen = [by_name[n.casefold()] for n in dict.fromkeys(options.sources)]
        empty = [r["name"] for r in chosen if not (r["feed_url"] or r["sitemap_url"])]
        if empty:
            raise ValueError("у источников нет ни ленты (feed_url), ни карты сайта (sitemap_url): "
                             + ", ".join(f"«{n}»" for n in empty))
        return chosen, []
    chosen = [r for r in rows if r["feed_url"] or r["sitemap_url"]]
    if options.force or options.dry_run:
        return chosen, []
    due = state.due_source_ids(project.engine, now)
    return [r for r in chosen if r["id"] in due], [r["name"] for r in chosen if r["id"] not in due]


def collect(project: Project, options: CollectOptions, progress: Progress | None = None) -> CollectReport:
    """Run one collection over the chosen sources (see the module docstring)."""
    return asyncio.run(collect_async(project, options, progress))


async def collect_async(project: Project, options: CollectOptions, progress: Progress | None = None) -> CollectReport:
    t0 = time.perf_counter()
    now = datetime.now(UTC)
    chosen, not_due = select_sources(project, options, now)
    report = CollectReport(skipped_not_due=not_due)
    tally = _Tally(progress)
    tally.add_total("lists", sum(bool(r["feed_url"]) + bool(r["sitemap_url"]) for r in chosen))
    async with Fetcher(options.policy) as fetcher:
        ctx = _Context(project, options, fetcher, tally, ReadOptions(default_tz=options.default_tz), asyncio.Lock())
        report.sources = list(await asyncio.gather(*(_guarded(ctx, row) for row in chosen)))
        report.requests = fetcher.requests
    report.seconds = time.perf_counter() - t0
    return report


async def _guarded(ctx: _Context, row: dict[str, Any]) -> SourceReport:
    """One source's run; whatever goes wrong is its own report's error, never the other sources'."""
    report = SourceReport(int(row["id"]), str(row["name"]))
    started = datetime.now(UTC)
    try:
        if not ctx.options.dry_run:
            await asyncio.to_thread(state.start_source, ctx.project.engine, report.source_id, started)
        await _collect_source(ctx, row, report)
    except Exception as exc:  # one source must not stop the others
        report.error = f"{exc.__class__.__name__}: {exc}"
    if not ctx.options.dry_run:
        outcome = state.RunOutcome(started, report.listed, report.added, report.failed + report.refused,
                                   report.error or ("; ".join(report.problems) or None))
        try:
            await asyncio.to_thread(state.finish_source, ctx.project.engine, report.source_id, outcome,
                                    ctx.options.interval, datetime.now(UTC))
        except Exception as exc:  # the database itself: report it, the other sources go on
            report.error = report.error or f"состояние не записано: {exc}"
    return report


async def _collect_source(ctx: _Context, row: dict[str, Any], report: SourceReport) -> None:
    listed: dict[str, Listed] = {}
    reads: list[state.ChannelRead] = []
    if row["feed_url"]:
        await _read_feed(ctx, str(row["feed_url"]), listed, reads, report)
    if row["sitemap_url"]:
        await _read_sitemap(ctx, str(row["sitemap_url"]), listed, reads, report, depth=0)
    since = ctx.options.since
    if since is not None:
        listed = {u: item for u, item in listed.items() if (item.dated() or since) >= since}
    report.listed = len(listed)
    engine = ctx.project.engine
    retries: dict[str, Listed] = {}
    if not ctx.options.dry_run:  # earlier passing failures and unconfirmed stores, listed again or not
        for url, _tried, feed_doc in await asyncio.to_thread(state.pending_retries, engine, report.source_id):
            if url not in listed:
                retries[url] = Listed(url=url, channels={"retry"}, feed_doc=feed_doc)
    known = await asyncio.to_thread(partial(state.known_urls, confirm=not ctx.options.dry_run), engine,
                                    report.source_id, [*listed, *retries])
    todo = [item for u, item in (*listed.items(), *retries.items()) if u not in known.done]
    attempts = known.attempts
    report.new = len(todo)
    limit = ctx.options.max_pages
    if limit is not None and len(todo) > limit:
        report.deferred = len(todo) - limit
        todo = todo[:limit]
    if ctx.options.dry_run:
        return
    await _fetch_and_store(ctx, row, todo, attempts, report)
    complete = report.deferred == 0 and report.error is None
    await asyncio.to_thread(state.save_channels, engine, report.source_id, reads, datetime.now(UTC),
                            keep_validators=complete)


async def _read_list(ctx: _Context, url: str, kind: str, reads: list[state.ChannelRead],
                     report: SourceReport) -> Fetched | None:
    """A feed or sitemap with a conditional request; None when unchanged or unreadable (the reason is reported)."""
    headers = await asyncio.to_thread(state.validators, ctx.project.engine, url)
    fetched = await ctx.fetcher.get(url, max_bytes=ctx.options.policy.max_list_bytes, headers=headers)
    ctx.tally.advance("lists")
    report.channels += 1
    reads.append(state.ChannelRead(url, kind, fetched.status, fetched.headers.get("etag"),
                                   fetched.headers.get("last-modified"), fetched.error))
    if fetched.not_modified:
        report.not_modified += 1
        return None
    if not fetched.ok:
        report.problems.append(f"{url}: {fetched.error}")
        return None
    return fetched


def _add(listed: dict[str, Listed], item: Listed) -> None:
    if item.url in listed:
        listed[item.url].merge(item)
    else:
        listed[item.url] = item


async def _read_feed(ctx: _Context, url: str, listed: dict[str, Listed], reads: list[state.ChannelRead],
                     report: SourceReport) -> None:
    fetched = await _read_list(ctx, url, "feed", reads, report)
    if fetched is None:
        return
    items = await asyncio.to_thread(list, feed_listing(fetched.body or b"", fetched.headers.get("content-type"),
                                                       url, ctx.read_opts))
    bad = [i for i in items if isinstance(i, BadRecord)]
    if bad and len(bad) == len(items):
        reads[-1].error = bad[0].reason
        report.problems.append(f"{url}: {bad[0].reason}")
    for item in items:
        if isinstance(item, Listed):
            _add(listed, item)


async def _read_sitemap(ctx: _Context, url: str, listed: dict[str, Listed], reads: list[state.ChannelRead],
                        report: SourceReport, depth: int) -> None:
    fetched = await _read_list(ctx, url, "sitemap", reads, report)
    if fetched is None:
        return
    try:
        parsed = await asyncio.to_thread(parse_sitemap, fetched.body or b"", ctx.options.policy.max_list_bytes,
                                         ctx.options.default_tz)
    except SitemapError as exc:
        reads[-1].error = str(exc)
        report.problems.append(f"{url}: {exc}")
        return
    for item in parsed.articles:
        _add(listed, item)
    since = ctx.options.since
    children = [child for child, lastmod in parsed.children if since is None or lastmod is None or lastmod >= since]
    if children and depth >= MAX_SITEMAP_DEPTH:
        report.problems.append(f"{url}: вложенность карт сайта глубже {MAX_SITEMAP_DEPTH}; вложенные карты пропущены")
        return
    ctx.tally.add_total("lists", len(children))
    for child in children:
        await _read_sitemap(ctx, child, listed, reads, report, depth + 1)


async def _fetch_and_store(ctx: _Context, row: dict[str, Any], todo: list[Listed], attempts: dict[str, int],
                           report: SourceReport) -> None:
    """Fetch the pages with a bounded set of workers; store them CHUNK at a time while the next ones download."""
    if not todo:
        return
    ctx.tally.add_total("pages", len(todo))
    ctx.tally.add_total("store", len(todo))
    results: asyncio.Queue[tuple[Listed, Fetched] | None] = asyncio.Queue(maxsize=CHUNK * 2)
    pending = iter(todo)
    workers = min(len(todo), max(2, ctx.options.policy.concurrency * 2))

    async def worker() -> None:
        try:
            for item in pending:  # a shared iterator: each page goes to exactly one worker
                try:
                    fetched = await ctx.fetcher.get(item.url)
                except Exception as exc:  # a client bug on one page must not lose the others
                    fetched = Fetched(item.url, item.url, error=f"{exc.__class__.__name__}: {exc}")
                ctx.tally.advance("pages")
                await results.put((item, fetched))
        finally:
            await results.put(None)

    tasks = [asyncio.create_task(worker()) for _ in range(workers)]
    finished = 0
    chunk: list[tuple[Listed, Fetched]] = []
    try:
        while finished < workers:
            got = await results.get()
            if got is None:
                finished += 1
            else:
                chunk.append(got)
            if len(chunk) >= CHUNK or (finished == workers and chunk):
                await _store(ctx, row, chunk, attempts, report)
                chunk = []
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def _store(ctx: _Context, row: dict[str, Any], chunk: list[tuple[Listed, Fetched]], attempts: dict[str, int],
                 report: SourceReport) -> None:
    async with ctx.store_lock:  # one writer: SQLite serialises writes anyway, and batches stay whole
        await asyncio.to_thread(store_chunk, ctx.project, str(row["name"]), int(row["id"]), chunk, attempts,
                                ctx.options.policy.max_attempts, ctx.read_opts, report)
    ctx.tally.advance("store", len(chunk))


@dataclass(slots=True)
class _Planned:
    listed: Listed
    fetched: Fetched
    record: RawDocument | None  # what to store (the page's or the feed's), or nothing
    status: str  # the outcome if the record is stored (or the outcome itself when there is no record)
    reason: str | None
    attempts: int


def _plan(listed: Listed, fetched: Fetched, source: str, attempts: int, max_attempts: int,
          opts: ReadOptions) -> _Planned:
    """What one fetched URL becomes: the page's article, the feed's record, a retry later, or a final refusal."""
    tried = attempts + 1
    if fetched.ok:
        record = page_record(listed, fetched, source, opts)
        if isinstance(record, RawDocument):
            return _Planned(listed, fetched, record, state.STORED, None, tried)
        why, final = record.reason, True
    else:
        why, final = fetched.error or "нет ответа", fetched.permanent or tried >= max_attempts
    if not final:
        return _Planned(listed, fetched, None, state.FAILED, why, tried)
    fallback = feed_record(listed, source, why)
    if fallback is not None:
        return _Planned(listed, fetched, fallback, state.FROM_FEED, why, tried)
    return _Planned(listed, fetched, None, state.DISALLOWED if fetched.disallowed else state.REFUSED, why, tried)


def store_chunk(project: Project, source: str, source_id: int, chunk: list[tuple[Listed, Fetched]],
                attempts: dict[str, int], max_attempts: int, opts: ReadOptions, report: SourceReport) -> None:
    """Plan, store through the ingest (one transaction), then record each URL's outcome."""
    now = datetime.now(UTC)
    plans = [_plan(listed, fetched, source, attempts.get(listed.url, 0), max_attempts, opts)
             for listed, fetched in chunk]
    records = [p.record for p in plans if p.record is not None]
    urls = [r.url for r in records if r.url]
    before = _stored_urls(project, source_id, urls)
    # Said before storing, so that a run killed between the two knows the record may be in the store.
    state.record_urls(project.engine, source_id, [
        state.UrlOutcome(p.listed.url, state.PENDING, p.fetched.status, None, p.record.url, p.attempts,
                         state.listing_to_json(p.listed.feed_doc)) for p in plans if p.record is not None], now)
    summary = ingest_records(project, records, label=f"collect:{source}", source=source, batch_size=len(chunk) + 1)
    after = _stored_urls(project, source_id, urls)
    fresh = after - before
    refused = {bad.origin: bad.reason for bad in summary.bad}  # the store or the text analysis refused these
    outcomes: list[state.UrlOutcome] = []
    for p in plans:
        status = p.status
        if p.record is not None and p.record.origin in refused:
            status, p.reason = state.REFUSED, refused[p.record.origin]
        elif p.record is not None:
            if p.record.url in fresh:
                fresh.discard(p.record.url)  # a second record with the same URL in the chunk is the duplicate
            else:
                status = state.DUPLICATE
        _count(report, p, status)
        outcomes.append(state.UrlOutcome(p.listed.url, status, p.fetched.status, p.reason, p.fetched.final_url,
                                         p.attempts, state.listing_to_json(p.listed.feed_doc)))
    report.added += summary.added
    state.record_urls(project.engine, source_id, outcomes, now)


def _stored_urls(project: Project, source_id: int, urls: list[str]) -> set[str]:
    if not urls:
        return set()
    with project.engine.connect() as conn:
        return set(conn.execute(select(documents.c.url).where(documents.c.source_id == source_id,
                                                              documents.c.url.in_(urls))).scalars())


def _count(report: SourceReport, plan: _Planned, status: str) -> None:
    if plan.fetched.ok:
        report.fetched += 1
    if status == state.FROM_FEED:
        report.from_feed += 1
    elif status == state.DUPLICATE:
        report.duplicates += 1
    elif status == state.DISALLOWED:
        report.disallowed += 1
    elif status == state.FAILED:
        report.failed += 1
    elif status == state.REFUSED:
        report.refused += 1
    if status in (state.FAILED, state.REFUSED, state.DISALLOWED) and len(report.failures) < 20:
        report.failures.append((plan.listed.url, plan.reason or status))

