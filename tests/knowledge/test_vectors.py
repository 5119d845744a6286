"""The vector index: int8 vectors keep their cosine, search is exact, and a restart never re-embeds."""

from __future__ import annotations

import numpy as np

from bot.knowledge.testing import store_briefed_article
from bot.knowledge.vectors import ExactIndex, PassageVectors, dequantize, embed_pending_passages, quantize, vectors_for
from bot.store.db import Database
from tests.knowledge.support import seed_brief


class CountingEmbedder:
    """A deterministic stand-in for MiniLM that counts what it is asked to embed."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        rng = [np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(384) for t in texts]
        vectors = np.array(rng, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _unit(rows: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((rows, 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_int8_quantisation_keeps_cosine_within_a_hundredth() -> None:
    a, b = _unit(2)
    qa, qb = dequantize(quantize(np.stack([a, b])))
    assert abs(float(a @ b) - float(qa @ qb)) < 0.01


def test_exact_index_finds_the_nearest_and_forgets_removed_ids() -> None:
    vectors = _unit(500, seed=1)
    index = ExactIndex()
    index.add(np.arange(1000, 1500), quantize(vectors))
    assert index.search(vectors[42], 1)[0][0] == 1042
    assert index.search(vectors[42], 1)[0][1] > 0.98
    index.remove([1042])
    assert 1042 not in [i for i, _ in index.search(vectors[42], 5)]
    assert len(index) == 499


async def test_pending_passages_are_embedded_once_and_reloaded_after_a_restart(db: Database) -> None:
    async with db.session() as s:
        await store_briefed_article(s, seed_brief())
    embedder = CountingEmbedder()
    assert await embed_pending_passages(db, embedder) == 5
    assert await embed_pending_passages(db, embedder) == 0
    assert embedder.calls == 5
    query = embedder.encode(["probe"])[0]
    before = vectors_for(db).search(query, 3)

    restarted = PassageVectors()  # a new process: vectors come from the database, not the model
    async with db.session() as s:
        assert await restarted.refresh(s) == 5
    assert embedder.calls == 6
    assert [i for i, _ in restarted.search(query, 3)] == [i for i, _ in before]
