"""Passages in pgvector (PostgreSQL): vectors and full text searched in one statement, nothing in the process.

Migration 0007 adds `passages.embedding halfvec(384)`, generated from the int8 `vector` column, with an
HNSW index for cosine distance. Every worker therefore sees every passage the moment it is committed,
in whatever order, and no process loads or scans vectors itself.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from sqlalchemy import Select, Text, bindparam, cast, literal, literal_column, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import UserDefinedType

from bot.knowledge.search import postgres_fulltext
from bot.knowledge.tables import Passage

logger = logging.getLogger(__name__)

DIM = 384


class HalfVec(UserDefinedType[str]):
    """pgvector's `halfvec(384)`, bound from its text form '[x,y,...]'."""

    cache_ok = True

    def get_col_spec(self, **_kw: object) -> str:
        return f"halfvec({DIM})"


EMBEDDING: ColumnClause[Any] = literal_column("passages.embedding")  # added by migration 0007, not mapped


def vector_text(vector: np.ndarray) -> str:
    """pgvector's text input for a vector."""
    return "[" + ",".join(f"{x:.5g}" for x in np.asarray(vector, dtype=np.float32).reshape(-1)) + "]"


async def pgvector_ready(session: AsyncSession) -> bool:
    """Did migration 0007 find pgvector (is `passages.embedding` there)?"""
    count = await session.scalar(
        text(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = 'passages' AND column_name = 'embedding'"
        )
    )
    return bool(count)


async def pgvector_installable(session: AsyncSession) -> bool:
    """Is the extension on the server (so a missing column means it was installed after migrating)?"""
    return bool(await session.scalar(text("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")))


def nearest_passages(vector: np.ndarray, limit: int, article_id: int | None) -> Select[Any]:
    """(passage id, cosine) by the HNSW index: `ORDER BY embedding <=> query LIMIT k`."""
    query = cast(cast(bindparam("query_vector", vector_text(vector)), Text), HalfVec())
    distance = EMBEDDING.op("<=>")(query)
    stmt = select(Passage.id, (1 - distance).label("score")).where(EMBEDDING.is_not(None))
    if article_id is not None:
        stmt = stmt.where(Passage.article_id == article_id)
    return stmt.order_by(distance).limit(limit)


class PgvectorPassages:
    """`Retrieval` on PostgreSQL with pgvector: one statement returns both candidate lists."""

    async def search(
        self,
        session: AsyncSession,
        match: str | None,
        vector: np.ndarray | None,
        text_limit: int,
        vector_limit: int,
        article_id: int | None,
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """(sentence hits, passage hits), each best first, from one round trip."""
        parts = []
        if match is not None:
            sentences = postgres_fulltext(match, text_limit, article_id).subquery()
            parts.append(select(literal("sentence").label("kind"), sentences.c.id, sentences.c.rank.label("score")))
        if vector is not None:
            passages = nearest_passages(vector, vector_limit, article_id).subquery()
            parts.append(select(literal("passage").label("kind"), passages.c.id, passages.c.score))
        if not parts:
            return [], []
        stmt = parts[0] if len(parts) == 1 else union_all(*parts)
        text_hits: list[tuple[int, float]] = []
        passage_hits: list[tuple[int, float]] = []
        for kind, row_id, score in await session.execute(stmt):
            (text_hits if kind == "sentence" else passage_hits).append((int(row_id), float(score)))
        text_hits.sort(key=lambda h: -h[1])
        passage_hits.sort(key=lambda h: -h[1])
        return text_hits, passage_hits

    async def forget(self, ids: list[int]) -> None:
        """Nothing to forget: deleted rows are gone from the index with the rows."""

    async def close(self) -> None:
        """Nothing held."""
