"""The Slack crash window: a sender that posted and died before recording it leaves the delivery key in the
message metadata; the worker that takes over the expired delivery finds it in the channel's history and
records it instead of posting the story twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.adapters.slack import SlackAdapter
from bot.app import App
from bot.delivery.publish import deliver
from bot.messages import Post, RichMessage
from bot.store import claims
from bot.store.tables import Delivery
from tests.adapters.test_slack import slack_settings
from tests.fakes.slack_server import FakeSlack

POST = Post(
    platform="slack", channel_id="C0BRIEFS", message=RichMessage(body="Body", title="Title"), delivery_key="story:7"
)


@pytest.fixture
async def app_with_slack(tmp_path: Path, make_settings) -> AsyncIterator[tuple[App, FakeSlack]]:  # noqa: ANN001
    fake = await FakeSlack().start()
    app = await App.create(make_settings(tmp_path, **{"sources.folders": []}))
    slack = SlackAdapter(slack_settings(fake), app.dispatch)
    await slack.start()
    app.attach(slack)
    try:
        yield app, fake
    finally:
        await slack.stop()
        await app.close()
        await fake.stop()


def posts(fake: FakeSlack) -> list[str]:
    return [str(c.args.get("channel")) for c in fake.calls if c.method == "chat.postMessage"]


async def expire_leases(app: App) -> None:
    async with app.services.db.session() as session:
        await session.execute(update(Delivery).values(lease_until=datetime.now(UTC) - timedelta(seconds=1)))


async def test_an_expired_delivery_already_posted_is_recorded_not_posted_again(
    app_with_slack: tuple[App, FakeSlack],
) -> None:
    app, fake = app_with_slack
    lease = timedelta(minutes=5)
    async with app.services.db.session() as session:  # the first sender claims it, posts it, and dies
        assert await claims.claim_delivery(session, app.services.db, ("slack", "C0BRIEFS", "story:7"), None, lease)
    landed = await app.adapters["slack"].send(POST)
    assert not await deliver(app.services, app.adapters, POST)  # its lease still runs: nobody else sends
    await expire_leases(app)
    assert not await deliver(app.services, app.adapters, POST)  # taken over: found in the history
    assert posts(fake) == ["C0BRIEFS"]
    async with app.services.db.session() as session:
        row = await session.scalar(select(Delivery))
    assert (row.status, row.message_id, row.attempts) == ("sent", landed.message_id, 2)


async def test_an_expired_delivery_that_never_landed_is_posted(app_with_slack: tuple[App, FakeSlack]) -> None:
    app, fake = app_with_slack
    async with app.services.db.session() as session:  # claimed, then the sender died before posting
        await claims.claim_delivery(session, app.services.db, ("slack", "C0BRIEFS", "story:7"), None, timedelta(1))
    await expire_leases(app)
    assert await deliver(app.services, app.adapters, POST)
    assert posts(fake) == ["C0BRIEFS"]
    history = [c for c in fake.calls if c.method == "conversations.history"]
    assert len(history) == 1  # looked first, found nothing, posted
