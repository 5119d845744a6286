"""The database handle: one async engine, migrations applied at start, and the only SQLite-specific code.

The same code runs on SQLite (the embedded default, `sqlite+aiosqlite:///data/newsbrief.db`) and PostgreSQL
(`postgresql+asyncpg://...`); only the URL changes.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

RELEASE_TIMEOUT_S = 3.0  # a stop never waits longer than this to hand back leases
logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# PostgreSQL advisory lock held while migrating: N processes starting at once migrate one after the other.
MIGRATION_LOCK = 0x6E62_6D69  # "nbmi"


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


def upgrade_schema(connection: Connection, revision: str = "head") -> None:
    """Run the migrations up to `revision` on a synchronous connection (tests stop at an older one to build
    the store an earlier release left behind)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


class Database:
    """Owns the engine and hands out sessions; `await Database.open(url)` migrates to the latest schema."""

    def __init__(self, engine: AsyncEngine, hung_after_s: float = 120.0) -> None:
        self.engine = engine
        self.hung_after_s = hung_after_s  # see `open` and `end_when_silent`
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        # Who this process is in lease columns (`bot.store.claims`); each claim adds its own number.
        self.owner = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._claims = itertools.count(1)
        self.local_locks: dict[str, asyncio.Lock] = {}  # per-recipient serialisation inside this process

    def claim_token(self) -> str:
        """A fresh lease owner for one claim: this process and a number, so two claims never share a lease."""
        return f"{self.owner}#{next(self._claims)}"

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True, pool_size: int = 5, hung_after_s: float = 120.0) -> Database:
        """PostgreSQL ends a session idle inside a transaction for `hung_after_s`: a process that hangs there
        (alive, so its connection never closes) would otherwise hold its row locks for ever, and the other
        workers' `SKIP LOCKED` claims would skip those articles for ever."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        sqlite = parsed.get_backend_name() == "sqlite"
        pool: dict[str, Any] = {} if sqlite else {"pool_size": pool_size, "max_overflow": pool_size}
        if parsed.get_driver_name() == "asyncpg":
            timeout = {"idle_in_transaction_session_timeout": str(int(hung_after_s * 1000))}
            pool["connect_args"] = {"server_settings": timeout}
        engine = create_async_engine(url, pool_pre_ping=not sqlite, **pool)
        if engine.dialect.name == "sqlite":
            _apply_sqlite_pragmas(engine)
        db = cls(engine, hung_after_s)
        if migrate:
            try:
                async with engine.begin() as conn:
                    if engine.dialect.name == "postgresql":  # held to the end of this transaction
                        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
                    await conn.run_sync(upgrade_schema)
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
        """Hand back this process's leases (a clean stop need not wait for them to expire), then disconnect.

        SQLite has one process, whose old leases are free at the next start, so there is nothing to hand back;
        and a stop interrupted mid-claim (Ctrl-C) may leave a write open that this would wait on. On PostgreSQL
        the hand-back is bounded for the same reason: leases left behind simply expire."""
        from bot.store.tables import ArticleRow, Delivery  # the models import nothing from here

        async def release() -> None:
            async with self.engine.begin() as conn:
                for model in (ArticleRow, Delivery):
                    await conn.execute(
                        update(model)
                        .where(model.lease_owner.startswith(f"{self.owner}#", autoescape=True))
                        .values(lease_owner=None, lease_until=None)
                    )

        if self.dialect != "sqlite":
            try:
                await asyncio.wait_for(release(), RELEASE_TIMEOUT_S)
            except Exception as exc:  # noqa: BLE001 - the leases then expire on their own
                logger.warning("could not release this process's leases: %s", type(exc).__name__)
        await self.engine.dispose()
