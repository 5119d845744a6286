"""The ports: the small protocols the parts meet through, so no part imports the one on the other side.

- `Adapter`, `Dispatch`, `FindsSent`: the core and delivery speak only to these; a concrete adapter
  satisfies them structurally and is built only at the entry point (`bot.cli`), so neither imports one.
- `Runtime`: what delivery needs from the running service (settings, database, clock, metrics);
  `bot.services.Services` is one, so delivery never imports the core.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.messages import Command, Post, Reply, Sent

if TYPE_CHECKING:
    from bot.metrics import Metrics
    from bot.settings import Settings
    from bot.store.db import Database

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


class Runtime(Protocol):
    """The running service as delivery sees it (`bot.services.Services` is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def db(self) -> Database: ...

    @property
    def clock(self) -> Callable[[], datetime]: ...

    @property
    def metrics(self) -> Metrics: ...
