"""The console channel: rich posts, replies to typed commands, and untrusted text printed as plain data."""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console

from bot.adapters.console import ConsoleAdapter, safe
from bot.app import App
from bot.messages import Post, RichMessage, Section


def console_adapter(app: App) -> tuple[ConsoleAdapter, io.StringIO]:
    out = io.StringIO()
    adapter = ConsoleAdapter(app.dispatch, console=Console(file=out, width=100, color_system=None))
    return adapter, out


async def test_briefed_articles_are_posted_to_the_console_with_actors_and_next_steps(seeded_app: App) -> None:
    adapter, out = console_adapter(seeded_app)
    seeded_app.attach(adapter)
    await seeded_app.ensure_configured_channels()
    sent = await seeded_app.publish_pending()
    text = out.getvalue()
    assert sent == 8
    assert "Trump says Putin agreed" in text
    assert "Key actors" in text and "Next steps" in text
    assert await seeded_app.publish_pending() == 0


async def test_typed_commands_are_answered(seeded_app: App) -> None:
    adapter, out = console_adapter(seeded_app)
    reply = await adapter.handle_line("/brief 1")
    assert reply is not None and not reply.error
    assert await adapter.handle_line("   ") is None
    assert reply.messages[0].title in out.getvalue()


async def test_article_text_cannot_restyle_or_hijack_the_terminal(app: App) -> None:
    adapter, out = console_adapter(app)
    hostile = RichMessage(
        title="[bold red]FAKE ALERT[/bold red] \x1b[2J\x1b]0;pwned\x07",
        body="Click [link=http://evil.example]here[/link] \x1b[31mnow\x1b[0m",
        sections=(Section("Key actors", ("@everyone",)),),
    )
    await adapter.send(Post(platform="console", channel_id="console", message=hostile, delivery_key="x"))
    text = out.getvalue()
    assert "[bold red]FAKE ALERT[/bold red]" in text  # markup shown as text, not applied
    assert "[link=http://evil.example]here[/link]" in text
    assert "\x1b" not in text and "\x07" not in text


async def test_an_update_is_printed_as_a_new_panel_naming_the_post_it_replaces(app: App) -> None:
    adapter, out = console_adapter(app)
    sent = await adapter.send(Post("console", "console", RichMessage(title="Talks", body="x"), "story:1"))
    grown = RichMessage(title="Talks \x1b[2J", body="x", footer="#1 · 3 sources")
    await adapter.update(sent, Post("console", "console", grown, "story:1"))
    text = out.getvalue()
    assert "[post 1]" in text and "[update to post 1]" in text and "3 sources" in text
    assert "\x1b" not in text


def test_safe_removes_control_characters_but_keeps_newlines_and_unicode() -> None:
    assert safe("Zelenskyy\x1b[2J said\n“peace”\x08") == "Zelenskyy[2J said\n“peace”"


async def trump_putin_number(app: App) -> int:
    from bot.store import articles as store

    async with app.services.db.session() as session:
        found = await store.latest_briefs(session, limit=1, topic="Putin")
    return found[0][0].id


async def test_a_plain_question_after_brief_n_is_answered_from_that_story(seeded_app: App) -> None:
    adapter, out = console_adapter(seeded_app)
    number = await trump_putin_number(seeded_app)
    await adapter.handle_line(f"/brief {number}")
    reply = await adapter.handle_line("what did Peskov say?")
    assert reply is not None and not reply.error
    text = reply.plain_text()
    assert "I don't know the command" not in out.getvalue()
    assert "Peskov" in text and "Quoted from this story." in text


def test_plain_lines_are_questions_unless_they_start_with_a_command(app: App) -> None:
    adapter, _ = console_adapter(app)
    assert adapter.command("what did Peskov say?").name == "ask"
    assert adapter.command("why did Putin call?").name == "ask"  # `why` is a command, but this is a question
    assert adapter.command("who Witkoff").name == "who"
    assert adapter.command("/why 3") == adapter.command("why 3")
    assert adapter.command("/why 3").args == "3"


@pytest.mark.parametrize("line", ["/h", "/?", "/", "/help"])
async def test_help_in_any_spelling_is_the_help_without_complaint(app: App, line: str) -> None:
    adapter, out = console_adapter(app)
    reply = await adapter.handle_line(line)
    assert reply is not None and not reply.error
    assert "/who NAME" in out.getvalue() and "I don't know the command" not in out.getvalue()


async def test_an_unknown_command_suggests_the_closest_one(app: App) -> None:
    adapter, out = console_adapter(app)
    reply = await adapter.handle_line("/brif 3")
    assert reply is not None and reply.error
    assert "I don't know the command '/brif'. Did you mean /brief?" in " ".join(out.getvalue().split())
    far = await adapter.handle_line("/zzzzqqq")
    assert far is not None and "Did you mean" not in far.plain_text()


@pytest.mark.parametrize("number", ["0", "999", "9223372036854775808", "99999999999999999999999", "1" * 500])
async def test_any_out_of_range_brief_number_is_no_such_brief(seeded_app: App, number: str) -> None:
    adapter, out = console_adapter(seeded_app)
    reply = await adapter.handle_line(f"/brief {number}")
    assert reply is not None and reply.error
    assert "No such brief" in reply.plain_text() and "Traceback" not in out.getvalue()


async def test_bidi_controls_from_articles_never_reach_the_terminal(app: App) -> None:
    adapter, out = console_adapter(app)
    hostile = RichMessage(title="Price \u202e0001$\u202c", body="a\u2066b\u2067c\u2068d\u2069e\u200f\u061c")
    await adapter.send(Post("console", "console", hostile, "x"))
    text = out.getvalue()
    for char in "\u202e\u202c\u2066\u2067\u2068\u2069\u200f\u061c":
        assert char not in text
    assert "Price 0001$" in text and "abcde" in text


async def test_the_terminal_prompt_completes_commands_and_keeps_a_history() -> None:
    """The tty path, with prompt_toolkit's pipe input instead of a terminal: Tab completes `/bri` to
    `/brief`, the up arrow brings the last line back, Ctrl-D ends."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from bot.adapters.console import prompt_lines

    with create_pipe_input() as keys:
        lines = prompt_lines(input=keys, output=DummyOutput())
        # Keys arrive one keystroke group at a time, as typed: completion runs between them.
        first_line = asyncio.ensure_future(anext(lines))
        keys.send_text("/bri\t")
        await asyncio.sleep(0.3)
        keys.send_text(" 3\r")
        first = await asyncio.wait_for(first_line, 5)
        keys.send_text("\x1b[A\r")  # up arrow, Enter
        second = await asyncio.wait_for(anext(lines), 5)
        third_line = asyncio.ensure_future(anext(lines))
        keys.send_text("/he\t")
        await asyncio.sleep(0.3)
        keys.send_text("\r")
        third = await asyncio.wait_for(third_line, 5)
        keys.send_text("\x04")  # Ctrl-D
        with pytest.raises(StopAsyncIteration):
            await asyncio.wait_for(anext(lines), 5)
    assert (first, second, third) == ("/brief 3", "/brief 3", "/help")


def test_completions_are_the_commands_as_typed() -> None:
    from bot.adapters.console import completions
    from bot.commands import COMMANDS

    assert {f"/{name}" for name in COMMANDS} <= set(completions())
    assert all(c.startswith("/") for c in completions())
