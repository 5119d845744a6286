"""When digests go out: a channel's due time lives in the database, so a first start posts no digest (the
first waits for its scheduled time), a digest missed while the bot was down is caught up with only the
stories not already posted in the channel, and several workers post one digest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from bot.delivery.digest import run_due
from bot.store.tables import Channel
from tests.alerts.articles import CHIPS, FOOTBALL
from tests.alerts.conftest import Harness


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def berlin_channel(h: Harness) -> int:
    async with h.services.db.session() as session:
        await session.execute(update(Channel).values(timezone="Europe/Berlin", digest_time="08:00"))
        return await session.scalar(select(Channel.id))


def digests(h: Harness) -> list[str]:
    return [p.message.title for p in h.channel_posts() if p.delivery_key.startswith("digest:")]


async def next_digest_at(h: Harness, pk: int) -> datetime:
    async with h.services.db.session() as session:
        return (await session.get(Channel, pk)).next_digest_at.astimezone(UTC)


async def test_a_first_start_posts_no_digest_and_the_first_waits_for_its_time(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    pk = await berlin_channel(harness)
    harness.clock.set(utc(2025, 2, 13, 12, 0))  # 13:00 in Berlin: today's 08:00 has passed
    await harness.add(CHIPS)
    await harness.work()
    with caplog.at_level(logging.WARNING):
        assert not await run_due(harness.services, harness.app.adapters, pk)
    assert digests(harness) == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert await next_digest_at(harness, pk) == utc(2025, 2, 14, 7, 0)
    harness.clock.set(utc(2025, 2, 14, 6, 59))
    assert not await run_due(harness.services, harness.app.adapters, pk)
    harness.clock.set(utc(2025, 2, 14, 7, 0))
    assert await run_due(harness.services, harness.app.adapters, pk)
    assert not await run_due(harness.services, harness.app.adapters, pk)  # once a day
    assert digests(harness) == ["Daily digest — 2025-02-14"]
    assert await next_digest_at(harness, pk) == utc(2025, 2, 15, 7, 0)


async def test_a_catch_up_digest_has_only_the_stories_not_already_posted_in_the_channel(harness: Harness) -> None:
    pk = await berlin_channel(harness)
    harness.clock.set(utc(2025, 2, 13, 12, 0))
    assert not await run_due(harness.services, harness.app.adapters, pk)  # first seen: scheduled only
    await harness.add(CHIPS)
    await harness.work()  # posted in the channel
    harness.clock.set(utc(2025, 2, 13, 13, 0))
    await harness.add(FOOTBALL)  # briefed, then the bot went down before posting it
    harness.clock.set(utc(2025, 2, 14, 10, 0))  # back up two hours after the digest time
    assert await run_due(harness.services, harness.app.adapters, pk)
    [digest] = [p for p in harness.channel_posts() if p.delivery_key.startswith("digest:")]
    assert [s.heading.split(" ", 1)[1] for s in digest.message.sections] == [FOOTBALL.title]


async def test_two_workers_post_one_digest(harness_factory: Callable[..., Any], database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is the one-process path; workers share PostgreSQL")
    first: Harness = await harness_factory()
    second: Harness = await harness_factory()
    pk = await berlin_channel(first)
    first.clock.set(utc(2025, 2, 13, 12, 0))
    await first.add(CHIPS)
    assert not await run_due(first.services, first.app.adapters, pk)
    first.clock.set(utc(2025, 2, 14, 7, 0))  # the two harnesses share the clock
    results = await asyncio.gather(*(run_due(h.services, h.app.adapters, pk) for h in (first, second, first, second)))
    assert sorted(results) == [False, False, False, True]
    assert len(digests(first) + digests(second)) == 1
