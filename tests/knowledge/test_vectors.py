"""The in-process vector index: int8 vectors keep their cosine, search is exact, a restart never re-embeds,
and every change another process stores is loaded, whatever its id."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from sqlalchemy import delete, select

from bot.knowledge.tables import Passage
from bot.knowledge.vectors import (
    ExactIndex,
    HnswIndex,
    PassageVectors,
    dequantize,
    embed_pending_passages,
    quantize,
)
from bot.store.db import Database
from tests.knowledge.support import make_brief, seed_brief
from tests.stored_briefs import store_briefed_article


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


def test_adding_an_id_again_replaces_its_vector() -> None:
    vectors = _unit(3, seed=2)
    index = ExactIndex()
    index.add(np.array([7, 8]), quantize(vectors[:2]))
    index.add(np.array([7]), quantize(vectors[2:]))  # passage 7 re-embedded (or its id reused)
    assert len(index) == 2
    assert index.search(vectors[2], 1)[0][0] == 7
    assert 7 not in [i for i, s in index.search(vectors[0], 2) if s > 0.9]


async def test_pending_passages_are_embedded_once_and_reloaded_after_a_restart(db: Database) -> None:
    async with db.session() as s:
        await store_briefed_article(s, seed_brief())
    embedder = CountingEmbedder()
    assert await embed_pending_passages(db, embedder) == 5
    assert await embed_pending_passages(db, embedder) == 0
    assert embedder.calls == 5
    query = embedder.encode(["probe"])[0]
    running = PassageVectors()
    async with db.session() as s:
        before = await running.search(s, query, 3)

    restarted = PassageVectors()  # a new process: vectors come from the database, not the model
    async with db.session() as s:
        assert await restarted.refresh(s) == 5
        after = await restarted.search(s, query, 3)
    assert embedder.calls == 6
    assert [i for i, _ in after] == [i for i, _ in before]


async def test_a_lower_id_embedded_later_and_a_reused_id_are_both_loaded(db: Database) -> None:
    """The two ways an id watermark loses passages: an early id whose vector arrives late (another
    worker's embedding job) and, on SQLite, the highest id reused after a re-brief deleted it."""
    embedder = CountingEmbedder()
    reader = PassageVectors()
    async with db.session() as s:
        early = await store_briefed_article(s, make_brief("Early", ["Alpha one.", "Alpha two."]))  # pending
        late = await store_briefed_article(s, make_brief("Late", ["Beta one.", "Beta two."]), embedder=embedder)
    async with db.session() as s:
        assert await reader.refresh(s) == 1  # only the embedded one
    await embed_pending_passages(db, embedder)  # the early passage gets its vector now
    async with db.session() as s:
        early_vector = await s.scalar(select(Passage.vector).where(Passage.article_id == early.id))
        hit = await reader.search(s, dequantize(np.frombuffer(early_vector, np.int8).reshape(1, -1))[0], 1)
    early_passage = await _passage_of(db, early.id)
    assert hit[0][0] == early_passage

    late_passage = await _passage_of(db, late.id)
    async with db.session() as s:  # re-brief "Late": its passage is deleted and a new one stored
        await s.execute(delete(Passage).where(Passage.article_id == late.id))
        s.add(Passage(article_id=late.id, first_position=0, last_position=1, vector=quantize(_unit(1, 9))[0].tobytes()))
    async with db.session() as s:
        found = await reader.search(s, _unit(1, 9)[0], 1)
    assert found[0][1] > 0.98
    assert found[0][0] == await _passage_of(db, late.id)
    if db.dialect == "sqlite":
        assert found[0][0] == late_passage  # the reused id, now with its new vector


async def _passage_of(db: Database, article_id: int) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(Passage.id).where(Passage.article_id == article_id)) or 0)


async def test_the_scan_runs_off_the_event_loop_so_other_commands_keep_answering(db: Database) -> None:
    if db.dialect != "sqlite":
        pytest.skip("the same code on every database; once is enough")
    index = ExactIndex()
    rng = np.random.default_rng(4)
    for start in range(0, 120_000, 40_000):
        index.add(np.arange(start, start + 40_000), rng.integers(-127, 128, (40_000, 384), dtype=np.int8))
    ticks = 0
    during_scans = 0

    class Watched:
        """The index, counting how often the loop ran other work while a scan was running."""

        def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
            nonlocal during_scans
            before = ticks
            found = index.search(query, k)
            during_scans += ticks - before  # stays 0 if the scan holds the loop
            return found

    vectors = PassageVectors()
    vectors.index = Watched()  # type: ignore[assignment]
    scanning = True

    async def other_work() -> None:  # stands for `/who` and the adapters' heartbeats
        nonlocal ticks
        while scanning:
            ticks += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(other_work())
    async with db.session() as s:
        for _ in range(3):
            assert len(await vectors.search(s, _unit(1, 7)[0], 20)) == 20
    scanning = False
    await other
    assert during_scans > 0


async def test_past_the_threshold_an_hnsw_graph_is_built_in_the_background_and_keeps_what_arrived(
    db: Database,
) -> None:
    if db.dialect != "sqlite":
        pytest.skip("the same code on every database; once is enough")
    vectors = PassageVectors(hnsw_threshold=100)
    data = _unit(301, seed=6)
    vectors.index.add(np.arange(300), quantize(data[:300]))
    async with db.session() as s:
        await vectors.refresh(s)  # starts the build in a worker thread and returns at once
        assert isinstance(vectors.index, ExactIndex) and vectors._build is not None
        vectors._add(np.array([300]), quantize(data[300:]))  # arrives while the graph is built
        await vectors._build
        await vectors.refresh(s)  # swaps
        assert isinstance(vectors.index, HnswIndex)
        assert (await vectors.search(s, data[300], 1))[0][0] == 300
        assert (await vectors.search(s, data[42], 1))[0][0] == 42
