"""The outbox: what each recipient (a channel, or a user's DMs) is owed, one row per story, durable.

Life of an item: `pending` → (`held` until quiet hours end or a flood cap frees up) → `sending` (its
`batch_key` names the one message it goes out in, committed before the send) → `sent`. A restart finds
`sending` items and re-sends exactly that message under the same delivery key, which the delivery table
de-duplicates: nothing is lost, nothing is repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.subscriptions import dm_settings
from bot.alerts.tables import AlertMatch, OutboxItem
from bot.clock import as_utc
from bot.delivery.flood import Caps
from bot.settings import Settings
from bot.store.channels import find_channel
from bot.store.tables import Channel
from bot.store.upsert import insert_ignore

logger = logging.getLogger(__name__)

ACTIVE = ("pending", "held", "sending")


@dataclass(frozen=True)
class Recipient:
    platform: str
    target: str
    is_dm: bool


@dataclass(frozen=True)
class Policy:
    """How a recipient wants to be reached: quiet window in its time zone, caps, threads."""

    quiet_start: str | None
    quiet_end: str | None
    timezone: str
    caps: Caps
    thread_per_story: bool = False
    digest_only: bool = False
    cap_posts: bool = True  # caps and burst batching apply to story posts too (not only to alerts)


def recipient_of(item: OutboxItem) -> Recipient:
    return Recipient(item.platform, item.target, item.is_dm)


async def enqueue(
    session: AsyncSession, recipient: Recipient, story_id: int, article_id: int | None, kind: str, now: datetime
) -> OutboxItem:
    """The recipient's item for this story, created if new: a story reaches a recipient once (two workers
    enqueueing it at once make one row: the insert ignores the conflict on the unique key)."""
    item = await item_for(session, recipient, story_id)
    if item is None:
        values = {
            "platform": recipient.platform,
            "target": recipient.target,
            "is_dm": recipient.is_dm,
            "story_id": story_id,
            "article_id": article_id,
            "kind": kind,
            "status": "pending",
            "created_at": now,
        }
        await insert_ignore(session, OutboxItem, values, ("platform", "target", "is_dm", "story_id"))
        item = await item_for(session, recipient, story_id)
        assert item is not None  # inserted now, or by whoever won the race
    return item


async def item_for(session: AsyncSession, recipient: Recipient, story_id: int) -> OutboxItem | None:
    return await session.scalar(
        select(OutboxItem).where(
            OutboxItem.platform == recipient.platform,
            OutboxItem.target == recipient.target,
            OutboxItem.is_dm == recipient.is_dm,
            OutboxItem.story_id == story_id,
        )
    )


def posted_alone(item: OutboxItem) -> bool:
    """Sent as its own message (not inside a batch), so that message can be edited when the story grows."""
    return item.status == "sent" and item.batch_key == single_key(item)


async def attach_matches(session: AsyncSession, now: datetime) -> int:
    """Give every new match an outbox item: the user's DMs, or the channel it was subscribed in (merged into
    the channel's own post of the story when there is one, so the channel sees the story once)."""
    matches = list(
        await session.scalars(select(AlertMatch).where(AlertMatch.outbox_id.is_(None)).order_by(AlertMatch.id))
    )
    for match in matches:
        if match.channel_id:
            recipient = Recipient(match.platform, match.channel_id, False)
            channel = await _channel(session, recipient)
            item = await enqueue(session, recipient, match.story_id, match.article_id, "alert", now)
            if channel is not None and channel.digest_only and item.status == "pending" and item.kind == "alert":
                item.status, item.held_reason = "skipped", "digest-only"
        else:
            recipient = Recipient(match.platform, match.user_id, True)
            item = await enqueue(session, recipient, match.story_id, match.article_id, "alert", now)
        match.outbox_id = item.id
    return len(matches)


async def _channel(session: AsyncSession, recipient: Recipient) -> Channel | None:
    return await find_channel(session, recipient.platform, recipient.target)


