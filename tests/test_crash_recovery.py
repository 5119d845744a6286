"""A real `newsbrief` process killed (SIGKILL) between storing a brief and posting it loses nothing and,
after a restart, posts exactly once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.test_cli import REPO, env, newsbrief  # noqa: F401 - `env` is a fixture

pytestmark = pytest.mark.slow


def wait_for_line(proc: subprocess.Popen[str], marker: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if marker in line:
            return
        if not line and proc.poll() is not None:
            raise AssertionError(f"process exited ({proc.returncode}) before {marker!r}")
    raise AssertionError(f"no {marker!r} within {timeout}s")


def test_sigkill_between_brief_and_post_then_restart_posts_exactly_once(env: dict[str, str]) -> None:  # noqa: F811
    db_path = env["NEWSBRIEF_DATABASE_URL"].split("///", 1)[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--once"],
        env={**env, "NEWSBRIEF_FAULT": "after-brief"},
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_line(proc, "FAULT POINT after-brief", timeout=180)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select state from articles").fetchall() == [("briefed",)]
        assert conn.execute("select count(*) from briefs").fetchone() == (1,)
        assert conn.execute("select count(*) from deliveries").fetchone() == (0,)

    restarted = newsbrief("run", "--once", env=env)
    assert restarted.returncode == 0, restarted.stderr
    assert restarted.stdout.count("Trump says Putin agreed") == 1
    again = newsbrief("run", "--once", env=env)
    assert "Trump says Putin agreed" not in again.stdout
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select state from articles").fetchall() == [("published",)]
        assert conn.execute("select channel_id, status from deliveries").fetchall() == [("console", "sent")]
