"""The Slack adapter end to end: real bolt + real slack_sdk against a fake Slack on 127.0.0.1.

These tests use a recording `dispatch` so they check the translation itself (payload → `Command`,
`Reply` → Block Kit, transport behaviour). `test_slack_app.py` runs the same adapter over the real App.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.slack import SLASH_COMMANDS, SlackAdapter, SlackAdapterError, plain_text
from bot.messages import Command, Post, Reply, RichMessage, Section, Sent
from bot.settings import ConfigError, SlackSettings
from tests.fakes.slack_server import (
    APP_TOKEN,
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    TEAM_ID,
    FakeSlack,
    signed_headers,
)

pytestmark = pytest.mark.timeout(30)

WRONG_SECRET = "wrong-secret"  # noqa: S105
WRONG_TOKEN = "xoxb-wrong-secret-value"  # noqa: S105


class Recorder:
    """A dispatch that records commands and answers with a small card."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.ephemeral = False

    async def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        card = RichMessage(
            title=f"{command.name}: {command.args}",
            body="Steve Witkoff is the US special envoy <!channel>.",
            sections=(Section("Seen in", ("#1 Trump and Putin talk",)),),
            footer="newsbrief",
        )
        return Reply((card,), ephemeral=self.ephemeral)


def slack_settings(fake: FakeSlack, **overrides: object) -> SlackSettings:
    values: dict[str, object] = {
        "bot_token": BOT_TOKEN,
        "signing_secret": SIGNING_SECRET,
        "app_token": APP_TOKEN,
        "mode": "http",
        "host": "127.0.0.1",
        "port": 0,
        "api_base": fake.api_base,
        "post_interval_seconds": 0,  # pacing has its own test
        **overrides,
    }
    return SlackSettings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(
        users={
            "UADMIN": {"id": "UADMIN", "name": "ada", "is_admin": True, "is_owner": False},
            "UOWNER": {"id": "UOWNER", "name": "olga", "is_admin": False, "is_owner": True},
            "UPLAIN": {"id": "UPLAIN", "name": "paul", "is_admin": False, "is_owner": False},
        }
    )
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def adapter(fake: FakeSlack, recorder: Recorder) -> AsyncIterator[SlackAdapter]:
    slack = SlackAdapter(slack_settings(fake), recorder)
    await slack.start()
    yield slack
    await slack.stop()


async def post_to_app(adapter: SlackAdapter, body: str, headers: dict[str, str]) -> tuple[int, str]:
    url = f"http://127.0.0.1:{adapter.port}/slack/events"
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        return response.status, await response.text()


def slash_body(fake: FakeSlack, command: str, text: str, **extra: str) -> str:
    fields = {
        "token": "legacy",
        "team_id": TEAM_ID,
        "channel_id": "C0BRIEFS",
        "channel_name": "briefs",
        "user_id": "UPLAIN",
        "user_name": "paul",
        "command": command,
        "text": text,
        "response_url": fake.response_url("slash"),
        "trigger_id": "1.2.3",
        "api_app_id": "A0000001",
        **extra,
    }
    return urlencode(fields)


def event_body(event: dict[str, object]) -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0000001",
            "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
            "event": event,
        }
    )


async def send_event(adapter: SlackAdapter, event: dict[str, object]) -> int:
    body = event_body(event)
    status, _ = await post_to_app(adapter, body, signed_headers(body, content_type="application/json"))
    return status


# -- HTTP mode: slash commands and signatures ----------------------------------------------------------


async def test_http_port_zero_binds_a_real_port(adapter: SlackAdapter, fake: FakeSlack) -> None:
    assert adapter.port and adapter.port > 0
    assert fake.methods() == ["auth.test"]  # the token is checked at start


