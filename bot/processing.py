"""Durable processing: new articles are claimed, summarised, and stored with their brief and index in one
transaction.

Several workers share the queue through leases (`bot.store.claims`): each batch is claimed in a short
transaction, summarised outside any transaction, and stored only while this worker still holds the lease,
so a taken-over article is stored once and the loser's conflict is no failure. A crash at any point loses
nothing: the article stays `new` until its brief is committed, and its lease expires for another worker.
An article that fails `scheduler.max_attempts` times is marked `failed` with its reason; the rest go on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot import alerts, knowledge
from bot.llm import summary_writer
from bot.services import Services
from bot.settings import Settings
from bot.store import articles as store
from bot.store import claims, locks
from bot.store.tables import ArticleRow
from summarizer import Article, Brief, SummarizerOptions, summarize, summarize_many
from summarizer.errors import SummarizerError
from summarizer.writer import SummaryWriter

logger = logging.getLogger(__name__)


def summarizer_options(settings: Settings, writer: SummaryWriter | None = None) -> SummarizerOptions:
    """The pipeline's options; with the "llm" backend the extractive pipeline runs and `writer` rewrites."""
    s = settings.summarizer
    return SummarizerOptions(
        backend="extractive" if s.backend == "llm" else s.backend,
        writer=writer,
        abstractive_model=s.abstractive_model or None,
        max_words=s.max_words,
        torch_threads=s.torch_threads,
    )


def to_article(row: ArticleRow) -> Article:
    return Article(title=row.title, text=row.text, url=row.url, source=row.source_name, published=row.published)


def _summarize_batch(articles: list[Article], options: SummarizerOptions) -> list[Brief | Exception]:
    """Summarise a burst together; if the batch fails, retry one by one so one bad article fails alone."""
    if not articles:
        return []
    try:
        return list(summarize_many(articles, options))
    except Exception:  # noqa: BLE001 - fall back to isolate the culprit
        results: list[Brief | Exception] = []
        for article in articles:
            try:
                results.append(summarize(article, options))
            except Exception as exc:  # noqa: BLE001 - recorded on the article, never crashes the bot
                results.append(exc)
        return results


def _crash_point(name: str) -> None:
    """Fault injection for the crash-recovery test: `NEWSBRIEF_FAULT=after-brief` stops here for a SIGKILL."""
    if os.environ.get("NEWSBRIEF_FAULT") == name:
        print(f"FAULT POINT {name}", flush=True)  # noqa: T201 - the test waits for this line
        time.sleep(3600)


async def _give_up_or_retry(services: Services, article_id: int, token: str, title: str, reason: str) -> None:
    """A failed attempt: the article goes back to the queue, or is `failed` after `max_attempts`."""
    async with services.db.session() as session:
        row = await claims.holding(session, ArticleRow, article_id, token)
        if row is None or row.state != "new":
            return  # another worker took it over: its outcome counts, not ours
        if row.attempts >= services.settings.scheduler.max_attempts:
            logger.warning(
                "article %s (%r) could not be briefed: %s",
                article_id,
                title[:80],
                reason,
                extra={"article": article_id},
            )
            await store.mark_failed(
                session, article_id, f"{reason} (after {row.attempts} attempts)", now=services.clock()
            )
            services.metrics.article_failed(row.source_name)
        else:
            logger.info("article %s: attempt %s failed (%s); it will be retried", article_id, row.attempts, reason)
            row.error = reason[:2000]
        await claims.release(session, ArticleRow, article_id, token)


async def _store(services: Services, article_id: int, token: str, brief: Brief, backend: str) -> bool:
    """Brief, index and story in one transaction, fenced by the lease: stored by its holder, or not at all."""
    try:
        async with services.db.session() as session:
            row = await claims.holding(session, ArticleRow, article_id, token)
            if row is None or row.state != "new":
                logger.info("article %s is another worker's now; its brief is theirs to store", article_id)
                return False
            await store.store_brief(session, row, brief, backend, now=services.clock())
            # Entity names are resolved select-then-insert: one worker at a time, so none is stored twice.
            await locks.for_this_transaction(session, "entities")
            await knowledge.index_brief(session, row, brief, services.embedder)
            await alerts.on_briefed(session, row, brief, services)
            row.lease_owner, row.lease_until = None, None
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
        logger.exception("storing the brief of article %s failed", article_id)
        reason = f"storing the brief failed: {type(exc).__name__}: {exc}"
        await _give_up_or_retry(services, article_id, token, brief.title, reason)
        return False
    return True


