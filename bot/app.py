"""The running service, wired once: services, router, adapters, and the jobs the scheduler calls.

Data flows one way: collect (Article) → process (Brief) → publish (Post) → adapter.send. Interactive
commands go adapter → `dispatch` → router → handler → Reply → adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from aiohttp import web

from bot import collect, metrics
from bot.clock import utc_now
from bot.delivery import outbox, publish
from bot.ingest import IngestedItem, build_http_app
from bot.logs import log_context
from bot.messages import Command, Reply
from bot.ports import Adapter
from bot.processing import process_pending
from bot.router import Router, match
from bot.services import Services
from bot.settings import Settings
from bot.store import articles as article_store
from bot.store import channels as channel_store
from bot.store import events as event_store
from bot.store import sources as source_store
from bot.store.articles import Saved

logger = logging.getLogger(__name__)


class App:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.router = Router(services)
        self.adapters: dict[str, Adapter] = {}
        self.ready = False  # the first collect-and-brief pass is done (GET /readyz)

    @classmethod
    async def create(cls, settings: Settings, clock: Callable[[], datetime] = utc_now) -> App:
        return cls(await Services.open(settings, clock))

    @property
    def settings(self) -> Settings:
        return self.services.settings

    async def close(self) -> None:
        await self.services.close()

    # interactive
    async def dispatch(self, command: Command) -> Reply:
        spec = match(command).spec
        name = spec.name if spec else "unknown"
        with log_context(platform=command.platform, channel=command.channel_id, command=name):
            with self.services.metrics.time_command(name):
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

    async def first_sight(self, key: str) -> bool:
        """True the first time a platform event key is seen (adapters answer re-sent events once)."""
        async with self.services.db.session() as session:
            return await event_store.first_sight(session, key, self.services.clock())

    # the scheduled work, each a plain coroutine
    async def collect(self) -> collect.CollectReport:
        report = await collect.collect_folders(self.services)
        feeds = await collect.collect_feeds(self.services)
        for name in ("new", "updated", "unchanged", "duplicate"):
            setattr(report, name, getattr(report, name) + getattr(feeds, name))
        report.errors.extend(feeds.errors)
        return report

    async def ingest_item(self, item: IngestedItem) -> Saved:
        """One item from `POST /ingest`: stored once (and counted) like everything collected."""
        return await collect.store_item(self.services, item)

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
        """`POST /ingest` (bearer token), `GET /healthz` (readiness; `/healthz/live` for liveness) and
        `GET /metrics` (Prometheus), served in the bot's own process."""
        token = self.settings.http.ingest_token
        app = build_http_app(
            token=token.get_secret_value() if token else None,
            on_item=self.ingest_item,
            health=self.health,
            ready=lambda: self.ready,
        )
        app.router.add_get("/healthz/live", self._live)
        app.router.add_get("/healthz/ready", self._ready)
        if self.settings.http.metrics:
            app.router.add_get("/metrics", self._metrics)
        return app

    async def _live(self, request: web.Request) -> web.Response:
        """Liveness: the event loop answers. Restart the process only when this fails."""
        return web.json_response({"live": True})

    async def _ready(self, request: web.Request) -> web.Response:
        report = await self.health()
        return web.json_response(report, status=200 if report["ready"] else 503)

    async def _metrics(self, request: web.Request) -> web.Response:
        try:
            await self.refresh_gauges()
        except Exception as exc:  # noqa: BLE001 - counters are still worth serving without the queue depth
            logger.warning("metrics: could not read the queue depth: %s", type(exc).__name__)
        return web.Response(body=self.services.metrics.exposition(), headers={"Content-Type": metrics.CONTENT_TYPE})

    async def refresh_gauges(self) -> None:
        """Queue depths from the database (shared by every process on it), read when /metrics is scraped."""
        async with self.services.db.session() as session:
            states = await article_store.count_by_state(session)
            waiting = await outbox.count_waiting(session)
        self.services.metrics.set_queue_depth(
            {"to_brief": states.get("new", 0), "to_publish": states.get("briefed", 0), "outbox": waiting}
        )

    async def health(self) -> dict[str, object]:
        """Health: the database answers and every adapter is connected (`ok` False → HTTP 503); `ready` also
        needs the first collect-and-brief pass done, so a large first backlog never makes a container unhealthy."""
        report: dict[str, object] = {"live": True}
        try:
            async with self.services.db.session() as session:
                states = await article_store.count_by_state(session)
                sources = await source_store.all_sources(session)
            database = "ok"
            report.update(articles=states, sources=len(sources), disabled_sources=sum(s.disabled for s in sources))
        except Exception as exc:  # noqa: BLE001 - the probe reports it; details go to the log only
            logger.warning("health: database unavailable: %s", type(exc).__name__)
            database = f"unavailable ({type(exc).__name__})"
        adapters = {name: "ready" if getattr(a, "ready", True) else "not ready" for name, a in self.adapters.items()}
        ok = database == "ok" and all(state == "ready" for state in adapters.values())
        return {**report, "ok": ok, "ready": ok and self.ready, "database": database, "adapters": adapters}
