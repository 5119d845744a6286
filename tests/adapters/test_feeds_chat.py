"""`/feeds` end to end through real discord.py and slack-bolt against the local fakes: a feed served on
127.0.0.1 is added from chat for one channel, its next story is posted only there, it is removed and nothing
more comes; non-admins and private addresses are refused with the reason; OPML arrives as a file."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.adapters.discord import DiscordAdapter
from bot.adapters.slack import SlackAdapter
from bot.app import App
from bot.collect import collect_feeds
from bot.ingest.opml import OpmlFeed, write_opml
from bot.settings import DiscordSettings
from tests.adapters.test_slack import event_body, post_to_app, slack_settings, slash_body
from tests.fakes.discord_server import MANAGE_GUILD, MEMBER_PERMISSIONS, FakeDiscord, Interaction, embeds_of
from tests.fakes.slack_server import FakeSlack, signed_headers
from tests.feed_server import STORIES, FeedServer, serve_feed

pytestmark = pytest.mark.timeout(90)

WORLD = "900000000000000077"


@pytest.fixture
async def feed() -> AsyncIterator[FeedServer]:
    async with serve_feed() as server:
        yield server


@pytest.fixture
async def app(tmp_path: Path, make_settings) -> AsyncIterator[App]:
    settings = make_settings(
        tmp_path,
        **{
            "sources.folders": [],
            "sources.fetch_full_text": False,
            "fetch.allowed_hosts": ["127.0.0.1"],
            "fetch.retries": 0,
        },
    )
    instance = await App.create(settings)
    yield instance
    await instance.close()


async def run_once(app: App) -> int:
    await collect_feeds(app.services, due_only=True)
    return await asyncio.wait_for(app.work(), 60)


# -- Discord -------------------------------------------------------------------------------------------------


@pytest.fixture
async def discord(app: App) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    fake.add_text_channel(WORLD, "world")
    await fake.start()
    settings = DiscordSettings(
        token=SecretStr("fake-token"),
        briefing_channel_id=fake.channel_id,
        api_base=fake.api_base,
        gateway_url=fake.gateway_url,
    )
    adapter = DiscordAdapter(
        settings, app.dispatch, ready_timeout=10, defer_after=20, client_options={"guild_ready_timeout": 0.05}
    )
    try:
        await asyncio.wait_for(adapter.start(), 15)
        app.attach(adapter)
        await app.ensure_channel("discord", fake.channel_id)
        yield fake
    finally:
        await asyncio.wait_for(adapter.stop(), 15)
        await fake.stop()


async def answer_of(fake: FakeDiscord, interaction: Interaction) -> str:
    (callback,) = await fake.wait_for("POST", interaction.callback_path, timeout=20)
    return " ".join(f"{e.get('title', '')} {e.get('description', '')}" for e in embeds_of(callback))


async def test_discord_a_feed_added_for_a_channel_posts_only_there_until_removed(
    app: App, discord: FakeDiscord, feed: FeedServer
) -> None:
    fake = discord
    feed.add("harbour")
    refused = await fake.interact("feeds", {"action": "add", "feed": feed.url}, permissions=MEMBER_PERMISSIONS)
    assert "Manage Server" in await answer_of(fake, refused)

    private = await fake.interact("feeds", {"action": "add", "feed": "http://10.0.0.8/rss"}, permissions=MANAGE_GUILD)
    assert "refusing to fetch a private address" in await answer_of(fake, private)

    added = await fake.interact(
        "feeds", {"action": "add", "feed": feed.url}, channel_options={"channel": WORLD}, permissions=MANAGE_GUILD
    )
    assert f"#{WORLD}" in await answer_of(fake, added)
    assert await run_once(app) == 1
    (post,) = fake.find("POST", rf"/channels/{WORLD}/messages")
    assert embeds_of(post)[0]["title"] == STORIES["harbour"][0]
    assert not fake.find("POST", rf"/channels/{fake.channel_id}/messages")

    removed = await fake.interact("feeds", {"action": "remove", "feed": "1"}, permissions=MANAGE_GUILD)
    assert "Removed Lowlands Wire" in await answer_of(fake, removed)
    feed.add("rail")
    await collect_feeds(app.services)
    assert await asyncio.wait_for(app.work(), 60) == 0
    assert len(fake.find("POST", r"/channels/\d+/messages")) == 1


async def test_discord_opml_import_from_an_attachment(app: App, discord: FakeDiscord) -> None:
    opml = write_opml([OpmlFeed(f"https://site{i}.example/rss", f"Site {i}", "News/World") for i in range(3)])
    done = await discord.interact(
        "feeds", {"action": "import"}, attachments={"opml": ("list.opml", opml)}, permissions=MANAGE_GUILD
    )
    assert "3 feeds, 3 new" in await answer_of(discord, done)


# -- Slack ---------------------------------------------------------------------------------------------------


@pytest.fixture
async def slack(app: App) -> AsyncIterator[tuple[FakeSlack, SlackAdapter]]:
    fake = FakeSlack(users={"UADMIN": {"id": "UADMIN", "is_admin": True}, "UPLAIN": {"id": "UPLAIN"}})
    await fake.start()
    adapter = SlackAdapter(slack_settings(fake), app.dispatch)
    app.attach(adapter)
    await app.ensure_channel("slack", "C0BRIEFS")
    await adapter.start()
    yield fake, adapter
    await adapter.stop()
    await fake.stop()


async def slash(fake: FakeSlack, adapter: SlackAdapter, text: str, user_id: str) -> str:
    before = len(fake.responses)
    body = slash_body(fake, "/newsbrief", text, user_id=user_id)
    await post_to_app(adapter, body, signed_headers(body))
    await fake.wait_until(lambda: len(fake.responses) > before, 20.0, "the answer")
    return str(fake.responses[before]["text"])


async def test_slack_a_feed_added_for_a_channel_posts_only_there_until_removed(
    app: App, slack: tuple[FakeSlack, SlackAdapter], feed: FeedServer
) -> None:
    fake, adapter = slack
    feed.add("rail")
    assert "admin" in await slash(fake, adapter, f"feeds add <{feed.url}> <#C0WORLD|world>", "UPLAIN")
    private = await slash(fake, adapter, "feeds add <http://192.168.0.1/feed> <#C0WORLD|world>", "UADMIN")
    assert "refusing to fetch a private address" in private

    added = await slash(fake, adapter, f"feeds add <{feed.url}> <#C0WORLD|world> railway", "UADMIN")
    assert "#C0WORLD" in added and "only stories matching railway" in added
    assert await run_once(app) == 1
    posts = [c for c in fake.calls if c.method == "chat.postMessage"]
    assert [c.args["channel"] for c in posts] == ["C0WORLD"] and STORIES["rail"][0] in str(posts[0].args)

    assert "Removed" in await slash(fake, adapter, f"feeds remove <{feed.url}>", "UADMIN")
    feed.add("bikes")
    await collect_feeds(app.services)
    assert await asyncio.wait_for(app.work(), 60) == 0
    assert len([c for c in fake.calls if c.method == "chat.postMessage"]) == 1


async def test_slack_opml_import_from_a_shared_file(app: App, slack: tuple[FakeSlack, SlackAdapter]) -> None:
    fake, adapter = slack
    opml = write_opml([OpmlFeed(f"https://site{i}.example/rss", f"Site {i}") for i in range(4)])
    shared = fake.share_file("reading.opml", opml)
    event = {
        "type": "message",
        "subtype": "file_share",
        "channel": "D0ADMIN",
        "channel_type": "im",
        "user": "UADMIN",
        "text": "feeds import",
        "ts": "1700000200.000001",
        "files": [shared],
    }
    body = event_body(event)
    await post_to_app(adapter, body, signed_headers(body, content_type="application/json"))
    call = await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("channel") == "D0ADMIN")
    assert "4 feeds, 4 new" in str(call.args)
