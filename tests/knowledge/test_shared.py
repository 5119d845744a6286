"""Two workers, one database: `/who` and `/ask` in one see what the other stored, whatever the commit order.

Each worker is a whole service (`App.create`: its own engine and its own caches). On PostgreSQL the writer
keeps one transaction open while a later one commits, so the reader looks between the two commits; SQLite
has one writer at a time, so there the late rows are a passage embedded after newer ones and aliases that
reuse the ids of deleted ones.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete, select, text

from bot.app import App
from bot.knowledge import embed_pending, remove_article
from bot.knowledge.tables import Passage
from bot.messages import Command
from bot.store.tables import ArticleRow
from tests.conftest import settings_for
from tests.knowledge.support import make_brief, person
from tests.stored_briefs import shared_embedder, store_briefed_article

QUILL = make_brief(
    "Harbour tunnel approved",
    [
        "Mayor Xavier Quill said the harbour tunnel would open to traffic in 2031.",
        "The council approved the tunnel's budget of 4 billion euros on Monday.",
    ],
    [person("Xavier Quill", "mayor")],
    published=date(2025, 5, 5),
)
BRISK = make_brief(
    "Vineyards count frost damage",
    [
        "Minister Yolanda Brisk said the late frost destroyed a third of the grape harvest.",
        "Growers asked for emergency loans to replant the damaged vineyards.",
    ],
    [person("Yolanda Brisk", "agriculture minister")],
    published=date(2025, 5, 6),
)
OLD = make_brief("Retired", ["Zebulon Oldfield retired from the orchestra."], [person("Zebulon Oldfield")])


@pytest.fixture
async def workers(database_url: str, tmp_path: Path) -> AsyncIterator[tuple[App, App]]:
    """A reader and a writer: two services on one database."""
    apps = []
    for name in ("reader", "writer"):
        (tmp_path / name).mkdir()
        apps.append(await App.create(settings_for(tmp_path / name, **{"database.url": database_url})))
    try:
        yield apps[0], apps[1]
    finally:
        for app in apps:
            await app.close()


async def who(app: App, name: str) -> str:
    reply = await app.dispatch(Command(name="who", args=name))
    return reply.messages[0].title or reply.messages[0].body


async def ask(app: App, question: str) -> str:
    return (await app.dispatch(Command(name="ask", args=question))).plain_text()


async def passage_hits(app: App, article_id: int) -> list[int]:
    """The reader's nearest passages to the first passage of an article (by its stored vector)."""
    async with app.services.db.session() as s:
        stored = await s.scalar(select(Passage.vector).where(Passage.article_id == article_id).order_by(Passage.id))
        assert stored is not None
        probe = np.frombuffer(stored, dtype=np.int8).astype(np.float32)
        _, hits = await app.services.caches.knowledge.passages.search(
            s, None, probe / np.linalg.norm(probe), 0, 3, None
        )
        ids = set((await s.scalars(select(Passage.id).where(Passage.article_id == article_id))).all())
    return [p for p, _ in hits if p in ids]


async def test_postgres_commits_in_reverse_order_are_seen(workers: tuple[App, App], database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: see the test below")
    reader, writer = workers
    embedder = shared_embedder()
    async with contextlib.AsyncExitStack() as stack:
        early = await stack.enter_async_context(writer.services.db.session())
        quill = await store_briefed_article(early, QUILL, embedder=embedder)  # lower ids, commits last
        async with writer.services.db.session() as late:
            brisk = await store_briefed_article(late, BRISK, embedder=embedder)
        assert quill.id < brisk.id

        assert await who(reader, "Yolanda Brisk") == "Yolanda Brisk"
        assert "third of the grape harvest" in await ask(reader, "What did Yolanda Brisk say about the frost?")
        assert await passage_hits(reader, brisk.id)
        assert (await who(reader, "Xavier Quill")).startswith("I haven't read about")
    # the early transaction commits now, after the reader has loaded everything newer

    assert await who(reader, "Xavier Quill") == "Xavier Quill"
    assert await who(reader, "Xavier Quil") == "Xavier Quill"  # a typo, through the same index
    assert "harbour tunnel would open" in await ask(reader, "When will the harbour tunnel open, Quill said?")
    assert await passage_hits(reader, quill.id)


async def test_sqlite_rows_that_arrive_late_are_seen(workers: tuple[App, App], database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL: see the test above")
    reader, writer = workers
    embedder = shared_embedder()
    async with writer.services.db.session() as s:
        quill = await store_briefed_article(s, QUILL)  # stored before, embedded after the next one
        old = await store_briefed_article(s, OLD)
    async with writer.services.db.session() as s:
        brisk = await store_briefed_article(s, BRISK, embedder=embedder)
    assert await who(reader, "Zebulon Oldfield") == "Zebulon Oldfield"
    assert await passage_hits(reader, brisk.id)

    await embed_pending(writer.services)  # the older passages get their vectors now
    assert await passage_hits(reader, quill.id)

    async with writer.services.db.session() as s:  # forget an article, then store a new name:
        await remove_article(s, old.id)  # its aliases go, and SQLite hands their ids to the next ones
        await s.execute(delete(ArticleRow).where(ArticleRow.id == old.id))
    async with writer.services.db.session() as s:
        await store_briefed_article(s, make_brief("Choir", ["Wilhelmina Quarry sang."], [person("Wilhelmina Quarry")]))
    assert await who(reader, "Wilhelmina Quarry") == "Wilhelmina Quarry"
    assert (await who(reader, "Zebulon Oldfield")).startswith("I haven't read about")


async def test_each_database_gets_the_shared_parts_it_supports(workers: tuple[App, App], database_url: str) -> None:
    from bot.knowledge.base import InProcessPassages
    from bot.knowledge.lookup import MemoryNames, TrigramNames
    from bot.knowledge.pgvector import PgvectorPassages

    knowledge = workers[0].services.caches.knowledge
    async with workers[0].services.db.session() as s:
        extensions = (
            set()
            if database_url.startswith("sqlite")
            else set((await s.scalars(text("SELECT extname FROM pg_extension"))).all())
        )
    if database_url.startswith("sqlite"):
        assert isinstance(knowledge.names, MemoryNames) and isinstance(knowledge.passages, InProcessPassages)
    elif "vector" in extensions:
        assert isinstance(knowledge.names, TrigramNames) and isinstance(knowledge.passages, PgvectorPassages)
    else:  # PostgreSQL without pgvector: names in the database, vectors in the process
        assert "pg_trgm" in extensions
        assert isinstance(knowledge.names, TrigramNames) and isinstance(knowledge.passages, InProcessPassages)
