"""`alerts.subscriptions`: the rows the subscription commands change, read and written in one place."""

from __future__ import annotations

from bot.alerts import subscriptions as stored
from bot.alerts.match import parse_subscription
from tests.alerts.conftest import Harness


async def test_a_new_personal_subscription_inherits_the_users_quiet_hours(harness: Harness) -> None:
    async with harness.services.db.session() as session:
        first = await stored.add(session, "console", "alice", "", parse_subscription("Ukraine"), "UTC")
        assert (await stored.dm_settings(session, "console", "alice")) is first
        await stored.set_quiet(
            session, "console", "alice", {"quiet_start": "22:00", "quiet_end": "07:00", "timezone": "Europe/Berlin"}
        )
        second = await stored.add(session, "console", "alice", "", parse_subscription("chips"), "UTC")
        here = await stored.add(session, "console", "alice", "news", parse_subscription("rates"), "UTC")
    assert (second.quiet_start, second.quiet_end, second.timezone) == ("22:00", "07:00", "Europe/Berlin")
    assert here.channel_id == "news"


async def test_remove_takes_a_number_some_queries_or_everything_and_only_the_users_own(harness: Harness) -> None:
    async with harness.services.db.session() as session:
        for user, query in (("alice", "Ukraine"), ("alice", "chips"), ("alice", "rates"), ("bob", "Ukraine")):
            await stored.add(session, "console", user, "", parse_subscription(query), "UTC")
        first = await stored.find(session, "console", "alice", "", "Ukraine")
        assert first is not None and await stored.count(session, "console", "alice") == 3
        assert await stored.remove(session, "console", "alice", number=first.id) == ["Ukraine"]
        assert await stored.remove(session, "console", "alice", queries={"chips", "nothing"}) == ["chips"]
        assert await stored.remove(session, "console", "alice") == ["rates"]
        assert [s.query for s in await stored.listed(session, "console", "bob")] == ["Ukraine"]
