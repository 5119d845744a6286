"""End-to-end throughput of 1, 2 and 4 workers on one PostgreSQL, and time to the first post of a backlog.

For each worker count: a fresh database, N generated articles stored (`ingest --no-brief`), then K
`newsbrief run` processes (console channel, all sharing it) started at once; articles/s counts from the
start of the processes (model loading included) and from the first stored brief (steady state) until
every article is `published`. Then one process on a 250-article backlog: seconds until the first post.

Needs NEWSBRIEF_BENCH_POSTGRES_URL (or NEWSBRIEF_TEST_POSTGRES_URL): postgresql+asyncpg://user@host/db.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import article  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "NEWSBRIEF_"))},
    "OMP_NUM_THREADS": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "NEWSBRIEF_LOG_LEVEL": "WARNING",
    "NEWSBRIEF_CONSOLE": "on",
    "NEWSBRIEF_PROCESS_INTERVAL": "2",
}


async def fresh_database(admin_url: str) -> tuple[str, str]:
    url = make_url(admin_url)
    name = f"newsbrief_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return url.set(database=name).render_as_string(hide_password=False), name


async def drop_database(admin_url: str, name: str) -> None:
    url = make_url(admin_url)
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def count(db_url: str, query: str) -> int:
    url = make_url(db_url)
    conn = await asyncpg.connect(host=url.host, port=url.port or 5432, user=url.username, database=url.database)
    try:
        return int(await conn.fetchval(query))
    finally:
        await conn.close()


def newsbrief(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot", *args]


def env_for(db_url: str, folder: Path) -> dict[str, str]:
    """The processes read no folder themselves: the articles are stored before they start."""
    empty = folder.parent / "empty"
    empty.mkdir(exist_ok=True)
    return {**ENV, "NEWSBRIEF_DATABASE_URL": db_url, "NEWSBRIEF_SEEDS": str(empty)}


async def fleet_run(admin_url: str, folder: Path, articles: int, workers: int) -> dict[str, float]:
    db_url, name = await fresh_database(admin_url)
    env = env_for(db_url, folder)
    try:
        subprocess.run(
            newsbrief("ingest", "--no-brief", str(folder)), env=env, cwd=REPO, check=True, capture_output=True
        )
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                newsbrief("run"), env=env, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
            )
            for _ in range(workers)
        ]
        first = None
        while True:
            done = await count(db_url, "select count(*) from articles where state = 'published'")
            if first is None and await count(db_url, "select count(*) from articles where state <> 'new'"):
                first = time.perf_counter() - start
            if done == articles:
                break
            await asyncio.sleep(0.5)
        total = time.perf_counter() - start
        for proc in procs:
            proc.stdin.close()  # type: ignore[union-attr]
        for proc in procs:
            proc.wait(timeout=120)
        steady = total - (first or 0.0)
        return {
            "articles_per_s": round(articles / total, 2),
            "steady_articles_per_s": round(articles / steady, 2) if steady > 0 else 0.0,
            "first_brief_s": round(first or 0.0, 1),
            "total_s": round(total, 1),
        }
    finally:
        await drop_database(admin_url, name)


async def first_post(admin_url: str, folder: Path) -> float:
    db_url, name = await fresh_database(admin_url)
    env = env_for(db_url, folder)
    try:
        subprocess.run(
            newsbrief("ingest", "--no-brief", str(folder)), env=env, cwd=REPO, check=True, capture_output=True
        )
        start = time.perf_counter()
        proc = subprocess.Popen(newsbrief("run", "--once"), env=env, cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        seconds = float("nan")
        for line in proc.stdout:
            if "[post 1]" in line:
                seconds = time.perf_counter() - start
                break
        proc.kill()
        proc.wait()
        return round(seconds, 1)
    finally:
        await drop_database(admin_url, name)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=120, help="articles per fleet run")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure")
    parser.add_argument("--backlog", type=int, default=250, help="articles in the time-to-first-post run")
    parser.add_argument("--words", type=int, default=300, help="words per generated article")
    args = parser.parse_args()
    admin_url = os.environ.get("NEWSBRIEF_BENCH_POSTGRES_URL") or os.environ.get("NEWSBRIEF_TEST_POSTGRES_URL")
    if not admin_url:
        print("bench_fleet: set NEWSBRIEF_BENCH_POSTGRES_URL to a PostgreSQL URL; skipped")
        return
    results: dict[str, object] = {"articles": args.articles, "words": args.words, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        rng = random.Random(5)
        folder = Path(tmp) / "fleet"
        folder.mkdir()
        for n in range(args.articles):
            (folder / f"a{n:05}.json").write_text(json.dumps(article(rng, n, words=args.words)))
        for workers in (int(w) for w in args.workers.split(",")):
            results[f"workers_{workers}"] = await fleet_run(admin_url, folder, args.articles, workers)
            print(f"{workers} workers: {results[f'workers_{workers}']}", flush=True)
        backlog = Path(tmp) / "backlog"
        backlog.mkdir()
        for n in range(args.backlog):
            (backlog / f"b{n:05}.json").write_text(json.dumps(article(rng, n, words=args.words)))
        results["first_post_of_backlog_s"] = await first_post(admin_url, backlog)
        results["backlog"] = args.backlog
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
