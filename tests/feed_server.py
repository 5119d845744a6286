"""A local RSS server on 127.0.0.1 whose items a test adds one by one (for feeds managed from chat)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from aiohttp import web

from tests.loopback import serve

STORIES = {
    "harbour": (
        "Rotterdam opens a new container terminal",
        "The port of Rotterdam opened a new container terminal on Tuesday after four years of construction. "
        "Port director Boudewijn Siemons said the terminal would handle two million containers a year. "
        "Dock workers' union leader Niek Stam warned that automation would cost jobs and said the union "
        "would meet the port authority on May 12 to discuss staffing. A second phase is due to open in 2027. ",
    ),
    "rail": (
        "Dutch railways order two hundred new trains",
        "Dutch railway operator NS ordered two hundred new intercity trains on Wednesday in a deal worth "
        "two billion euros. Chief executive Wouter Koolmees said the trains would enter service from 2028. "
        "Passenger group Rover welcomed the order but said the railway must first fix delays on the busiest "
        "lines. Parliament will debate the rail budget on June 3, and the first test train runs next spring. ",
    ),
    "bikes": (
        "Utrecht builds the world's largest bicycle garage extension",
        "The city of Utrecht began building an extension to its central station bicycle garage on Thursday. "
        "Alderman Lot van Hooijdonk said the extension would add six thousand spaces by 2026. Cyclists' union "
        "chair Esther Kuiper said the city should also add spaces at smaller stations. The council will vote "
        "on the second stage of the plan on September 9, and construction bids close in October. ",
    ),
}


class FeedServer:
    """Serves `/feed.xml` (an RSS feed of the stories added so far) and `/broken.xml` (not a feed)."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.title = "Lowlands Wire"
        self.base = ""

    def add(self, key: str) -> None:
        self.items.append(key)

    @property
    def url(self) -> str:
        return f"{self.base}/feed.xml"

    def rss(self, outlet: str = "") -> str:
        now = datetime.now(UTC)
        entries = []
        for i, key in enumerate(self.items):
            title, body = STORIES[key]
            slug = outlet.replace(" ", "-")
            if outlet:  # the other outlet words it a little differently
                title, body = f"{title} after delay", body.replace(" on ", " late on ", 1)
            when = format_datetime(now - timedelta(minutes=30 - i))
            entries.append(
                f"<item><guid>{outlet}{key}</guid><title>{escape(title)}</title><link>http://127.0.0.1/{slug}{key}</link>"
                f"<pubDate>{when}</pubDate><description>{escape(body * 2)}</description></item>"
            )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{outlet or self.title}</title>'
            f"{''.join(entries)}</channel></rss>"
        )

    async def feed(self, request: web.Request) -> web.Response:
        return web.Response(text=self.rss(), content_type="application/rss+xml")

    async def mirror(self, request: web.Request) -> web.Response:
        """Another outlet carrying the same stories (own GUIDs and title): one story, two feeds."""
        return web.Response(text=self.rss(outlet="Polder Post"), content_type="application/rss+xml")

    async def broken(self, request: web.Request) -> web.Response:
        return web.Response(text="<html><body>not a feed</body></html>", content_type="text/html")


@asynccontextmanager
async def serve_feed() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    app = web.Application()
    app.router.add_get("/feed.xml", server.feed)
    app.router.add_get("/broken.xml", server.broken)
    app.router.add_get("/mirror.xml", server.mirror)
    async with serve(app) as base:
        server.base = base
        yield server
