"""Sources and their health: conditional-GET validators, failure counts and auto-disable with a reason.

Feeds live in the database: the TOML file's feeds are the initial set (`seed_config_feeds`), admins add and
remove more from chat (`/feeds`) or by OPML, and a removed feed keeps a tombstone (`removed_at`) so a restart
does not bring back what an admin removed. Each source may have routes (`SourceRoute`): the channels it
posts to, each with an optional filter in the alert query language; a source without routes goes to every
briefing channel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.redact import redact_url
from bot.store.tables import ArticleRow, Base, Source, utcnow
from bot.store.upsert import insert_ignore

logger = logging.getLogger(__name__)

ALL_CHANNELS = ""  # a route's platform/channel_id when it means "every briefing channel"


class SourceRoute(Base):
    """Where one source's stories go (migration 0006): a channel (or all: ""), and an optional filter."""

    __tablename__ = "source_routes"
    __table_args__ = (UniqueConstraint("source_id", "platform", "channel_id", name="uq_source_routes"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16), default=ALL_CHANNELS)
    channel_id: Mapped[str] = mapped_column(String(64), default=ALL_CHANNELS)
    query: Mapped[str] = mapped_column(String(1024), default="")  # "" = every story
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 × 384 for a `~"idea"` filter

    @property
    def everywhere(self) -> bool:
        return self.channel_id == ALL_CHANNELS


@dataclass(frozen=True)
class FeedHealth:
    """A feed as `/feeds list` shows it: the row, its routes, and the articles it brought in the last day."""

    source: Source
    routes: tuple[SourceRoute, ...]
    items_last_day: int


async def ensure_source(
    session: AsyncSession, kind: str, key: str, name: str = "", interval_s: int = 900, origin: str | None = None
) -> Source:
    """The source's row, created if new (processes starting at once make one row), with its settings."""
    source = await session.scalar(select(Source).where(Source.key == key))
    if source is None:
        values = {"kind": kind, "key": key, "name": name or key, "interval_s": interval_s, "origin": origin or "config"}
        await insert_ignore(session, Source, values, ("key",))
        source = (await session.scalars(select(Source).where(Source.key == key))).one()
    if source.interval_s != interval_s or (name and source.name != name):
        source.interval_s, source.name = interval_s, name or source.name
    return source


async def record_success(
    session: AsyncSession,
    source_id: int,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    new_articles: int = 0,
    name: str | None = None,
    now: datetime | None = None,
) -> None:
    source = await session.get(Source, source_id)
    if source is None:
        return
    now = now or utcnow()
    source.failures, source.last_polled_at, source.last_ok_at = 0, now, now
    source.articles_seen += new_articles
    if etag is not None:
        source.etag = etag
    if last_modified is not None:
        source.last_modified = last_modified
    if name and source.name == source.key:
        source.name = name


async def record_failure(
    session: AsyncSession, source_id: int, error: str, max_failures: int, *, now: datetime | None = None
) -> Source | None:
    """Count a failure; after `max_failures` in a row the source is disabled and says why."""
    source = await session.get(Source, source_id)
    if source is None:
        return None
    now = now or utcnow()
    source.failures += 1
    source.total_failures += 1
    source.last_error, source.last_error_at, source.last_polled_at = error[:2000], now, now
    if source.failures >= max_failures and not source.disabled:
        source.disabled = True
        source.disabled_reason = f"disabled after {source.failures} failures in a row; last error: {error}"[:2000]
        shown = redact_url(source.key)
        logger.error("source %s disabled after %d consecutive failures: %s", shown, source.failures, error)
    return source


async def all_sources(session: AsyncSession) -> list[Source]:
    """Every source an admin has not removed."""
    rows = await session.scalars(select(Source).where(Source.removed_at.is_(None)).order_by(Source.kind, Source.id))
    return list(rows)


async def enable_source(session: AsyncSession, key: str) -> bool:
    source = await session.scalar(select(Source).where(Source.key == key, Source.removed_at.is_(None)))
    if source is None:
        return False
    source.disabled, source.disabled_reason, source.failures = False, None, 0
    return True


# feeds managed from chat, OPML and the TOML file


async def seed_config_feeds(session: AsyncSession, feeds: list[tuple[str, str, int]]) -> None:
    """The TOML file's feeds `(url, name, interval_s)` are the initial set: added when missing, never revived
    once an admin removed them, and their name and interval follow the file."""
    if not feeds:
        return
    known = {s.key: s for s in await session.scalars(select(Source).where(Source.key.in_([f[0] for f in feeds])))}
    for url, name, interval_s in feeds:
        source = known.get(url)
        if source is None:  # several processes may start at once: the first insert wins, the others skip
            await _insert(session, Source(kind="feed", key=url, name=name or url, interval_s=interval_s))
        elif source.removed_at is None and source.origin == "config":
            source.interval_s, source.name = interval_s, name or source.name


