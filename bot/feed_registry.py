"""The feeds the bot polls, managed while it runs: add, remove, list, test, OPML import and export.

Used by `/feeds` in chat and by `newsbrief feeds ...`; everything is a database row, so a change takes effect
on the next scheduler tick without a restart. Every URL goes through the same rules as configured feeds:
http(s) only, at most `sources.max_url_length` characters, and a real fetch through the `SafeFetcher` (SSRF
guard, size and time caps) that must parse as RSS or Atom before the feed is accepted. An OPML import is
validated whole and stored in one transaction: a bad file imports nothing.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

import httpx

from bot.alerts.errors import QuerySyntaxError
from bot.alerts.match import parse_subscription
from bot.collect import fetch_policy
from bot.ingest import FeedPoll, IngestError, SafeFetcher, poll_feed
from bot.ingest.opml import OpmlFeed, parse_opml, write_opml
from bot.ingest.safe_fetch import blocked_reason
from bot.services import Services
from bot.store import channels as channel_store
from bot.store import sources as source_store
from bot.store.tables import Source

logger = logging.getLogger(__name__)


class FeedAdminError(Exception):
    """A feed change that was refused; `str()` is the reason, shown to the admin as is."""


@dataclass(frozen=True)
class Target:
    """Where a feed's stories go: a channel on a platform, or everywhere (`channel_id` None)."""

    platform: str
    channel_id: str | None = None

    def show(self) -> str:
        return f"#{self.channel_id}" if self.channel_id else "every briefing channel"


@dataclass(frozen=True)
class Added:
    source_id: int
    number: int  # its position in `/feeds list`
    title: str
    items: int
    target: Target
    query: str


_CHANNEL = re.compile(r"^(?:<#([A-Za-z0-9]+)(?:\|[^>]*)?>|#([A-Za-z0-9_.:-]+))$")


def channel_token(word: str) -> str | None:
    """The channel id in `<#123>` (Discord), `<#C123|name>` (Slack) or `#name` (console), else None."""
    found = _CHANNEL.match(word)
    return (found.group(1) or found.group(2)) if found else None


def split_add_args(args: str) -> tuple[str, str | None, str]:
    """`URL [#channel] [filter]` → (url, channel id or None, filter text)."""
    words = args.split(maxsplit=2)
    if not words:
        return "", None, ""
    url, rest = words[0].strip("<>"), words[1:]  # Slack wraps links in <...>
    if rest and (channel := channel_token(rest[0])) is not None:
        return url, channel, rest[1] if len(rest) > 1 else ""
    return url, None, args.split(maxsplit=1)[1] if len(words) > 1 else ""


def check_url(services: Services, url: str) -> str:
    """The URL if the fetch rules allow it before any network: scheme, length, host, a literal address."""
    limit = services.settings.sources.max_url_length
    if len(url) > limit:
        raise FeedAdminError(f"that URL is longer than {limit} characters")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FeedAdminError(f"'{url[:200]}' is not a URL") from None
    if parsed.scheme not in ("http", "https"):
        raise FeedAdminError(f"only http and https feeds can be added, not '{parsed.scheme or url[:40]}'")
    host = parsed.host
    if not host:
        raise FeedAdminError(f"{url}: the URL has no host")
    fetch = services.settings.fetch
    if host.lower() not in {h.lower() for h in fetch.allowed_hosts}:
        try:
            ip = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return url  # a name: checked when it is resolved, on every fetch
        reason = blocked_reason(ip)
        if reason and (not fetch.allow_private or reason == "cloud metadata address"):
            raise FeedAdminError(f"{url}: refusing to fetch a {reason}")
    return url


async def fetch_once(services: Services, url: str, *, full_text: bool = False) -> FeedPoll:
    """One fetch and parse through the SafeFetcher; FeedAdminError says why it is not a usable feed."""
    check_url(services, url)
    fetcher = SafeFetcher(fetch_policy(services.settings))
    try:
        return await poll_feed(
            fetcher,
            url,
            max_age=timedelta(hours=services.settings.sources.max_age_hours),
            now=services.clock(),
            fetch_full_text=full_text,
        )
    except IngestError as exc:
        raise FeedAdminError(str(exc)) from None
    finally:
        await fetcher.aclose()


async def _filter(services: Services, query: str) -> tuple[str, bytes | None]:
    """A route filter in the subscription language, normalised, with its vector for `~"idea"`."""
    if not query.strip():
        return "", None
    try:
        spec = parse_subscription(query)
    except QuerySyntaxError as exc:
        raise FeedAdminError(f"I can't read that filter: {exc}") from None
    if spec.kind != "semantic":
        return spec.query, None
    vector = (await asyncio.to_thread(services.embedder.encode, [spec.target]))[0]
    return spec.query, vector.astype("<f4").tobytes()


