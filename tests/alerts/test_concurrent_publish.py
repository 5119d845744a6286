"""Publishing with overlapping senders: two dispatches in one process (the console's input ends while the
scheduler's job is still sending) and two workers on one PostgreSQL post each story once, and an article
is `published` only when every registered channel has its post."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.messages import Post, Sent
from bot.store.tables import ArticleRow, Delivery
from tests.alerts.articles import CALL_REUTERS, CHIPS, FOOTBALL, MUNICH, RATE_CUT
from tests.alerts.conftest import Harness

STORIES = (CALL_REUTERS, CHIPS, FOOTBALL, MUNICH, RATE_CUT)


def slow_sends(harness: Harness) -> None:
    """Each send yields to the event loop first, like a network send, so two dispatches interleave."""
    harness.adapter.delay = 0.01


async def sends_and_deliveries(harness: Harness, posts: list[Post]) -> tuple[Counter[str], int]:
    async with harness.services.db.session() as session:
        rows = await session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status == "sent"))
    return Counter(p.delivery_key for p in posts), int(rows or 0)


async def test_two_overlapping_dispatches_in_one_process_post_each_story_once(harness: Harness) -> None:
    slow_sends(harness)
    for article in STORIES:
        await harness.add(article)
    await asyncio.gather(harness.work(), harness.work(), harness.work())
    keys, deliveries = await sends_and_deliveries(harness, harness.channel_posts())
    assert len(keys) == len(STORIES) and set(keys.values()) == {1}
    assert deliveries == len(STORIES)
    assert await harness.work() == 0


async def test_two_workers_on_one_postgresql_post_each_story_once(
    harness_factory: Callable[..., Any], database_url: str
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is the one-process path; workers share PostgreSQL")
    first: Harness = await harness_factory()
    second: Harness = await harness_factory()
    for harness in (first, second):
        slow_sends(harness)
    for article in STORIES:
        await first.add(article)
    await asyncio.gather(first.work(), second.work(), first.work(), second.work())
    keys, deliveries = await sends_and_deliveries(first, first.channel_posts() + second.channel_posts())
    assert len(keys) == len(STORIES) and set(keys.values()) == {1}
    assert deliveries == len(STORIES)


async def test_an_article_is_published_only_when_every_registered_channel_has_its_post(harness: Harness) -> None:
    await harness.app.ensure_channel("slack", "C0SLACK")  # registered, but no Slack adapter in this process
    await harness.add(CHIPS)
    await harness.work()
    assert [p.channel_id for p in harness.channel_posts()] == ["console"]
    async with harness.services.db.session() as session:
        assert await session.scalar(select(ArticleRow.state)) == "briefed"  # the Slack post is still owed

    async def slack_send(post: Post) -> Sent:
        harness.posts.append(post)
        return Sent(message_id="1.0001", thread_id="1.0001")

    slack = type("SlackStandIn", (), {"platform": "slack", "send": staticmethod(slack_send)})()
    harness.app.attach(slack)  # the process with Slack's adapter sends it
    await harness.work()
    assert [p.channel_id for p in harness.channel_posts("C0SLACK")] == ["C0SLACK"]
    async with harness.services.db.session() as session:
        assert await session.scalar(select(ArticleRow.state)) == "published"
