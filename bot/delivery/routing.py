"""Per-channel routing: which of the briefing channels an article's story goes to.

A source without routes goes to every briefing channel (as before routing existed). A source with routes
goes only to the channels it was added for (a route with no channel means "every briefing channel"), and
only when the route's filter matches. Filters are subscription queries (words, `who:Name`, `~"idea"`),
compiled and matched by the alert layer's own `SubscriptionIndex`, so the two can never disagree. The
outbox keeps one item per channel and story, so a story that arrives from several feeds is still posted
once per channel.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import features as feature_mod
from bot.alerts.match import Sub, SubscriptionIndex
from bot.alerts.tables import ArticleSignature
from bot.clock import as_utc
from bot.store import sources as source_store
from bot.store.tables import ArticleRow, BriefRow, Channel
from summarizer import Brief

logger = logging.getLogger(__name__)


def _index(routes: Sequence[source_store.SourceRoute]) -> SubscriptionIndex:
    subs = [Sub(r.id, r.platform, "route", r.channel_id, "", r.query) for r in routes]
    vectors = {r.id: np.frombuffer(r.vector, dtype="<f4").astype(np.float32) for r in routes if r.vector}
    return SubscriptionIndex(subs, vectors)


async def _features(session: AsyncSession, article: ArticleRow) -> feature_mod.Features | None:
    """The article as the alert matcher sees it, from what was stored with its brief (no model runs here)."""
    row = await session.scalar(select(BriefRow).where(BriefRow.article_id == article.id))
    if row is None:
        return None
    brief = Brief.from_dict(row.data)
    signature = await session.get(ArticleSignature, article.id)
    vector = np.frombuffer(signature.vector, dtype="<f4").astype(np.float32) if signature and signature.vector else None
    entities = feature_mod.merge_entities(
        feature_mod.brief_entities(brief), await feature_mod.stored_entities(session, article.id)
    )
    return feature_mod.compute(article, brief, vector, entities, as_utc(article.updated_at or article.created_at))


async def channels_for(session: AsyncSession, article: ArticleRow, channels: Sequence[Channel]) -> list[Channel]:
    """The candidate `channels` this article's story goes to, by its source's routes and their filters."""
    if article.source_id is None:
        return list(channels)
    routes = (await source_store.routes_by_source(session, [article.source_id])).get(article.source_id, [])
    if not routes:
        return list(channels)
    wanted = [r for r in routes if r.everywhere or any(_same(r, c) for c in channels)]
    filtered = [r for r in wanted if r.query]
    passed = {r.id for r in wanted if not r.query}
    if filtered:
        features = await _features(session, article)
        if features is None:
            logger.warning("article %s has no stored brief; its filtered routes are skipped", article.id)
        else:
            passed |= {hit.subscription.id for hit in _index(filtered).match(features)}
    chosen = [r for r in wanted if r.id in passed]
    if any(r.everywhere for r in chosen):
        return list(channels)
    return [c for c in channels if any(_same(r, c) for r in chosen)]


def _same(route: source_store.SourceRoute, channel: Channel) -> bool:
    return route.platform == channel.platform and route.channel_id == channel.channel_id
