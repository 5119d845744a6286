"""Logging setup for the entry point: human lines (default) or JSON lines for log collectors.

`log_format = "json"` writes one JSON object per event: time, level, logger, message, the context ids
that apply (article, story, channel, delivery, platform, command) and the traceback if any. Context ids
come from `log_context(...)` (a contextvar, so concurrent tasks never mix them) or from `extra={...}` on
one call. Messages are encoded by `json.dumps`, so text from articles or users cannot forge a second
event with a newline.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

CONTEXT_KEYS = ("article", "story", "channel", "delivery", "platform", "command", "source")
NOISY = (
    "httpx",
    "httpcore",
    "aiosqlite",
    "alembic",
    "trafilatura",
    "htmldate",
    "apscheduler",
    "sentence_transformers",
    "transformers",
)
HUMAN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("newsbrief_log_context", default=None)


@contextmanager
def log_context(**ids: Any) -> Iterator[None]:
    """Attach ids (article=12, channel="discord:123") to every log event inside the block."""
    merged = {**(_context.get() or {}), **{k: v for k, v in ids.items() if v is not None}}
    token = _context.set(merged)
    try:
        yield
    finally:
        _context.reset(token)


class OneLineFormatter(logging.Formatter):
    """One record, one line: line breaks inside a message (text from a request, a feed, a chat) are shown
    escaped, so no input can forge a log line. Tracebacks (`exc_info`) are added after, as usual."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's own name
        return super().formatMessage(record).replace("\r", "\\r").replace("\n", "\\n")


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        event.update(_context.get() or {})
        for key in CONTEXT_KEYS:
            value = getattr(record, key, None)
            if value is not None:
                event[key] = value
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False, default=str)


def configure(level: int, fmt: str = "human", stream: Any = None) -> logging.Handler | None:
    """Configure the root logger at the entry point; like `logging.basicConfig`, leave logging alone when
    someone else (a host application, pytest) already configured it. Returns the handler installed."""
    root = logging.getLogger()
    if any(not getattr(h, "newsbrief", False) for h in root.handlers):
        return None
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else OneLineFormatter(HUMAN_FORMAT))
    handler.newsbrief = True  # type: ignore[attr-defined]
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    return handler
