"""Topic alerts and stories across outlets.

`on_briefed` runs inside the transaction that stores a brief (after the knowledge index): it puts the
article into a story and records which subscriptions it matches. Both are committed with the brief or not
at all, so a crash never loses a match nor records one twice. Publishing (`bot.publish`) turns matches
and stories into outbox items and sends them, honouring quiet hours and flood caps.

Modules: `text` (tokens), `query` (boolean grammar), `minhash`, `features`, `stories`, `match`,
`quiet`, `flood`, `outbox`, `compose`, `explain`, `tables`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import features as feature_mod
from bot.alerts import match, outbox, stories
from bot.alerts import tables as tables  # noqa: F401 - registers the models on Base.metadata
from bot.alerts.quiet import as_utc
from bot.services import Services
from bot.store.tables import Article, Story
from summarizer import Brief

logger = logging.getLogger(__name__)

__all__ = ["ensure_story", "on_briefed"]


async def embed(services: Services, text: str) -> np.ndarray | None:
    """The article's MiniLM vector; None (story grouping and semantic alerts degrade) if the model fails."""
    try:
        return (await asyncio.to_thread(services.embedder.encode, [text]))[0]  # off the event loop
    except Exception:  # noqa: BLE001 - a missing model must not stop briefs from being stored
        logger.exception("could not embed an article for alerts; semantic matching is skipped for it")
        return None


async def on_briefed(session: AsyncSession, article: Article, brief: Brief, services: Services) -> None:
    """Called in the transaction that stores a brief, after the knowledge index: group it into a story and
    record the subscriptions it matches."""
    now = as_utc(services.clock())
    vector = await embed(services, feature_mod.semantic_text(article.title or brief.title, brief))
    entities = feature_mod.merge_entities(
        feature_mod.brief_entities(brief), await feature_mod.stored_entities(session, article.id)
    )
    features = feature_mod.compute(article, brief, vector, entities, now)
    decision = await stories.assign(session, article, features, now)
    index = await match.index_for(session, services.caches.subscriptions)
    hits = index.match(features)
    added = await outbox.record_matches(session, hits, decision.story_id, article.id, now)
    if hits:
        logger.info(
            "article %s (story %s) matched %d subscriptions, %d new", article.id, decision.story_id, len(hits), added
        )


async def ensure_story(session: AsyncSession, article: Article, now: datetime) -> int:
    """The article's story; an article briefed before stories existed becomes a story of its own."""
    if article.story_id is not None:
        return article.story_id
    story = Story(title=article.title[:1024], source_count=1, created_at=now, updated_at=now)
    session.add(story)
    await session.flush()
    article.story_id = story.id
    return story.id
