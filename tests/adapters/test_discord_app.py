"""The Discord adapter over the real App (router, SQLite store, publisher) and a fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.adapters.discord import DiscordAdapter
from bot.app import App
from bot.messages import Command, Reply
from bot.settings import DiscordSettings
from bot.store.tables import Channel, Delivery
from summarizer import Article
from tests.fakes.discord_server import MANAGE_GUILD, MEMBER_PERMISSIONS, FakeDiscord, embeds_of
from tests.ingested import ingest

pytestmark = pytest.mark.timeout(60)

NOBODY: dict[str, list[str]] = {"parse": []}


@dataclass
class Wired:
    app: App
    fake: FakeDiscord
    adapter: DiscordAdapter
    commands: list[Command]


@pytest.fixture
async def wired(seeded_app: App) -> AsyncIterator[Wired]:
    """The seeded app with a started Discord adapter attached and the fake's channel as a briefing channel."""
    fake = await FakeDiscord().start()
    commands: list[Command] = []

    async def dispatch(command: Command) -> Reply:
        commands.append(command)
        return await seeded_app.dispatch(command)

    settings = DiscordSettings(
        token=SecretStr("fake-token"),
        briefing_channel_id=fake.channel_id,
        api_base=fake.api_base,
        gateway_url=fake.gateway_url,
    )
    adapter = DiscordAdapter(settings, dispatch, ready_timeout=10, client_options={"guild_ready_timeout": 0.05})
    try:
        await asyncio.wait_for(adapter.start(), 15)
        seeded_app.attach(adapter)
        await seeded_app.ensure_channel("discord", fake.channel_id)
        yield Wired(seeded_app, fake, adapter, commands)
    finally:
        await asyncio.wait_for(adapter.stop(), 15)
        await fake.stop()


async def deliveries(app: App) -> list[Delivery]:
    async with app.services.db.session() as session:
        return list(await session.scalars(select(Delivery).where(Delivery.platform == "discord")))


async def test_scheduled_briefs_are_posted_as_embeds_with_a_thread_each(wired: Wired) -> None:
    fake = wired.fake
    sent = await asyncio.wait_for(wired.app.publish_pending(), 30)
    posts = fake.find("POST", rf"/channels/{fake.channel_id}/messages")
    assert sent >= 1 and len(posts) == sent
    for post in posts:
        assert post.body["allowed_mentions"] == NOBODY and not post.body.get("content")
        (embed,) = post.body["embeds"]
        assert embed["title"] and embed["description"] and embed["footer"]["text"].startswith("#")
        assert embed["fields"][0]["name"] == "Key actors"
    threads = fake.find("POST", rf"/channels/{fake.channel_id}/messages/\d+/threads")
    assert len(threads) == sent
    recorded = await deliveries(wired.app)
    assert {d.thread_id for d in recorded} == {t.path.split("/")[4] for t in threads}
    assert await asyncio.wait_for(wired.app.publish_pending(), 30) == 0  # each story goes out once


async def test_a_reply_in_a_story_thread_is_answered_there_with_that_story_as_scope(wired: Wired) -> None:
    fake = wired.fake
    await asyncio.wait_for(wired.app.publish_pending(), 30)
    story = (await deliveries(wired.app))[-1]
    assert story.thread_id and story.article_id
    await asyncio.sleep(0.05)  # THREAD_CREATE reaches the client
    await fake.user_message(story.thread_id, "What happens next?")
    answer = (await fake.wait_for("POST", rf"/channels/{story.thread_id}/messages"))[0]
    assert answer.body["embeds"] and answer.body["allowed_mentions"]["parse"] == []
    (command,) = wired.commands
    assert (command.name, command.thread_id, command.channel_id) == ("ask", story.thread_id, fake.channel_id)
    assert await wired.app.router.story_scope(command) == story.article_id  # the router finds the story by its thread


async def test_who_is_answered_from_the_stored_articles(wired: Wired) -> None:
    interaction = await wired.fake.interact("who", {"name": "Witkoff"})
    callback = (await wired.fake.wait_for("POST", interaction.callback_path, timeout=20))[0]
    data = callback.body["data"]
    assert data["allowed_mentions"] == NOBODY
    text = " ".join(
        str(v) for e in embeds_of(callback) for v in (e.get("title"), e.get("description"), e.get("fields"))
    )
    assert "Witkoff" in text
    assert "envoy" in text.lower(), f"the role from the Trump-Putin story is missing: {text!r}"


async def test_setup_is_refused_without_manage_server_and_works_with_it(wired: Wired) -> None:
    fake = wired.fake
    options = {"digest_time": "07:30", "timezone": "Europe/Berlin"}
    refused = await fake.interact("setup", options, permissions=MEMBER_PERMISSIONS)
    denial = (await fake.wait_for("POST", refused.callback_path))[0].body["data"]
    assert denial["flags"] & 64  # only the asker sees the refusal
    assert "Manage Server" in denial["embeds"][0]["description"]
    allowed = await fake.interact(
        "setup",
        options,
        channel_options={"channel": fake.channel_id},
        permissions=MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
    done = (await fake.wait_for("POST", allowed.callback_path))[0].body["data"]
    assert "07:30" in done["embeds"][0]["description"] and "Europe/Berlin" in done["embeds"][0]["description"]
    assert f"Briefs go to <#{fake.channel_id}>;" in done["embeds"][0]["description"]  # a channel mention
    async with wired.app.services.db.session() as session:
        channel = await session.scalar(
            select(Channel).where(Channel.platform == "discord", Channel.channel_id == fake.channel_id)
        )
    assert channel is not None and (channel.digest_time, channel.timezone) == ("07:30", "Europe/Berlin")


async def test_an_article_titled_everyone_goes_out_with_mentions_disabled(wired: Wired) -> None:
    fake = wired.fake
    await asyncio.wait_for(wired.app.publish_pending(), 30)  # the seeds first
    before = len(fake.find("POST", rf"/channels/{fake.channel_id}/messages"))
    text = (
        "Officials in Brussels announced an emergency summit on Monday after overnight talks collapsed. "
        "The European Commission president, Ursula von der Leyen, said ministers would meet on Thursday. "
        "Diplomats expect a statement on energy prices by the end of the week."
    )
    await ingest(
        wired.app, Article(title="@everyone URGENT", text=text, url="https://example.com/urgent", source="Test Wire")
    )
    await asyncio.wait_for(wired.app.process_pending(), 30)
    assert await asyncio.wait_for(wired.app.publish_pending(), 30) == 1
    post = fake.find("POST", rf"/channels/{fake.channel_id}/messages")[before]
    assert post.body["embeds"][0]["title"] == "@everyone URGENT"
    assert post.body["allowed_mentions"] == NOBODY and not post.body.get("content")
