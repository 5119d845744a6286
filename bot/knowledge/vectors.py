"""The in-process vector index over passages (SQLite, and PostgreSQL without pgvector).

Vectors are MiniLM embeddings quantised to int8 (scaled per vector so the cosine is unchanged, 384 bytes
each) and stored in `passages.vector`: a restart reloads them and never re-embeds. `PassageVectors` loads
them on first use and then only the rows stamped since its last look (`bot/knowledge/changes.py`), so a
passage another process commits late, embeds later or stores under a reused id is never missed.

Measured at 100,000 generated articles (~470,000 passages, one core): an exact int8 scan with usearch's
SIMD kernels takes ~35 ms and 180 MB, numpy float32 ~40 ms and 720 MB, and an HNSW graph answers in
< 1 ms but takes minutes to build single-threaded. So `ExactIndex` is the default, exact at any size
that fits the `/ask` budget, and `HnswIndex` (same library) takes over past `HNSW_THRESHOLD` passages.
Both the scan and the HNSW build run in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Protocol

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.changes import Watermark
from bot.knowledge.tables import Passage
from bot.store.db import Database
from bot.store.tables import Sentence

logger = logging.getLogger(__name__)

DIM = 384
HNSW_THRESHOLD = 2_000_000
LOAD_CHUNK = 50_000
BUILD_CHUNK = 20_000  # vectors added to a new HNSW graph between checks for a close

try:  # optional: SIMD int8 kernels and HNSW; numpy does the exact scan without it
    from usearch.index import Index as _UsearchIndex
    from usearch.index import MetricKind as _MetricKind
    from usearch.index import search as _usearch_exact
except ImportError:  # pragma: no cover - depends on the environment
    _UsearchIndex = None  # type: ignore[assignment, misc]
    _usearch_exact = None  # type: ignore[assignment]


class TextEncoder(Protocol):
    """Turns texts into unit vectors, one row per text (`bot.services.Embedder` is the MiniLM one)."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