async def add(services: Services, url: str, target: Target, query: str = "") -> Added:
    """Validate by fetching, then store the feed and where it goes; the next poll brings its new stories."""
    url = check_url(services, url.strip())
    query, vector = await _filter(services, query)
    async with services.db.session() as session:
        feeds = await source_store.listed_feeds(session)
    if url not in {f.key for f in feeds} and len(feeds) >= services.settings.sources.max_feeds:
        raise FeedAdminError(f"I already poll {len(feeds)} feeds, the most allowed (sources.max_feeds)")
    poll = await fetch_once(services, url)
    interval = services.settings.sources.feed_interval_minutes * 60
    async with services.db.session() as session:
        source, _ = await source_store.add_feed(session, url, name=poll.title or "", interval_s=interval)
        routes = (await source_store.routes_by_source(session, [source.id])).get(source.id, [])
        if target.channel_id is not None:
            await channel_store.ensure_channel(
                session, target.platform, target.channel_id, **services.settings.digest.channel_defaults()
            )
            await source_store.set_route(session, source.id, target.platform, target.channel_id, query, vector)
        elif query or routes:  # "everywhere" needs a row once the feed has routes or a filter
            await source_store.set_route(session, source.id, "", "", query, vector)
        number = [f.id for f in await source_store.listed_feeds(session)].index(source.id) + 1
        added = Added(source.id, number, source.name or url, len(poll.items), target, query)
    logger.info("feed %r added for %s", url, target.show())
    return added


async def resolve(services: Services, ref: str, any_kind: bool = False) -> Source:
    """A feed by its `/feeds list` number or its URL (`any_kind`: or any other source by its key)."""
    ref = ref.strip().strip("<>")
    async with services.db.session() as session:
        feeds = await source_store.listed_feeds(session)
        others = await source_store.all_sources(session) if any_kind else []
    if ref.isdigit():
        if not 1 <= int(ref) <= len(feeds):
            raise FeedAdminError(f"there is no feed #{ref}; /feeds list numbers them 1 to {len(feeds)}")
        return feeds[int(ref) - 1]
    for source in [*feeds, *others]:
        if source.key == ref:
            return source
    raise FeedAdminError(f"I don't poll '{ref[:200]}'; /feeds list shows the feeds")


async def route(services: Services, ref: str, target: Target, query: str = "") -> tuple[Source, bool]:
    """Send any source (a feed by number or URL, a folder by its path as /sources shows it) to a channel
    with an optional filter; no channel and no filter sends it to every briefing channel again. Returns the
    source and whether it now has routes."""
    source = await resolve(services, ref, any_kind=True)
    query, vector = await _filter(services, query)
    async with services.db.session() as session:
        if target.channel_id is None and not query:
            await source_store.clear_routes(session, source.id)
            return source, False
        if target.channel_id is not None:
            await channel_store.ensure_channel(
                session, target.platform, target.channel_id, **services.settings.digest.channel_defaults()
            )
        platform = target.platform if target.channel_id is not None else ""
        await source_store.set_route(session, source.id, platform, target.channel_id or "", query, vector)
    logger.info("source %r routed to %s", source.key, target.show())
    return source, True


async def remove(services: Services, ref: str) -> Source:
    source = await resolve(services, ref)
    async with services.db.session() as session:
        row = await session.get(Source, source.id)
        if row is not None:
            await source_store.remove_feed(session, row, now=services.clock())
    logger.info("feed %r removed", source.key)
    return source


@dataclass(frozen=True)
class ImportReport:
    added: int
    already: int
    feeds: int


async def import_opml(
    services: Services, data: bytes, target: Target | None = None, where: str = "OPML"
) -> ImportReport:
    """Every feed of an OPML file, with its category, in one transaction (all or nothing)."""
    try:
        feeds = parse_opml(data, where)
    except IngestError as exc:
        raise FeedAdminError(str(exc)) from None
    problems = []
    for feed in feeds:
        try:
            check_url(services, feed.url)
        except FeedAdminError as exc:
            problems.append(f"{feed.title or feed.url}: {exc}")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise FeedAdminError(f"{where}: nothing imported, {len(problems)} feed(s) refused: {shown}")
    interval = services.settings.sources.feed_interval_minutes * 60
    added = already = 0
    async with services.db.session() as session:
        existing = {f.key for f in await source_store.listed_feeds(session)}
        new = [f for f in feeds if f.url not in existing]
        if len(existing) + len(new) > services.settings.sources.max_feeds:
            raise FeedAdminError(
                f"{where}: nothing imported, {len(existing)} + {len(new)} feeds would pass the limit of "
                f"{services.settings.sources.max_feeds} (sources.max_feeds)"
            )
        if target is not None and target.channel_id is not None:
            await channel_store.ensure_channel(
                session, target.platform, target.channel_id, **services.settings.digest.channel_defaults()
            )
        for feed in feeds:
            source, fresh = await source_store.add_feed(
                session, feed.url, name=feed.title, interval_s=interval, origin="opml", category=feed.category
            )
            added += fresh
            already += not fresh
            if target is not None and target.channel_id is not None:
                await source_store.set_route(session, source.id, target.platform, target.channel_id)
    logger.info("OPML %r: %d feeds added, %d already there", where, added, already)
    return ImportReport(added=added, already=already, feeds=len(feeds))


async def export_opml(services: Services) -> bytes:
    async with services.db.session() as session:
        feeds = await source_store.listed_feeds(session)
    return write_opml(OpmlFeed(url=f.key, title=f.name if f.name != f.key else "", category=f.category) for f in feeds)
