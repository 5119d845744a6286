"""Anti-flood: how many messages a recipient may still get now, and how a burst is cut into messages.

Caps are per recipient over sliding windows (the last hour, the last 24 hours), counted from the sent
deliveries, so they survive restarts. The plan is pure: given the ready items and the budget it says what
goes out alone, what is batched into one message, and what waits for the next free slot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import as_utc
from bot.store.tables import Delivery

logger = logging.getLogger(__name__)

BURST = 3  # this many alerts ready at once for one recipient become one message
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Caps:
    per_hour: int
    per_day: int


@dataclass(frozen=True)
class Budget:
    remaining: int
    next_slot: datetime  # when at least one more message will be allowed


@dataclass
class Plan:
    singles: list[int] = field(default_factory=list)  # item ids sent one message each
    batch: list[int] = field(default_factory=list)  # item ids sent together in one message
    wait: list[int] = field(default_factory=list)  # item ids held until `Budget.next_slot`


async def budget(session: AsyncSession, platform: str, target: str, caps: Caps, now: datetime) -> Budget:
    """Messages still allowed to `target` now under both caps, and when the next one frees up."""
    base = select(Delivery.sent_at).where(
        Delivery.platform == platform,
        Delivery.channel_id == target,
        Delivery.status == "sent",
        Delivery.item_key.not_like("digest:%"),
    )
    rows = (await session.scalars(base.where(Delivery.sent_at >= now - DAY))).all()
    last_day = [as_utc(t) for t in rows if t is not None]
    last_hour = [t for t in last_day if t >= now - HOUR]
    remaining = min(caps.per_hour - len(last_hour), caps.per_day - len(last_day))
    next_slot = now
    if len(last_hour) >= caps.per_hour:
        next_slot = max(next_slot, sorted(last_hour)[len(last_hour) - caps.per_hour] + HOUR)
    if len(last_day) >= caps.per_day:
        next_slot = max(next_slot, sorted(last_day)[len(last_day) - caps.per_day] + DAY)
    return Budget(remaining=max(remaining, 0), next_slot=next_slot)


def plan(item_ids: list[int], remaining: int, *, batch_bursts: bool, summary: bool = False) -> Plan:
    """Cut ready items into messages.

    - `summary` (items held through quiet hours or a cap): everything in one message.
    - `batch_bursts` (alerts): BURST or more at once → one message.
    - otherwise one message per item while the budget lasts; when it would overflow, the last free
      message carries all the rest (so a channel never goes over its cap and loses nothing).
    """
    result = Plan()
    if not item_ids:
        return result
    if remaining <= 0:
        result.wait = list(item_ids)
        return result
    if summary or (batch_bursts and len(item_ids) >= BURST):
        result.batch = list(item_ids)
        return result
    if len(item_ids) <= remaining:
        result.singles = list(item_ids)
        return result
    result.singles = list(item_ids[: remaining - 1])
    result.batch = list(item_ids[remaining - 1 :])
    if len(result.batch) == 1:  # a batch of one is just a single
        result.singles, result.batch = result.singles + result.batch, []
    return result
