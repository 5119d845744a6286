"""The console channel: rich posts, replies to typed commands, and untrusted text printed as plain data."""

from __future__ import annotations

import io

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