async def test_signed_slash_command_becomes_a_command_and_a_card(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    body = slash_body(fake, "/newsbrief", "who Witkoff")
    status, text = await post_to_app(adapter, body, signed_headers(body))
    assert status == 200 and text == ""  # acknowledged at once, answered through response_url
    answer = await fake.wait_for_response()
    assert recorder.commands == [
        Command(
            name="who",
            args="Witkoff",
            platform="slack",
            channel_id="C0BRIEFS",
            user_id="UPLAIN",
            user_name="paul",
        )
    ]
    assert answer["response_type"] == "in_channel"
    assert answer["unfurl_links"] is False and answer["unfurl_media"] is False
    kinds = [b["type"] for b in answer["blocks"]]
    assert kinds == ["header", "section", "section", "context"]
    assert answer["blocks"][0]["text"]["text"] == "who: Witkoff"
    assert "&lt;!channel&gt;" in answer["blocks"][1]["text"]["text"]
    assert "*Seen in*\n• #1 Trump and Putin talk" == answer["blocks"][2]["text"]["text"]
    assert answer["text"]


async def test_ephemeral_reply_and_separate_slash_command(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    recorder.ephemeral = True
    body = slash_body(fake, "/who", "is &lt;Witkoff&gt; &amp; co")
    status, _ = await post_to_app(adapter, body, signed_headers(body))
    assert status == 200
    answer = await fake.wait_for_response()
    assert answer["response_type"] == "ephemeral"
    assert recorder.commands[0].name == "who" and recorder.commands[0].args == "is <Witkoff> & co"


async def test_bare_newsbrief_means_help(adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder) -> None:
    body = slash_body(fake, "/newsbrief", "")
    assert (await post_to_app(adapter, body, signed_headers(body)))[0] == 200
    await fake.wait_for_response()
    assert recorder.commands[0].name == "help"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: signed_headers(body, secret=WRONG_SECRET), id="bad-signature"),
        pytest.param(lambda body: signed_headers(body, timestamp=time.time() - 6 * 60), id="six-minutes-old"),
        pytest.param(lambda body: {"Content-Type": "application/x-www-form-urlencoded"}, id="unsigned"),
    ],
)
async def test_unverified_requests_are_refused(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder, headers
) -> None:
    body = slash_body(fake, "/newsbrief", "who Witkoff")
    calls_before = len(fake.calls)
    status, _ = await post_to_app(adapter, body, headers(body))
    assert status == 401
    # The signed control request proves the adapter would have called out if it had accepted the first.
    control = slash_body(fake, "/newsbrief", "help")
    assert (await post_to_app(adapter, control, signed_headers(control)))[0] == 200
    await fake.wait_for_response()
    assert [c.name for c in recorder.commands] == ["help"]
    assert len(fake.responses) == 1
    assert all(c.method == "auth.test" for c in fake.calls[calls_before:])


