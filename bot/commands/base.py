"""What a command handler receives and returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.messages import Command, Reply
from bot.services import Services


@dataclass(frozen=True)
class Request:
    command: Command
    scope_article_id: int | None = None  # the story a follow-up is about (thread, or last `/brief N`)


Handler = Callable[[Services, Request], Awaitable[Reply]]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    handler: Handler
    usage: str
    summary: str
    admin_only: bool = False


def admin_refusal(platform: str, what: str) -> str:
    """Why an admin-only action was refused, in the platform's own words for the permission."""
    needs = {"slack": "a Slack workspace admin or owner", "discord": "the Manage Server permission"}
    return f"{what} needs {needs.get(platform, 'an admin')}."


def channel_ref(platform: str, channel_id: str) -> str:
    """A channel as the platform shows it: a clickable `<#id>` on Discord (a channel mention never pings);
    elsewhere the id (Slack's renderer escapes `<`, so article text can never form a link or mention)."""
    return f"<#{channel_id}>" if platform == "discord" and channel_id.isdigit() else f"channel {channel_id}"


def command_prefix(platform: str) -> str:
    """How users type a command here: Slack has one `/newsbrief` command (its own `/who` is taken)."""
    return "/newsbrief " if platform == "slack" else "/"
