"""`Memo`: one value kept with the key it was computed for, the building block of the service's caches.

Neutral on purpose: the caches live on `bot.services.Caches`, but the parts that fill them (alerts' compiled
subscriptions) take a `Memo` without importing the service.
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """One value kept with the key it was computed for: a different key means compute it again."""

    def __init__(self) -> None:
        self._key: object = None
        self._value: T | None = None

    def get(self, key: object) -> T | None:
        return self._value if self._value is not None and self._key == key else None

    def put(self, key: object, value: T) -> T:
        self._key, self._value = key, value
        return value