async def test_setup_asks_users_info_for_admin_rights(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    for user in ("UADMIN", "UOWNER", "UPLAIN", "UNKNOWN"):
        body = slash_body(fake, "/newsbrief", "setup time=07:30", user_id=user)
        assert (await post_to_app(adapter, body, signed_headers(body)))[0] == 200
    await fake.wait_until(lambda: len(fake.responses) == 4, 5.0, "four answers")
    admin = {c.user_id: c.is_admin for c in recorder.commands}
    assert admin == {"UADMIN": True, "UOWNER": True, "UPLAIN": False, "UNKNOWN": False}
    assert all(c.name == "setup" and c.args == "time=07:30" for c in recorder.commands)
    # other commands do not cost a users.info call
    body = slash_body(fake, "/newsbrief", "sources")
    await post_to_app(adapter, body, signed_headers(body))
    await fake.wait_until(lambda: len(fake.responses) == 5, 5.0, "fifth answer")
    assert fake.methods().count("users.info") == 4
    assert recorder.commands[-1].is_admin is False


async def test_dm_slash_command_is_marked_as_dm(adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder) -> None:
    body = slash_body(fake, "/newsbrief", "subscriptions", channel_id="D0USER", channel_name="directmessage")
    await post_to_app(adapter, body, signed_headers(body))
    await fake.wait_for_response()
    assert recorder.commands[0].is_dm is True and recorder.commands[0].channel_id == "D0USER"


# -- publishing -------------------------------------------------------------------------------------


async def test_send_posts_blocks_with_unfurling_off(adapter: SlackAdapter, fake: FakeSlack) -> None:
    message = RichMessage(
        title="Trump and Putin agree to start talks",
        url="https://news.example/trump-putin",
        body="The two leaders spoke for 90 minutes.",
        sections=(Section("Key actors", ("Donald Trump — US president",)), Section("Next steps", ("Talks",))),
        footer="#1 · Example News",
    )
    sent = await adapter.send(Post("slack", "C0BRIEFS", message, "brief:1", article_id=1, open_thread=True))
    call = await fake.wait_for_call("chat.postMessage")
    assert call.args["channel"] == "C0BRIEFS"
    assert call.args["unfurl_links"] is False and call.args["unfurl_media"] is False
    assert [b["type"] for b in call.args["blocks"]] == [
        "header",
        "section",
        "section",
        "section",
        "section",
        "context",
    ]
    assert call.args["text"].startswith("Trump and Putin agree to start talks")
    assert sent.message_id == sent.thread_id and sent.message_id.startswith("1700000000.")


async def test_send_escapes_hostile_article_text_in_every_block(adapter: SlackAdapter, fake: FakeSlack) -> None:
    hostile = "Breaking <!channel> <!here> <@U123> <!subteam^S1> & more"
    message = RichMessage(
        title=hostile, url="https://news.example/x", body=hostile,
        sections=(Section(hostile, (hostile,)),), footer=hostile,
    )  # fmt: skip
    await adapter.send(Post("slack", "C0BRIEFS", message, "alert:1", mention_user_ids=("U777",)))
    call = await fake.wait_for_call("chat.postMessage")
    blocks = call.args["blocks"]
    raw = json.dumps(blocks) + call.args["text"]
    for needle in ("<!channel>", "<!here>", "<@U123>", "<!subteam"):
        assert needle not in raw
    for block in blocks:
        text = block.get("text", {}).get("text") or block.get("elements", [{}])[0].get("text", "")
        if "Breaking" in text:
            assert "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt;" in text and "&amp; more" in text
    assert blocks[0]["text"]["text"] == "<@U777>"  # the only real mention


async def test_send_to_a_dm_opens_the_conversation(adapter: SlackAdapter, fake: FakeSlack) -> None:
    sent = await adapter.send(Post("slack", "U0READER", RichMessage(body="Your digest"), "digest:x", is_dm=True))
    opened = await fake.wait_for_call("conversations.open")
    assert opened.args["users"] == "U0READER"
    posted = await fake.wait_for_call("chat.postMessage")
    assert posted.args["channel"] == "D0READER" and sent.extra["channel"] == "D0READER"
    assert posted.args["unfurl_links"] is False and posted.args["unfurl_media"] is False


async def test_send_raises_when_slack_refuses(adapter: SlackAdapter) -> None:
    with pytest.raises(Exception, match="channel_not_found"):
        await adapter.send(Post("slack", "", RichMessage(body="x"), "brief:9"))


async def test_update_is_chat_update_of_the_ts_escaped_like_send(adapter: SlackAdapter, fake: FakeSlack) -> None:
    sent = await adapter.send(Post("slack", "C0BRIEFS", RichMessage(title="Talks", body="x"), "story:1", article_id=1))
    hostile = RichMessage(title="Talks <!here>", body="AP & <@U123> report it too", footer="2 sources")
    await adapter.update(sent, Post("slack", "C0BRIEFS", hostile, "story:1", article_id=1))
    call = await fake.wait_for_call("chat.update")
    assert (call.args["channel"], call.args["ts"], call.token) == ("C0BRIEFS", sent.message_id, BOT_TOKEN)
    raw = json.dumps(call.args["blocks"]) + call.args["text"]
    assert "<!here>" not in raw and "<@U123>" not in raw
    assert call.args["blocks"][0]["text"]["text"] == "Talks &lt;!here&gt;" and "AP &amp; &lt;@U123&gt;" in raw
    assert "2 sources" in json.dumps(call.args["blocks"])
    assert fake.methods().count("chat.postMessage") == 1


async def test_update_raises_when_slack_refuses(adapter: SlackAdapter) -> None:
    with pytest.raises(Exception, match="message_not_found"):
        await adapter.update(Sent("1700000000.999999"), Post("slack", "C0BRIEFS", RichMessage(body="x"), "story:9"))


# -- events: threads, mentions, DMs -------------------------------------------------------------------


def thread_message(text: str, thread_ts: str, **extra: object) -> dict[str, object]:
    return {
        "type": "message",
        "channel": "C0BRIEFS",
        "channel_type": "channel",
        "user": "UPLAIN",
        "text": text,
        "ts": "1700000100.000001",
        "thread_ts": thread_ts,
        **extra,
    }


async def test_reply_in_a_story_thread_is_a_question_answered_in_the_thread(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    sent = await adapter.send(Post("slack", "C0BRIEFS", RichMessage(body="story"), "brief:1", article_id=1))
    story_ts = sent.thread_id
    assert story_ts
    event = thread_message("what happens next?", story_ts, parent_user_id=BOT_USER_ID)
    assert await send_event(adapter, event) == 200
    answer = await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == story_ts)
    assert recorder.commands == [
        Command(
            name="ask", args="what happens next?", platform="slack", channel_id="C0BRIEFS",
            user_id="UPLAIN", thread_id=story_ts,
        )
    ]  # fmt: skip
    assert answer.args["channel"] == "C0BRIEFS" and answer.args["unfurl_links"] is False


async def test_thread_detected_without_parent_user_id_for_own_posts(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    sent = await adapter.send(Post("slack", "C0BRIEFS", RichMessage(body="story"), "brief:2", article_id=2))
    assert await send_event(adapter, thread_message("and then?", str(sent.thread_id))) == 200
    await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == sent.thread_id)
    assert recorder.commands[0].thread_id == sent.thread_id


async def test_other_messages_are_ignored(adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder) -> None:
    events = [
        thread_message("someone else's thread", "1600000000.000001", parent_user_id="UOTHER"),
        {
            "type": "message",
            "channel": "C0BRIEFS",
            "channel_type": "channel",
            "user": "UPLAIN",
            "text": "hi",
            "ts": "1",
        },
        thread_message("edited", "1600000000.000002", parent_user_id=BOT_USER_ID, subtype="message_changed"),
        thread_message("from a bot", "1600000000.000003", parent_user_id=BOT_USER_ID, bot_id="BOTHER"),
        thread_message(f"<@{BOT_USER_ID}> twice?", "1600000000.000004", parent_user_id=BOT_USER_ID),
        thread_message("", "1600000000.000005", parent_user_id=BOT_USER_ID),
    ]
    for event in events:
        assert await send_event(adapter, event) == 200
    # a final real follow-up proves events are being processed, and that the ones above were dropped
    await send_event(adapter, thread_message("real one", "1600000000.000009", parent_user_id=BOT_USER_ID))
    await fake.wait_for_call("chat.postMessage")
    assert [c.args for c in recorder.commands] == ["real one"]


async def test_thread_broadcast_is_a_follow_up_too(adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder) -> None:
    event = thread_message("also sent to channel", "1600000000.000010", parent_user_id=BOT_USER_ID)
    await send_event(adapter, {**event, "subtype": "thread_broadcast"})
    await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == "1600000000.000010")
    assert recorder.commands[0].name == "ask"


