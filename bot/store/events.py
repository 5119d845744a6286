"""Platform events seen recently: the durable half of "answer each Slack event once"."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.tables import PlatformEvent

logger = logging.getLogger(__name__)

EVENT_TTL = timedelta(hours=1)  # Slack retries an event three times within minutes; an hour is ample


async def first_sight(session: AsyncSession, key: str, now: datetime, ttl: timedelta = EVENT_TTL) -> bool:
    """True the first time `key` is recorded within `ttl`; False for a repeat. An `INSERT … ON CONFLICT DO
    NOTHING`, so two processes receiving the same event at once agree on which one answers it."""
    await session.execute(delete(PlatformEvent).where(PlatformEvent.seen_at < now - ttl))
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stored = await session.scalar(
        insert(PlatformEvent).values(key=key[:255], seen_at=now).on_conflict_do_nothing().returning(PlatformEvent.key)
    )
    return stored is not None
