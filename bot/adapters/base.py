"""The one interface every chat adapter implements; the core never imports a concrete adapter."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, Protocol, TypeVar

from bot.messages import Command, Post, Reply, Sent

Dispatch = Callable[[Command], Awaitable[Reply]]
FirstSight = Callable[[str], Awaitable[bool]]  # True the first time a platform event key is seen


class AdapterStartError(Exception):
    """A chat platform refused to start: `str(e)` is one line naming the setting (and its environment
    variable) and what to do. The command line prints it and exits with status 2, never a traceback."""


class MemoryFirstSight:
    """Event keys this process has seen in the last `ttl_s` seconds (bounded): the fallback when no
    database-backed `FirstSight` is given, e.g. an adapter tested on its own."""

    def __init__(self, ttl_s: float = 3600.0, kept: int = 10_000) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._ttl_s, self._kept = ttl_s, kept

    async def __call__(self, key: str) -> bool:
        now = time.monotonic()
        while self._seen and (len(self._seen) > self._kept or next(iter(self._seen.values())) < now - self._ttl_s):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


K = TypeVar("K", bound=Hashable)


class RecentKeys(Generic[K]):
    """The last `kept` keys added (least recently added dropped first): what an adapter remembers about its
    own threads without growing for as long as the process runs."""

    def __init__(self, kept: int) -> None:
        self._keys: OrderedDict[K, None] = OrderedDict()
        self._kept = kept

    def add(self, key: K) -> None:
        self._keys[key] = None
        self._keys.move_to_end(key)
        while len(self._keys) > self._kept:
            self._keys.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)


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