async def test_app_mention_outside_and_inside_a_thread(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    mention = {
        "type": "app_mention", "channel": "C0BRIEFS", "user": "UPLAIN",
        "text": f"<@{BOT_USER_ID}> who   Witkoff", "ts": "1700000200.000001",
    }  # fmt: skip
    assert await send_event(adapter, mention) == 200
    first = await fake.wait_for_call("chat.postMessage")
    assert first.args["thread_ts"] == "1700000200.000001"  # answered under the mention, not in the channel
    followup = {**mention, "text": f"<@{BOT_USER_ID}> who else was there?", "ts": "1700000200.000002",
                "thread_ts": "1700000100.000009"}  # fmt: skip
    assert await send_event(adapter, followup) == 200
    await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == "1700000100.000009")
    assert [(c.name, c.args, c.thread_id) for c in recorder.commands] == [
        ("who", "Witkoff", None),
        ("ask", "who else was there?", "1700000100.000009"),
    ]


async def test_dm_message_is_a_command(adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder) -> None:
    recorder.ephemeral = True  # ephemeral means nothing in a DM: it is simply posted there
    dm = {"type": "message", "channel": "D0USER", "channel_type": "im", "user": "UPLAIN",
          "text": "subscribe Ukraine", "ts": "1700000300.000001"}  # fmt: skip
    assert await send_event(adapter, dm) == 200
    posted = await fake.wait_for_call("chat.postMessage")
    assert posted.args["channel"] == "D0USER" and "thread_ts" not in posted.args
    assert recorder.commands[0] == Command(
        name="subscribe", args="Ukraine", platform="slack", channel_id="D0USER", user_id="UPLAIN", is_dm=True
    )


