"""The vector index over passages, behind a small interface, persisted in the database.

Vectors are MiniLM embeddings quantised to int8 (scaled per vector so the cosine is unchanged, 384 bytes
each) and stored in `passages.vector`: a restart reloads them and never re-embeds. The in-memory index is
rebuilt from those rows on first use and kept in step incrementally (`PassageVectors.refresh`).

Measured at 100,000 generated articles (~470,000 passages, one core): an exact int8 scan with usearch's
SIMD kernels takes ~35 ms and 180 MB, numpy float32 ~40 ms and 720 MB, and an HNSW graph answers in
< 1 ms but takes minutes to build single-threaded. So `ExactIndex` is the default, exact at any size
that fits the `/ask` budget, and `HnswIndex` (same library) takes over past `HNSW_THRESHOLD` passages.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from pathlib import Path
from typing import Protocol

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.tables import Passage
from bot.store.db import Database
from bot.store.tables import Sentence

logger = logging.getLogger(__name__)

DIM = 384
HNSW_THRESHOLD = 2_000_000
LOAD_CHUNK = 50_000

try:  # optional: SIMD int8 kernels and HNSW; numpy does the exact scan without it
    from usearch.index import Index as _UsearchIndex
    from usearch.index import MetricKind as _MetricKind
    from usearch.index import search as _usearch_exact
except ImportError:  # pragma: no cover - depends on the environment
    _UsearchIndex = None
    _usearch_exact = None


class Embedder(Protocol):
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
    """What `/ask` needs from a vector index: add, remove, nearest neighbours, size, save."""

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...
    def remove(self, ids: list[int]) -> None: ...
    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]: ...
    def __len__(self) -> int: ...
    def save(self, path: Path) -> None: ...


class ExactIndex:
    """Exact cosine search over int8 rows: usearch's SIMD scan when installed, numpy otherwise."""

    def __init__(self) -> None:
        self._vectors = np.zeros((0, DIM), dtype=np.int8)
        self._ids = np.zeros(0, dtype=np.int64)
        self._size = 0
        self._removed: set[int] = set()

    def __len__(self) -> int:
        return self._size - len(self._removed)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.int64)
        need = self._size + len(ids)
        if need > len(self._ids):
            capacity = max(need, int(len(self._ids) * 1.5), 1024)
            grown = np.zeros((capacity, DIM), dtype=np.int8)
            grown[: self._size] = self._vectors[: self._size]
            grown_ids = np.zeros(capacity, dtype=np.int64)
            grown_ids[: self._size] = self._ids[: self._size]
            self._vectors, self._ids = grown, grown_ids
        self._vectors[self._size : need] = vectors
        self._ids[self._size : need] = ids
        self._size = need
        self._removed.difference_update(int(i) for i in ids)

    def remove(self, ids: list[int]) -> None:
        self._removed.update(ids)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if self._size == 0:
            return []
        want = min(k + len(self._removed), self._size)
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
        hits = [(int(self._ids[r]), float(s)) for r, s in zip(rows, scores, strict=True)]
        return [(i, s) for i, s in hits if i not in self._removed][:k]

    def save(self, path: Path) -> None:
        """Nothing to do: the rows in `passages.vector` are the persisted form, reloaded in seconds."""

    def export(self) -> tuple[np.ndarray, np.ndarray]:
        live = np.array([int(i) not in self._removed for i in self._ids[: self._size]], dtype=bool)
        return self._ids[: self._size][live], self._vectors[: self._size][live]


class HnswIndex:
    """Approximate search (usearch HNSW over int8) for stores too big for an exact scan; saved to a file."""

    def __init__(self, path: Path | None = None) -> None:
        if _UsearchIndex is None:
            raise RuntimeError("HnswIndex needs the usearch package")
        self._index = _UsearchIndex(
            ndim=DIM, metric="cos", dtype="i8", connectivity=16, expansion_add=64, expansion_search=96
        )
        if path is not None and path.exists():
            self._index.load(str(path))

    def __len__(self) -> int:
        return len(self._index)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        ids = np.asarray(ids, dtype=np.uint64)
        fresh = np.array([not self._index.contains(int(i)) for i in ids], dtype=bool)
        if fresh.any():
            self._index.add(ids[fresh], vectors[fresh], threads=1)

    def remove(self, ids: list[int]) -> None:
        for i in ids:
            if self._index.contains(i):
                self._index.remove(i)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        found = self._index.search(query.astype(np.float32), k, threads=1)
        return [(int(i), 1.0 - float(d)) for i, d in zip(found.keys, found.distances, strict=True)]

    def save(self, path: Path) -> None:
        self._index.save(str(path))


