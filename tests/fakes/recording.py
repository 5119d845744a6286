"""A recording adapter for tests: every post and update in order, passed on to a real adapter when given.

Tests read `posts` instead of wrapping `adapter.send` by hand, and make sends slow (`delay`, so concurrent
dispatches interleave as on a network) or fail (`failure`, e.g. a process killed mid-send) by setting a field.
"""

from __future__ import annotations

import asyncio

from bot.adapters.base import Adapter
from bot.messages import Post, Sent


class RecordingAdapter:
    """Records what the service sends; `inner` (e.g. the console adapter) really sends it, when given."""

    def __init__(self, inner: Adapter | None = None, *, platform: str | None = None) -> None:
        self.inner = inner
        self.platform = platform or (inner.platform if inner is not None else "console")
        self.posts: list[Post] = []
        self.updates: list[tuple[Sent, Post]] = []
        self.delay = 0.0  # seconds each send waits first, yielding to the event loop
        self.failure: BaseException | None = None  # raised by the next sends instead of sending

    @property
    def ready(self) -> bool:
        return getattr(self.inner, "ready", True)

    async def start(self) -> None:
        if self.inner is not None:
            await self.inner.start()

    async def stop(self) -> None:
        if self.inner is not None:
            await self.inner.stop()

    async def send(self, post: Post) -> Sent:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failure is not None:
            raise self.failure
        sent = await self.inner.send(post) if self.inner is not None else Sent(message_id=str(len(self.posts) + 1))
        self.posts.append(post)
        return sent

    async def update(self, sent: Sent, post: Post) -> None:
        if self.failure is not None:
            raise self.failure
        if self.inner is not None:
            await self.inner.update(sent, post)
        self.updates.append((sent, post))
