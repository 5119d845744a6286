"""An app with the real console adapter, an injected clock, and helpers that brief hand-written articles the
way `bot.processing` does (store the brief, index its entities, then the alerts hook), without the summariser."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from bot import alerts
from bot.adapters.console import ConsoleAdapter
from bot.app import App
from bot.ingest import IngestedItem
from bot.knowledge.entities import add_mentions, resolve_actors
from bot.messages import Command, Post, Reply
from bot.services import Embedder
from bot.settings import Settings
from bot.store import articles as article_store
from bot.store.tables import ArticleRow
from summarizer import Article, Brief
from tests.alerts.articles import T0, brief_of
from tests.fakes.recording import RecordingAdapter


class FakeClock:
    """`services.clock`: returns `now`, which tests move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """One MiniLM for the whole session (loading it takes seconds)."""
    return Embedder(1)


class Harness:
    def __init__(self, app: App, clock: FakeClock, out: io.StringIO, adapter: RecordingAdapter) -> None:
        self.app, self.clock, self.out, self.adapter = app, clock, out, adapter

    @property
    def posts(self) -> list[Post]:
        """Every post the console adapter sent, in order."""
        return self.adapter.posts

    def dms(self, user: str) -> list[Post]:
        return [p for p in self.posts if p.is_dm and p.channel_id == user]

    def channel_posts(self, channel: str = "console") -> list[Post]:
        return [p for p in self.posts if not p.is_dm and p.channel_id == channel]

    @property
    def services(self):  # noqa: ANN201
        return self.app.services

    async def add(self, article: Article, brief: Brief | None = None, origin: str | None = None) -> int:
        """Ingest and brief one article as `process_pending` would; returns its number."""
        key = origin or f"feed:{article.source}"
        item = IngestedItem.build(article, "feed", key, article.url or article.title)
        async with self.services.db.session() as session:
            saved = await article_store.save_item(session, item)
        brief = brief or brief_of(article)
        async with self.services.db.session() as session:
            row = await session.get(ArticleRow, saved.article_id)
            await article_store.store_brief(session, row, brief, "extractive")
            resolved = await resolve_actors(session, brief.actors)
            await add_mentions(session, row.id, resolved.values(), article.published or self.clock())
            await alerts.on_briefed(session, row, brief, self.services)
        assert saved.article_id is not None
        return saved.article_id

    async def say(self, text: str, *, user: str = "alice", channel: str = "console", is_dm: bool = False) -> Reply:
        command = Command.parse(text, platform="console", channel_id=channel, user_id=user, is_dm=is_dm)
        return await self.app.dispatch(command)

    async def work(self) -> int:
        return await self.app.publish_pending()

    def output(self) -> str:
        """What the console printed since the last call."""
        text = self.out.getvalue()
        self.out.seek(0)
        self.out.truncate()
        return text


async def make_harness(settings: Settings, clock: FakeClock, embedder: Embedder, **channel: Any) -> Harness:
    app = await App.create(settings, clock=clock)
    app.services.embedder = embedder
    out = io.StringIO()
    adapter = RecordingAdapter(ConsoleAdapter(app.dispatch, console=Console(file=out, width=160, color_system=None)))
    app.attach(adapter)
    await app.ensure_channel("console", "console", **channel)
    return Harness(app, clock, out, adapter)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
async def harness_factory(
    database_url: str, make_settings: Callable[..., Settings], clock: FakeClock, embedder: Embedder, tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    """`await harness_factory(**channel_settings)`; the same database every time (a restart), on SQLite and,
    when NEWSBRIEF_TEST_POSTGRES_URL is set, PostgreSQL. `settings={"alerts.dm_max_per_hour": 1}` changes
    the bot's settings for that harness."""
    made: list[Harness] = []

    async def factory(settings: dict[str, Any] | None = None, **channel: Any) -> Harness:
        overrides = {"sources.folders": [], "database.url": database_url, **(settings or {})}
        harness = await make_harness(make_settings(tmp_path, **overrides), clock, embedder, **channel)
        made.append(harness)
        return harness

    yield factory
    for harness in made:
        await harness.app.close()


@pytest.fixture
async def harness(harness_factory: Callable[..., Any]) -> Harness:
    return await harness_factory()
