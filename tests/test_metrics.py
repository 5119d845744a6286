"""`GET /metrics` after a run shows real counts (parsed with prometheus-client's parser); /healthz readiness."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from rich.console import Console
from sqlalchemy.ext.asyncio import create_async_engine

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.collect import collect_feeds
from bot.messages import Command, Post, Sent
from bot.metrics import Metrics
from bot.store import Database
from tests.feed_server import serve_feed
from tests.loopback import serve


class RateLimited(Exception):
    status = 429


class FlakyPlatform:
    """A chat platform that is rate-limiting us, and whose connection can be down."""

    platform = "slack"

    def __init__(self) -> None:
        self.ready = True

    async def send(self, post: Post) -> Sent:
        raise RateLimited("ratelimited")

    async def update(self, sent: Sent, post: Post) -> None:
        raise RateLimited("ratelimited")


@pytest.fixture
async def served(tmp_path: Path, make_settings) -> AsyncIterator[tuple[App, str, FlakyPlatform]]:
    settings = make_settings(
        tmp_path,
        **{"sources.folders": [], "sources.fetch_full_text": False, "fetch.allowed_hosts": ["127.0.0.1"]},
    )
    app = await App.create(settings)
    app.attach(ConsoleAdapter(app.dispatch, console=Console(file=io.StringIO())))
    flaky = FlakyPlatform()
    app.attach(flaky)  # type: ignore[arg-type]
    await app.ensure_configured_channels()
    await app.ensure_channel("slack", "C1")
    async with serve(app.http_app()) as base:
        yield app, base, flaky
    await app.close()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_metrics_count_what_the_bot_did(served) -> None:
    app, base, _ = served
    async with serve_feed() as feed:
        feed.add("harbour")
        feed.add("rail")
        added = await app.dispatch(Command(name="feeds", args=f"add {feed.url}", is_admin=True))
        assert not added.error, added.plain_text()
        await collect_feeds(app.services)
    await collect_feeds(app.services)  # the server is gone now: a failed fetch
    await app.work()
    await app.dispatch(Command(name="help"))
    await app.dispatch(Command(name="no-such-command"))

    async with httpx.AsyncClient() as client:
        response = await client.get(f"{base}/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    got = samples(response.text)
    source = (("source", "Lowlands Wire"),)
    assert got[("newsbrief_articles_ingested_total", source)] == 2
    assert got[("newsbrief_articles_briefed_total", source)] == 2
    assert got[("newsbrief_brief_seconds_count", ())] == 2
    assert got[("newsbrief_posts_total", (("outcome", "sent"), ("platform", "console")))] == 2
    assert got[("newsbrief_posts_total", (("outcome", "failed"), ("platform", "slack")))] >= 1
    assert got[("newsbrief_platform_errors_total", (("kind", "rate_limit"), ("platform", "slack")))] >= 1
    assert got[("newsbrief_feed_fetches_total", (("outcome", "ok"),))] == 1
    assert got[("newsbrief_feed_fetches_total", (("outcome", "error"),))] == 1
    assert got[("newsbrief_command_seconds_count", (("command", "feeds"),))] == 1
    assert got[("newsbrief_command_seconds_count", (("command", "unknown"),))] == 1
    assert got[("newsbrief_queue_depth", (("queue", "to_brief"),))] == 0
    assert got[("newsbrief_queue_depth", (("queue", "outbox"),))] >= 1  # the slack items wait for a retry


async def test_each_service_has_its_own_registry() -> None:
    one, two = Metrics(), Metrics()
    one.article_ingested("A")
    assert 'newsbrief_articles_ingested_total{source="A"} 1.0' in one.exposition().decode()
    assert 'source="A"' not in two.exposition().decode()


async def test_healthz_reports_readiness_of_the_database_and_adapters(served) -> None:
    app, base, flaky = served
    async with httpx.AsyncClient() as client:
        early = await client.get(f"{base}/healthz")  # healthy before the first pass; not yet ready
        assert early.status_code == 200 and early.json()["ready"] is False
        assert (await client.get(f"{base}/healthz/ready")).status_code == 503
        app.ready = True  # the first collect-and-brief pass is done
        ok = await client.get(f"{base}/healthz")
        assert ok.status_code == 200 and ok.json()["ready"] is True and ok.json()["database"] == "ok"
        assert ok.json()["adapters"] == {"console": "ready", "slack": "ready"}
        flaky.ready = False
        down = await client.get(f"{base}/healthz")
        assert down.status_code == 503 and down.json()["adapters"]["slack"] == "not ready"
        assert (await client.get(f"{base}/healthz/ready")).status_code == 503
        assert (await client.get(f"{base}/healthz/live")).status_code == 200
        flaky.ready = True
        assert (await client.get(f"{base}/healthz")).status_code == 200
        working = app.services.db
        app.services.db = Database(create_async_engine("sqlite+aiosqlite:////nonexistent/dir/newsbrief.db"))
        try:
            lost = await client.get(f"{base}/healthz")
            assert lost.status_code == 503 and lost.json()["database"].startswith("unavailable")
            assert (await client.get(f"{base}/healthz/live")).status_code == 200
        finally:
            await app.services.db.close()
            app.services.db = working
