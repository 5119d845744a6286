"""Channels the bot posts to, and the deliveries that make each post happen exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import Sent
from bot.store.tables import Channel, Delivery, utcnow


async def ensure_channel(session: AsyncSession, platform: str, channel_id: str, **defaults: Any) -> Channel:
    channel = await session.scalar(
        select(Channel).where(Channel.platform == platform, Channel.channel_id == channel_id)
    )
    if channel is None:
        channel = Channel(platform=platform, channel_id=channel_id, **defaults)
        session.add(channel)
        await session.flush()
    return channel


async def channels_for(session: AsyncSession, platforms: list[str]) -> list[Channel]:
    rows = await session.scalars(select(Channel).where(Channel.platform.in_(platforms)).order_by(Channel.id))
    return list(rows)


async def delivered(session: AsyncSession, platform: str, channel_id: str, item_key: str) -> Delivery | None:
    return await session.scalar(
        select(Delivery).where(
            Delivery.platform == platform, Delivery.channel_id == channel_id, Delivery.item_key == item_key
        )
    )


async def claim(
    session: AsyncSession,
    platform: str,
    channel_id: str,
    item_key: str,
    article_id: int | None,
    reason: str | None = None,
) -> Delivery | None:
    """Reserve a delivery before sending. Returns None when it was already sent; a pending one left by a
    crash is handed back so it is retried (on Discord the nonce de-duplicates the rare double send)."""
    existing = await delivered(session, platform, channel_id, item_key)
    if existing is not None:
        return None if existing.status == "sent" else existing
    row = Delivery(platform=platform, channel_id=channel_id, item_key=item_key, article_id=article_id, reason=reason)
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:  # someone else claimed it between our read and write
        return None
    return row


def mark_sent(delivery: Delivery, sent: Sent, when: datetime | None = None) -> None:
    delivery.status, delivery.error = "sent", None
    delivery.message_id, delivery.thread_id = sent.message_id, sent.thread_id
    delivery.sent_at = when or utcnow()


def mark_failed(delivery: Delivery, error: str) -> None:
    delivery.status, delivery.error = "failed", error[:2000]