def quantize(vectors: np.ndarray) -> np.ndarray:
    """float vectors → int8, each row scaled so its largest component is ±127 (cosine is scale-free)."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIM)
    peak = np.abs(vectors).max(axis=1, keepdims=True)
    peak[peak == 0] = 1.0
    return np.round(vectors / peak * 127.0).astype(np.int8)


def dequantize(vectors: np.ndarray) -> np.ndarray:
    """int8 rows → unit float32 rows."""
    out = vectors.astype(np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


class VectorIndex(Protocol):
    """What `/ask` needs from a vector index: add (or replace), remove, nearest neighbours, size."""

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...
    def remove(self, ids: list[int]) -> None: ...
    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]: ...
    def __len__(self) -> int: ...


class ExactIndex:
    """Exact cosine search over int8 rows: usearch's SIMD scan when installed, numpy otherwise.

    Re-adding an id replaces its vector in place (a re-embedded passage, or SQLite reusing an id)."""

    def __init__(self) -> None:
        self._vectors = np.zeros((0, DIM), dtype=np.int8)
        self._ids = np.zeros(0, dtype=np.int64)
        self._live = np.zeros(0, dtype=bool)
        self._row_of: dict[int, int] = {}
        self._size = 0

    def __len__(self) -> int:
        return len(self._row_of)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        vectors = np.asarray(vectors, dtype=np.int8).reshape(-1, DIM)
        fresh = []
        for i, passage_id in enumerate(ids.tolist()):
            row = self._row_of.get(passage_id)
            if row is None:
                fresh.append(i)
            else:
                self._vectors[row] = vectors[i]
        if not fresh:
            return
        need = self._size + len(fresh)
        if need > len(self._ids):
            capacity = max(need, int(len(self._ids) * 1.5), 1024)
            grown = np.zeros((capacity, DIM), dtype=np.int8)
            grown[: self._size] = self._vectors[: self._size]
            grown_ids = np.zeros(capacity, dtype=np.int64)
            grown_ids[: self._size] = self._ids[: self._size]
            grown_live = np.zeros(capacity, dtype=bool)
            grown_live[: self._size] = self._live[: self._size]
            self._vectors, self._ids, self._live = grown, grown_ids, grown_live
        rows = np.arange(self._size, need)
        self._vectors[rows] = vectors[fresh]
        self._ids[rows] = ids[fresh]
        self._live[rows] = True
        self._row_of.update(zip(ids[fresh].tolist(), rows.tolist(), strict=True))
        self._size = need

    def remove(self, ids: list[int]) -> None:
        for passage_id in ids:
            row = self._row_of.pop(int(passage_id), None)
            if row is not None:
                self._live[row] = False

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not self._row_of:
            return []
        dead = self._size - len(self._row_of)
        want = min(k + dead, self._size)
        data = self._vectors[: self._size]
        if _usearch_exact is not None:
            found = _usearch_exact(data, quantize(query)[0], want, _MetricKind.Cos, exact=True, threads=1)
            rows, scores = found.keys.astype(np.int64), 1.0 - found.distances
        else:
            sims = np.empty(self._size, dtype=np.float32)
            for start in range(0, self._size, LOAD_CHUNK):
                sims[start : start + LOAD_CHUNK] = dequantize(data[start : start + LOAD_CHUNK]) @ query
            rows = np.argpartition(-sims, want - 1)[:want]
            rows = rows[np.argsort(-sims[rows])]
            scores = sims[rows]
        live = self._live[rows]
        return [(int(self._ids[r]), float(s)) for r, s in zip(rows[live], scores[live], strict=True)][:k]

    def export(self) -> tuple[np.ndarray, np.ndarray]:
        live = self._live[: self._size]
        return self._ids[: self._size][live].copy(), self._vectors[: self._size][live].copy()


class HnswIndex:
    """Approximate search (usearch HNSW over int8) for stores too big for an exact scan."""

    def __init__(self) -> None:
        if _UsearchIndex is None:
            raise RuntimeError("HnswIndex needs the usearch package")
        self._index = _UsearchIndex(
            ndim=DIM, metric="cos", dtype="i8", connectivity=16, expansion_add=64, expansion_search=96
        )

    def __len__(self) -> int:
        return len(self._index)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.uint64)
        present = [int(i) for i in ids if self._index.contains(int(i))]
        if present:  # replace: usearch keeps one vector per key only if the old one goes first
            self.remove(present)
        if len(ids):
            self._index.add(ids, np.asarray(vectors, dtype=np.int8).reshape(-1, DIM), threads=1)

    def remove(self, ids: list[int]) -> None:
        for i in ids:
            if self._index.contains(int(i)):
                self._index.remove(int(i))

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        found = self._index.search(query.astype(np.float32), k, threads=1)
        return [(int(i), 1.0 - float(d)) for i, d in zip(found.keys, found.distances, strict=True)]


def build_hnsw(ids: np.ndarray, vectors: np.ndarray, stop: threading.Event) -> HnswIndex | None:
    """A new HNSW graph over these vectors, built chunk by chunk (None if `stop` is set meanwhile).

    Runs in a worker thread: minutes at millions of passages, so never on the event loop."""
    hnsw = HnswIndex()
    for start in range(0, len(ids), BUILD_CHUNK):
        if stop.is_set():
            return None
        hnsw.add(ids[start : start + BUILD_CHUNK], vectors[start : start + BUILD_CHUNK])
    return hnsw


class PassageVectors:
    """This process's index of `passages.vector`: loads what changed, searches off the event loop.

    One lock orders loading, searching and the swap to HNSW; the scan itself runs in a worker thread, so
    `/who` and everything else on the loop keeps answering while `/ask` scans."""

    def __init__(self, hnsw_threshold: int = HNSW_THRESHOLD) -> None:
        self.index: VectorIndex = ExactIndex()
        self.watermark = Watermark()
        self.hnsw_threshold = hnsw_threshold
        self.lock = asyncio.Lock()
        self._build: asyncio.Future[HnswIndex | None] | None = None
        self._stop_build = threading.Event()
        self._since_build: list[tuple[np.ndarray, np.ndarray] | list[int]] = []

    async def refresh(self, session: AsyncSession) -> int:
        """Load the vectors stored or changed since the last refresh (by any process); returns how many."""
        horizon = await Watermark.horizon(session)
        total = 0
        changed = await session.stream(
            select(Passage.id, Passage.vector).where(self.watermark.since(session, "passages"))
        )  # by the `changed` index: only the new rows are read, streamed in chunks on a first load
        async for rows in changed.partitions(LOAD_CHUNK):
            embedded = [r for r in rows if r[1] is not None]
            if embedded:
                ids = np.fromiter((r[0] for r in embedded), dtype=np.int64, count=len(embedded))
                blob = b"".join(r[1] or b"" for r in embedded)
                self._add(ids, np.frombuffer(blob, dtype=np.int8).reshape(len(embedded), DIM))
            pending = [int(r[0]) for r in rows if r[1] is None]
            if pending:  # a reused id now pending: its old vector must not answer for it
                self._remove(pending)
            total += len(embedded)
        self.watermark.low = max(self.watermark.low, horizon)
        self._maybe_upgrade()
        return total

    def _add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        self.index.add(ids, vectors)
        if self._build is not None:
            self._since_build.append((ids, vectors))

    def _remove(self, ids: list[int]) -> None:
        self.index.remove(ids)
        if self._build is not None:
            self._since_build.append(ids)

    async def forget(self, ids: list[int]) -> None:
        """Passages found deleted since they were loaded: drop them from the index."""
        async with self.lock:
            self._remove(ids)

    def _maybe_upgrade(self) -> None:
        """Past the threshold, build an HNSW graph in a worker thread; swap to it once it is built."""
        if self._build is not None and self._build.done():
            built = self._build.result()
            self._build = None
            if built is not None:
                for change in self._since_build:  # what arrived while it was being built
                    if isinstance(change, tuple):
                        built.add(*change)
                    else:
                        built.remove(change)
                self.index = built
                logger.info("the vector index is now HNSW (%d passages)", len(built))
            self._since_build = []
            return
        if (
            self._build is None
            and isinstance(self.index, ExactIndex)
            and len(self.index) > self.hnsw_threshold
            and _UsearchIndex is not None
        ):
            logger.info("building an HNSW vector index over %d passages in the background", len(self.index))
            ids, vectors = self.index.export()
            self._since_build = []
            self._build = asyncio.ensure_future(asyncio.to_thread(build_hnsw, ids, vectors, self._stop_build))

    async def search(self, session: AsyncSession, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest passages, after loading what changed; the scan runs in a worker thread."""
        query = np.asarray(query, dtype=np.float32).reshape(DIM)
        async with self.lock:
            await self.refresh(session)
            return await asyncio.to_thread(self.index.search, query, k)

    async def close(self) -> None:
        """Stop a background HNSW build (it checks between chunks) and wait for its thread."""
        self._stop_build.set()
        if self._build is not None:
            await asyncio.gather(self._build, return_exceptions=True)
            self._build = None


