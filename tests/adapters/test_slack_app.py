"""The Slack adapter over the real App: seeded store, real router, publishing through `app.publish_pending()`.

Same fake Slack as `test_slack.py`; here the point is the round trip: a brief posted by the app's publisher,
a follow-up in that brief's thread tied back to the story through the delivery record.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.adapters.slack import SlackAdapter
from bot.app import App
from bot.messages import Command, Reply
from bot.store.tables import ArticleRow, Delivery
from summarizer import Article
from tests.adapters.test_slack import (
    event_body,
    post_to_app,
    send_event,
    slack_settings,
    slash_body,
    thread_message,
)
from tests.conftest import REPO
from tests.fakes.slack_server import BOT_USER_ID, FakeSlack, signed_headers
from tests.ingested import ingest

pytestmark = pytest.mark.timeout(60)

CHANNEL = "C0BRIEFS"


class Spy:
    """The app's dispatch, with every command kept for assertions."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.commands: list[Command] = []

    async def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        return await self.app.dispatch(command)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = FakeSlack(users={"UADMIN": {"id": "UADMIN", "is_admin": True}, "UPLAIN": {"id": "UPLAIN"}})
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def wired(seeded_app: App, fake: FakeSlack) -> AsyncIterator[tuple[App, SlackAdapter, Spy]]:
    spy = Spy(seeded_app)
    adapter = SlackAdapter(slack_settings(fake), spy, first_sight=seeded_app.first_sight)
    seeded_app.attach(adapter)
    await seeded_app.ensure_channel("slack", CHANNEL)
    await adapter.start()
    yield seeded_app, adapter, spy
    await adapter.stop()


async def test_publish_pending_posts_every_brief_as_blocks_without_unfurls(
    wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack
) -> None:
    app, _, _ = wired
    sent = await app.publish_pending()
    posts = [c for c in fake.calls if c.method == "chat.postMessage"]
    assert sent >= 5 and len(posts) == sent
    for call in posts:
        assert call.args["channel"] == CHANNEL
        assert call.args["unfurl_links"] is False and call.args["unfurl_media"] is False
        assert call.args["blocks"][0]["type"] == "header" and call.args["text"]
        assert call.args["blocks"][-1]["type"] == "context"
    async with app.services.db.session() as session:
        rows = (await session.scalars(select(Delivery).where(Delivery.platform == "slack"))).all()
    assert len(rows) == sent and all(r.status == "sent" and r.thread_id == r.message_id for r in rows)
    assert await app.publish_pending() == 0  # exactly once


async def test_follow_up_in_a_story_thread_is_answered_there_from_that_story(
    wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack
) -> None:
    app, adapter, spy = wired
    await app.publish_pending()
    async with app.services.db.session() as session:
        story_ts, title = (
            await session.execute(
                select(Delivery.thread_id, ArticleRow.title)
                .join(ArticleRow, ArticleRow.id == Delivery.article_id)
                .where(Delivery.platform == "slack", ArticleRow.title.contains("Putin"))
            )
        ).one()
    assert story_ts
    event = thread_message("Who will lead the US delegation?", story_ts, parent_user_id=BOT_USER_ID)
    assert await send_event(adapter, event) == 200
    answer = await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == story_ts)
    assert answer.args["channel"] == CHANNEL and answer.args["unfurl_links"] is False
    assert spy.commands[-1].name == "ask" and spy.commands[-1].thread_id == story_ts
    raw = answer.args["text"] + json.dumps(answer.args["blocks"])
    assert "Witkoff" in raw and "Rubio" in raw  # quoted from the story ...
    assert title in raw  # ... and cited as that story


async def test_who_slash_command_answers_with_a_card(wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack) -> None:
    _, adapter, _ = wired
    body = slash_body(fake, "/newsbrief", "who Witkoff")
    status, _ = await post_to_app(adapter, body, signed_headers(body))
    assert status == 200
    answer = await fake.wait_for_response()
    assert "Witkoff" in answer["text"] and answer["blocks"]
    assert answer["unfurl_links"] is False


async def test_brief_number_shows_the_brief_card(wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack) -> None:
    _, adapter, _ = wired
    body = slash_body(fake, "/newsbrief", "brief 1")
    await post_to_app(adapter, body, signed_headers(body))
    answer = await fake.wait_for_response()
    kinds = [b["type"] for b in answer["blocks"]]
    assert kinds[0] == "header" and kinds[-1] == "context" and "section" in kinds
    assert answer["blocks"][-1]["elements"][0]["text"].startswith("#1")


async def test_setup_needs_a_workspace_admin(wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack) -> None:
    _, adapter, _ = wired
    refused = slash_body(fake, "/newsbrief", "setup time=07:30", user_id="UPLAIN")
    await post_to_app(adapter, refused, signed_headers(refused))
    first = await fake.wait_for_response()
    assert first["response_type"] == "ephemeral" and "admin" in first["text"]
    allowed = slash_body(fake, "/newsbrief", "setup time=07:30", user_id="UADMIN")
    await post_to_app(adapter, allowed, signed_headers(allowed))
    await fake.wait_until(lambda: len(fake.responses) == 2, 5.0, "second answer")
    assert "07:30" in fake.responses[1]["text"]


