"""Briefing with claims: a failing article is retried and `failed` only after `max_attempts`, with the
reason; a worker whose lease was taken over stores nothing, and that is no failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot import processing
from bot.app import App
from bot.store import claims
from bot.store.tables import ArticleRow
from summarizer import Article, summarize
from tests.ingested import ingest

STORY = Article(
    title="Port workers end strike",
    text="Port workers in Rotterdam ended a three-day strike on Friday after the port authority agreed to "
    "raise wages by six percent. Union leader Anna Keller said members would vote on the deal next week.",
    source="Wire",
)


async def test_a_failing_article_is_retried_then_failed_with_its_reason(tmp_path: Path, make_settings) -> None:  # noqa: ANN001
    settings = make_settings(
        tmp_path,
        **{
            "sources.folders": [],
            "summarizer.backend": "abstractive",
            "summarizer.abstractive_model": str(tmp_path / "no-such-model"),
            "scheduler.max_attempts": 2,
        },
    )
    app = await App.create(settings)
    try:
        await ingest(app, STORY)
        assert await processing.process_pending(app.services, limit=1) == 0
        async with app.services.db.session() as session:
            row = await session.scalar(select(ArticleRow))
        assert (row.state, row.attempts, row.lease_owner) == ("new", 1, None)  # back in the queue, with why
        assert "no-such-model" in row.error
        assert await processing.process_pending(app.services) == 0
        async with app.services.db.session() as session:
            row = await session.scalar(select(ArticleRow))
        assert (row.state, row.attempts) == ("failed", 2)
        assert "no-such-model" in row.error and "after 2 attempts" in row.error
    finally:
        await app.close()


async def test_a_worker_whose_lease_was_taken_over_stores_nothing_and_fails_nothing(
    tmp_path: Path,
    make_settings,  # noqa: ANN001
) -> None:
    app = await App.create(make_settings(tmp_path, **{"sources.folders": []}))
    try:
        await ingest(app, STORY)
        db, lease = app.services.db, timedelta(minutes=5)
        async with db.session() as session:
            slow, [article_id] = await claims.claim_articles(session, db, 8, lease)
        async with db.session() as session:  # the slow worker's lease runs out; another takes the article
            await session.execute(update(ArticleRow).values(lease_until=datetime.now(UTC) - timedelta(seconds=1)))
        async with db.session() as session:
            fast, [taken] = await claims.claim_articles(session, db, 8, lease)
        assert taken == article_id and fast != slow
        brief = summarize(STORY)
        assert not await processing._store(app.services, article_id, slow, brief, "extractive")
        async with db.session() as session:
            row = await session.get(ArticleRow, article_id)
        assert (row.state, row.error, row.lease_owner) == ("new", None, fast)
        assert await processing._store(app.services, article_id, fast, brief, "extractive")
        async with db.session() as session:
            assert (await session.get(ArticleRow, article_id)).state == "briefed"
    finally:
        await app.close()
