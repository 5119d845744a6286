"""A fresh store per test (SQLite always, PostgreSQL when configured) with the knowledge tables migrated."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.store.db import Database


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await Database.open(database_url)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def knowledge(db: Database) -> AsyncIterator[KnowledgeBase]:
    """The knowledge layer's per-process state for `db`, as `Services.open` creates it."""
    base = await KnowledgeBase.open(db)
    try:
        yield base
    finally:
        await base.close()
