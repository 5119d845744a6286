"""The daily digest: at 08:00 local on both sides of a DST change, once a day, top stories by sources,
recency and interest, digest-only channels, and `/digest now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.delivery.digest import score, send_digest
from bot.scheduler import digest_trigger
from bot.settings import DigestSettings
from bot.store.tables import Channel
from tests.alerts.articles import CALL_AP, CALL_BBC, CALL_REUTERS, CHIPS, FOOTBALL, RATE_CUT
from tests.alerts.conftest import Harness

BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "fires"),
    [
        (utc(2025, 3, 29, 7, 0), utc(2025, 3, 30, 6, 0)),  # 08:00 CET was 07:00 UTC; next is 08:00 CEST
        (utc(2025, 3, 30, 6, 0), utc(2025, 3, 31, 6, 0)),
        (utc(2025, 10, 25, 6, 0), utc(2025, 10, 26, 7, 0)),  # back to CET: 08:00 is 07:00 UTC
        (utc(2025, 10, 26, 7, 0), utc(2025, 10, 27, 7, 0)),
    ],
)
def test_the_digest_trigger_fires_at_eight_berlin_time_across_dst(after: datetime, fires: datetime) -> None:
    trigger = digest_trigger("08:00", "Europe/Berlin")
    nxt = trigger.get_next_fire_time(after, after + timedelta(seconds=1))
    assert nxt == fires
    assert nxt.astimezone(BERLIN).strftime("%H:%M") == "08:00"


async def berlin_channel(h: Harness) -> int:
    async with h.services.db.session() as session:
        await session.execute(update(Channel).values(timezone="Europe/Berlin", digest_time="08:00"))
        return await session.scalar(select(Channel.id))


@pytest.mark.parametrize(
    ("too_early", "on_time"),
    [
        (utc(2025, 3, 30, 5, 59), utc(2025, 3, 30, 6, 0)),  # summer time from this morning
        (utc(2025, 10, 26, 6, 59), utc(2025, 10, 26, 7, 0)),  # winter time from this morning
    ],
)
async def test_send_digest_posts_at_the_local_time_once_a_day(
    harness: Harness, too_early: datetime, on_time: datetime
) -> None:
    pk = await berlin_channel(harness)
    harness.clock.set(too_early)
    assert not await send_digest(harness.services, harness.app.adapters, pk)
    harness.clock.set(on_time)
    assert await send_digest(harness.services, harness.app.adapters, pk)
    harness.clock.advance(minutes=30)
    assert not await send_digest(harness.services, harness.app.adapters, pk)  # once per local day
    [digest] = harness.channel_posts()
    assert digest.delivery_key == f"digest:{on_time.date().isoformat()}"
    harness.clock.set(on_time + timedelta(days=1))
    assert await send_digest(harness.services, harness.app.adapters, pk)
    assert await send_digest(harness.services, harness.app.adapters, pk, force=True)  # /digest-style extra


async def test_the_digest_ranks_stories_by_sources_and_shows_compact_briefs(harness: Harness) -> None:
    pk = await berlin_channel(harness)
    harness.clock.set(utc(2025, 2, 12, 18, 0))
    for article in (RATE_CUT, CHIPS, CALL_REUTERS, CALL_AP, CALL_BBC, FOOTBALL):
        await harness.add(article)
    harness.clock.set(utc(2025, 2, 13, 7, 0))  # 08:00 Berlin
    assert await send_digest(harness.services, harness.app.adapters, pk)
    digest = harness.channel_posts()[-1].message
    assert digest.title == "Daily digest — 2025-02-13"
    first = digest.sections[0]
    assert CALL_REUTERS.title in first.heading
    assert any(line.startswith("3 sources: Reuters, AP, BBC News") for line in first.items)
    assert any(line.startswith("Who: Donald Trump") for line in first.items)
    assert any(line.startswith("Next: ") for line in first.items)
    assert len(digest.sections) == 4  # six articles, four stories


def test_the_score_prefers_more_sources_then_newer_then_wanted() -> None:
    ranking = DigestSettings()
    assert score(3, 10, 0, ranking) > score(1, 10, 0, ranking)
    assert score(1, 1, 0, ranking) > score(1, 20, 0, ranking)
    assert score(1, 10, 3, ranking) > score(1, 10, 0, ranking)


def test_the_ranking_weights_are_settings() -> None:
    unwanted = DigestSettings(interest_weight=0)
    assert score(1, 10, 3, unwanted) == score(1, 10, 0, unwanted)
    slow, fast = DigestSettings(recency_hours=240), DigestSettings(recency_hours=6)
    assert score(1, 20, 0, slow) - score(1, 1, 0, slow) > score(1, 20, 0, fast) - score(1, 1, 0, fast)


async def test_a_digest_only_channel_gets_no_story_posts_but_its_digest_has_them(harness: Harness) -> None:
    pk = await berlin_channel(harness)
    async with harness.services.db.session() as session:
        await session.execute(update(Channel).values(digest_only=True))
    await harness.add(CHIPS)
    await harness.add(FOOTBALL)
    await harness.work()
    assert harness.posts == []
    harness.clock.set(utc(2025, 2, 13, 7, 0))
    assert await send_digest(harness.services, harness.app.adapters, pk)
    [digest] = harness.posts
    assert [s.heading.split(" ", 1)[1] for s in digest.message.sections] == [FOOTBALL.title, CHIPS.title]


async def test_digest_now_answers_with_the_last_day_through_the_router(harness: Harness) -> None:
    await harness.add(CHIPS)
    reply = await harness.say("/digest now")
    assert not reply.error and CHIPS.title in reply.plain_text()
    assert (await harness.say("/digest tomorrow")).error