async def policy_for(session: AsyncSession, recipient: Recipient, settings: Settings) -> Policy:
    """A channel's settings, or for DMs the user's quiet hours (kept on their subscriptions) and the `[alerts]`
    DM caps. Whether a channel's caps also hold back its own story posts is `alerts.cap_story_posts`."""
    default_timezone = settings.digest.timezone
    dm_caps = Caps(settings.alerts.dm_max_per_hour, settings.alerts.dm_max_per_day)
    if not recipient.is_dm:
        channel = await _channel(session, recipient)
        if channel is None:
            return Policy(None, None, default_timezone, dm_caps)
        return Policy(
            channel.quiet_start,
            channel.quiet_end,
            channel.timezone or default_timezone,
            Caps(channel.max_per_hour, channel.max_per_day),
            channel.thread_per_story,
            channel.digest_only,
            cap_posts=settings.alerts.cap_story_posts,
        )
    sub = await dm_settings(session, recipient.platform, recipient.target)
    if sub is None:
        return Policy(None, None, default_timezone, dm_caps)
    return Policy(sub.quiet_start, sub.quiet_end, sub.timezone or default_timezone, dm_caps)


async def active_items(session: AsyncSession, platforms: Iterable[str]) -> list[OutboxItem]:
    return list(
        await session.scalars(
            select(OutboxItem)
            .where(OutboxItem.status.in_(ACTIVE), OutboxItem.platform.in_(list(platforms)))
            .order_by(OutboxItem.id)
        )
    )


async def count_waiting(session: AsyncSession) -> int:
    """Items not yet sent (pending, held or sending), on every platform: the outbox's queue depth."""
    return int(await session.scalar(select(func.count(OutboxItem.id)).where(OutboxItem.status.in_(ACTIVE))) or 0)


async def active_items_of(session: AsyncSession, recipient: Recipient) -> list[OutboxItem]:
    return list(
        await session.scalars(
            select(OutboxItem)
            .where(
                OutboxItem.status.in_(ACTIVE),
                OutboxItem.platform == recipient.platform,
                OutboxItem.target == recipient.target,
                OutboxItem.is_dm == recipient.is_dm,
            )
            .order_by(OutboxItem.id)
        )
    )


async def posted_stories(session: AsyncSession, platform: str, target: str, since: datetime) -> list[int]:
    """The stories posted in a channel (not DMs) since `since`."""
    return list(
        await session.scalars(
            select(OutboxItem.story_id).where(
                OutboxItem.platform == platform,
                OutboxItem.target == target,
                OutboxItem.is_dm.is_(False),
                OutboxItem.status == "sent",
                OutboxItem.sent_at >= since,
            )
        )
    )


def is_ready(item: OutboxItem, now: datetime) -> bool:
    if item.status == "pending":
        return True
    return item.status == "held" and (item.release_at is None or as_utc(item.release_at) <= now)


async def hold(session: AsyncSession, ids: list[int], until: datetime, why: str) -> None:
    if ids:
        await session.execute(
            update(OutboxItem).where(OutboxItem.id.in_(ids)).values(status="held", held_reason=why, release_at=until)
        )


async def mark_sending(session: AsyncSession, ids: list[int], batch_key: str) -> None:
    await session.execute(
        update(OutboxItem).where(OutboxItem.id.in_(ids)).values(status="sending", batch_key=batch_key)
    )


def _in_message(batch_key: str, recipient: Recipient) -> tuple[ColumnElement[bool], ...]:
    """The items bound to one message for one recipient."""
    return (
        OutboxItem.batch_key == batch_key,
        OutboxItem.platform == recipient.platform,
        OutboxItem.target == recipient.target,
        OutboxItem.is_dm == recipient.is_dm,
    )


async def mark_sent(session: AsyncSession, batch_key: str, recipient: Recipient, now: datetime) -> None:
    await session.execute(
        update(OutboxItem)
        .where(*_in_message(batch_key, recipient), OutboxItem.status == "sending")
        .values(status="sent", sent_at=now)
    )


async def batch_items(session: AsyncSession, batch_key: str, recipient: Recipient) -> list[OutboxItem]:
    query = select(OutboxItem).where(*_in_message(batch_key, recipient)).order_by(OutboxItem.id)
    return list(await session.scalars(query))


def single_key(item: OutboxItem) -> str:
    """The delivery key of an item sent alone: one per story and recipient."""
    return f"alert:{item.story_id}" if item.kind == "alert" else f"story:{item.story_id}"


def batch_key(item_ids: list[int]) -> str:
    return f"batch:{min(item_ids)}"
