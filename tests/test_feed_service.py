"""Feeds through the running service: conditional GET, no re-posts, failures counted, auto-disable, /sources."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from aiohttp import web
from rich.console import Console

from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.collect import collect_feeds
from bot.messages import Command
from tests.loopback import serve

BODY = (
    "The city council of Leiden voted on Monday to close the historic Breestraat to cars from next spring. "
    "Mayor Peter Visser said the decision would make the centre safer for pedestrians and cyclists. "
    "Shop owners, led by retail association chair Anke de Vries, warned that deliveries would become harder "
    "and said they would ask the council to reconsider. The council will hold a public hearing on the "
    "delivery rules on March 3, and a final vote on the timetable is expected in April. "
) * 2


class FeedServer:
    """A local RSS server that records conditional-GET headers and can be told to break."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.pub = datetime.now(UTC) - timedelta(hours=1)
        self.requests: list[dict[str, str]] = []

    def rss(self) -> str:
        return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Leiden Daily</title>
<item><guid>leiden-1</guid><title>Leiden closes Breestraat to cars</title>
<link>http://127.0.0.1/leiden-1</link><pubDate>{format_datetime(self.pub)}</pubDate>
<description>{BODY}</description></item></channel></rss>"""

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append(dict(request.headers))
        if self.mode == "500":
            return web.Response(status=500, text="boom")
        if self.mode == "malformed":
            return web.Response(text="<rss><channel><item>never closed", content_type="application/rss+xml")
        etag = f'"v-{self.pub.timestamp():.0f}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304)
        return web.Response(
            text=self.rss(),
            content_type="application/rss+xml",
            headers={"ETag": etag, "Last-Modified": format_datetime(self.pub, usegmt=True)},
        )


@pytest.fixture
async def feed() -> AsyncIterator[tuple[FeedServer, str]]:
    server = FeedServer()
    app = web.Application()
    app.router.add_get("/feed.xml", server.handle)
    async with serve(app) as base:
        yield server, f"{base}/feed.xml"


@pytest.fixture
async def bot(tmp_path: Path, make_settings, feed) -> AsyncIterator[tuple[App, io.StringIO]]:
    _, url = feed
    settings = make_settings(
        tmp_path,
        **{
            "sources.folders": [],
            "sources.feeds": [{"url": url}],
            "sources.max_failures": 2,
            "sources.fetch_full_text": False,
            "fetch.allowed_hosts": ["127.0.0.1"],
            "fetch.retries": 0,
        },
    )
    app = await App.create(settings)
    out = io.StringIO()
    app.attach(ConsoleAdapter(app.dispatch, console=Console(file=out, width=120)))
    await app.ensure_configured_channels()
    yield app, out
    await app.close()


async def test_second_poll_is_conditional_and_a_redated_item_is_not_posted_again(bot, feed) -> None:
    app, out = bot
    server, _ = feed
    first = await collect_feeds(app.services)
    assert first.new == 1
    assert await app.work() == 1
    assert out.getvalue().count("Leiden closes Breestraat") == 1

    second = await collect_feeds(app.services)
    assert server.requests[-1].get("If-None-Match", "").startswith('"v-')
    assert server.requests[-1].get("If-Modified-Since")
    assert (second.new, second.unchanged) == (0, 0)  # 304: nothing parsed

    server.pub += timedelta(minutes=30)  # re-dated: new ETag, same GUID and text
    third = await collect_feeds(app.services)
    assert third.unchanged == 1 and third.new == 0
    assert await app.work() == 0
    assert out.getvalue().count("Leiden closes Breestraat") == 1


async def test_failures_are_counted_the_bot_keeps_running_and_sources_says_why_it_disabled_a_feed(bot, feed) -> None:
    app, _ = bot
    server, url = feed
    server.mode = "malformed"
    malformed = await collect_feeds(app.services)
    assert malformed.errors and url in malformed.errors[0]
    reply = await app.dispatch(Command(name="sources"))
    assert "failing (1 in a row)" in reply.plain_text()

    server.mode = "500"
    failed = await collect_feeds(app.services)
    assert failed.errors and "500" in failed.errors[0]
    reply = await app.dispatch(Command(name="sources"))
    text = reply.plain_text()
    assert "DISABLED" in text and "2 failures in a row" in text and "500" in text

    server.mode = "ok"
    hits = len(server.requests)
    await collect_feeds(app.services)
    assert len(server.requests) == hits  # a disabled feed is not polled again

    refused = await app.dispatch(Command(name="sources", args=f"enable {url}", is_admin=False))
    assert refused.error
    enabled = await app.dispatch(Command(name="sources", args=f"enable {url}", is_admin=True))
    assert not enabled.error and "Re-enabled" in enabled.plain_text()
    assert (await collect_feeds(app.services)).new == 1  # polled again, and its story comes in
    assert "DISABLED" not in (await app.dispatch(Command(name="sources"))).plain_text()


async def test_a_feed_on_a_private_address_is_refused_and_counted(tmp_path: Path, make_settings) -> None:
    settings = make_settings(
        tmp_path, **{"sources.folders": [], "sources.feeds": [{"url": "http://169.254.169.254/feed"}]}
    )
    app = await App.create(settings)
    try:
        report = await collect_feeds(app.services)
        assert report.errors and "169.254.169.254" in report.errors[0]
        reply = await app.dispatch(Command(name="sources"))
        assert "failing (1 in a row)" in reply.plain_text()
    finally:
        await app.close()


async def test_errors_logs_and_sources_never_echo_the_credentials_of_a_feed_url(
    tmp_path: Path, make_settings, feed: tuple[FeedServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    server, url = feed
    server.mode = "500"
    secret_url = url.replace("http://", "http://reader:hunter2@")
    settings = make_settings(
        tmp_path,
        **{
            "sources.folders": [],
            "sources.feeds": [{"url": secret_url}],
            "sources.max_failures": 1,
            "fetch.allowed_hosts": ["127.0.0.1"],
            "fetch.retries": 1,
        },
    )
    app = await App.create(settings)
    try:
        report = await collect_feeds(app.services)
        listing = await app.dispatch(Command(name="sources"))
        enabled = await app.dispatch(
            Command(name="sources", args="enable " + secret_url.replace("reader:hunter2", "***"), is_admin=True)
        )
    finally:
        await app.close()
    assert report.errors and "HTTP 500" in report.errors[0]
    shown = " ".join(report.errors) + listing.plain_text() + enabled.plain_text()
    assert "hunter2" not in shown + caplog.text and "reader:" not in shown + caplog.text
    assert "http://***@127.0.0.1" in shown and "Re-enabled" in enabled.plain_text()
