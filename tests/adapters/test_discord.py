"""The Discord adapter end to end: real discord.py against a fake Discord (REST + gateway) on 127.0.0.1.

A recording `dispatch` checks the translation itself (payload → `Command`, `Reply`/`Post` → embeds,
mentions, threads, nonces); `test_discord_app.py` runs the same adapter over the real App.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import discord
import pytest
from pydantic import SecretStr

from bot.adapters.base import AdapterStartError, RecentKeys
from bot.adapters.discord import DiscordAdapter, delivery_nonce
from bot.adapters.discord_render import render_reply
from bot.commands import COMMANDS as REGISTRY
from bot.messages import Command, Post, Reply, RichMessage, Section
from bot.settings import DiscordSettings
from tests.fakes.discord_server import (
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    FakeDiscord,
    Recorded,
    embeds_of,
    limit_violations,
)

pytestmark = pytest.mark.timeout(30)

TOKEN = "fake-discord-token-never-logged"  # noqa: S105 - a test value
COMMANDS = set(REGISTRY)
NOBODY: dict[str, list[str]] = {"parse": []}


class Recorder:
    """A dispatch that records commands and answers with a small card (or whatever `answer` returns)."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.delay = 0.0
        self.answer: Callable[[Command], Reply] = lambda c: Reply(
            (
                RichMessage(
                    title=f"{c.args or c.name}",
                    body=f"{c.args} is the US Special Envoy to the Middle East. @everyone <@&1> <@2>",
                    sections=(Section("Seen in", ("#1 Trump and Putin talk",)),),
                    footer="newsbrief",
                ),
            )
        )
        self.called = asyncio.Event()

    async def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        self.called.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        return self.answer(command)