async def active_feeds(session: AsyncSession) -> list[Source]:
    """Feeds to poll: not removed, not disabled."""
    rows = await session.scalars(
        select(Source)
        .where(Source.kind == "feed", Source.removed_at.is_(None), Source.disabled.is_(False))
        .order_by(Source.id)
    )
    return list(rows)


async def listed_feeds(session: AsyncSession) -> list[Source]:
    """Feeds in the order `/feeds list` numbers them (disabled ones included)."""
    rows = await session.scalars(
        select(Source).where(Source.kind == "feed", Source.removed_at.is_(None)).order_by(Source.id)
    )
    return list(rows)


async def add_feed(
    session: AsyncSession, url: str, *, name: str = "", interval_s: int = 900, origin: str = "chat", category: str = ""
) -> tuple[Source, bool]:
    """Add (or bring back) a feed; returns the row and whether it is new to the bot."""
    source = await session.scalar(select(Source).where(Source.key == url))
    if source is None:
        row = Source(kind="feed", key=url, name=name or url, interval_s=interval_s, origin=origin, category=category)
        if await _insert(session, row):
            return row, True
        source = await session.scalar(select(Source).where(Source.key == url))  # another process added it
        assert source is not None
    revived = source.removed_at is not None
    if revived:
        source.removed_at, source.disabled, source.disabled_reason, source.failures = None, False, None, 0
        source.origin = origin
    if name and source.name in ("", source.key):
        source.name = name
    if category:
        source.category = category
    return source, revived


async def _insert(session: AsyncSession, row: Source | SourceRoute) -> bool:
    """Insert in a savepoint; False when another process inserted the same natural key first."""
    try:
        async with session.begin_nested():
            session.add(row)
        return True
    except IntegrityError:
        return False


async def remove_feed(session: AsyncSession, source: Source, *, now: datetime | None = None) -> None:
    """Stop polling and posting a feed; its stored articles stay, its routes go."""
    source.removed_at = now or utcnow()
    await clear_routes(session, source.id)


async def set_route(
    session: AsyncSession,
    source_id: int,
    platform: str,
    channel_id: str,
    query: str = "",
    vector: bytes | None = None,
) -> SourceRoute:
    """Send a source to a channel ("" = all briefing channels), replacing that channel's earlier filter."""
    route = await session.scalar(
        select(SourceRoute).where(
            SourceRoute.source_id == source_id,
            SourceRoute.platform == platform,
            SourceRoute.channel_id == channel_id,
        )
    )
    if route is None:
        route = SourceRoute(source_id=source_id, platform=platform, channel_id=channel_id)
        if not await _insert(session, route):  # another process routed it at the same moment: update theirs
            return await set_route(session, source_id, platform, channel_id, query, vector)
    route.query, route.vector = query, vector
    await session.flush()
    return route


async def clear_routes(session: AsyncSession, source_id: int) -> None:
    """Back to the default: the source goes to every briefing channel."""
    await session.execute(delete(SourceRoute).where(SourceRoute.source_id == source_id))


async def routes_by_source(session: AsyncSession, source_ids: list[int] | None = None) -> dict[int, list[SourceRoute]]:
    stmt = select(SourceRoute).order_by(SourceRoute.id)
    if source_ids is not None:
        stmt = stmt.where(SourceRoute.source_id.in_(source_ids))
    found: dict[int, list[SourceRoute]] = {}
    for route in await session.scalars(stmt):
        found.setdefault(route.source_id, []).append(route)
    return found


async def feed_health(session: AsyncSession, now: datetime) -> list[FeedHealth]:
    """Every listed feed with its routes and how many articles it brought in the last 24 hours."""
    feeds = await listed_feeds(session)
    routes = await routes_by_source(session, [f.id for f in feeds])
    counts = dict(
        (
            await session.execute(
                select(ArticleRow.source_id, func.count(ArticleRow.id))
                .where(
                    ArticleRow.source_id.in_([f.id for f in feeds]), ArticleRow.created_at >= now - timedelta(days=1)
                )
                .group_by(ArticleRow.source_id)
            )
        ).all()
    )
    return [FeedHealth(f, tuple(routes.get(f.id, ())), int(counts.get(f.id, 0))) for f in feeds]