async def test_ephemeral_reply_to_an_event_uses_post_ephemeral(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    recorder.ephemeral = True
    mention = {"type": "app_mention", "channel": "C0BRIEFS", "user": "UPLAIN",
               "text": f"<@{BOT_USER_ID}> subscriptions", "ts": "1700000400.000001"}  # fmt: skip
    await send_event(adapter, mention)
    call = await fake.wait_for_call("chat.postEphemeral")
    assert call.args["user"] == "UPLAIN" and call.args["channel"] == "C0BRIEFS"
    assert "chat.postMessage" not in fake.methods()


async def test_dispatch_failure_gives_a_short_error(fake: FakeSlack) -> None:
    async def broken(command: Command) -> Reply:
        raise RuntimeError("boom")

    slack = SlackAdapter(slack_settings(fake), broken)
    await slack.start()
    try:
        body = slash_body(fake, "/newsbrief", "brief")
        assert (await post_to_app(slack, body, signed_headers(body)))[0] == 200
        answer = await fake.wait_for_response()
    finally:
        await slack.stop()
    assert answer["response_type"] == "ephemeral" and answer["text"].startswith(":warning: Sorry")
    assert "boom" not in json.dumps(answer)


# -- Socket Mode -------------------------------------------------------------------------------------


async def test_socket_mode_acknowledges_and_handles_a_slash_command(fake: FakeSlack, recorder: Recorder) -> None:
    slack = SlackAdapter(slack_settings(fake, mode="socket"), recorder)
    await slack.start()
    try:
        assert slack.port is None
        opened = await fake.wait_for_call("apps.connections.open")
        assert opened.token == APP_TOKEN
        payload = {
            "token": "legacy", "team_id": TEAM_ID, "channel_id": "C0BRIEFS", "channel_name": "briefs",
            "user_id": "UPLAIN", "user_name": "paul", "command": "/newsbrief", "text": "who Witkoff",
            "response_url": fake.response_url("socket"), "trigger_id": "1.2.3", "api_app_id": "A0000001",
        }  # fmt: skip
        envelope_id = await fake.send_envelope("slash_commands", payload)
        ack = await fake.wait_for_ack(envelope_id)
        answer = await fake.wait_for_response()
    finally:
        await slack.stop()
    assert ack == {"envelope_id": envelope_id}
    assert recorder.commands[0].name == "who" and recorder.commands[0].args == "Witkoff"
    assert answer["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "who: Witkoff", "emoji": True},
    }


async def test_socket_mode_events_are_handled(fake: FakeSlack, recorder: Recorder) -> None:
    slack = SlackAdapter(slack_settings(fake, mode="socket", signing_secret=None), recorder)
    await slack.start()
    try:
        event = thread_message("why?", "1700000000.000777", parent_user_id=BOT_USER_ID)
        envelope_id = await fake.send_envelope("events_api", json.loads(event_body(event)))
        await fake.wait_for_ack(envelope_id)
        await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == "1700000000.000777")
    finally:
        await slack.stop()
    assert recorder.commands[0].name == "ask" and recorder.commands[0].thread_id == "1700000000.000777"