Factory = Callable[..., Awaitable[DiscordAdapter]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = await FakeDiscord().start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def start_adapter(fake: FakeDiscord, recorder: Recorder) -> AsyncIterator[Factory]:
    """`await start_adapter(**settings_overrides)` → an adapter started against the fake, stopped after."""
    started: list[DiscordAdapter] = []

    async def start(
        dispatch: Any = None, adapter_options: dict[str, Any] | None = None, **overrides: Any
    ) -> DiscordAdapter:
        settings = DiscordSettings(
            token=SecretStr(TOKEN), api_base=fake.api_base, gateway_url=fake.gateway_url, **overrides
        )
        adapter = DiscordAdapter(
            settings,
            dispatch or recorder,
            ready_timeout=10,
            client_options={"guild_ready_timeout": 0.05},
            **(adapter_options or {}),
        )
        started.append(adapter)
        await asyncio.wait_for(adapter.start(), 15)
        return adapter

    yield start
    for adapter in started:
        await asyncio.wait_for(adapter.stop(), 15)


def only(requests: list[Recorded]) -> Recorded:
    assert len(requests) == 1, requests
    return requests[0]


def brief_post(fake: FakeDiscord, title: str = "Trump and Putin agree to talks", **extra: Any) -> Post:
    fields: dict[str, Any] = {
        "platform": "discord",
        "channel_id": fake.channel_id,
        "message": RichMessage(
            title=title,
            url="https://example.com/story",
            body="The two leaders spoke for 90 minutes. @everyone @here <@&42> should not be pinged.",
            sections=(
                Section("Key actors", ("Steve Witkoff — Special Envoy",)),
                Section("Next steps", ("Talks in Riyadh",)),
            ),
            footer="#1 · Example News · 12 Feb 2025",
        ),
        "delivery_key": "brief:1",
        "article_id": 1,
        "open_thread": True,
    }
    fields.update(extra)
    return Post(**fields)


# start --------------------------------------------------------------------------------------------


async def test_start_syncs_every_command_and_setup_needs_manage_server(
    fake: FakeDiscord, start_adapter: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await start_adapter()
    put = only(fake.find("PUT", rf"/applications/{fake.application_id}/commands"))
    assert put.authorized
    by_name = {c["name"]: c for c in put.body}
    assert set(by_name) == COMMANDS
    assert int(by_name["setup"]["default_member_permissions"]) == MANAGE_GUILD
    assert by_name["setup"]["contexts"] == [0]  # guild only: no /setup in DMs
    assert {o["name"] for o in by_name["setup"]["options"]} == {"channel", "digest_time", "timezone"}
    assert by_name["who"]["options"][0]["required"] is True
    assert int(by_name["feeds"]["default_member_permissions"]) == MANAGE_GUILD
    assert {o["name"] for o in by_name["feeds"]["options"]} == {"action", "feed", "channel", "filter", "opml"}
    assert all(by_name[n].get("default_member_permissions") is None for n in COMMANDS - {"setup", "feeds"})
    intents = fake.identify[0]["intents"]
    assert intents & (1 << 15), "message content intent, needed for thread replies"
    assert intents & 1 and intents & (1 << 9) and intents & (1 << 12)  # guilds, guild and DM messages
    assert TOKEN not in caplog.text


async def test_start_can_sync_to_one_guild_and_use_the_auto_sharded_client(
    fake: FakeDiscord, start_adapter: Factory
) -> None:
    adapter = await start_adapter(auto_shard=True, adapter_options={"sync_guild_id": int(fake.guild_id)})
    put = only(fake.find("PUT", rf"/applications/{fake.application_id}/guilds/{fake.guild_id}/commands"))
    assert {c["name"] for c in put.body} == COMMANDS
    assert fake.find("GET", "/gateway/bot"), "AutoShardedClient asks Discord for the shard count"
    assert fake.identify[0]["shard"] == [0, 1]
    assert type(adapter.client).__name__ == "AutoShardedClient"


async def test_start_without_a_token_fails_with_the_setting_name(recorder: Recorder) -> None:
    with pytest.raises(AdapterStartError, match="DISCORD_TOKEN"):
        await DiscordAdapter(DiscordSettings(), recorder).start()


async def test_a_rejected_token_is_one_line_naming_discord_token(
    fake: FakeDiscord, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.rejected_tokens.add(TOKEN)
    settings = DiscordSettings(token=SecretStr(TOKEN), api_base=fake.api_base, gateway_url=fake.gateway_url)
    adapter = DiscordAdapter(settings, recorder, ready_timeout=10)
    with pytest.raises(AdapterStartError) as caught:
        await asyncio.wait_for(adapter.start(), 15)
    message = str(caught.value)
    assert "DISCORD_TOKEN" in message and "rejected" in message and "\n" not in message
    assert TOKEN not in message + caplog.text
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


async def test_an_unreachable_gateway_fails_the_start_at_once_in_one_line(
    fake: FakeDiscord, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    """REST answers but the gateway does not (a firewall, a proxy): no 60 s of retries, no traceback."""
    caplog.set_level(logging.DEBUG)
    closed_port = fake.port + 1 if fake.port < 65535 else fake.port - 1
    settings = DiscordSettings(
        token=SecretStr(TOKEN), api_base=fake.api_base, gateway_url=f"ws://127.0.0.1:{closed_port}/gateway"
    )
    adapter = DiscordAdapter(settings, recorder, ready_timeout=30, client_options={"guild_ready_timeout": 0.05})
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(AdapterStartError) as caught:
        await asyncio.wait_for(adapter.start(), 20)
    assert loop.time() - started < 10
    message = str(caught.value)
    assert "DISCORD_TOKEN" in message and "cannot reach Discord" in message and "\n" not in message
    assert all(record.exc_info is None for record in caplog.records if record.name.startswith("discord"))


# slash commands -----------------------------------------------------------------------------------


async def test_who_is_answered_with_an_embed_naming_the_person_and_role(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    await start_adapter()
    interaction = await fake.interact("who", {"name": "Witkoff"}, user_name="alice")
    callback = only(await fake.wait_for("POST", interaction.callback_path))
    assert recorder.commands == [
        Command(
            name="who",
            args="Witkoff",
            platform="discord",
            channel_id=fake.channel_id,
            user_id="800000000000000001",
            user_name="alice",
            thread_id=None,
            is_admin=False,
            is_dm=False,
        )
    ]
    assert callback.body["type"] == 4  # answered at once: no defer needed
    data = callback.body["data"]
    assert data["allowed_mentions"] == NOBODY
    assert not (data.get("flags") or 0) & 64
    (embed,) = data["embeds"]
    assert embed["title"] == "Witkoff"
    assert "Special Envoy" in embed["description"]
    assert embed["fields"] == [{"name": "Seen in", "value": "• #1 Trump and Putin talk", "inline": False}]
    assert embed["footer"]["text"] == "newsbrief"


@pytest.mark.parametrize(
    ("name", "options", "args"),
    [
        ("brief", {}, ""),
        ("brief", {"story": "12"}, "12"),
        ("ask", {"question": "What did Putin say?"}, "What did Putin say?"),
        ("subscribe", {"topic": "who:Witkoff"}, "who:Witkoff"),
        ("unsubscribe", {"topic": "2"}, "2"),
        ("subscriptions", {}, ""),
        ("why", {"alert": "3"}, "3"),
        ("digest", {"when": "now"}, "now"),
        ("sources", {}, ""),
        ("help", {}, ""),
    ],
)
async def test_each_command_becomes_the_text_a_console_user_would_type(
    fake: FakeDiscord,
    start_adapter: Factory,
    recorder: Recorder,
    name: str,
    options: dict[str, str],
    args: str,
) -> None:
    await start_adapter()
    interaction = await fake.interact(name, options)
    await fake.wait_for("POST", interaction.callback_path)
    assert [(c.name, c.args) for c in recorder.commands] == [(name, args)]


async def test_setup_options_and_the_live_manage_server_permission(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    await start_adapter()
    options = {"digest_time": "08:00", "timezone": "Europe/Berlin"}
    admin = await fake.interact(
        "setup",
        options,
        channel_options={"channel": fake.channel_id},
        permissions=MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
    await fake.wait_for("POST", admin.callback_path)
    member = await fake.interact("setup", {"timezone": "UTC"}, permissions=MEMBER_PERMISSIONS)
    await fake.wait_for("POST", member.callback_path)
    first, second = recorder.commands
    assert (first.name, first.args, first.is_admin) == (
        "setup",
        f"channel={fake.channel_id} time=08:00 tz=Europe/Berlin",
        True,
    )
    assert (second.args, second.is_admin) == ("tz=UTC", False)


async def test_a_slow_answer_is_deferred_then_edited_in(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    await start_adapter(adapter_options={"defer_after": 0.05})
    recorder.delay = 0.3
    interaction = await fake.interact("brief")
    callback = only(await fake.wait_for("POST", interaction.callback_path))
    assert callback.body["type"] == 5  # "newsbrief is thinking…"
    edit = only(
        await fake.wait_for("PATCH", rf"/webhooks/{fake.application_id}/{interaction.token}/messages/@original")
    )
    assert edit.body["allowed_mentions"] == NOBODY
    assert embeds_of(edit)[0]["title"] == "brief"


async def test_ephemeral_replies_stay_private_even_after_a_defer(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    await start_adapter(adapter_options={"defer_after": 0.05})
    recorder.answer = lambda c: Reply.text("Only you can see this.", ephemeral=True)
    fast = await fake.interact("subscriptions")
    # fast enough? the first answer comes within 50 ms, so it is the callback itself
    callback = only(await fake.wait_for("POST", fast.callback_path))
    assert callback.body["type"] == 4 and callback.body["data"]["flags"] & 64
    recorder.delay = 0.3
    slow = await fake.interact("subscriptions")
    await fake.wait_for("POST", slow.callback_path)
    webhook = rf"/webhooks/{fake.application_id}/{slow.token}"
    await fake.wait_for("DELETE", webhook + "/messages/@original")
    followup = only(await fake.wait_for("POST", webhook))
    assert followup.body["flags"] & 64 and followup.body["allowed_mentions"] == NOBODY


async def test_a_long_reply_continues_in_followups_within_the_limits(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    body = " ".join(f"Sentence number {i} about the talks." for i in range(600))  # ~21,000 characters
    recorder.answer = lambda c: Reply((RichMessage(title="Long", body=body),))
    await start_adapter()
    interaction = await fake.interact("ask", {"question": "everything?"})
    callback = only(await fake.wait_for("POST", interaction.callback_path))
    expected = len(render_reply(recorder.answer(recorder.commands[0]))) if recorder.commands else 0
    followups = await fake.wait_for("POST", rf"/webhooks/{fake.application_id}/{interaction.token}", count=expected - 1)
    assert expected >= 4
    assert callback.body["type"] == 4  # the fake refuses anything over a limit with 400, so all were accepted
    texts = [e.get("description", "") for r in [callback, *followups] for e in embeds_of(r)]
    assert " ".join(texts).split() == body.split()


# publishing ---------------------------------------------------------------------------------------


async def test_a_brief_is_posted_as_an_embed_that_mentions_nobody_and_gets_a_thread(
    fake: FakeDiscord, start_adapter: Factory
) -> None:
    adapter = await start_adapter()
    sent = await asyncio.wait_for(adapter.send(brief_post(fake, title="@everyone URGENT")), 5)
    post = only(fake.find("POST", rf"/channels/{fake.channel_id}/messages"))
    assert post.body["allowed_mentions"] == NOBODY
    assert not post.body.get("content")  # article text only ever goes in embeds
    (embed,) = post.body["embeds"]
    assert embed["title"] == "@everyone URGENT" and embed["url"] == "https://example.com/story"
    assert [f["name"] for f in embed["fields"]] == ["Key actors", "Next steps"]
    assert embed["footer"]["text"] == "#1 · Example News · 12 Feb 2025"
    assert post.body["nonce"] == delivery_nonce(fake.channel_id, "brief:1", 0) and post.body["enforce_nonce"] is True
    thread = only(fake.find("POST", rf"/channels/{fake.channel_id}/messages/{sent.message_id}/threads"))
    assert thread.body["name"] == "@everyone URGENT"
    assert sent.thread_id == sent.message_id  # Discord gives a message's thread the message's id


async def test_threads_follow_the_setting_and_the_post(fake: FakeDiscord, start_adapter: Factory) -> None:
    adapter = await start_adapter(thread_per_story=False)
    sent = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    assert sent.thread_id is None and not fake.find("POST", r".*/threads")


async def test_a_resend_after_a_crash_is_deduplicated_by_the_nonce(fake: FakeDiscord, start_adapter: Factory) -> None:
    adapter = await start_adapter()
    first = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    again = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    assert again == first
    posts = fake.find("POST", rf"/channels/{fake.channel_id}/messages")
    assert len(posts) == 2 and posts[0].body["nonce"] == posts[1].body["nonce"]
    assert len([m for m in fake.messages.values() if m["channel_id"] == fake.channel_id]) == 1
    other = await asyncio.wait_for(adapter.send(brief_post(fake, delivery_key="brief:2")), 5)
    assert other.message_id != first.message_id


async def test_personal_alerts_go_by_dm_and_only_subscribers_are_pinged(
    fake: FakeDiscord, start_adapter: Factory
) -> None:
    adapter = await start_adapter()
    user_id = "800000000000000007"
    sent = await asyncio.wait_for(
        adapter.send(brief_post(fake, channel_id=user_id, is_dm=True, delivery_key="alert:1")), 5
    )
    assert only(fake.find("POST", "/users/@me/channels")).body == {"recipient_id": int(user_id)}
    dm_id = next(c["id"] for c in fake.channels.values() if c["type"] == 1)
    dm = only(fake.find("POST", rf"/channels/{dm_id}/messages"))
    assert dm.body["allowed_mentions"] == NOBODY and sent.thread_id is None
    await asyncio.wait_for(adapter.send(brief_post(fake, mention_user_ids=(user_id,), open_thread=False)), 5)
    ping = only(fake.find("POST", rf"/channels/{fake.channel_id}/messages"))
    assert ping.body["content"] == f"<@{user_id}>"
    assert ping.body["allowed_mentions"] == {"parse": [], "users": [int(user_id)]}


async def test_a_9000_character_brief_is_split_within_every_limit(fake: FakeDiscord, start_adapter: Factory) -> None:
    adapter = await start_adapter()
    sentence = "Negotiators met in Riyadh on Tuesday, and both sides called the talks constructive. "
    body = "\n\n".join(sentence * 8 for _ in range(14))[:9000].rsplit(" ", 1)[0]
    assert len(body) > 8900
    actors = tuple(f"Official {i} — deputy minister of foreign affairs" for i in range(30))
    message = RichMessage(title="Talks", body=body, sections=(Section("Key actors", actors),), footer="#9 · Wire")
    sent = await asyncio.wait_for(adapter.send(brief_post(fake, message=message)), 5)
    posts = fake.find("POST", rf"/channels/{fake.channel_id}/messages")
    assert len(posts) >= 2  # 9,000 characters do not fit one message (6,000 over all embeds)
    assert sent.message_id == fake.find("POST", r".*/threads")[0].path.split("/")[4]  # the thread is on the first part
    assert len({p.body["nonce"] for p in posts}) == len(posts)
    embeds = [e for p in posts for e in p.body["embeds"]]
    assert embeds[0]["title"] == "Talks" and body.startswith(embeds[0]["description"][:1000])
    descriptions = " ".join(e.get("description", "") for e in embeds)
    assert descriptions.split() == body.split()
    values = "\n".join(f["value"] for e in embeds for f in e.get("fields", []))
    assert all(f"• {actor}" in values for actor in actors)
    assert embeds[-1]["footer"]["text"] == "#9 · Wire"
    assert all(p.body["allowed_mentions"] == NOBODY for p in posts)


async def test_update_edits_the_first_message_within_the_limits_and_mentions_nobody(
    fake: FakeDiscord, start_adapter: Factory
) -> None:
    adapter = await start_adapter()
    user_id = "800000000000000007"
    sent = await asyncio.wait_for(adapter.send(brief_post(fake, mention_user_ids=(user_id,))), 5)
    grown = RichMessage(title="Trump and Putin agree to talks", body="@everyone " + "Word " * 2000, footer="3 sources")
    await asyncio.wait_for(adapter.update(sent, brief_post(fake, message=grown, mention_user_ids=(user_id,))), 5)
    patch = only(fake.find("PATCH", rf"/channels/{fake.channel_id}/messages/{sent.message_id}"))
    assert patch.body["allowed_mentions"] == NOBODY and patch.body["content"] == f"<@{user_id}>"
    assert patch.body["embeds"][0]["title"] == "Trump and Putin agree to talks"
    assert not limit_violations(patch.body)  # only the first part of a long post: the same limits as send
    assert fake.messages[sent.message_id]["edited_timestamp"]
    assert len(fake.find("POST", rf"/channels/{fake.channel_id}/messages")) == 1  # nothing new was posted


async def test_update_of_a_deleted_message_raises(fake: FakeDiscord, start_adapter: Factory) -> None:
    adapter = await start_adapter()
    sent = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    del fake.messages[sent.message_id]
    with pytest.raises(discord.NotFound):
        await asyncio.wait_for(adapter.update(sent, brief_post(fake)), 5)


# thread replies -----------------------------------------------------------------------------------


async def test_a_reply_in_a_story_thread_is_asked_with_the_thread_and_answered_there(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    adapter = await start_adapter()
    sent = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    assert sent.thread_id
    await asyncio.sleep(0.05)  # THREAD_CREATE reaches the client
    message = await fake.user_message(sent.thread_id, "What happens next?", user_name="bob")
    answer = only(await fake.wait_for("POST", rf"/channels/{sent.thread_id}/messages"))
    (command,) = recorder.commands  # the bot's own messages (echoed by the gateway) are ignored
    assert (command.name, command.args, command.thread_id, command.channel_id, command.user_name) == (
        "ask",
        "What happens next?",
        sent.thread_id,
        fake.channel_id,
        "bob",
    )
    assert answer.body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert answer.body["message_reference"]["message_id"] == int(message["id"])
    assert answer.body["embeds"][0]["title"] == "What happens next?"


async def test_a_story_thread_the_adapter_no_longer_remembers_is_known_by_its_owner(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    adapter = await start_adapter()
    sent = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    adapter.story_threads = RecentKeys(0)  # as after a restart, or once 5000 newer threads were opened
    await asyncio.sleep(0.05)  # THREAD_CREATE reaches the client
    await fake.user_message(sent.thread_id, "Who pays?", user_name="bob")
    await fake.wait_for("POST", rf"/channels/{sent.thread_id}/messages")
    assert [(c.name, c.args, c.thread_id) for c in recorder.commands] == [("ask", "Who pays?", sent.thread_id)]


async def test_other_channel_messages_are_ignored_unless_the_bot_is_mentioned(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    adapter = await start_adapter()
    await fake.user_message(fake.channel_id, "just chatting")
    bot = fake.bot_user
    await fake.user_message(fake.channel_id, f"<@{bot['id']}> who is Witkoff?", mentions=[bot])
    await asyncio.wait_for(recorder.called.wait(), 5)
    await fake.wait_for("POST", rf"/channels/{fake.channel_id}/messages")
    assert [(c.name, c.args, c.thread_id) for c in recorder.commands] == [("ask", "who is Witkoff?", None)]
    assert len(adapter.story_threads) == 0


async def test_a_slash_command_in_a_story_thread_carries_the_thread(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    adapter = await start_adapter()
    sent = await asyncio.wait_for(adapter.send(brief_post(fake)), 5)
    await asyncio.sleep(0.05)  # THREAD_CREATE reaches the client
    interaction = await fake.interact("ask", {"question": "Who pays?"}, channel_id=sent.thread_id)
    await fake.wait_for("POST", interaction.callback_path)
    (command,) = recorder.commands
    assert (command.name, command.args, command.channel_id, command.thread_id) == (
        "ask",
        "Who pays?",
        fake.channel_id,
        sent.thread_id,
    )


async def test_direct_messages_are_dms_and_never_admin(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    await start_adapter()
    dm_channel = "700000000000000001"
    interaction = await fake.interact(
        "subscriptions", channel_id=dm_channel, in_guild=False, permissions=MEMBER_PERMISSIONS | MANAGE_GUILD
    )
    await fake.wait_for("POST", interaction.callback_path)
    fake.channels[dm_channel] = {"id": dm_channel, "type": 1, "recipients": [fake.bot_user]}
    await fake.user_message(dm_channel, "who is Witkoff?")
    await fake.wait_for("POST", rf"/channels/{dm_channel}/messages")
    slash, message = recorder.commands
    assert (slash.name, slash.channel_id, slash.is_dm, slash.is_admin) == (
        "subscriptions",
        dm_channel,
        True,
        False,
    )
    assert (message.name, message.args, message.is_dm, message.thread_id) == (
        "ask",
        "who is Witkoff?",
        True,
        None,
    )


async def test_a_dropped_gateway_is_resumed_by_discord_py(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    await start_adapter()
    await fake.drop_connections(code=4000)
    await fake.wait_for_sessions(1)
    assert len(fake.resumes) == 1 and len(fake.identify) == 1  # resumed, not re-identified
    interaction = await fake.interact("help")
    await fake.wait_for("POST", interaction.callback_path)
    assert [c.name for c in recorder.commands] == ["help"]


async def test_a_failing_dispatch_gets_a_short_private_error(
    fake: FakeDiscord, start_adapter: Factory, recorder: Recorder
) -> None:
    def broken(command: Command) -> Reply:
        raise RuntimeError("database is down")

    recorder.answer = broken
    await start_adapter()
    interaction = await fake.interact("brief")
    data = only(await fake.wait_for("POST", interaction.callback_path)).body["data"]
    assert data["flags"] & 64 and "failed on my side" in data["embeds"][0]["description"]
    assert "database is down" not in str(data)
