"""The running service, wired once: services, router, adapters, and the jobs the scheduler calls.

Data flows one way: collect (Article) → process (Brief) → publish (Post) → adapter.send. Interactive
commands go adapter → `dispatch` → router → handler → Reply → adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot import collect, publish
from bot.adapters.base import Adapter
from bot.ingest import IngestedItem, build_http_app
from bot.messages import Command, Reply
from bot.processing import process_pending
from bot.router import Router
from bot.services import Embedder, Services, utc_now
from bot.settings import Settings
from bot.store import Database
from bot.store import articles as article_store
from bot.store import channels as channel_store
from bot.store import sources as source_store
from summarizer import Article

logger = logging.getLogger(__name__)


class App:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.router = Router(services)
        self.adapters: dict[str, Adapter] = {}

    @classmethod
    async def create(cls, settings: Settings, clock: Callable[[], datetime] = utc_now) -> App:
        db = await Database.open(settings.database.url, pool_size=settings.database.pool_size)
        services = Services(settings=settings, db=db, clock=clock, embedder=Embedder(settings.summarizer.torch_threads))
        return cls(services)

    @property
    def settings(self) -> Settings:
        return self.services.settings

    async def close(self) -> None:
        await self.services.db.close()

    # interactive
    async def dispatch(self, command: Command) -> Reply:
        return await self.router.dispatch(command)

    # adapters and channels
    def attach(self, adapter: Adapter) -> None:
        self.adapters[adapter.platform] = adapter

    async def ensure_channel(self, platform: str, channel_id: str, **overrides: object) -> None:
        defaults = {**self.settings.digest.channel_defaults(), **overrides}
        async with self.services.db.session() as session:
            await channel_store.ensure_channel(session, platform, channel_id, **defaults)

    async def ensure_configured_channels(self) -> None:
        """The channels named in the configuration (and the console) exist before anything is posted."""
        s = self.settings
        if "console" in s.chat_platforms:
            await self.ensure_channel("console", s.console.channel_id)
        if "discord" in s.chat_platforms and s.discord.briefing_channel_id:
            await self.ensure_channel("discord", s.discord.briefing_channel_id)
        if "slack" in s.chat_platforms and s.slack.briefing_channel_id:
            await self.ensure_channel("slack", s.slack.briefing_channel_id)

    # the scheduled work, each a plain coroutine
    async def collect(self) -> collect.CollectReport:
        report = await collect.collect_folders(self.services)
        feeds = await collect.collect_feeds(self.services)
        for name in ("new", "updated", "unchanged", "duplicate"):
            setattr(report, name, getattr(report, name) + getattr(feeds, name))
        report.errors.extend(feeds.errors)
        return report

    async def ingest_item(self, item: IngestedItem) -> None:
        await collect.store_item(self.services, item)

    async def ingest_article(self, article: Article, origin: str = "http") -> int | None:
        item = IngestedItem.build(article, origin, origin, article.url)
        async with self.services.db.session() as session:
            return (await article_store.save_item(session, item)).article_id

    async def process_pending(self) -> int:
        return await process_pending(self.services)

    async def publish_pending(self) -> int:
        return await publish.publish_pending(self.services, self.adapters)

    async def work(self) -> int:
        """Brief what is new and post what is briefed: the job the scheduler runs every few seconds. Each
        stored batch is posted at once, so a long backlog starts posting after its first batch."""
        posted = 0

        async def publish_now() -> None:
            nonlocal posted
            posted += await self.publish_pending()

        await process_pending(self.services, on_stored=publish_now)
        await publish_now()
        return posted

    def http_app(self) -> web.Application:
        """`POST /ingest` (bearer token) and `GET /healthz`, served in the bot's own process."""
        token = self.settings.http.ingest_token
        return build_http_app(
            token=token.get_secret_value() if token else None, on_item=self.ingest_item, health=self.health
        )

    async def health(self) -> dict[str, object]:
        async with self.services.db.session() as session:
            states = await article_store.count_by_state(session)
            sources = await source_store.all_sources(session)
        return {
            "ok": True,
            "articles": states,
            "sources": len(sources),
            "disabled_sources": sum(s.disabled for s in sources),
            "adapters": sorted(self.adapters),
        }