# -- configuration -------------------------------------------------------------------------------------


def test_missing_secrets_are_named(fake: FakeSlack, recorder: Recorder) -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        SlackAdapter(slack_settings(fake, signing_secret=None), recorder)
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        SlackAdapter(slack_settings(fake, mode="socket", app_token=None), recorder)
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        SlackAdapter(slack_settings(fake, bot_token=None), recorder)


async def test_rejected_token_fails_start_without_leaking_it(fake: FakeSlack, recorder: Recorder) -> None:
    slack = SlackAdapter(slack_settings(fake, bot_token=WRONG_TOKEN), recorder)
    with pytest.raises(SlackAdapterError, match="invalid_auth") as caught:
        await slack.start()
    assert WRONG_TOKEN not in str(caught.value)
    assert slack.port is None


def test_plain_text_undoes_slack_formatting() -> None:
    link = "<https://a.example/x?y=1&amp;z=2|a.example>"
    text = f"<@{BOT_USER_ID}> ask about {link} &lt;b&gt; <#C1|general> <@U2>"
    assert plain_text(text, BOT_USER_ID) == "ask about https://a.example/x?y=1&z=2 <b> #general @U2"


def test_manifest_matches_what_the_adapter_handles() -> None:
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((Path(__file__).parents[2] / "config" / "slack-app-manifest.yml").read_text())
    commands = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert "/newsbrief" in commands and all(SLASH_COMMANDS.match(c) for c in commands)
    assert set(manifest["oauth_config"]["scopes"]["bot"]) >= {
        "commands", "chat:write", "im:write", "app_mentions:read",
        "channels:history", "groups:history", "im:history", "users:read", "channels:read", "groups:read",
    }  # fmt: skip
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.channels", "message.groups", "message.im"}
    assert manifest["settings"]["socket_mode_enabled"] is True


