"""Stories across outlets: one event from three outlets is one story, posted once, "3 sources"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from bot.alerts.tables import ArticleSignature
from bot.store.tables import ArticleRow, Delivery, Story
from tests.alerts.articles import CALL_AP, CALL_BBC, CALL_REUTERS, CHIPS, MUNICH, RATE_CUT
from tests.alerts.conftest import Harness


async def story_of(h: Harness, article_id: int) -> int | None:
    async with h.services.db.session() as session:
        return (await session.get(ArticleRow, article_id)).story_id


async def test_three_outlets_on_one_event_become_one_post_that_says_3_sources(harness: Harness) -> None:
    for article in (CALL_REUTERS, CALL_AP, CALL_BBC):
        await harness.add(article)
    assert await harness.work() == 1
    out = harness.output()
    assert out.count("Trump") >= 1 and "3 sources" in out
    assert "Reuters" in out and "AP" in out and "BBC News" in out
    assert await harness.work() == 0  # nothing left, nothing repeated
    async with harness.services.db.session() as session:
        keys = list(await session.scalars(select(Delivery.item_key)))
        stories = await session.scalar(select(func.count()).select_from(Story))
    assert stories == 1 and len(keys) == 1 and keys[0].startswith("story:")


async def test_a_later_outlet_updates_the_story_instead_of_being_posted_again(harness: Harness) -> None:
    first = await harness.add(CALL_REUTERS)
    assert await harness.work() == 1
    out = harness.output()
    assert "[post 1]" in out and "sources" not in out
    later = []
    for article, count in ((CALL_AP, 2), (CALL_BBC, 3)):
        later.append(await harness.add(article))
        assert await harness.work() == 0  # nothing new is posted ...
        out = harness.output()
        assert out.count("[update to post 1]") == 1 and f"{count} sources" in out  # ... the post is edited
        assert "[post " not in out
    assert "Reuters" in out and "AP" in out and "BBC News" in out
    assert len(harness.channel_posts()) == 1
    assert await harness.work() == 0 and harness.output() == ""  # no new outlet, no edit
    story = await story_of(harness, first)
    assert all([await story_of(harness, a) == story for a in later])
    async with harness.services.db.session() as session:
        assert (await session.get(Story, story)).source_count == 3
        states = set(await session.scalars(select(ArticleRow.state)))
    assert states == {"published"}


async def test_same_cast_but_a_different_event_is_a_different_story(harness: Harness) -> None:
    call = await harness.add(CALL_REUTERS)
    munich = await harness.add(MUNICH)
    other = [await harness.add(a) for a in (RATE_CUT, CHIPS)]
    stories = {await story_of(harness, i) for i in (call, munich, *other)}
    assert len(stories) == 4
    assert await harness.work() == 4


async def test_a_wire_copy_is_a_near_duplicate_and_the_reason_is_recorded(harness: Harness) -> None:
    from dataclasses import replace

    first = await harness.add(CALL_REUTERS)
    copy = replace(
        CALL_REUTERS,
        source="Yahoo News",
        url="https://example.org/yahoo/copy",
        title=CALL_REUTERS.title + " - Yahoo",
        text=CALL_REUTERS.text.replace("Wednesday", "Wednesday (Feb 12)"),
    )
    second = await harness.add(copy)
    assert await story_of(harness, first) == await story_of(harness, second)
    async with harness.services.db.session() as session:
        reason = (await session.get(ArticleSignature, second)).story_reason
    assert reason.startswith(f"near-duplicate text of #{first}")


async def test_the_story_thresholds_are_settings(harness_factory: Callable[..., Any]) -> None:
    """With event thresholds above any similarity, three outlets' versions of one call stay three stories."""
    harness = await harness_factory(settings={"stories.event": 1.0, "stories.event_alone": 1.0})
    ids = [await harness.add(article) for article in (CALL_REUTERS, CALL_AP, CALL_BBC)]
    assert len({await story_of(harness, i) for i in ids}) == 3