Claimed = tuple[str, list[tuple[int, Article]]]


async def _claim_batch(services: Services, size: int) -> Claimed:
    lease = timedelta(seconds=services.settings.scheduler.lease_seconds)
    async with services.db.session() as session:
        token, ids = await claims.claim_articles(session, services.db, size, lease)
    if not ids:
        return token, []
    logger.info("claimed %d articles to brief (%s): %s", len(ids), token, ",".join(map(str, ids)))
    async with services.db.session() as session:
        rows = [await session.get(ArticleRow, article_id) for article_id in ids]
        return token, [(row.id, to_article(row)) for row in rows if row is not None]


class _Leases:
    """The leases of the batches in hand, renewed every third of a lease: by a heartbeat while the event loop
    waits for the summariser, and between stores, when storing keeps the loop busy (so no slow batch is
    taken over from a live worker)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.lease = timedelta(seconds=services.settings.scheduler.lease_seconds)
        self.live: set[str] = set()
        self._renewed = time.monotonic()

    async def renew(self) -> None:
        self._renewed = time.monotonic()
        try:
            async with self.services.db.session() as session:
                await claims.renew(session, sorted(self.live), self.lease)
        except Exception as exc:  # noqa: BLE001 - a missed renewal only risks a take-over, never a loss
            logger.warning("could not renew article leases: %s", exc)

    async def renew_if_due(self) -> None:
        if time.monotonic() - self._renewed >= self.lease.total_seconds() / 3:
            await self.renew()

    async def heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            await self.renew_if_due()


async def process_pending(
    services: Services, limit: int | None = None, on_stored: Callable[[], Awaitable[object]] | None = None
) -> int:
    """Brief every `new` article nobody else holds (or one batch of `limit`); returns how many were briefed.

    Two stages overlap so both cores work: while one batch is stored and indexed on the event loop, the
    next batch is summarised in a worker thread. `on_stored` runs after each stored batch (publishing),
    so the first posts go out while the rest of a backlog is still being briefed.
    """
    options = summarizer_options(services.settings, summary_writer(services))
    size = limit or services.settings.scheduler.batch_size
    leases = _Leases(services)
    heartbeat = asyncio.create_task(leases.heartbeat())
    try:
        return await _process(services, options, size, limit, leases, on_stored)
    finally:
        heartbeat.cancel()


async def _process(
    services: Services,
    options: SummarizerOptions,
    size: int,
    limit: int | None,
    leases: _Leases,
    on_stored: Callable[[], Awaitable[object]] | None,
) -> int:
    briefed = 0
    token, work = await _claim_batch(services, size)
    leases.live.add(token)
    started = time.perf_counter()
    running = asyncio.create_task(asyncio.to_thread(_summarize_batch, [a for _, a in work], options))
    while work:
        results = await running
        per_article, started = (time.perf_counter() - started) / max(1, len(work)), time.perf_counter()
        next_token, upcoming = (token, []) if limit is not None else await _claim_batch(services, size)
        leases.live.add(next_token)
        running = asyncio.create_task(asyncio.to_thread(_summarize_batch, [a for _, a in upcoming], options))
        stored = retried = 0
        for (article_id, article), result in zip(work, results, strict=True):
            await leases.renew_if_due()
            if isinstance(result, Exception):
                reason = str(result) if isinstance(result, SummarizerError) else f"{type(result).__name__}: {result}"
                await _give_up_or_retry(services, article_id, token, article.title, reason)
                retried += 1
            elif await _store(services, article_id, token, result, options.backend):
                stored += 1
                services.metrics.article_briefed(article.source, per_article)
        briefed += stored
        leases.live.discard(token)
        if retried and not upcoming and limit is None:  # retry now (bounded by max_attempts), not next run
            await running
            next_token, upcoming = await _claim_batch(services, size)
            leases.live.add(next_token)
            running = asyncio.create_task(asyncio.to_thread(_summarize_batch, [a for _, a in upcoming], options))
        if stored:
            _crash_point("after-brief")
            if on_stored is not None:
                await on_stored()
        token, work = next_token, upcoming
    await running
    return briefed
