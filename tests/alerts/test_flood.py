"""Anti-flood: per-recipient caps per hour and per day, bursts batched into one message, nothing lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update

from bot.delivery.flood import BURST, plan
from bot.store.tables import Channel
from tests.alerts.articles import CALL_REUTERS, CHIPS, FOOTBALL, MUNICH, RATE_CUT
from tests.alerts.conftest import Harness


def test_the_plan_sends_singles_while_the_budget_lasts_and_batches_the_overflow() -> None:
    assert plan([1, 2], 5, batch_bursts=False).singles == [1, 2]
    overflow = plan([1, 2, 3, 4], 2, batch_bursts=False)
    assert (overflow.singles, overflow.batch) == ([1], [2, 3, 4])
    assert plan([1, 2, 3], 0, batch_bursts=False).wait == [1, 2, 3]
    burst = plan(list(range(BURST)), 10, batch_bursts=True)
    assert burst.singles == [] and burst.batch == list(range(BURST))
    assert plan([7], 3, batch_bursts=True, summary=True).batch == [7]


async def test_a_burst_of_alerts_is_one_message(harness: Harness) -> None:
    await harness.say("/subscribe Ukraine OR rate OR chips OR Mensah", user="alice")
    for article in (CALL_REUTERS, RATE_CUT, CHIPS, FOOTBALL):
        await harness.add(article)
    await harness.work()
    [batch] = harness.dms("alice")
    assert batch.message.title == "4 stories matching your alerts"
    assert batch.delivery_key.startswith("batch:")


async def test_a_briefing_channel_gets_every_story_as_its_own_post_by_default(harness: Harness) -> None:
    async with harness.services.db.session() as session:
        await session.execute(update(Channel).values(max_per_hour=2))
    for article in (CALL_REUTERS, RATE_CUT, CHIPS, FOOTBALL):
        await harness.add(article)
    await harness.work()
    assert [p.delivery_key.split(":")[0] for p in harness.channel_posts()] == ["story"] * 4


async def test_alerts_in_a_channel_come_with_a_mention_and_a_burst_is_batched(harness: Harness) -> None:
    await harness.say("/subscribe here Ukraine OR rate OR chips OR Mensah", user="bob", channel="news")
    await harness.add(CALL_REUTERS)
    await harness.work()
    [alert] = harness.channel_posts("news")  # not a briefing channel: only bob's alerts go there
    assert alert.mention_user_ids == ("bob",) and alert.delivery_key.startswith("alert:")
    for article in (RATE_CUT, CHIPS, FOOTBALL):
        await harness.add(article)
    await harness.work()
    _, batch = harness.channel_posts("news")
    assert batch.message.title == "3 stories matching your alerts" and batch.mention_user_ids == ("bob",)


async def test_alerts_over_the_cap_are_held_and_then_sent_together(harness_factory: Callable[..., Any]) -> None:
    harness = await harness_factory(settings={"alerts.dm_max_per_hour": 1})
    await harness.say("/subscribe Ukraine OR rate OR chips", user="alice")
    await harness.add(CALL_REUTERS)
    await harness.work()
    await harness.add(RATE_CUT)
    await harness.work()
    harness.clock.advance(minutes=5)
    await harness.add(CHIPS)
    await harness.work()
    assert len(harness.dms("alice")) == 1
    harness.clock.advance(minutes=56)
    await harness.work()
    _, batch = harness.dms("alice")
    assert batch.message.title == "2 stories matching your alerts"


async def test_a_channel_over_its_hourly_cap_batches_then_holds_until_a_slot_frees(
    harness_factory: Callable[..., Any],
) -> None:
    harness = await harness_factory(settings={"alerts.cap_story_posts": True})
    async with harness.services.db.session() as session:
        await session.execute(update(Channel).values(max_per_hour=2, max_per_day=40))
    for article in (CALL_REUTERS, RATE_CUT, CHIPS, FOOTBALL):
        await harness.add(article)
    await harness.work()
    first, batch = harness.channel_posts()
    assert first.delivery_key.startswith("story:")
    assert batch.message.title == "3 more stories"

    harness.clock.advance(minutes=10)
    await harness.add(MUNICH)
    await harness.work()
    assert len(harness.channel_posts()) == 2  # cap reached: held, not dropped
    harness.clock.advance(minutes=51)  # the first post is now more than an hour old
    await harness.work()
    assert len(harness.channel_posts()) == 3
    assert harness.channel_posts()[-1].message.title == MUNICH.title  # a story post of its own, with its thread


async def test_the_daily_cap_counts_the_last_24_hours(harness_factory: Callable[..., Any]) -> None:
    harness = await harness_factory(settings={"alerts.cap_story_posts": True})
    async with harness.services.db.session() as session:
        await session.execute(update(Channel).values(max_per_hour=10, max_per_day=1))
    await harness.add(CALL_REUTERS)
    await harness.work()
    harness.clock.advance(hours=2)
    await harness.add(RATE_CUT)
    await harness.work()
    assert len(harness.channel_posts()) == 1
    harness.clock.advance(hours=22, minutes=1)
    await harness.work()
    assert len(harness.channel_posts()) == 2
