"""Prometheus metrics: what a running bot did, for `GET /metrics` on its HTTP server.

One `Metrics` object per service (on `Services`), each with its own `CollectorRegistry`, never the
process-global default registry, so two bots in one process (tests) never share counts. The instrumented
code calls one method at the point where the thing happens; queue depths are read from the database when
`/metrics` is scraped (`set_queue_depth`), so every process on one PostgreSQL reports the same backlog.

Label values come from a closed set (platform, outcome, command name from the registry) or are capped
(source names: at most `MAX_SOURCES` distinct values), never raw from what users type.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

logger = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_LATEST
MAX_LABEL = 120
MAX_SOURCES = 500  # distinct `source` label values kept; later ones count as "other"


def label(value: str | None, fallback: str = "unknown") -> str:
    return " ".join((value or fallback).split())[:MAX_LABEL] or fallback


class Metrics:
    """The bot's counters, histograms and gauges, in a registry of its own."""

    def __init__(self) -> None:
        self._sources: set[str] = set()
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.ingested = Counter("newsbrief_articles_ingested", "New articles stored, by source", ["source"], registry=r)
        self.briefed = Counter("newsbrief_articles_briefed", "Articles briefed, by source", ["source"], registry=r)
        self.failed = Counter(
            "newsbrief_articles_failed", "Articles that could not be briefed, by source", ["source"], registry=r
        )
        self.brief_seconds = Histogram(
            "newsbrief_brief_seconds",
            "Summarising time per article (a batch's time shared by its articles)",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
            registry=r,
        )
        self.queue = Gauge("newsbrief_queue_depth", "Work waiting, read from the database", ["queue"], registry=r)
        self.posts = Counter(
            "newsbrief_posts", "Posts to chat platforms, by platform and outcome", ["platform", "outcome"], registry=r
        )
        self.platform_errors = Counter(
            "newsbrief_platform_errors",
            "Errors from chat platforms, by platform and kind",
            ["platform", "kind"],
            registry=r,
        )
        self.command_seconds = Histogram(
            "newsbrief_command_seconds",
            "Time to answer a command, by command",
            ["command"],
            buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.feed_fetches = Counter(
            "newsbrief_feed_fetches",
            "Feed polls, by outcome (ok, not_modified, error, blocked)",
            ["outcome"],
            registry=r,
        )

    # one call at each instrumented point
    def _source(self, source: str | None) -> str:
        """A bounded label: a feed's title comes from the feed, so the set of values is capped."""
        value = label(source)
        if value not in self._sources and len(self._sources) >= MAX_SOURCES:
            return "other"
        self._sources.add(value)
        return value

    def article_ingested(self, source: str | None) -> None:
        self.ingested.labels(self._source(source)).inc()

    def article_briefed(self, source: str | None, seconds: float) -> None:
        self.briefed.labels(self._source(source)).inc()
        self.brief_seconds.observe(max(0.0, seconds))

    def article_failed(self, source: str | None) -> None:
        self.failed.labels(self._source(source)).inc()

    def post(self, platform: str, outcome: str) -> None:
        self.posts.labels(platform, outcome).inc()

    def platform_error(self, platform: str, error: BaseException) -> None:
        self.platform_errors.labels(platform, error_kind(error)).inc()

    def feed_fetch(self, outcome: str) -> None:
        self.feed_fetches.labels(outcome).inc()

    @contextmanager
    def time_command(self, command: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.command_seconds.labels(command).observe(time.perf_counter() - start)

    def set_queue_depth(self, depths: dict[str, int]) -> None:
        for queue, depth in depths.items():
            self.queue.labels(queue).set(depth)

    def exposition(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)


def error_kind(error: BaseException) -> str:
    """`rate_limit` for HTTP 429 / Slack `ratelimited`, else `http_<status>` or the exception's class name."""
    status = getattr(error, "status", None) or getattr(getattr(error, "response", None), "status_code", None)
    text = str(error).lower()
    if status == 429 or "ratelimit" in text or "rate limit" in text or "rate_limited" in text:
        return "rate_limit"
    if isinstance(status, int):
        return f"http_{status}"
    return type(error).__name__[:40]
