"""Sources and their health: conditional-GET validators, failure counts and auto-disable with a reason."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.tables import Source, utcnow
from bot.store.upsert import insert_ignore

logger = logging.getLogger(__name__)


async def ensure_source(session: AsyncSession, kind: str, key: str, name: str = "", interval_s: int = 900) -> Source:
    """The source's row, created if new (processes starting at once make one row), with its settings."""
    source = await session.scalar(select(Source).where(Source.key == key))
    if source is None:
        values = {"kind": kind, "key": key, "name": name or key, "interval_s": interval_s}
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
) -> None:
    source = await session.get(Source, source_id)
    if source is None:
        return
    now = utcnow()
    source.failures, source.last_polled_at, source.last_ok_at = 0, now, now
    source.articles_seen += new_articles
    if etag is not None:
        source.etag = etag
    if last_modified is not None:
        source.last_modified = last_modified
    if name and source.name == source.key:
        source.name = name


async def record_failure(session: AsyncSession, source_id: int, error: str, max_failures: int) -> Source | None:
    """Count a failure; after `max_failures` in a row the source is disabled and says why."""
    source = await session.get(Source, source_id)
    if source is None:
        return None
    now = utcnow()
    source.failures += 1
    source.total_failures += 1
    source.last_error, source.last_error_at, source.last_polled_at = error[:2000], now, now
    if source.failures >= max_failures and not source.disabled:
        source.disabled = True
        source.disabled_reason = f"disabled after {source.failures} failures in a row; last error: {error}"[:2000]
        logger.error("source %s disabled after %d consecutive failures: %s", source.key, source.failures, error)
    return source


async def all_sources(session: AsyncSession) -> list[Source]:
    return list(await session.scalars(select(Source).order_by(Source.kind, Source.id)))


async def enable_source(session: AsyncSession, key: str) -> bool:
    source = await session.scalar(select(Source).where(Source.key == key))
    if source is None:
        return False
    source.disabled, source.disabled_reason, source.failures = False, None, 0
    return True
