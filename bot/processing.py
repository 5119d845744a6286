"""Durable processing: new articles are summarised, stored with their brief and indexed, in one transaction.

A crash at any point loses nothing: an article stays `new` until its brief is committed, and the next run
picks it up. One bad article is marked `failed` with its reason; the rest of the batch goes on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time

from bot import alerts, knowledge
from bot.llm import summary_writer
from bot.services import Services
from bot.settings import Settings
from bot.store import articles as store
from bot.store.tables import Article as ArticleRow
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
        import time

        time.sleep(3600)


async def _fail(services: Services, article_id: int, article: Article, reason: str) -> None:
    logger.warning(
        "article %s (%s) could not be briefed: %s",
        article_id,
        article.title[:80],
        reason,
        extra={"article": article_id},
    )
    async with services.db.session() as session:
        await store.mark_failed(session, article_id, reason)


async def _store(services: Services, article_id: int, brief: Brief, backend: str) -> bool:
    """Brief, index and story in one transaction: all of it is stored, or none and the article fails."""
    try:
        async with services.db.session() as session:
            row = await session.get(ArticleRow, article_id)
            if row is None or row.state != "new":
                return False
            await store.store_brief(session, row, brief, backend)
            await knowledge.index_brief(session, row, brief, services.embedder)
            await alerts.on_briefed(session, row, brief, services)
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
        logger.exception("storing the brief of article %s failed", article_id)
        async with services.db.session() as session:
            await store.mark_failed(session, article_id, f"storing the brief failed: {type(exc).__name__}: {exc}")
        return False
    return True


async def _next_batch(services: Services, after_id: int, size: int) -> list[tuple[int, Article]]:
    async with services.db.session() as session:
        rows = await store.articles_in_state(session, "new", size, after_id=after_id)
        return [(row.id, to_article(row)) for row in rows]


async def process_pending(services: Services, limit: int | None = None) -> int:
    """Brief every `new` article (or one batch of `limit`); returns how many were briefed.

    Two stages overlap so both cores work: while one batch is stored and indexed on the event loop, the
    next batch is summarised in a worker thread.
    """
    options = summarizer_options(services.settings, summary_writer(services))
    size = limit or services.settings.scheduler.batch_size
    briefed = 0
    work = await _next_batch(services, 0, size)
    started = time.perf_counter()
    running = asyncio.create_task(asyncio.to_thread(_summarize_batch, [a for _, a in work], options))
    while work:
        results = await running
        per_article, started = (time.perf_counter() - started) / max(1, len(work)), time.perf_counter()
        upcoming = [] if limit is not None else await _next_batch(services, work[-1][0], size)
        running = asyncio.create_task(asyncio.to_thread(_summarize_batch, [a for _, a in upcoming], options))
        for (article_id, article), result in zip(work, results, strict=True):
            if isinstance(result, Exception):
                reason = str(result) if isinstance(result, SummarizerError) else f"{type(result).__name__}: {result}"
                await _fail(services, article_id, article, reason)
                services.metrics.article_failed(article.source)
            elif await _store(services, article_id, result, options.backend):
                briefed += 1
                services.metrics.article_briefed(article.source, per_article)
        work = upcoming
    await running
    if briefed:
        _crash_point("after-brief")
    return briefed