class PassageVectors:
    """The process's view of `passages.vector`: loads what is new, embeds what is pending, searches."""

    def __init__(self, hnsw_threshold: int = HNSW_THRESHOLD, hnsw_path: Path | None = None) -> None:
        self.index: VectorIndex = ExactIndex()
        self.loaded_up_to = 0  # highest passage id already in the index
        self.hnsw_threshold = hnsw_threshold
        self.hnsw_path = hnsw_path
        self.lock = asyncio.Lock()

    async def refresh(self, session: AsyncSession) -> int:
        """Load vectors stored since the last refresh (by this or another process); returns how many."""
        total = 0
        while True:
            rows = (
                await session.execute(
                    select(Passage.id, Passage.vector)
                    .where(Passage.id > self.loaded_up_to, Passage.vector.is_not(None))
                    .order_by(Passage.id)
                    .limit(LOAD_CHUNK)
                )
            ).all()
            if not rows:
                break
            ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.int8).reshape(len(rows), DIM)
            self.index.add(ids, vectors)
            self.loaded_up_to = int(ids[-1])
            total += len(rows)
        if total:
            self._maybe_upgrade()
        return total

    def _maybe_upgrade(self) -> None:
        if isinstance(self.index, ExactIndex) and len(self.index) > self.hnsw_threshold and _UsearchIndex:
            logger.info("switching the vector index to HNSW at %d passages", len(self.index))
            ids, vectors = self.index.export()
            hnsw = HnswIndex()
            hnsw.add(ids, vectors)
            self.index = hnsw

    async def embed_pending(self, session: AsyncSession, embedder: Embedder, limit: int = 512) -> int:
        """Embed up to `limit` passages that have no vector yet, store them, add them to the index."""
        await self.refresh(session)  # first, so the watermark below never skips a stored vector
        pending = (
            await session.execute(
                select(Passage.id, Passage.article_id, Passage.first_position, Passage.last_position)
                .where(Passage.vector.is_(None))
                .order_by(Passage.id)
                .limit(limit)
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
            " ".join(texts.get((a, pos), "") for pos in range(first, last + 1)).strip()
            for _pid, a, first, last in pending
        ]
        vectors = quantize(await asyncio.to_thread(embedder.encode, passages))
        for (pid, *_rest), vector in zip(pending, vectors, strict=True):
            await session.execute(update(Passage).where(Passage.id == pid).values(vector=vector.tobytes()))
        ids = np.array([p[0] for p in pending], dtype=np.int64)
        self.index.add(ids, vectors)
        self.loaded_up_to = max(self.loaded_up_to, int(ids.max()))
        return len(pending)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self.index.search(np.asarray(query, dtype=np.float32).reshape(DIM), k)


_BY_DATABASE: weakref.WeakKeyDictionary[Database, PassageVectors] = weakref.WeakKeyDictionary()


def vectors_for(db: Database) -> PassageVectors:
    """One `PassageVectors` per open database, shared by every command and job of the process."""
    found = _BY_DATABASE.get(db)
    if found is None:
        found = _BY_DATABASE[db] = PassageVectors()
    return found


async def embed_pending_passages(
    db: Database, embedder: Embedder, batch: int = 256, max_batches: int | None = None
) -> int:
    """Embed every pending passage, batch by batch, each batch in its own short transaction."""
    vectors = vectors_for(db)
    done = 0
    batches = 0
    async with vectors.lock:
        while max_batches is None or batches < max_batches:
            async with db.session() as session:
                count = await vectors.embed_pending(session, embedder, limit=batch)
            done += count
            batches += 1
            if count < batch:
                break
    if done:
        logger.info("embedded %d passages", done)
    return done
