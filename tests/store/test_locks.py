"""Advisory locks: one sender per recipient across processes, and a leader that another process replaces
when it dies (its connection ends)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from bot.store import Database
from bot.store.locks import Leadership, exclusive

# Only this test's database: other databases on the server are none of its business.
LEADER_DIES = """
SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
WHERE l.locktype = 'advisory' AND d.datname = current_database() AND l.pid <> pg_backend_pid()
"""


@pytest.fixture
async def two(database_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two processes' handles on one database (PostgreSQL only: SQLite is the one-process path)."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is the one-process path")
    first, second = await Database.open(database_url), await Database.open(database_url)
    yield first, second
    await first.close()
    await second.close()


async def test_a_recipient_is_one_processs_at_a_time(two: tuple[Database, Database]) -> None:
    first, second = two
    async with exclusive(first, "recipient:slack:C1:0") as mine:
        assert mine
        async with exclusive(second, "recipient:slack:C1:0") as theirs:
            assert not theirs
        async with exclusive(second, "recipient:slack:C2:0") as other:
            assert other
    async with exclusive(second, "recipient:slack:C1:0") as now_theirs:
        assert now_theirs


async def test_the_leader_is_replaced_when_its_connection_dies(two: tuple[Database, Database]) -> None:
    first, second = two
    leader, follower = Leadership(first), Leadership(second)
    assert await leader.check()
    assert await leader.check()  # still the leader
    assert not await follower.check()
    async with second.engine.connect() as conn:  # the leader's process is gone: its connection ends
        await conn.execute(text(LEADER_DIES))
    assert await follower.check()
    assert not await leader.check()  # it notices, and does not take the lock back
    await follower.release()
