"""The router: matching, help for unknown commands, admin checks, story scope, and the error hook."""

from __future__ import annotations

from sqlalchemy import text

from bot.app import App
from bot.commands import COMMANDS
from bot.messages import Command
from bot.router import Router, match


def test_matching_is_pure_and_knows_aliases() -> None:
    assert match(Command.parse("/sub Ukraine")).spec.name == "subscribe"
    assert match(Command.parse("WHO is Witkoff")).spec.name == "who"
    assert match(Command.parse("/frobnicate")).spec is None


def test_command_parse_keeps_the_arguments_verbatim() -> None:
    cmd = Command.parse("/ask   what did Hegseth say about NATO? ", platform="slack", channel_id="C1")
    assert (cmd.name, cmd.args, cmd.platform, cmd.channel_id) == (
        "ask",
        "what did Hegseth say about NATO?",
        "slack",
        "C1",
    )


async def test_unknown_commands_get_the_help(app: App) -> None:
    reply = await app.dispatch(Command.parse("/frobnicate now"))
    assert reply.error
    text_ = reply.plain_text()
    assert "I don't know the command '/frobnicate'" in text_
    for spec in COMMANDS.values():
        assert spec.usage in text_


async def test_setup_is_refused_to_non_admins_and_changes_the_channel_for_admins(app: App) -> None:
    refused = await app.dispatch(
        Command(name="setup", args="time=07:30", platform="discord", channel_id="C9", is_admin=False)
    )
    assert refused.error and refused.ephemeral and "Manage Server" in refused.plain_text()
    on_slack = await app.dispatch(Command(name="setup", platform="slack", channel_id="C9", is_admin=False))
    assert "/newsbrief setup" in on_slack.plain_text() and "workspace admin" in on_slack.plain_text()
    assert "Manage Server" not in on_slack.plain_text()
    done = await app.dispatch(Command(name="setup", args="time=07:30 tz=Europe/Berlin", channel_id="C9", is_admin=True))
    assert not done.error
    assert "07:30 Europe/Berlin" in done.plain_text()
    bad = await app.dispatch(Command(name="setup", args="tz=Mars/Olympus", channel_id="C9", is_admin=True))
    assert bad.error and "not a time zone" in bad.plain_text()


async def test_brief_n_shows_one_story_and_focuses_the_conversation_on_it(seeded_app: App) -> None:
    latest = await seeded_app.dispatch(Command(name="brief"))
    assert len(latest.messages) == 5
    one = await seeded_app.dispatch(Command(name="brief", args="4"))
    assert one.article_id == 4 and len(one.messages) == 1
    assert seeded_app.router._focus[("console", "console", "console-user")] == 4
    missing = await seeded_app.dispatch(Command(name="brief", args="999"))
    assert missing.error and missing.ephemeral and "No such brief: #999" in missing.plain_text()


async def test_the_focus_keeps_only_the_most_recently_used_conversations(seeded_app: App) -> None:
    router = Router(seeded_app.services, focus_kept=2)
    for user, number in (("u1", "4"), ("u2", "3")):
        await router.dispatch(Command(name="brief", args=number, user_id=user))
    assert await router.story_scope(Command(name="ask", user_id="u1")) == 4  # used again: u2 is now the oldest
    await router.dispatch(Command(name="brief", args="2", user_id="u3"))
    assert len(router._focus) == 2
    assert await router.story_scope(Command(name="ask", user_id="u2")) is None
    assert await router.story_scope(Command(name="ask", user_id="u1")) == 4
    assert await router.story_scope(Command(name="ask", user_id="u3")) == 2


async def test_a_failing_command_replies_briefly_and_the_bot_keeps_answering(seeded_app: App) -> None:
    async with seeded_app.services.db.session() as session:
        await session.execute(text("DROP TABLE briefs"))
    broken = await seeded_app.dispatch(Command(name="brief"))
    assert broken.error and "/brief failed on my side" in broken.plain_text()
    still = await seeded_app.dispatch(Command(name="help"))
    assert not still.error
