"""`KnowledgeBase`: the knowledge layer's view of one database, an explicit object owned by the service.

`Services.open` creates it (choosing the implementations for the database) and `Services.close` closes it:
- PostgreSQL with pgvector: names through pg_trgm and passages through pgvector; the process keeps nothing
  but the set of common words.
- PostgreSQL without pgvector: names through pg_trgm; passage vectors in this process (`PassageVectors`),
  loaded incrementally by change stamps, so nothing another worker commits is missed.
- SQLite: names and vectors in this process, loaded the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.lookup import MemoryNames, NameLookup, TrigramNames
from bot.knowledge.pgvector import PgvectorPassages, pgvector_installable, pgvector_ready
from bot.knowledge.search import fulltext_search
from bot.knowledge.tables import Passage
from bot.knowledge.vectors import DIM, PassageVectors, dequantize
from bot.store.db import Database

logger = logging.getLogger(__name__)


class Retrieval(Protocol):
    """The two candidate lists of `/ask`: sentences by full text, passages by vector."""

    async def search(
        self,
        session: AsyncSession,
        match: str | None,
        vector: np.ndarray | None,
        text_limit: int,
        vector_limit: int,
        article_id: int | None,
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]: ...

    async def forget(self, ids: list[int]) -> None: ...
    async def close(self) -> None: ...


class InProcessPassages:
    """`Retrieval` with the vectors in this process: full text in the database, then the vector scan."""

    def __init__(self) -> None:
        self.vectors = PassageVectors()

    async def search(
        self,
        session: AsyncSession,
        match: str | None,
        vector: np.ndarray | None,
        text_limit: int,
        vector_limit: int,
        article_id: int | None,
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        text_hits = await fulltext_search(session, match, text_limit, article_id) if match is not None else []
        if vector is None:
            return text_hits, []
        if article_id is not None:
            return text_hits, await _article_passages(session, vector, article_id)
        return text_hits, await self.vectors.search(session, vector, vector_limit)

    async def forget(self, ids: list[int]) -> None:
        await self.vectors.forget(ids)

    async def close(self) -> None:
        await self.vectors.close()


async def _article_passages(session: AsyncSession, vector: np.ndarray, article_id: int) -> list[tuple[int, float]]:
    """Every embedded passage of one article by cosine (a story in scope), read from the database."""
    rows = (
        await session.execute(
            select(Passage.id, Passage.vector).where(Passage.article_id == article_id, Passage.vector.is_not(None))
        )
    ).all()
    if not rows:
        return []
    matrix = dequantize(np.frombuffer(b"".join(r[1] or b"" for r in rows), dtype=np.int8).reshape(len(rows), DIM))
    scores = matrix @ np.asarray(vector, dtype=np.float32)
    return sorted(((int(r[0]), float(s)) for r, s in zip(rows, scores, strict=True)), key=lambda x: -x[1])


@dataclass
class KnowledgeBase:
    """Names and passages for `/who` and `/ask`, and the words known to be too common to retrieve by."""

    names: NameLookup
    passages: Retrieval
    common_terms: set[str] = field(default_factory=set)

    @classmethod
    async def open(cls, db: Database) -> KnowledgeBase:
        """The implementations this database supports (see the module docstring)."""
        if db.dialect != "postgresql":
            return cls(names=MemoryNames(), passages=InProcessPassages())
        async with db.session() as session:
            ready = await pgvector_ready(session)
            installable = not ready and await pgvector_installable(session)
        if ready:
            logger.info("knowledge: pgvector and pg_trgm in PostgreSQL")
            return cls(names=TrigramNames(), passages=PgvectorPassages())
        if installable:
            logger.warning(
                "pgvector is installed but the database was migrated without it: /ask keeps vectors in this "
                "process; see the README (Scaling out) to move them into PostgreSQL"
            )
        else:
            logger.info("knowledge: pg_trgm in PostgreSQL; no pgvector, so passage vectors are kept in this process")
        return cls(names=TrigramNames(), passages=InProcessPassages())

    async def close(self) -> None:
        await self.passages.close()
