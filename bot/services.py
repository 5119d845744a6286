"""What command handlers and jobs share: the settings, the database, the clock and the lazily loaded models."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.settings import Settings
from bot.store.db import Database

if TYPE_CHECKING:
    import numpy as np

    from bot.llm import LLMWriter

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Embedder:
    """MiniLM sentence embeddings, sharing the summariser's one copy of the model (loaded on first use)."""

    def __init__(self, threads: int = 1) -> None:
        self._threads = threads

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text (dot product = cosine similarity)."""
        from summarizer.nlp_models import embed_texts

        return embed_texts(texts, self._threads)


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = utc_now
    embedder: Embedder = field(default_factory=Embedder)
    # The LLM summary writer (its circuit breaker and cache), made on first use when the backend is "llm".
    llm_writer: LLMWriter | None = None
