"""The console channel: the bot in a terminal, the embedded default when no chat token is set.

Translation only, like every adapter: a typed line becomes a `Command`; replies and posts are printed with
rich. Article text is printed as plain `Text` (never parsed as markup) with control characters removed, so
an article cannot restyle or hijack the terminal.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
import threading
from collections.abc import AsyncIterator
from itertools import count
from typing import Any, TextIO

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from bot.adapters.base import Dispatch
from bot.messages import Command, Post, Reply, RichMessage, Sent
from bot.router import match

logger = logging.getLogger(__name__)

# C0/C1 controls, and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, marks) that
# can make an article's text display in a different order than it reads ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EXIT_WORDS = {"exit", "quit", "/exit", "/quit"}


def safe(text: str) -> str:
    """Drop terminal control characters (ANSI escapes, bells, backspaces, bidi overrides) from untrusted text."""
    return _CONTROL.sub("", text)


def render(message: RichMessage) -> Group:
    """A rich message as terminal renderables: bold linked title, body, bulleted sections, dim footer."""
    parts: list[Text | Padding] = []
    if message.title:
        title = Text(safe(message.title), style="bold")
        if message.url:
            title.stylize(f"link {message.url}")
        parts.append(title)
    if message.body:
        parts.append(Text(safe(message.body)))
    for section in message.sections:
        parts.append(Text(safe(section.heading), style="bold cyan"))
        for item in section.items:
            parts.append(Padding(Text("• " + safe(item)), (0, 0, 0, 2)))
    if message.url:
        parts.append(Text(safe(message.url), style="blue underline"))
    if message.footer:
        parts.append(Text(safe(message.footer), style="dim"))
    return Group(*parts)


class ConsoleAdapter:
    """Prints posts as they are made and answers the same slash commands as Discord and Slack."""

    platform = "console"

    def __init__(self, dispatch: Dispatch, *, channel_id: str = "console", console: Console | None = None) -> None:
        self.dispatch = dispatch
        self.channel_id = channel_id
        self.console = console or Console(highlight=False, soft_wrap=False)
        self._ids = count(1)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, post: Post) -> Sent:
        message_id = str(next(self._ids))
        label = "DM" if post.is_dm else "post"
        if not post.is_dm and post.channel_id != self.channel_id:  # routed to another channel: say which
            label = f"post in #{post.channel_id}"
        title = Text(f"[{label} {message_id}]", style="bold")
        self.console.print(Panel(render(post.message), title=title, title_align="left", expand=True))
        return Sent(message_id=message_id, thread_id=f"console:{message_id}")

    async def update(self, sent: Sent, post: Post) -> None:
        """A terminal cannot edit past output: print the new version, titled with the post it replaces."""
        title = Text(f"[update to post {sent.message_id}]", style="bold")
        self.console.print(
            Panel(render(post.message), title=title, title_align="left", border_style="dim", expand=True)
        )

    def print_reply(self, reply: Reply) -> None:
        for message in reply.messages:
            style = "red" if reply.error else "green"
            self.console.print(Panel(render(message), border_style=style, expand=True))

    def command(self, line: str) -> Command:
        """`/who Witkoff` (or `who Witkoff`) is a command; any other plain line is a question, answered from
        the story last opened with `/brief N`, like a reply in a story's thread on Discord or Slack."""
        context = {
            "platform": "console", "channel_id": self.channel_id, "user_id": "console-user", "user_name": "you",
            "is_admin": True,
        }  # fmt: skip
        command = Command.parse(line, **context)
        if line.startswith("/") or (match(command).spec is not None and not line.rstrip().endswith("?")):
            return command
        return Command(name="ask", args=line, **context)  # type: ignore[arg-type]

    async def handle_line(self, line: str) -> Reply | None:
        line = line.strip()
        if not line or line.startswith("#"):
            return None
        command = self.command(line)
        reply = await self.dispatch(command)
        self.print_reply(reply)
        return reply

    async def run(self, lines: AsyncIterator[str]) -> None:
        """Answer lines until the end of input or `exit`."""
        async for line in lines:
            if line.strip().lower() in EXIT_WORDS:
                break
            try:
                await self.handle_line(line)
            except Exception:  # the router already replies to command errors; this is the last guard
                logger.exception("console command failed: %r", line)


def completions() -> list[str]:
    """What Tab completes at the prompt: every command as typed (`/brief`), aliases included."""
    from bot.commands import ALIASES, COMMANDS

    return sorted(f"/{name}" for name in [*COMMANDS, *ALIASES] if name.isalpha()) + ["/exit"]


async def prompt_lines(prompt: str = "newsbrief> ", *, input: Any = None, output: Any = None) -> AsyncIterator[str]:
    """Lines typed at an interactive terminal, with prompt_toolkit: line editing, history (up/down arrows),
    Tab completion of commands, and output printed while the prompt waits (a post, an alert) appears above
    it, the prompt redrawn below instead of being overwritten. Ctrl-D or Ctrl-C at the prompt ends input.
    `input`/`output` replace the terminal (tests use a pipe input)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import InMemoryHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    session: PromptSession[str] = PromptSession(
        history=InMemoryHistory(),
        completer=WordCompleter(completions(), sentence=True),  # the command at the start of a line
        complete_while_typing=False,
        input=input,
        output=output,
    )
    with patch_stdout(raw=True):
        while True:
            try:
                line = await session.prompt_async(prompt)
            except (EOFError, KeyboardInterrupt):
                return
            yield line


async def stdin_lines(stream: TextIO | None = None, prompt: str = "newsbrief> ") -> AsyncIterator[str]:
    """Lines from standard input without blocking the event loop; a daemon thread so Ctrl-C exits at once."""
    stream = stream or sys.stdin
    interactive = stream.isatty()
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    ready = threading.Event()

    def reader() -> None:
        while True:
            ready.wait()
            ready.clear()
            line: str | None
            try:
                line = input(prompt) if interactive else stream.readline()
            except (EOFError, KeyboardInterrupt):  # Ctrl-D / Ctrl-C at the prompt
                line = None
            if line is None or (not interactive and line == ""):
                loop.call_soon_threadsafe(queue.put_nowait, None)
                return
            loop.call_soon_threadsafe(queue.put_nowait, line)

    threading.Thread(target=reader, name="console-input", daemon=True).start()
    while True:
        ready.set()
        item = await queue.get()
        if item is None:
            return
        yield item
