"""What command handlers and jobs share: the settings, the database, the clock, the models and the caches.

`Services.open` creates them together and `Services.close` closes them together: nothing derived from the
database lives in module state, so two services in one process (two databases, or a test's two workers)
never share a cache by accident.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.clock import utc_now
from bot.knowledge.base import KnowledgeBase
from bot.memo import Memo
from bot.metrics import Metrics
from bot.settings import Settings
from bot.store.db import Database

if TYPE_CHECKING:
    import numpy as np

    from bot.alerts.match import SubscriptionIndex
    from bot.llm import LLMWriter

logger = logging.getLogger(__name__)


class Embedder:
    """MiniLM sentence embeddings, sharing the summariser's one copy of the model (loaded on first use)."""

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text (dot product = cosine similarity)."""
        from summarizer.nlp_models import embed_texts

        return embed_texts(texts, self._threads)


@dataclass
class Caches:
    """What this process derives from the database and keeps between requests; all of it can be rebuilt
    from the database, and none of it may be trusted past what the database says (each checks first)."""

    knowledge: KnowledgeBase
    subscriptions: Memo[SubscriptionIndex] = field(default_factory=Memo)  # alerts' compiled subscriptions

    @classmethod
    async def open(cls, db: Database) -> Caches:
        return cls(knowledge=await KnowledgeBase.open(db))

    async def close(self) -> None:
        await self.knowledge.close()


@dataclass
class Services:
    settings: Settings
    db: Database
    caches: Caches
    clock: Callable[[], datetime] = utc_now
    embedder: Embedder = field(default_factory=Embedder)
    metrics: Metrics = field(default_factory=Metrics)  # this service's own registry, for /metrics
    # The LLM summary writer (its circuit breaker and cache), made on first use when the backend is "llm".
    llm_writer: LLMWriter | None = None

    @classmethod
    async def open(
        cls, settings: Settings, clock: Callable[[], datetime] = utc_now, embedder: Embedder | None = None
    ) -> Services:
        """Open (and migrate) the configured database and create the caches that go with it."""
        db = await Database.open(
            settings.database.url,
            pool_size=settings.database.pool_size,
            hung_after_s=settings.database.hung_after_seconds,
        )
        try:
            caches = await Caches.open(db)
        except BaseException:
            await db.close()
            raise
        return cls(
            settings=settings,
            db=db,
            caches=caches,
            clock=clock,
            embedder=embedder or Embedder(settings.summarizer.torch_threads),
        )

    async def close(self) -> None:
        """Close the caches (stopping any background index build), then the database."""
        try:
            await self.caches.close()
        finally:
            await self.db.close()
