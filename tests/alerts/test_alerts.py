"""Alerts end to end through the router and the console: keyword, entity and semantic subscriptions, one
alert per story and subscriber, every alert says why, and `/why N` explains a delivery or a filtered item."""

from __future__ import annotations

from tests.alerts.articles import CALL_AP, CALL_BBC, CALL_REUTERS, CHIPS, FOOTBALL, RATE_CUT, brief_of
from tests.alerts.conftest import Harness


async def test_three_outlets_give_one_alert_per_subscriber_that_says_3_sources_and_why(harness: Harness) -> None:
    assert not (await harness.say("/subscribe Ukraine AND (talks OR negotiations) NOT sport", user="alice")).error
    assert not (await harness.say("/subscribe who:Witkoff", user="alice")).error  # a second match, same story
    assert not (await harness.say("/subscribe Putin", user="bob")).error
    assert not (await harness.say("/subscribe here Trump", user="carol")).error
    for article in (CALL_REUTERS, CALL_AP, CALL_BBC):
        await harness.add(article)
    await harness.work()

    alice, bob = harness.dms("alice"), harness.dms("bob")
    assert len(alice) == 1 and len(bob) == 1
    text = alice[0].message.plain_text()
    assert "3 sources" in text
    assert "mentions Ukraine" in text and "about Steve Witkoff" in text  # both of alice's reasons, one alert
    assert f"/why {alice[0].article_id}" in text
    channel = harness.channel_posts()
    assert len(channel) == 1  # the story post carries carol's alert: the channel sees the story once
    assert channel[0].mention_user_ids == ("carol",)
    assert "mentions Trump" in channel[0].message.plain_text()

    await harness.work()
    assert len(harness.posts) == 3  # nothing repeated


async def test_an_entity_subscription_matches_through_an_alias_the_entity_store_learnt_elsewhere(
    harness: Harness,
) -> None:
    await harness.add(CHIPS)  # its brief knows the European Union as "EU"
    await harness.work()
    await harness.say("/subscribe who:EU", user="alice")
    later = CHIPS.__class__(
        title="European Union opens an inquiry into chip subsidies",
        text="The European Union opened an inquiry on Monday into subsidies for chip factories. "
        "Officials said the review would take a year.",
        source="Politico",
        published=CHIPS.published.replace(day=10),
        url="https://example.org/politico/eu",
    )
    number = await harness.add(later, brief_of(later, ("European Union",), entity_aliases=False))
    await harness.work()
    [alert] = harness.dms("alice")
    assert alert.article_id == number
    assert "about European Union (known as “eu”)" in alert.message.plain_text()


async def test_a_full_name_subscription_finds_the_same_person_under_a_short_first_name(harness: Harness) -> None:
    await harness.say('/subscribe who:"Steven Witkoff"', user="alice")
    await harness.add(CALL_REUTERS)
    await harness.work()
    [alert] = harness.dms("alice")
    assert "same person as “steven witkoff”" in alert.message.plain_text()


async def test_a_semantic_subscription_matches_by_meaning_and_reports_the_similarity(harness: Harness) -> None:
    await harness.say('/subscribe ~"AI chip export controls"', user="alice")
    for article in (CHIPS, RATE_CUT, FOOTBALL, CALL_REUTERS):
        await harness.add(article)
    await harness.work()
    [alert] = harness.dms("alice")
    assert alert.message.title == "🔔 " + CHIPS.title
    assert "close to “AI chip export controls” (similarity 0." in alert.message.plain_text()


async def test_why_explains_a_delivered_alert_and_a_filtered_item(harness: Harness) -> None:
    await harness.say("/subscribe Ukraine AND talks NOT sport", user="alice")
    call = await harness.add(CALL_REUTERS)
    football = await harness.add(FOOTBALL)  # mentions Ukraine and talks, but also sport
    await harness.work()
    delivered = (await harness.say(f"/why {call}", user="alice")).plain_text()
    assert "Matched your subscriptions" in delivered and "mentions Ukraine, talks; no mention of sport" in delivered
    assert "Your DMs: sent" in delivered
    filtered = (await harness.say(f"/why {football}", user="alice")).plain_text()
    assert "Filtered" in filtered and "mentions excluded sport" in filtered
    assert (await harness.say("/why 999", user="alice")).error


async def test_a_story_already_alerted_does_not_alert_again_when_another_outlet_reports_it(harness: Harness) -> None:
    await harness.say("/subscribe Putin", user="alice")
    await harness.add(CALL_REUTERS)
    await harness.work()
    await harness.add(CALL_AP)
    await harness.work()
    assert len(harness.dms("alice")) == 1
    why = (await harness.say(f"/why {harness.dms('alice')[0].article_id + 1}", user="alice")).plain_text()
    assert "same event as" in why and "a story is posted and alerted once" in why
