"""Publishing: every briefed article goes to every channel once, recorded as a delivery before it is sent.

Order matters for exactly-once: claim the delivery (unique per item and channel) and commit, send, then
mark it sent with where it landed. A restart re-sends only what was claimed but never marked sent.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.adapters.base import Adapter
from bot.messages import Post
from bot.render import brief_message
from bot.services import Services
from bot.store import articles as store
from bot.store import channels as channel_store
from bot.store.tables import Article, Channel, Delivery
from summarizer import Brief

logger = logging.getLogger(__name__)


async def deliver(services: Services, adapters: Mapping[str, Adapter], post: Post, reason: str | None = None) -> bool:
    """Send one post exactly once; returns True if it was sent now. Failures are recorded, not raised."""
    adapter = adapters.get(post.platform)
    if adapter is None:
        return False
    async with services.db.session() as session:
        claimed = await channel_store.claim(
            session, post.platform, post.channel_id, post.delivery_key, post.article_id, reason
        )
        delivery_id = claimed.id if claimed else None
    if delivery_id is None:
        return False
    try:
        sent = await adapter.send(post)
    except Exception as exc:  # noqa: BLE001 - one failed send must not stop the others
        logger.warning("could not post %s to %s:%s: %s", post.delivery_key, post.platform, post.channel_id, exc)
        async with services.db.session() as session:
            row = await session.get(Delivery, delivery_id)
            if row is not None:
                channel_store.mark_failed(row, f"{type(exc).__name__}: {exc}")
        return False
    async with services.db.session() as session:
        row = await session.get(Delivery, delivery_id)
        if row is not None:
            channel_store.mark_sent(row, sent, services.clock())
    return True


def brief_post(channel: Channel, article: Article, brief: Brief) -> Post:
    return Post(
        platform=channel.platform,
        channel_id=channel.channel_id,
        message=brief_message(brief, number=article.id),
        delivery_key=f"brief:{article.id}",
        article_id=article.id,
        open_thread=channel.thread_per_story,
    )


async def publish_pending(services: Services, adapters: Mapping[str, Adapter]) -> int:
    """Post every briefed article to the channels of the running adapters; returns the posts sent."""
    sent = 0
    async with services.db.session() as session:
        pending = [a.id for a in await store.articles_in_state(session, "briefed", limit=1000)]
        channels = await channel_store.channels_for(session, list(adapters))
    for article_id in pending:
        async with services.db.session() as session:
            loaded = await store.load_brief(session, article_id)
        if loaded is None:
            continue
        article, brief = loaded
        complete = True
        for channel in channels:
            if channel.digest_only:
                continue
            post = brief_post(channel, article, brief)
            if await deliver(services, adapters, post):
                sent += 1
            else:
                async with services.db.session() as session:
                    done = await channel_store.delivered(session, post.platform, post.channel_id, post.delivery_key)
                complete = complete and done is not None and done.status == "sent"
        if not complete:
            continue  # stays `briefed`; the failed channel is retried on the next run
        async with services.db.session() as session:
            row = await session.get(Article, article_id)
            if row is not None and row.state == "briefed":
                row.state = "published"
    return sent
