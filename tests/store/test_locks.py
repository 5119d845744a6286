"""Advisory locks: one sender per recipient across processes, and a leader that another process replaces
when it dies (its connection ends)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update

from bot.ingest import IngestedItem
from bot.store import Database, claims
from bot.store import articles as article_store
from bot.store.locks import Leadership, exclusive
from bot.store.tables import ArticleRow
from summarizer import Article
from tests.conftest import REPO

LEASE = timedelta(minutes=5)

# Only this test's database: other databases on the server are none of its business.
# Waits (up to 5 s) until the backend is gone: without a timeout pg_terminate_backend only sends the signal, and
# on a loaded machine the follower could ask before the dead leader's lock is released.
LEADER_DIES = """
SELECT pg_terminate_backend(l.pid, 5000) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
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


# A process that hangs (alive, its event loop stuck) while it holds a recipient's lock or the leadership.
HUNG_HOLDER = """
import asyncio, sys, time
from bot.store import Database
from bot.store.locks import Leadership, exclusive

async def main() -> None:
    db = await Database.open(sys.argv[1], migrate=False, hung_after_s=1)
    if sys.argv[2] == "leader":
        print("held" if await Leadership(db).check() else "refused", flush=True)
        time.sleep(60)
    async with exclusive(db, "recipient:slack:C1:0") as mine:
        print("held" if mine else "refused", flush=True)
        time.sleep(60)  # the loop stops: no sign of life on the lock's connection

asyncio.run(main())
"""


@contextmanager
def hung_holder(db: Database, what: str) -> Iterator[None]:
    url = db.engine.url.render_as_string(hide_password=False)
    hung = subprocess.Popen([sys.executable, "-c", HUNG_HOLDER, url, what], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert hung.stdout is not None and hung.stdout.readline().strip() == "held"
        yield
    finally:
        hung.kill()
        hung.wait()


async def test_a_hung_lock_holder_is_cut_off_and_its_recipient_freed(two: tuple[Database, Database]) -> None:
    first, _ = two
    with hung_holder(first, "recipient"):
        async with exclusive(first, "recipient:slack:C1:0") as mine:
            assert not mine
        await asyncio.sleep(2.5)  # the server ends the silent connection, and the lock with it
        async with exclusive(first, "recipient:slack:C1:0") as mine:
            assert mine


async def test_a_live_holder_keeps_its_lock_past_the_silence_limit(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is the one-process path")
    holder, other = await Database.open(database_url, hung_after_s=1), await Database.open(database_url)
    try:
        async with exclusive(holder, "recipient:slack:C1:0") as mine:
            assert mine
            await asyncio.sleep(2.5)  # a slow burst of sends: the holder's loop runs, so it speaks
            async with exclusive(other, "recipient:slack:C1:0") as theirs:
                assert not theirs
        async with exclusive(other, "recipient:slack:C1:0") as theirs:
            assert theirs
    finally:
        await holder.close()
        await other.close()


async def test_a_hung_leader_is_replaced(two: tuple[Database, Database]) -> None:
    first, _ = two
    follower = Leadership(first)
    with hung_holder(first, "leader"):
        assert not await follower.check()
        await asyncio.sleep(2.5)
        assert await follower.check()
    await follower.release()


async def test_a_live_leader_keeps_the_lead_between_checks_and_stops_cleanly_without_it(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is the one-process path")
    first, second = await Database.open(database_url, hung_after_s=1), await Database.open(database_url)
    leader, follower = Leadership(first), Leadership(second)
    try:
        assert await leader.check()
        await asyncio.sleep(2.5)  # no check for longer than the silence limit: the heartbeat speaks
        assert not await follower.check()
        assert await leader.check()
        async with second.engine.connect() as conn:  # the connection is ended under the leader
            await conn.execute(text(LEADER_DIES))
        await leader.release()  # a stop without the lock is still a clean stop
    finally:
        await follower.release()
        await first.close()
        await second.close()


async def test_a_transaction_left_open_by_a_hung_process_frees_its_articles(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is the one-process path")
    # The worker creates the schema; the process that will hang only connects, so its 1 s limit on an idle
    # transaction cannot end the migration itself on a loaded machine (it did once in CI).
    worker = await Database.open(database_url)
    hung = await Database.open(database_url, migrate=False, hung_after_s=1)
    try:
        async with worker.session() as session:
            for n in range(2):
                story = Article(title=f"Story {n}", text=f"Story {n} happened on Tuesday.")
                await article_store.save_item(session, IngestedItem.build(story, "feed", "feed", f"a{n}"))
        session = hung.sessions()
        await session.begin()  # a lease renewal, then the process stops before its commit
        await session.execute(update(ArticleRow).values(lease_until=datetime.now(UTC) + LEASE))
        async with worker.session() as claim:
            assert (await claims.claim_articles(claim, worker, 5, LEASE))[1] == []  # locked rows are skipped
        await asyncio.sleep(2.5)
        async with worker.session() as claim:
            assert len((await claims.claim_articles(claim, worker, 5, LEASE))[1]) == 2
        with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the driver calls a connection the server ended
            await session.commit()
        await session.close()
    finally:
        await hung.close()
        await worker.close()
