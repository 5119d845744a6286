"""A circuit breaker: after N model failures in a row, stop asking for a while, then try one article again.

While it is open every brief keeps its extractive summary at once (saying why), so a dead or overloaded
model server costs nothing but the fluent wording. Thread-safe: briefs are written in worker threads.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)


class CircuitBreaker:
    """closed → (N failures in a row) → open → (after `cooldown_s`) half-open → success: closed / failure: open."""

    def __init__(self, failures: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = failures
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self.last_error = ""

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "half-open" if self._clock() - self._opened_at >= self.cooldown_s else "open"

    def allow(self) -> bool:
        """May the model be asked now? (Half-open lets calls through; the first result decides.)"""
        with self._lock:
            return self._state() != "open"

    def retry_in(self) -> float:
        """Seconds until the open breaker lets a call through (0 when it does now)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))

    def success(self) -> None:
        with self._lock:
            if self._opened_at is not None:
                logger.info("LLM circuit breaker closed: the model answers again")
            self._failures, self._opened_at = 0, None

    def failure(self, reason: str) -> None:
        with self._lock:
            self._failures += 1
            self.last_error = reason
            reopen = self._opened_at is not None and self._state() == "half-open"
            if reopen or (self._opened_at is None and self._failures >= self.threshold):
                self._opened_at = self._clock()
                logger.warning(
                    "LLM circuit breaker open after %d failure(s) (last: %s); extractive summaries for %gs",
                    self._failures,
                    reason,
                    self.cooldown_s,
                )

    def describe(self) -> str:
        """One line for /sources: the state and, when open, why and for how long."""
        with self._lock:
            state = self._state()
            if state == "closed":
                return "ok" if not self._failures else f"ok ({self._failures} failure(s) in a row: {self.last_error})"
            if state == "half-open":
                return f"recovering: the next article tries the model again (last error: {self.last_error})"
            left = self.cooldown_s - (self._clock() - (self._opened_at or 0.0))
            return (
                f"PAUSED — circuit breaker open after {self._failures} failures in a row ({self.last_error}); "
                f"extractive summaries, next try in {max(left, 0):.0f}s"
            )
