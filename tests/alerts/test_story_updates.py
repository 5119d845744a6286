"""A story that gains outlets after it was posted: each channel's post is edited ("3 sources"), on Discord and
Slack through their fakes as on the console, and a failed edit never stops publishing."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.adapters.discord import DiscordAdapter
from bot.adapters.slack import SlackAdapter
from bot.settings import DiscordSettings
from bot.store.tables import ArticleRow, Delivery
from tests.adapters.test_slack import slack_settings
from tests.alerts.articles import CALL_AP, CALL_BBC, CALL_REUTERS, CHIPS
from tests.alerts.conftest import Harness
from tests.fakes.discord_server import FakeDiscord, Recorded
from tests.fakes.slack_server import ApiCall, FakeSlack

pytestmark = pytest.mark.timeout(60)

SLACK_CHANNEL = "C0BRIEFS"
NOBODY: dict[str, list[str]] = {"parse": []}


@dataclass
class Everywhere:
    """One app posting to the console, a fake Discord and a fake Slack."""

    h: Harness
    discord: FakeDiscord
    slack: FakeSlack

    def patches(self) -> list[Recorded]:
        return self.discord.find("PATCH", rf"/channels/{self.discord.channel_id}/messages/\d+")

    def discord_posts(self) -> list[Recorded]:
        return self.discord.find("POST", rf"/channels/{self.discord.channel_id}/messages")

    def slack_calls(self, method: str) -> list[ApiCall]:
        return [c for c in self.slack.calls if c.method == method]


@pytest.fixture
async def everywhere(harness_factory: Callable[..., Any]) -> AsyncIterator[Everywhere]:
    h: Harness = await harness_factory()
    discord_fake, slack_fake = await FakeDiscord().start(), await FakeSlack().start()
    settings = DiscordSettings(
        token=SecretStr("fake-token"), api_base=discord_fake.api_base, gateway_url=discord_fake.gateway_url
    )
    adapter = DiscordAdapter(settings, h.app.dispatch, ready_timeout=10, client_options={"guild_ready_timeout": 0.05})
    try:
        await asyncio.wait_for(adapter.start(), 15)
        h.app.attach(adapter)
        h.app.attach(SlackAdapter(slack_settings(slack_fake), h.app.dispatch))  # send/update need no start()
        await h.app.ensure_channel("discord", discord_fake.channel_id)
        await h.app.ensure_channel("slack", SLACK_CHANNEL)
        yield Everywhere(h, discord_fake, slack_fake)
    finally:
        await asyncio.wait_for(adapter.stop(), 15)
        await discord_fake.stop()
        await slack_fake.stop()


async def delivery(h: Harness, platform: str) -> Delivery:
    async with h.services.db.session() as session:
        return (await session.scalars(select(Delivery).where(Delivery.platform == platform))).one()


def discord_text(recorded: Recorded) -> str:
    return json.dumps(recorded.body["embeds"], ensure_ascii=False)


async def test_three_outlets_one_post_per_channel_then_two_edits_that_end_at_3_sources(everywhere: Everywhere) -> None:
    h = everywhere.h
    await h.add(CALL_REUTERS)
    assert await h.work() == 3  # console, Discord, Slack: one post each
    h.output()
    message_id = (await delivery(h, "discord")).message_id
    ts = (await delivery(h, "slack")).message_id
    for step, article in enumerate((CALL_AP, CALL_BBC), start=1):
        await h.add(article)
        assert await h.work() == 0  # never posted again ...
        assert h.output().count("[update to post 1]") == 1  # ... edited once per channel
        assert len(everywhere.patches()) == step and len(everywhere.slack_calls("chat.update")) == step
    assert len(everywhere.discord_posts()) == 1 and len(everywhere.slack_calls("chat.postMessage")) == 1
    patch = everywhere.patches()[-1]
    assert patch.path.endswith(f"/messages/{message_id}") and patch.authorized
    assert patch.body["allowed_mentions"] == NOBODY
    assert "3 sources" in discord_text(patch)
    assert all(name in discord_text(patch) for name in ("Reuters", "AP", "BBC News"))
    assert everywhere.discord.messages[str(message_id)]["embeds"] == patch.body["embeds"]
    update = everywhere.slack_calls("chat.update")[-1]
    assert (update.args["channel"], update.args["ts"]) == (SLACK_CHANNEL, ts)
    assert "3 sources" in json.dumps(update.args["blocks"])  # the fallback text is headline + one line
    assert everywhere.slack.posted[(SLACK_CHANNEL, str(ts))]["text"] == update.args["text"]


async def test_escaping_holds_in_a_slack_edit(everywhere: Everywhere) -> None:
    from dataclasses import replace

    h = everywhere.h
    await h.add(replace(CALL_REUTERS, source="Reuters <!channel>"))
    await h.work()
    await h.add(replace(CALL_AP, source="AP & <@U123>"))
    await h.work()
    (update,) = everywhere.slack_calls("chat.update")
    raw = update.args["text"] + json.dumps(update.args["blocks"])
    assert "<!channel>" not in raw and "<@U123>" not in raw
    assert "AP &amp; &lt;@U123&gt;" in raw and "2 sources" in raw
    (patch,) = everywhere.patches()
    assert patch.body["allowed_mentions"] == NOBODY and not patch.body.get("content")


async def test_a_failed_edit_is_logged_and_publishing_goes_on(
    everywhere: Everywhere, caplog: pytest.LogCaptureFixture
) -> None:
    h = everywhere.h
    await h.add(CALL_REUTERS)
    assert await h.work() == 3
    h.output()
    del everywhere.discord.messages[(await delivery(h, "discord")).message_id]  # deleted in Discord meanwhile
    await h.add(CALL_AP)
    await h.add(CHIPS)  # another story, due in the same run
    with caplog.at_level(logging.WARNING, logger="bot.delivery.publish"):
        assert await h.work() == 3  # the new story still goes out everywhere
    (patch,) = everywhere.patches()  # tried once, refused with 404 Unknown Message
    assert "could not update the post of story" in caplog.text and "discord" in caplog.text
    assert h.output().count("[update to post 1]") == 1  # the others were still edited
    assert len(everywhere.slack_calls("chat.update")) == 1
    async with h.services.db.session() as session:
        assert set(await session.scalars(select(ArticleRow.state))) == {"published"}