async def embed_pending_passages(
    db: Database, embedder: TextEncoder, batch: int = 256, max_batches: int | None = None
) -> int:
    """Embed every passage stored without a vector, batch by batch, each batch in its own transaction.

    Only the database is written: every process's index (or pgvector) picks the vectors up from there.
    On PostgreSQL the batch is claimed with SKIP LOCKED, so two workers never embed the same passages."""
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        async with db.session() as session:
            count = await embed_pending(session, embedder, limit=batch)
        done += count
        batches += 1
        if count < batch:
            break
    if done:
        logger.info("embedded %d passages", done)
    return done


async def embed_pending(session: AsyncSession, embedder: TextEncoder, limit: int = 512) -> int:
    """Embed up to `limit` passages that have no vector yet and store their vectors."""
    pending = (
        await session.execute(
            select(Passage.id, Passage.article_id, Passage.first_position, Passage.last_position)
            .where(Passage.vector.is_(None))
            .order_by(Passage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not pending:
        return 0
    article_ids = sorted({p[1] for p in pending})
    texts: dict[tuple[int, int], str] = {
        (a, pos): t
        for a, pos, t in (
            await session.execute(
                select(Sentence.article_id, Sentence.position, Sentence.text).where(
                    Sentence.article_id.in_(article_ids)
                )
            )
        )
    }
    passages = [
        " ".join(texts.get((a, pos), "") for pos in range(first, last + 1)).strip() for _pid, a, first, last in pending
    ]
    vectors = quantize(await asyncio.to_thread(embedder.encode, passages))
    for (pid, *_rest), vector in zip(pending, vectors, strict=True):
        await session.execute(update(Passage).where(Passage.id == pid).values(vector=vector.tobytes()))
    return len(pending)
