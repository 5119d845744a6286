"""Topic alerts and stories across outlets.

`on_briefed` runs inside the transaction that stores a brief (after the knowledge index): it puts the
article into a story and records which subscriptions it matches. Both are committed with the brief or not
at all, so a crash never loses a match nor records one twice. Delivery (`bot.delivery`) turns matches
and stories into outbox items and sends them, honouring quiet hours and flood caps.

Modules: `text` (tokens), `query` (boolean grammar), `minhash`, `features`, `stories`, `match`, `explain`,
`tables`. Alerts import neither the core nor delivery: `on_briefed` takes whatever has the three things it
needs (`AlertContext`; the service's `Services` has them).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import features as feature_mod
from bot.alerts import match, stories
from bot.alerts import tables as tables  # noqa: F401 - registers the models on Base.metadata
from bot.clock import as_utc
from bot.knowledge.vectors import TextEncoder
from bot.memo import Memo
from bot.settings import Settings
from bot.store.tables import ArticleRow, Story
from summarizer import Brief

logger = logging.getLogger(__name__)

__all__ = ["AlertContext", "ensure_story", "on_briefed"]


class SubscriptionCache(Protocol):
    @property
    def subscriptions(self) -> Memo[match.SubscriptionIndex]: ...


class AlertContext(Protocol):
    """What alerts need from the running service: its settings, its clock, its sentence encoder, and the
    memo of the compiled subscriptions (`bot.services.Services` is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    @property
    def embedder(self) -> TextEncoder: ...

    @property
    def caches(self) -> SubscriptionCache: ...


async def embed(services: AlertContext, text: str) -> np.ndarray | None:
    """The article's MiniLM vector; None (story grouping and semantic alerts degrade) if the model fails."""
    try:
        return (await asyncio.to_thread(services.embedder.encode, [text]))[0]  # off the event loop
    except Exception:  # noqa: BLE001 - a missing model must not stop briefs from being stored
        logger.exception("could not embed an article for alerts; semantic matching is skipped for it")
        return None


async def on_briefed(session: AsyncSession, article: ArticleRow, brief: Brief, services: AlertContext) -> None:
    """Called in the transaction that stores a brief, after the knowledge index: group it into a story and
    record the subscriptions it matches."""
    now = as_utc(services.clock())
    vector = await embed(services, feature_mod.semantic_text(article.title or brief.title, brief))
    entities = feature_mod.merge_entities(
        feature_mod.brief_entities(brief), await feature_mod.stored_entities(session, article.id)
    )
    features = feature_mod.compute(article, brief, vector, entities, now)
    decision = await stories.assign(session, article, features, now, services.settings.stories)
    index = await match.index_for(session, services.caches.subscriptions)
    hits = index.match(features)
    added = await match.record_matches(session, hits, decision.story_id, article.id, now)
    if hits:
        logger.info(
            "article %s (story %s) matched %d subscriptions, %d new", article.id, decision.story_id, len(hits), added
        )


async def ensure_story(session: AsyncSession, article: ArticleRow, now: datetime) -> int:
    """The article's story; an article briefed before stories existed becomes a story of its own."""
    if article.story_id is not None:
        return article.story_id
    story = Story(title=article.title[:1024], source_count=1, created_at=now, updated_at=now)
    session.add(story)
    await session.flush()
    article.story_id = story.id
    return story.id
