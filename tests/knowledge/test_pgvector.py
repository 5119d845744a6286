"""The pgvector path (PostgreSQL with the `vector` extension, from the embedded server): vectors live in
`passages.embedding`, the HNSW index answers, and `/ask` gets both candidate lists from one statement."""

from __future__ import annotations

from collections.abc import AsyncIterator

import numpy as np
import pytest
from sqlalchemy import event, select, text

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.lookup import TrigramNames
from bot.knowledge.pgvector import PgvectorPassages, nearest_passages
from bot.knowledge.tables import Passage
from bot.knowledge.vectors import dequantize, quantize
from bot.store.db import Database
from tests.conftest import throwaway_database
from tests.knowledge.support import make_brief, person, seed_brief
from tests.stored_briefs import store_briefed_article


@pytest.fixture
async def pgvector_db(pgvector_server: str) -> AsyncIterator[Database]:
    async with throwaway_database(pgvector_server) as url:
        database = await Database.open(url)
        try:
            yield database
        finally:
            await database.close()


def _unit(rows: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((rows, 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


async def test_the_service_uses_pgvector_and_pg_trgm_when_the_extension_is_there(pgvector_db: Database) -> None:
    knowledge = await KnowledgeBase.open(pgvector_db)
    assert isinstance(knowledge.passages, PgvectorPassages)
    assert isinstance(knowledge.names, TrigramNames)
    async with pgvector_db.session() as s:
        versions = dict((await s.execute(text("SELECT extname, extversion FROM pg_extension"))).all())
    assert {"vector", "pg_trgm"} <= set(versions)


async def test_the_embedding_column_is_the_stored_int8_vector(pgvector_db: Database) -> None:
    vector = quantize(_unit(1, 3))[0]
    async with pgvector_db.session() as s:
        article = await store_briefed_article(s, make_brief("A", ["One.", "Two."]))
        await s.execute(
            Passage.__table__.update().where(Passage.article_id == article.id).values(vector=vector.tobytes())
        )
    async with pgvector_db.session() as s:
        stored = await s.scalar(text("SELECT embedding::text FROM passages"))
    as_floats = np.array([float(x) for x in stored.strip("[]").split(",")], dtype=np.float32)
    assert np.array_equal(as_floats, vector.astype(np.float32))  # int8 values are exact in half precision


async def test_nearest_passages_are_found_through_the_hnsw_index(pgvector_db: Database) -> None:
    vectors = _unit(2_000, seed=5)
    async with pgvector_db.session() as s:
        article = await store_briefed_article(s, make_brief("Bulk", ["A filler sentence."]))
        await s.execute(
            Passage.__table__.insert(),
            [
                {"article_id": article.id, "first_position": 0, "last_position": 0, "vector": q.tobytes()}
                for q in quantize(vectors)
            ],
        )
        await s.execute(text("ANALYZE passages"))
    probe = vectors[1234]
    stmt = nearest_passages(probe, 5, None)
    async with pgvector_db.session() as s:
        compiled = stmt.compile(s.bind, compile_kwargs={"literal_binds": True})
        plan = "\n".join((await s.execute(text(f"EXPLAIN {compiled}"))).scalars())
        hits = (await s.execute(stmt)).all()
        ids = (await s.scalars(select(Passage.id).order_by(Passage.id))).all()
    assert "ix_passages_embedding" in plan, plan
    assert hits[0][0] == ids[1 + 1234]  # the brief's own passage comes first
    assert hits[0][1] > 0.99


async def test_full_text_and_vectors_come_back_from_one_statement(pgvector_db: Database) -> None:
    knowledge = await KnowledgeBase.open(pgvector_db)
    embedder_vector = _unit(1, 8)[0]
    async with pgvector_db.session() as s:
        article = await store_briefed_article(s, seed_brief())
        await s.execute(
            Passage.__table__.update()
            .where(Passage.article_id == article.id)
            .values(vector=quantize(embedder_vector)[0].tobytes())
        )
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(pgvector_db.engine.sync_engine, "before_cursor_execute", record)
    try:
        async with pgvector_db.session() as s:
            statements.clear()
            text_hits, passage_hits = await knowledge.passages.search(s, "hegseth | nato", embedder_vector, 10, 3, None)
    finally:
        event.remove(pgvector_db.engine.sync_engine, "before_cursor_execute", record)
    searches = [q for q in statements if "<=>" in q or "@@" in q]
    assert len(searches) == 1 and "<=>" in searches[0] and "@@" in searches[0]
    assert text_hits and passage_hits
    assert passage_hits[0][1] > 0.99


async def test_names_are_found_by_trigrams(pgvector_db: Database) -> None:
    names = TrigramNames()
    async with pgvector_db.session() as s:
        await store_briefed_article(
            s,
            make_brief(
                "Envoy", ["Steve Witkoff met Dmitry Peskov."], [person("Steve Witkoff"), person("Dmitry Peskov")]
            ),
        )
    async with pgvector_db.session() as s:
        assert await names.exact(s, "Special Envoy Steve Witkoff's")
        assert set(await names.fuzzy(s, "Steve Witkfof")) == {"steve witkoff"}
        assert list(await names.closest(s, "Peskof", 1)) == ["peskov"]
        found = await names.in_text(s, "What did Steve Witkoff tell Peskov?")
    assert sorted(found.values()) == ["peskov", "steve witkoff"]


def test_a_vector_is_sent_as_text_with_enough_digits() -> None:
    from bot.knowledge.pgvector import vector_text

    v = dequantize(quantize(_unit(1, 1)))[0]
    parsed = np.array([float(x) for x in vector_text(v).strip("[]").split(",")], dtype=np.float32)
    assert float(parsed @ v) > 0.9999
