"""What the bot knows from the articles it has read: entities for `/who`, sentences and vectors for `/ask`.

The pipeline calls `index_brief` after storing each brief (same transaction). New passages are embedded
by `embed_pending(context)`, a job for the scheduler (every minute or after each pipeline run); if it
has not run yet, the next `/ask` embeds up to 256 pending passages itself, so answers are never stale.
What the layer keeps between requests is one object, `KnowledgeBase` (`services.caches.knowledge`).
The core calls this package, never the reverse: what a job needs from the running service is
`KnowledgeContext`, which `bot.services.Services` satisfies structurally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from bot.knowledge.index import backfill_stated_roles, index_brief, remove_article
from bot.knowledge.vectors import TextEncoder, embed_pending_passages

if TYPE_CHECKING:
    from bot.store.db import Database


class KnowledgeContext(Protocol):
    """What the knowledge jobs need from the running service: its database and its sentence encoder."""

    @property
    def db(self) -> Database: ...

    @property
    def embedder(self) -> TextEncoder: ...


async def embed_pending(context: KnowledgeContext, batch: int = 256) -> int:
    """Embed every passage stored without a vector; returns how many. Safe to run at any time."""
    return await embed_pending_passages(context.db, context.embedder, batch=batch)


async def backfill_roles(context: KnowledgeContext, batch: int = 64) -> int:
    """Give every mention stored before migration 0008 its stated roles, batch by batch (each batch in its
    own transaction); returns how many. Cheap when there is nothing left (one query on a partial index of
    the pending rows)."""
    done = 0
    while True:
        async with context.db.session() as session:
            count = await backfill_stated_roles(session, limit=batch)
        done += count
        if count < batch:
            return done


__all__ = ["KnowledgeContext", "backfill_roles", "embed_pending", "index_brief", "remove_article"]
