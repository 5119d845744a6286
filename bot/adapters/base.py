"""The one interface every chat adapter implements; the core never imports a concrete adapter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.messages import Command, Post, Reply, Sent

Dispatch = Callable[[Command], Awaitable[Reply]]


class Adapter(Protocol):
    """A chat platform. Built with a `dispatch` callable; started and stopped by the service."""

    platform: str

    async def start(self) -> None:
        """Connect and begin handling commands (returns once connected)."""

    async def stop(self) -> None:
        """Disconnect cleanly."""

    async def send(self, post: Post) -> Sent:
        """Publish a post into a channel (or a DM when `post.is_dm`); raise on failure."""
        ...

    async def update(self, sent: Sent, post: Post) -> None:
        """Replace a message this adapter sent (`sent.message_id`, and `sent.thread_id` where relevant) with
        `post`'s content, e.g. a story that gained outlets ("3 sources"); raise on failure. Never notifies."""
        ...
