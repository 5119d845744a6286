"""Four workers on one PostgreSQL, started at once on an empty database, share a few hundred articles: one is
killed with SIGKILL mid-batch and one hangs for good after storing its first briefs (`NEWSBRIEF_FAULT`),
holding whatever its other tasks held at that moment (an open lease renewal locks a batch's rows).
Every article is published, none fails, each is summarised at most once (plus the batches the dead held),
every post is one delivery row, the channel gets one digest, and no entity is stored twice."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bench.articles import article
from tests.conftest import REPO

# About two minutes on an idle 2-core machine; the timeout leaves room for a loaded one.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

ARTICLES = 200
WORKERS = 4
KILLED, FAULTY = 0, 3
CLAIM = re.compile(r"claimed \d+ articles to brief \((?P<token>[^)]*)\): (?P<ids>[\d,]+)")
POST = re.compile(r"\[post \d+\]")


def start(n: int, env: dict[str, str], tmp_path: Path) -> subprocess.Popen[str]:
    extra = {"NEWSBRIEF_FAULT": "after-brief"} if n == FAULTY else {}
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env={**env, **extra},
        cwd=REPO,
        text=True,
        stdin=subprocess.PIPE,
        stdout=(tmp_path / f"out{n}.txt").open("w"),
        stderr=(tmp_path / f"err{n}.txt").open("w"),
    )


async def wait_until(
    conn: asyncpg.Connection,
    query: str,
    done,
    timeout: float,
    what: str,
    *args: object,  # noqa: ANN001
) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = await conn.fetchval(query, *args)
        except asyncpg.UndefinedTableError:  # still migrating
            value = None
        if value is not None and done(value):
            return value
        await asyncio.sleep(0.3)
    states = await conn.fetch("select state, count(*) from articles group by state")
    raise AssertionError(f"{what} not within {timeout}s; articles: {[tuple(r) for r in states]}")


async def test_four_workers_share_the_work_and_post_each_story_once(database_url: str, tmp_path: Path) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("the fleet shares PostgreSQL")
    folder = tmp_path / "articles"
    folder.mkdir()
    rng = random.Random(11)
    for n in range(ARTICLES):
        (folder / f"a{n:04}.json").write_text(json.dumps(article(rng, n, words=60)))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "NEWSBRIEF_"))},
        "NEWSBRIEF_DATABASE_URL": database_url,
        "NEWSBRIEF_SEEDS": str(folder),
        "NEWSBRIEF_CONSOLE": "on",
        "NEWSBRIEF_LEASE_SECONDS": "15",
        "NEWSBRIEF_BATCH_SIZE": "8",
        "NEWSBRIEF_PROCESS_INTERVAL": "2",
        "NEWSBRIEF_POOL_SIZE": "3",
        # The faulty worker hangs (alive) with whatever it held; the server cuts it off after this long.
        "NEWSBRIEF_HUNG_AFTER": "20",
        "COLUMNS": "120",
    }
    url = make_url(database_url)
    procs = [start(n, env, tmp_path) for n in range(WORKERS)]  # at once, on an empty database
    try:
        await asyncio.sleep(1)
        conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
        try:
            killed_pid = procs[KILLED].pid
            holds = (
                "select count(*) from articles a where state = 'new' and lease_owner like $1"
                " and exists (select 1 from articles b where b.state <> 'new')"
            )
            owner = f"%:{killed_pid}:%"
            await wait_until(conn, holds, lambda n: n > 0, 400, "the first worker holding a batch", owner)
            assert procs[KILLED].poll() is None
            os.kill(killed_pid, signal.SIGKILL)  # mid-batch: its claimed articles wait for their lease to expire
            published = "select count(*) from articles where state = 'published'"
            await wait_until(conn, published, lambda n: n == ARTICLES, 600, "every article published")
            # The channel's digest time comes now: every live worker checks it each minute; one posts it.
            await conn.execute(
                "update channels set timezone = 'UTC', digest_time = to_char(now() at time zone 'UTC', 'HH24:MI'),"
                " next_digest_at = date_trunc('minute', now())"
            )
            digests = "select count(*) from deliveries where item_key like 'digest:%' and status = 'sent'"
            await wait_until(conn, digests, lambda n: n >= 1, 150, "the digest")
            await asyncio.sleep(2)  # a second digest would come now, if any
            for n, proc in enumerate(procs):
                if n not in (KILLED, FAULTY):
                    assert proc.poll() is None, f"worker {n} exited early ({proc.returncode})"
                    proc.stdin.close()  # type: ignore[union-attr]
            for n, proc in enumerate(procs):
                if n == FAULTY:
                    assert "FAULT POINT after-brief" in (tmp_path / f"out{n}.txt").read_text()
                    proc.kill()
                proc.wait(timeout=60)
                if n not in (KILLED, FAULTY):
                    assert proc.returncode == 0, (tmp_path / f"err{n}.txt").read_text()[-3000:]

            states = dict(tuple(r) for r in await conn.fetch("select state, count(*) from articles group by state"))
            assert states == {"published": ARTICLES}
            deliveries = await conn.fetch("select item_key from deliveries where status = 'sent'")
            assert await conn.fetchval("select count(*) from deliveries where status <> 'sent'") == 0
            stories = await conn.fetchval("select count(distinct story_id) from articles")
            assert sum(r["item_key"].startswith("story:") for r in deliveries) == stories
            assert sum(r["item_key"].startswith("digest:") for r in deliveries) == 1
            twins = await conn.fetch("select type, key from entities group by type, key having count(*) > 1")
            assert twins == []
        finally:
            await conn.close()
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    outputs = [(tmp_path / f"out{n}.txt").read_text() for n in range(WORKERS)]
    assert sum(len(POST.findall(out)) for out in outputs) == len(deliveries)  # sends = delivery rows
    assert sum(out.count("Daily digest") for out in outputs) == 1

    claims: Counter[int] = Counter()
    by_the_dead: Counter[int] = Counter()
    for n in range(WORKERS):
        for match in CLAIM.finditer((tmp_path / f"err{n}.txt").read_text()):
            ids = [int(i) for i in match["ids"].split(",")]
            claims.update(ids)
            if n in (KILLED, FAULTY):
                by_the_dead.update(ids)
    assert len(claims) == ARTICLES
    over = {a: c for a, c in claims.items() if c > 1 + by_the_dead[a]}
    assert over == {}, f"summarised more than once: {over}"
