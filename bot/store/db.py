"""The database handle: one async engine, migrations applied at start, and the only SQLite-specific code.

The same code runs on SQLite (the embedded default, `sqlite+aiosqlite:///data/newsbrief.db`) and PostgreSQL
(`postgresql+asyncpg://...`); only the URL changes.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


class StoreError(Exception):
    """The database cannot be opened or migrated; the message names the URL (without its password)."""


def _apply_sqlite_pragmas(engine: AsyncEngine) -> None:
    """SQLITE-ONLY: WAL for concurrent readers, foreign keys on, and a busy timeout instead of 'locked'."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()


def _upgrade(connection: Connection) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


class Database:
    """Owns the engine and hands out sessions; `await Database.open(url)` migrates to the latest schema."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True) -> Database:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, pool_pre_ping=parsed.get_backend_name() != "sqlite")
        if engine.dialect.name == "sqlite":
            _apply_sqlite_pragmas(engine)
        db = cls(engine)
        if migrate:
            try:
                async with engine.begin() as conn:
                    await conn.run_sync(_upgrade)
            except Exception as exc:
                await engine.dispose()
                safe = parsed.render_as_string(hide_password=True)
                raise StoreError(f"cannot open database {safe}: {exc}") from exc
        return db

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    async def close(self) -> None:
        await self.engine.dispose()
