"""`/subscribe`, `/subscriptions`, `/unsubscribe` through the router, as a user types them."""

from __future__ import annotations

from sqlalchemy import select

from bot.alerts.tables import SubscriptionVector
from bot.store.tables import Subscription
from tests.alerts.conftest import Harness


async def subs(h: Harness) -> list[Subscription]:
    async with h.services.db.session() as session:
        return list(await session.scalars(select(Subscription).order_by(Subscription.id)))


async def test_subscribe_list_and_unsubscribe(harness: Harness) -> None:
    reply = await harness.say("/subscribe Ukraine AND (talks OR ceasefire) NOT sport")
    assert not reply.error and "Subscribed (#1)" in reply.plain_text() and "by DM" in reply.plain_text()
    await harness.say("/subscribe who:Witkoff")
    await harness.say('/subscribe ~"AI chip export controls"')
    listing = (await harness.say("/subscriptions")).plain_text()
    assert "#1 Ukraine AND (talks OR ceasefire) NOT sport — keywords, by DM" in listing
    assert "#2 who:Witkoff — entity" in listing and '#3 ~"AI chip export controls" — topic' in listing
    assert [s.kind for s in await subs(harness)] == ["keyword", "entity", "semantic"]

    assert "Unsubscribed from who:Witkoff" in (await harness.say("/unsubscribe 2")).plain_text()
    assert not (await harness.say('/unsubscribe ~"AI chip export controls"')).error
    assert (await harness.say("/unsubscribe 2")).error
    assert [s.id for s in await subs(harness)] == [1]
    async with harness.services.db.session() as session:
        assert list(await session.scalars(select(SubscriptionVector))) == []  # its vector went with it


async def test_bad_syntax_is_refused_with_a_correct_example(harness: Harness) -> None:
    reply = await harness.say("/subscribe Ukraine AND (talks OR")
    assert reply.error
    assert (
        "OR at position" in reply.plain_text()
        and "Example: /subscribe Ukraine AND (talks OR ceasefire)" in reply.plain_text()
    )
    assert (await harness.say("/subscribe who:")).error
    nested = await harness.say("/subscribe " + "(" * 300 + "Ukraine" + ")" * 300)
    assert nested.error and "nests more than 20 levels deep" in nested.plain_text()
    assert (await harness.say("/subscribe")).error
    assert await subs(harness) == []


async def test_a_channel_subscription_and_its_limits(harness: Harness) -> None:
    reply = await harness.say("/subscribe here Ukraine", user="bob", channel="general")
    assert "in this channel, mentioning you" in reply.plain_text()
    [sub] = await subs(harness)
    assert (sub.channel_id, sub.user_id) == ("general", "bob")
    assert (await harness.say("/subscribe here Ukraine", user="bob", channel="bob-dm", is_dm=True)).error
    assert (
        "already subscribed"
        in (await harness.say("/subscribe here Ukraine", user="bob", channel="general")).plain_text()
    )


async def test_quiet_hours_are_validated_and_carried_to_new_subscriptions(harness: Harness) -> None:
    assert (await harness.say("/subscriptions quiet 22:00-07:00")).error  # nothing to attach them to yet
    await harness.say("/subscribe Ukraine")
    assert (await harness.say("/subscriptions quiet 22-07")).error
    assert (await harness.say("/subscriptions quiet 22:00-07:00 Mars/Olympus")).error
    assert not (await harness.say("/subscriptions quiet 22:00-07:00 Europe/Berlin")).error
    await harness.say("/subscribe Russia")
    assert {(s.quiet_start, s.quiet_end, s.timezone) for s in await subs(harness)} == {
        ("22:00", "07:00", "Europe/Berlin")
    }
    assert "Quiet hours 22:00–07:00 Europe/Berlin" in (await harness.say("/subscriptions")).plain_text()
    await harness.say("/subscriptions quiet off")
    assert {s.quiet_start for s in await subs(harness)} == {None}
