"""What the bot knows from the articles it has read: entities for `/who`, sentences and vectors for `/ask`.

The pipeline calls `index_brief` after storing each brief (same transaction). New passages are embedded
by `embed_pending(services)`, a job for the scheduler (every minute or after each pipeline run); if it
has not run yet, the next `/ask` embeds up to 256 pending passages itself, so answers are never stale.
What the layer keeps between requests is one object, `KnowledgeBase` (`services.caches.knowledge`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.knowledge.index import index_brief, remove_article
from bot.knowledge.vectors import embed_pending_passages

if TYPE_CHECKING:
    from bot.services import Services


async def embed_pending(services: Services, batch: int = 256) -> int:
    """Embed every passage stored without a vector; returns how many. Safe to run at any time."""
    return await embed_pending_passages(services.db, services.embedder, batch=batch)


__all__ = ["embed_pending", "index_brief", "remove_article"]
