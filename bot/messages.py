"""Platform-neutral messages: what adapters turn into Discord embeds, Slack blocks or terminal text.

Adapters only translate. Inbound, they build a `Command` from a platform payload; outbound, they render a
`Reply` (an answer to a command) or a `Post` (something the bot publishes on its own) with their platform's
formatting. Text that came from articles is untrusted: adapters must make sure it never pings anyone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLATFORMS = ("console", "discord", "slack")


@dataclass(frozen=True)
class Attachment:
    """A file a user sent with a command, already downloaded (and size-capped) by the adapter."""

    name: str
    content: bytes


@dataclass(frozen=True)
class Command:
    """One user request, whatever platform it came from."""

    name: str  # lower case, no slash: "who", "ask", "brief", ...
    args: str = ""  # the raw argument text, stripped
    platform: str = "console"
    channel_id: str = "console"
    user_id: str = "console-user"
    user_name: str = ""
    thread_id: str | None = None  # set when the command was written in a story's thread
    is_admin: bool = False  # the platform says this user may change channel settings
    is_dm: bool = False
    files: tuple[Attachment, ...] = ()  # files sent with the command (Discord attachment, Slack file share)

    @classmethod
    def parse(cls, text: str, **context: object) -> Command:
        """Parse `/who is Witkoff` (or `who is Witkoff`) into a command; context fills the rest."""
        text = text.strip()
        match = re.match(r"^/?([^\s/]\S*)\s*(.*)$", text, re.S)
        if not match:
            return cls(name="", args="", **context)  # type: ignore[arg-type]
        return cls(name=match.group(1).lower(), args=match.group(2).strip(), **context)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Section:
    """A titled list inside a rich message ("Key actors", "Next steps")."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class RichMessage:
    """A message with a title, a body and titled lists; every platform can render this natively."""

    body: str
    title: str = ""
    url: str | None = None
    sections: tuple[Section, ...] = ()
    footer: str = ""

    def plain_text(self) -> str:
        """The message as plain text, for logs, tests and platforms without rich formatting."""
        parts = [self.title] if self.title else []
        if self.url:
            parts.append(self.url)
        if self.body:
            parts.append(self.body)
        for section in self.sections:
            parts.append(section.heading + ":")
            parts.extend(f"- {item}" for item in section.items)
        if self.footer:
            parts.append(self.footer)
        return "\n".join(parts)


@dataclass(frozen=True)
class Reply:
    """The answer to a `Command`."""

    messages: tuple[RichMessage, ...]
    ephemeral: bool = False  # only the asking user sees it, where the platform can do that
    error: bool = False
    article_id: int | None = None  # the one story this reply is about, so follow-ups can default to it

    @classmethod
    def text(cls, body: str, *, error: bool = False, ephemeral: bool = False) -> Reply:
        return cls(messages=(RichMessage(body=body),), error=error, ephemeral=ephemeral)

    def plain_text(self) -> str:
        return "\n\n".join(m.plain_text() for m in self.messages)


@dataclass(frozen=True)
class Post:
    """Something the bot publishes by itself into a channel or a DM: a brief, a digest, an alert."""

    platform: str
    channel_id: str  # a channel id, or a user id when `is_dm`
    message: RichMessage
    delivery_key: str  # what was delivered ("brief:12", "digest:2025-02-13"); unique per channel
    article_id: int | None = None  # the story, so a thread can be opened for follow-ups
    open_thread: bool = False
    is_dm: bool = False
    # The only people this post may notify (alert subscribers in a channel); article text never pings.
    mention_user_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sent:
    """Where a post landed, so replies in its thread can be tied back to the story."""

    message_id: str
    thread_id: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
