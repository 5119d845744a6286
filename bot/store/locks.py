"""Advisory locks: one sender per recipient at a time, and one leader for the timers of the whole fleet.

On PostgreSQL these are session advisory locks on a connection of their own, so they are released when
the holder's connection ends, including when its process is killed. A process that hangs instead (alive,
its event loop stuck) keeps its connection open; so the holder speaks on that connection while it lives,
and the server ends a lock connection silent for `Database.hung_after_s` (`idle_session_timeout`,
PostgreSQL 14 and later), which frees the lock as a kill would. On SQLite (one process) an `asyncio.Lock`
per name does the same inside the process.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.store.db import Database

logger = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `pg_advisory_lock` (Python's `hash` changes between processes)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


async def _end_when_silent(conn: AsyncConnection, seconds: float) -> None:
    """Ask the server to end this connection after `seconds` without a statement (0: never)."""
    if (conn.dialect.server_version_info or (0,)) >= (14,):
        timeout = {"ms": f"{seconds * 1000:.0f}"}
        await conn.execute(text("SELECT set_config('idle_session_timeout', :ms, false)"), timeout)
        await conn.commit()


async def _ping(conn: AsyncConnection) -> None:
    await conn.scalar(text("SELECT 1"))
    await conn.commit()


async def _speak_while_alive(conn: AsyncConnection, every: float, turn: asyncio.Lock) -> None:
    """The holder's sign of life: a statement every `every` seconds, for as long as its event loop runs
    (`turn`: whoever else uses the connection waits for it, as asyncpg runs one statement at a time)."""
    while True:
        await asyncio.sleep(every)
        async with turn:
            await _ping(conn)


async def _stop(task: asyncio.Task[None] | None) -> None:
    if task is not None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


@asynccontextmanager
async def exclusive(db: Database, name: str) -> AsyncIterator[bool]:
    """Hold lock `name` for the block, yielding True; yields False at once when another process holds it.
    Inside one process a second caller waits for the first (it then sees what the first did)."""
    local = db.local_locks.setdefault(name, asyncio.Lock())
    async with local:
        if db.dialect != "postgresql":
            yield True
            return
        key = lock_key(name)
        async with db.engine.connect() as conn:
            got = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
            await conn.commit()
            if not got:
                yield False
                return
            await _end_when_silent(conn, db.hung_after_s)
            alive = asyncio.create_task(_speak_while_alive(conn, db.hung_after_s / 3, asyncio.Lock()))
            try:
                yield True
            finally:
                await _stop(alive)
                try:
                    await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    await _end_when_silent(conn, 0)  # the connection goes back to the pool as it came
                except Exception as exc:  # noqa: BLE001 - the server ended it: the lock is gone with it
                    logger.warning("the lock %s was lost while held: %s", name, type(exc).__name__)


async def for_this_transaction(session: AsyncSession, name: str) -> None:
    """Hold lock `name` until the session's transaction ends (PostgreSQL; SQLite has one writer anyway).
    Used where workers would otherwise race on select-then-insert, such as resolving entity names."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key(name)})


class Leadership:
    """Whether this process is the fleet's leader (runs the shared timers: folders and feeds).

    `check()` tries to take the lock and keeps the connection that holds it; when the leader dies its
    connection closes, the lock is free, and the next `check()` of another process takes over. While the
    leader's event loop runs it speaks on that connection (and `check()` pings it, to notice a lost one), so
    a leader that hangs is cut off by the server after `hung_after_s`, like one that died.
    """

    def __init__(self, db: Database, name: str = "newsbrief:leader") -> None:
        self.db, self.key = db, lock_key(name)
        self._conn: AsyncConnection | None = None
        self._alive: asyncio.Task[None] | None = None
        self._turn = asyncio.Lock()  # the heartbeat and `check()` take turns on the connection

    async def check(self) -> bool:
        if self.db.dialect != "postgresql":
            return True
        if self._conn is not None:
            try:
                async with self._turn:
                    await _ping(self._conn)
                return True
            except Exception as exc:  # noqa: BLE001 - a lost connection is lost leadership, not a crash
                logger.warning("lost the leader lock: %s", type(exc).__name__)
                await self._drop()
        conn = await self.db.engine.connect()
        got = bool(await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}))
        await conn.commit()
        if got:
            self._conn = conn
            await _end_when_silent(conn, self.db.hung_after_s)
            self._alive = asyncio.create_task(_speak_while_alive(conn, self.db.hung_after_s / 3, self._turn))
            logger.info("this process now runs the shared timers (leader)")
        else:
            await conn.close()
        return got

    async def _drop(self) -> None:
        await _stop(self._alive)
        self._alive = None
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                await conn.close()
            except Exception:  # noqa: BLE001 - already broken
                logger.debug("closing the lost leader connection failed", exc_info=True)

    async def release(self) -> None:
        """Hand the lock back at a clean stop; one already lost (the server ended the connection) is fine."""
        if self._conn is None:
            return
        try:
            await _stop(self._alive)
            await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            await self._conn.commit()
        except Exception as exc:  # noqa: BLE001 - the lock went with the connection
            logger.info("the leader lock was already gone at the stop: %s", type(exc).__name__)
        finally:
            await self._drop()
