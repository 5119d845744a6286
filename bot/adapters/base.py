"""What the adapters share: the start error, the in-memory event de-duplication, and the ports they satisfy.

The protocols themselves live in `bot.ports` (the core imports them from there, never from an adapter).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from bot.ports import Adapter, Dispatch, FirstSight

__all__ = ["Adapter", "AdapterStartError", "Dispatch", "FirstSight", "MemoryFirstSight", "RecentKeys"]


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
