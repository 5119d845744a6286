"""Quiet hours: held during the window in the recipient's time zone, released as one summary when it ends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from bot.delivery.quiet import is_quiet, parse_window, quiet_ends
from bot.store.tables import Channel
from tests.alerts.articles import CALL_REUTERS, CHIPS, FOOTBALL, RATE_CUT
from tests.alerts.conftest import Harness

BERLIN = "Europe/Berlin"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "ends"),
    [
        (utc(2025, 2, 12, 21, 30), utc(2025, 2, 13, 6, 0)),  # 22:30 CET → 07:00 CET
        (utc(2025, 2, 13, 5, 59), utc(2025, 2, 13, 6, 0)),
        (utc(2025, 3, 29, 22, 0), utc(2025, 3, 30, 5, 0)),  # the night clocks go forward: 07:00 CEST
        (utc(2025, 10, 25, 21, 0), utc(2025, 10, 26, 6, 0)),  # the night clocks go back: 07:00 CET
        (utc(2025, 2, 13, 6, 0), None),  # 07:00 sharp: over
        (utc(2025, 2, 12, 20, 59), None),  # 21:59: not yet
    ],
)
def test_quiet_hours_end_at_local_seven_on_both_sides_of_dst(now: datetime, ends: datetime | None) -> None:
    assert quiet_ends(now, "22:00", "07:00", BERLIN) == ends


def test_a_window_within_one_day_and_bad_windows() -> None:
    assert is_quiet(utc(2025, 2, 12, 12, 30), "13:00", "14:00", BERLIN)
    assert not is_quiet(utc(2025, 2, 12, 13, 30), "13:00", "14:00", BERLIN)
    assert parse_window("22:00–07:00") == ("22:00", "07:00")
    for bad in ("22:00", "25:00-07:00", "07:00-07:00"):
        with pytest.raises(ValueError):
            parse_window(bad)


async def test_quiet_hours_accept_a_single_digit_hour_like_setup_time(harness: Harness) -> None:
    await harness.say("/subscribe Ukraine")
    reply = await harness.say(f"/subscriptions quiet 22:00-7:00 {BERLIN}")
    assert "Quiet hours 22:00–07:00 Europe/Berlin" in reply.plain_text()
    assert (await harness.say("/subscriptions quiet 22:00-7:3")).error


async def test_alerts_are_held_overnight_and_released_as_one_summary_at_seven(harness: Harness) -> None:
    await harness.say('/subscribe Ukraine OR "interest rate" OR chips', user="alice")
    reply = await harness.say(f"/subscriptions quiet 22:00-07:00 {BERLIN}", user="alice")
    assert "Quiet hours 22:00–07:00 Europe/Berlin" in reply.plain_text()

    harness.clock.set(utc(2025, 2, 12, 22, 0))  # 23:00 in Berlin
    await harness.add(CALL_REUTERS)
    await harness.work()
    harness.clock.set(utc(2025, 2, 13, 2, 0))  # 03:00
    await harness.add(RATE_CUT)
    await harness.work()
    harness.clock.set(utc(2025, 2, 13, 5, 59))  # 06:59
    await harness.work()
    assert harness.dms("alice") == []
    why = (await harness.say("/why 1", user="alice")).plain_text()
    assert "held until 13 Feb 06:00 UTC (quiet hours)" in why

    harness.clock.set(utc(2025, 2, 13, 6, 0))  # 07:00
    await harness.work()
    [summary] = harness.dms("alice")
    text = summary.message.plain_text()
    assert summary.message.title == "While it was quiet: 2 stories"
    assert CALL_REUTERS.title in text and RATE_CUT.title in text
    assert "Why: mentions" in text
    await harness.work()
    assert len(harness.dms("alice")) == 1


async def test_alerts_outside_quiet_hours_come_at_once(harness: Harness) -> None:
    await harness.say("/subscribe chips", user="alice")
    await harness.say(f"/subscriptions quiet 22:00-07:00 {BERLIN}", user="alice")
    harness.clock.set(utc(2025, 2, 12, 10, 0))
    await harness.add(CHIPS)
    await harness.work()
    assert len(harness.dms("alice")) == 1


async def test_a_channel_in_quiet_hours_holds_its_story_posts_then_sends_one_summary(harness: Harness) -> None:
    async with harness.services.db.session() as session:
        await session.execute(update(Channel).values(quiet_start="22:00", quiet_end="07:00", timezone=BERLIN))
    harness.clock.set(utc(2025, 2, 12, 23, 0))
    for article in (CALL_REUTERS, FOOTBALL):
        await harness.add(article)
    await harness.work()
    assert harness.channel_posts() == []
    harness.clock.set(utc(2025, 2, 13, 6, 5))
    await harness.work()
    [summary] = harness.channel_posts()
    assert summary.message.title == "While it was quiet: 2 stories"
