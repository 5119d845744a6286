"""Collecting articles: runs the ingest sources, stores what they produce and keeps each source's health.

A bad file or a failing feed is logged, counted and reported; it never stops the other sources, and
nothing already stored is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import as_utc
from bot.ingest import (
    BlockedAddressError,
    FetchPolicy,
    IngestedItem,
    IngestError,
    SafeFetcher,
    poll_feed,
    redact_url,
    scan_folder,
)
from bot.services import Services
from bot.settings import FeedSettings, Settings
from bot.store import articles as store
from bot.store import sources as source_store
from bot.store.tables import Source

logger = logging.getLogger(__name__)


@dataclass
class CollectReport:
    """What one collection run did, for the CLI and the logs."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicate: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self) -> str:
        text = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, {self.duplicate} duplicate"
        return text + (f", {len(self.errors)} errors" if self.errors else "")


def fetch_policy(settings: Settings) -> FetchPolicy:
    f = settings.fetch
    return FetchPolicy(
        allow_private=f.allow_private,
        allowed_hosts=tuple(f.allowed_hosts),
        max_bytes=f.max_bytes,
        timeout_s=f.timeout_seconds,
        max_redirects=f.max_redirects,
        retries=f.retries,
        backoff_s=f.backoff_seconds,
    )


async def store_item(services: Services, item: IngestedItem, source_id: int | None = None) -> store.Saved:
    """Store one incoming item and count it when it is new: the one path every ingest takes."""
    async with services.db.session() as session:
        saved = await store.save_item(session, item, source_id, now=as_utc(services.clock()))
    if saved.outcome == "new":
        services.metrics.article_ingested(item.article.source)  # the outlet, as briefed/failed count it
    return saved


async def collect_paths(
    services: Services,
    paths: list[Path],
    report: CollectReport | None = None,
    on_file: Callable[[], None] | None = None,
) -> CollectReport:
    """Ingest files and folders (each folder is a source); bad files are reported by name. `on_file` is
    called after each file, for a progress bar."""
    report = report or CollectReport()
    for path in paths:
        if not path.exists():
            report.errors.append(f"{path}: no such file or folder")
            continue
        root = path if path.is_dir() else path.parent
        async with services.db.session() as session:
            source = await source_store.ensure_source(
                session, "folder", str(root), interval_s=services.settings.sources.folder_interval_minutes * 60
            )
            source_id = source.id
        found = scan_folder(path) if path.is_dir() else _single_file(path)
        for result in found:
            if isinstance(result, IngestError):
                logger.warning("%s", result)
                report.errors.append(str(result))
            else:
                report.add((await store_item(services, result, source_id)).outcome)
            if on_file is not None:
                on_file()
        async with services.db.session() as session:
            await source_store.record_success(session, source_id, new_articles=report.new, now=as_utc(services.clock()))
    return report


def _single_file(path: Path) -> list[IngestedItem | IngestError]:
    from bot.ingest import article_from_file

    try:
        return [article_from_file(path, path.parent)]
    except IngestError as exc:
        return [exc]


async def collect_folders(services: Services) -> CollectReport:
    return await collect_paths(services, [Path(p) for p in services.settings.sources.folders])


async def poll_one_feed(services: Services, fetcher: SafeFetcher, feed: FeedSettings) -> CollectReport:
    """Poll one feed with conditional GET; failures are counted and, after too many, disable the feed."""
    settings = services.settings.sources
    report = CollectReport()
    interval = (feed.interval_minutes or settings.feed_interval_minutes) * 60
    async with services.db.session() as session:
        source = await source_store.ensure_source(session, "feed", feed.url, feed.name, interval)
        if source.disabled:
            return report
        source_id, etag, modified = source.id, source.etag, source.last_modified
    try:
        poll = await poll_feed(
            fetcher,
            feed.url,
            etag=etag,
            last_modified=modified,
            max_age=timedelta(hours=settings.max_age_hours),
            now=services.clock(),
            fetch_full_text=settings.fetch_full_text,
        )
    except IngestError as exc:
        services.metrics.feed_fetch("blocked" if isinstance(exc, BlockedAddressError) else "error")
        report.errors.append(str(exc))
        async with services.db.session() as session:
            await source_store.record_failure(
                session, source_id, str(exc), settings.max_failures, now=as_utc(services.clock())
            )
        logger.warning("feed %s failed: %s", redact_url(feed.url), exc)
        return report
    services.metrics.feed_fetch("not_modified" if poll.not_modified else "ok")
    for item in poll.items:
        report.add((await store_item(services, item, source_id)).outcome)
    async with services.db.session() as session:
        await source_store.record_success(
            session,
            source_id,
            etag=poll.etag,
            last_modified=poll.last_modified,
            new_articles=report.new,
            name=poll.title,
            now=as_utc(services.clock()),
        )
    logger.info("feed %s: %s%s", redact_url(feed.url), "not modified" if poll.not_modified else report, "")
    return report


def config_feeds(settings: Settings) -> list[tuple[str, str, int]]:
    """The TOML file's feeds as `(url, name, interval_s)`: the initial set of feeds in the database."""
    default = settings.sources.feed_interval_minutes
    return [(f.url, f.name, (f.interval_minutes or default) * 60) for f in settings.sources.feeds]


def _due(source: Source, now: datetime) -> bool:
    return source.last_polled_at is None or as_utc(source.last_polled_at) + timedelta(seconds=source.interval_s) <= now


async def collect_feeds(services: Services, due_only: bool = False) -> CollectReport:
    """Poll the database's feeds (the TOML ones, and those added from chat or OPML); `due_only` polls only
    those whose interval has passed, so a feed added from chat is picked up without a restart."""
    report = CollectReport()
    now = as_utc(services.clock())
    async with services.db.session() as session:
        await source_store.seed_config_feeds(session, config_feeds(services.settings))
        feeds = [f for f in await source_store.active_feeds(session) if not due_only or _due(f, now)]
    if not feeds:
        return report
    fetcher = SafeFetcher(fetch_policy(services.settings))
    try:
        for row in feeds:
            feed = FeedSettings(url=row.key, name=row.name, interval_minutes=max(1, row.interval_s // 60))
            one = await poll_one_feed(services, fetcher, feed)
            for name in ("new", "updated", "unchanged", "duplicate"):
                setattr(report, name, getattr(report, name) + getattr(one, name))
            report.errors.extend(one.errors)
    finally:
        await fetcher.aclose()
    return report
