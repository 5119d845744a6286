"""The ports between the core and the chat platforms: what an adapter offers and what it is given.

The core (the app, publishing, the digest) speaks only to these protocols; a concrete adapter satisfies
them structurally and is built only at the entry point (`bot.cli`), so the core never imports an adapter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from bot.messages import Command, Post, Reply, Sent

Dispatch = Callable[[Command], Awaitable[Reply]]  # what an adapter calls with each command it receives
FirstSight = Callable[[str], Awaitable[bool]]  # True the first time a platform event key is seen


class Adapter(Protocol):
    """A chat platform. Built with a `Dispatch` callable; started and stopped by the service."""

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


@runtime_checkable
class FindsSent(Protocol):
    """An adapter that can find a message it posted by its delivery key (Slack: message metadata)."""

    async def find_sent(self, post: Post) -> Sent | None: ...
