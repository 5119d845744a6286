"""Channels the bot posts to, and the deliveries that make each post happen exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.tables import Channel, Delivery, utcnow
from bot.store.upsert import insert_ignore


class Landed(Protocol):
    """Where a post landed (`bot.messages.Sent` is one): the store keeps the ids, not the message type."""

    @property
    def message_id(self) -> str: ...

    @property
    def thread_id(self) -> str | None: ...


def _channel(platform: str, channel_id: str) -> Select[Channel]:
    return select(Channel).where(Channel.platform == platform, Channel.channel_id == channel_id)


async def find_channel(session: AsyncSession, platform: str, channel_id: str) -> Channel | None:
    """The channel's row, if the bot has one for it."""
    return await session.scalar(_channel(platform, channel_id))


async def ensure_channel(session: AsyncSession, platform: str, channel_id: str, **defaults: Any) -> Channel:
    """The channel's row, created with `defaults` if new (processes starting at once make one row)."""
    channel = await find_channel(session, platform, channel_id)
    if channel is None:
        values = {"platform": platform, "channel_id": channel_id, **defaults}
        await insert_ignore(session, Channel, values, ("platform", "channel_id"))
        channel = (await session.scalars(_channel(platform, channel_id))).one()
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


async def thread_article(session: AsyncSession, platform: str, thread_id: str) -> int | None:
    """The article whose post opened this thread, so a command written in it is about that story."""
    return await session.scalar(
        select(Delivery.article_id).where(Delivery.platform == platform, Delivery.thread_id == thread_id).limit(1)
    )


def mark_sent(delivery: Delivery, sent: Landed, when: datetime | None = None) -> None:
    delivery.status, delivery.error = "sent", None
    delivery.message_id, delivery.thread_id = sent.message_id, sent.thread_id
    delivery.sent_at = when or utcnow()


def mark_failed(delivery: Delivery, error: str) -> None:
    delivery.status, delivery.error = "failed", error[:2000]
