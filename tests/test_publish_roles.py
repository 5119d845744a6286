"""Which process sends what: deliveries belong to the channels registered in the database, and a process
without a channel's adapter (a worker, or `run` with the console off) never marks a story published for it."""

from __future__ import annotations

import sqlite3

from tests.test_cli import env, newsbrief  # noqa: F401 - `env` is a fixture


def test_stories_briefed_by_a_process_without_a_channel_are_posted_by_the_next_one_with_it(
    env: dict[str, str],  # noqa: F811
) -> None:
    seeds = env["NEWSBRIEF_SEEDS"]
    ingested = newsbrief("ingest", seeds, env=env)
    assert ingested.returncode == 0, ingested.stderr
    headless = newsbrief("run", "--once", env={**env, "NEWSBRIEF_CONSOLE": "off"})
    assert headless.returncode == 0, headless.stderr
    worker = newsbrief("worker", "--once", env=env)
    assert worker.returncode == 0, worker.stderr
    assert "Trump says Putin agreed" not in headless.stdout + worker.stdout
    db_path = env["NEWSBRIEF_DATABASE_URL"].split("///", 1)[1]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select state from articles").fetchall() == [("briefed",)]
    console = newsbrief("run", "--once", env=env)
    assert console.returncode == 0, console.stderr
    assert console.stdout.count("Trump says Putin agreed") == 1
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select state from articles").fetchall() == [("published",)]
        assert conn.execute("select channel_id, status from deliveries").fetchall() == [("console", "sent")]