async def test_secrets_never_reach_the_logs(
    fake: FakeSlack, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    """Even with every slack_sdk / bolt logger at DEBUG (they check their own level, not the parent's)."""
    caplog.set_level(logging.DEBUG)
    loggers = [logging.getLogger(n) for n in list(logging.root.manager.loggerDict) if n.startswith("slack")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    try:
        for mode in ("http", "socket"):
            slack = SlackAdapter(slack_settings(fake, mode=mode), recorder)
            slack.client.logger.setLevel(logging.DEBUG)
            await slack.start()
            try:
                await slack.send(Post("slack", "C0BRIEFS", RichMessage(body="b"), "brief:1"))
                if mode == "http":
                    body = slash_body(fake, "/newsbrief", "help")
                    await post_to_app(slack, body, signed_headers(body))
                    bad = slash_body(fake, "/newsbrief", "help")
                    await post_to_app(slack, bad, signed_headers(bad, secret=WRONG_SECRET))
                    await fake.wait_for_response()
            finally:
                await slack.stop()
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
    assert "Sending a request" in caplog.text  # the debug logging really ran
    for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET):
        assert secret not in caplog.text


# -- platform behaviour: retries, rate limits, pacing, verification -------------------------------------


async def test_a_retried_event_is_answered_once(adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder) -> None:
    """Slack re-sends an event with X-Slack-Retry-Num when the ack seemed slow; the event_id is the same."""
    body = event_body(thread_message("and then?", "1600000000.000100", parent_user_id=BOT_USER_ID))
    first = await post_to_app(adapter, body, signed_headers(body, content_type="application/json"))
    for retry in ("1", "2"):
        headers = {**signed_headers(body, content_type="application/json"), "X-Slack-Retry-Num": retry,
                   "X-Slack-Retry-Reason": "http_timeout"}  # fmt: skip
        assert (await post_to_app(adapter, body, headers))[0] == 200
    assert first[0] == 200
    other = event_body(thread_message("a new question", "1600000000.000100", parent_user_id=BOT_USER_ID))
    await post_to_app(adapter, other, signed_headers(other, content_type="application/json"))
    await fake.wait_until(lambda: len(fake.posts()) == 2, 5.0, "two answers")
    assert [c.args for c in recorder.commands] == ["and then?", "a new question"]


async def test_a_thread_answer_refused_with_429_is_sent_after_retry_after(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    fake.rate_limited["chat.postMessage"] = [1]
    event = thread_message("what next?", "1600000000.000200", parent_user_id=BOT_USER_ID)
    assert await send_event(adapter, event) == 200
    answer = await fake.wait_until(lambda: fake.posts(), 8.0, "the answer after the 429")
    refused = next(c for c in fake.calls if c.status == 429)
    assert answer[0].args["thread_ts"] == "1600000000.000200"
    assert answer[0].at - refused.at >= 1.0  # waited for Retry-After


async def test_a_post_refused_with_429_is_retried_after_retry_after(adapter: SlackAdapter, fake: FakeSlack) -> None:
    fake.rate_limited["chat.postMessage"] = [1]
    sent = await adapter.send(Post("slack", "C0BRIEFS", RichMessage(title="Talks", body="x"), "brief:1"))
    assert sent.message_id and [c.status for c in fake.calls if c.method == "chat.postMessage"] == [429, 200]


async def test_posts_are_paced_per_channel_and_keep_their_order(fake: FakeSlack, recorder: Recorder) -> None:
    """Like Slack, the fake refuses a second message within the interval in one channel (HTTP 429)."""
    fake.channel_interval = 0.2
    slack = SlackAdapter(slack_settings(fake, post_interval_seconds=0.25), recorder)
    await slack.start()
    try:
        posts = [
            slack.send(Post("slack", channel, RichMessage(title=f"{channel} {n}", body="x"), f"brief:{n}"))
            for n in range(4)
            for channel in ("C0BRIEFS", "C0OTHER")
        ]
        await asyncio.gather(*posts)
    finally:
        await slack.stop()
    assert all(c.status == 200 for c in fake.calls)  # no message was refused
    for channel in ("C0BRIEFS", "C0OTHER"):
        calls = fake.posts(channel)
        assert [c.args["blocks"][0]["text"]["text"] for c in calls] == [f"{channel} {n}" for n in range(4)]
        gaps = [b.at - a.at for a, b in zip(calls, calls[1:], strict=False)]
        assert min(gaps) >= 0.24
    # the two channels were paced independently: both finished in about 3 intervals, not 7
    everything = fake.posts()
    assert everything[-1].at - everything[0].at < 6 * 0.25


@pytest.mark.parametrize(
    "body",
    [
        '{"type": "event_callback", "event": {"text": "unsigned\nINFO forged log line"',  # malformed JSON
        'payload={"response_url": "https://hooks.slack.com/secret-response-url"}\nWARNING forged',
    ],
)
async def test_anything_unsigned_is_401_before_parsing_and_no_body_is_logged(
    adapter: SlackAdapter, fake: FakeSlack, caplog: pytest.LogCaptureFixture, body: str
) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = await post_to_app(adapter, body, {"Content-Type": "application/json"})
    bad_sig = await post_to_app(adapter, body, signed_headers(body, secret=WRONG_SECRET))
    assert status == 401 and bad_sig[0] == 401
    for record in caplog.records:
        message = record.getMessage()
        assert "forged" not in message and "secret-response-url" not in message and "unsigned" not in message
        assert record.exc_info is None
    assert "Traceback" not in caplog.text


async def test_signed_but_malformed_json_is_a_400_without_a_traceback(
    adapter: SlackAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    body = '{"type": "event_callback", "event": '
    status, _ = await post_to_app(adapter, body, signed_headers(body, content_type="application/json"))
    assert status == 400 and "Traceback" not in caplog.text


async def test_setup_for_a_channel_the_bot_is_not_in_says_how_to_invite_it(
    adapter: SlackAdapter, fake: FakeSlack, recorder: Recorder
) -> None:
    fake.channels.update({"C0NOTIN": {"is_member": False}, "G0PRIVATE": {"is_member": False, "is_private": True}})
    body = slash_body(fake, "/newsbrief", "setup channel=<#C0NOTIN|news> time=07:30", user_id="UADMIN")
    await post_to_app(adapter, body, signed_headers(body))
    answer = await fake.wait_for_response()
    info = await fake.wait_for_call("conversations.info")
    assert info.args["channel"] == "C0NOTIN"
    assert answer["response_type"] == "ephemeral"
    assert "not a member" in answer["text"] and "/invite @newsbrief" in answer["text"]
    private = slash_body(fake, "/newsbrief", "setup channel=G0PRIVATE", user_id="UADMIN")
    await post_to_app(adapter, private, signed_headers(private))
    await fake.wait_until(lambda: len(fake.responses) == 2, 5.0, "second answer")
    assert "/invite @newsbrief" in fake.responses[1]["text"] and "channel_not_found" in fake.responses[1]["text"]
    assert recorder.commands == []  # nothing was changed
    member = slash_body(fake, "/newsbrief", "setup channel=<#C0BRIEFS|briefs>", user_id="UADMIN")
    await post_to_app(adapter, member, signed_headers(member))
    await fake.wait_until(lambda: len(fake.responses) == 3, 5.0, "third answer")
    assert recorder.commands[0].args == "channel=#C0BRIEFS" and recorder.commands[0].is_admin  # /setup strips the #


async def test_the_notification_text_is_the_headline_and_one_line(adapter: SlackAdapter, fake: FakeSlack) -> None:
    body = "The two leaders spoke for 90 minutes.\n" + "More detail follows. " * 90
    message = RichMessage(title="Trump and Putin agree to talks", body=body,
                          sections=(Section("Key actors", ("Steve Witkoff — envoy",)),), footer="#1")  # fmt: skip
    await adapter.send(Post("slack", "C0BRIEFS", message, "brief:1", article_id=1))
    call = await fake.wait_for_call("chat.postMessage")
    assert call.args["text"] == "Trump and Putin agree to talks\nThe two leaders spoke for 90 minutes."
    assert len(call.args["blocks"]) >= 4  # the blocks still carry the whole brief


async def test_no_token_unused_warning_when_the_token_comes_from_the_environment(
    fake: FakeSlack, recorder: Recorder, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)  # how the bot is configured in production
    caplog.set_level(logging.DEBUG)
    slack = SlackAdapter(slack_settings(fake), recorder)
    await slack.start()
    await slack.stop()
    assert "token` will be unused" not in caplog.text and "token will be unused" not in caplog.text


async def test_event_fields_in_log_lines_cannot_forge_a_line(
    adapter: SlackAdapter, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    event = thread_message("hello", "1600000000.000300", parent_user_id=BOT_USER_ID, user="U1\nERROR forged")
    body = json.dumps({**json.loads(event_body(event)), "event_id": "Ev1\nERROR bot: forged"})
    for _ in range(2):
        await post_to_app(adapter, body, signed_headers(body, content_type="application/json"))
    await fake.wait_for_call("chat.postMessage")
    for _ in range(100):  # bounded: the retry is logged by the listener, after the ack
        if "already answered" in caplog.text:
            break
        await asyncio.sleep(0.02)
    assert "already answered" in caplog.text
    assert all("\n" not in r.getMessage() for r in caplog.records if r.name.startswith("bot"))