async def test_hostile_article_is_escaped_when_published(app: App, fake: FakeSlack) -> None:
    adapter = SlackAdapter(slack_settings(fake), app.dispatch)
    app.attach(adapter)
    await app.ensure_channel("slack", CHANNEL)
    text = (
        "Officials in Freiburg <!channel> said on Monday that the council <!here> will vote on the plan. "
        "The mayor <@U123> said the vote would take place next week & the result would be published. "
        "Critics said the plan was rushed and asked for more time to study the costs."
    )
    article = Article(title="Council <!here> vote & plan", text=text, url="https://x.example/a")
    assert await ingest(app, article)
    await app.process_pending()
    assert await app.publish_pending() == 1  # send() needs no start(): it only uses the Web API client
    call = next(c for c in fake.calls if c.method == "chat.postMessage")
    raw = json.dumps(call.args["blocks"]) + call.args["text"]
    for needle in ("<!channel>", "<!here>", "<@U123>"):
        assert needle not in raw
    assert call.args["blocks"][0]["text"]["text"] == "Council &lt;!here&gt; vote &amp; plan"
    assert "&lt;!channel&gt;" in raw or "&lt;@U123&gt;" in raw  # the body kept the text, escaped


async def test_a_retried_event_is_answered_once_even_by_a_restarted_bot(
    wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack
) -> None:
    """The event id is kept in the database: a retry that reaches a fresh adapter is not answered again."""
    app, adapter, spy = wired
    event = thread_message("Who will lead the US delegation?", "1700000000.000900", parent_user_id=BOT_USER_ID)
    body = event_body(event)
    assert (await post_to_app(adapter, body, signed_headers(body, content_type="application/json")))[0] == 200
    await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == "1700000000.000900")
    restarted = SlackAdapter(slack_settings(fake), spy, first_sight=app.first_sight)
    await restarted.start()
    try:
        retry = {**signed_headers(body, content_type="application/json"), "X-Slack-Retry-Num": "1"}
        assert (await post_to_app(restarted, body, retry))[0] == 200
        control = event_body(thread_message("And when?", "1700000000.000901", parent_user_id=BOT_USER_ID))
        await post_to_app(restarted, control, signed_headers(control, content_type="application/json"))
        await fake.wait_for_call("chat.postMessage", lambda c: c.args.get("thread_ts") == "1700000000.000901")
    finally:
        await restarted.stop()
    assert [c.args for c in spy.commands] == ["Who will lead the US delegation?", "And when?"]


async def test_sources_enable_asks_users_info_and_refuses_in_slack_words(
    wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack
) -> None:
    _, adapter, spy = wired
    for user in ("UPLAIN", "UADMIN"):
        body = slash_body(fake, "/newsbrief", "sources enable https://feeds.example/x", user_id=user)
        await post_to_app(adapter, body, signed_headers(body))
    await fake.wait_until(lambda: len(fake.responses) == 2, 5.0, "two answers")
    assert [c.args["user"] for c in fake.calls if c.method == "users.info"] == ["UPLAIN", "UADMIN"]
    refused, allowed = fake.responses
    assert refused["response_type"] == "ephemeral" and "workspace admin" in refused["text"]
    assert "Manage Server" not in refused["text"]
    assert "I have no source" in allowed["text"]  # an admin: past the check, to the (unknown) source
    assert [c.is_admin for c in spy.commands] == [False, True]


@pytest.mark.parametrize("text", ["help", "", "frobnicate", "brief 99999999999999999999999", "setup time=7"])
async def test_help_usage_errors_and_refusals_are_ephemeral(
    wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack, text: str
) -> None:
    _, adapter, _ = wired
    body = slash_body(fake, "/newsbrief", text, user_id="UADMIN")
    await post_to_app(adapter, body, signed_headers(body))
    answer = await fake.wait_for_response()
    assert answer["response_type"] == "ephemeral"


async def test_reported_by_names_sources_not_paths(wired: tuple[App, SlackAdapter, Spy], fake: FakeSlack) -> None:
    """Seed files have no outlet name: the story's sources are shown by folder name, never by path."""
    app, _, _ = wired
    await app.publish_pending()
    seed = (REPO / "seeds" / "2025-02-12-trump-putin-call.txt").read_text().strip().split("\n", 1)
    article = Article(title=seed[0], text=seed[1] + "\nThis report was filed by Example Wire.",
                      url="https://wire.example/trump-putin", source="Example Wire",
                      published=datetime(2025, 2, 12, 18, 0, tzinfo=UTC))  # fmt: skip
    await ingest(app, article)
    await app.process_pending()
    await app.publish_pending()
    messages = [m["blocks"] if isinstance(m["blocks"], list) else json.loads(m["blocks"]) for m in fake.posted.values()]
    raw = json.dumps(messages)
    assert "/seeds" not in raw and str(REPO) not in raw
    sections = [b.get("text", {}).get("text", "") for blocks in messages for b in blocks]
    reported = [s for s in sections if s.startswith("*Reported by*")]
    assert reported, "the wire story joins the seed's story, so its post is updated to list both outlets"
    assert reported[0].splitlines()[1:] == ["• seeds", "• Example Wire"]
