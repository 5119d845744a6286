"""RSS and Atom feeds: one conditional GET through the `SafeFetcher`, entries → items.

feedparser only ever parses the bytes we fetched (it is handed a file object, never a URL, so it cannot
fetch by itself). Entries older than `max_age` are counted and skipped so that adding a feed with years of
history does not flood a channel. Entries that carry only a snippet get their linked page fetched and
extracted, falling back to the snippet when that fails.
"""

from __future__ import annotations

import asyncio
import calendar
import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.sax import SAXParseException

import feedparser

from bot.ingest.errors import FeedError, IngestError, redact_url
from bot.ingest.extract import fetch_article
from bot.ingest.safe_fetch import SafeFetcher
from bot.ingest.text import html_to_text, word_count
from bot.items import IngestedItem
from summarizer.models import Article

logger = logging.getLogger(__name__)

FULL_TEXT_CONCURRENCY = 4
FULL_TEXT_LIMIT = 30  # page fetches per poll: a feed of thousands of snippets must not fan out unbounded


@dataclass(frozen=True)
class FeedPoll:
    """The outcome of one poll; pass `etag` / `last_modified` back into the next `poll_feed` call."""

    not_modified: bool
    items: tuple[IngestedItem, ...]
    etag: str | None
    last_modified: str | None
    title: str | None
    skipped_old: int


def _malformed(parsed: Any) -> bool:
    """Whether feedparser's "bozo" flag means the feed is broken. HTML entities such as `&nbsp;` or `&eacute;`
    are undefined in XML, so the strict parser gives up and the lenient one reads them correctly; a declared
    encoding or content type that had to be overridden is a warning too. None of these is a failing feed."""
    if not parsed.get("bozo"):
        return False
    reason = parsed.get("bozo_exception")
    if isinstance(reason, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return False
    return not (isinstance(reason, SAXParseException) and reason.getMessage() == "undefined entity")


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content blocks and its summary, as plain text."""
    candidates = [c.get("value", "") for c in entry.get("content") or ()]
    candidates.append(entry.get("summary", "") or "")
    texts = [html_to_text(c) for c in candidates if c]
    return max(texts, key=len, default="")


async def _full_text(fetcher: SafeFetcher, link: str, snippet: str, limit: asyncio.Semaphore) -> str:
    async with limit:
        try:
            page = await fetch_article(fetcher, link)
        except IngestError as exc:
            logger.info("full text unavailable, keeping the feed snippet: %s", exc)
            return snippet
    text = page.article.text
    return text if len(text) > len(snippet) else snippet


async def poll_feed(
    fetcher: SafeFetcher,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_age: timedelta | None = timedelta(days=2),
    now: datetime | None = None,
    fetch_full_text: bool = True,
    snippet_words: int = 80,
) -> FeedPoll:
    """Poll a feed; raises `FetchError` (HTTP ≥ 400, network) or `FeedError` (not a usable feed)."""
    headers: dict[str, str] = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    result = await fetcher.get(url, headers=headers)
    new_etag = result.headers.get("etag") or etag
    new_modified = result.headers.get("last-modified") or last_modified
    if result.status == 304:
        return FeedPoll(True, (), new_etag, new_modified, None, 0)

    parsed = await asyncio.to_thread(  # CPU-bound on big feeds: keep the event loop (and chat) responsive
        feedparser.parse,
        io.BytesIO(result.content),
        response_headers={
            "content-location": result.url,
            "content-type": result.headers.get("content-type", "application/xml"),
        },
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    entries = list(parsed.get("entries") or ())
    malformed = _malformed(parsed)
    if not entries and (malformed or not parsed.get("version")):
        reason = parsed.get("bozo_exception")
        detail = f" ({' '.join(str(reason).split())[:120]})" if reason else ""
        raise FeedError(url, f"not a valid RSS or Atom feed{detail}")
    if malformed:
        logger.info(
            "feed %s is not well-formed (%s); using the %d entries parsed",
            redact_url(url),
            parsed.get("bozo_exception"),
            len(entries),
        )

    feed_title = " ".join(html_to_text(parsed.feed.get("title", "") or "").split()) or None
    now = now or datetime.now(UTC)
    skipped_old = 0
    drafts: list[tuple[str, str, str | None, datetime | None, str]] = []
    for entry in entries:
        published = _entry_time(entry)
        if max_age is not None and published is not None and now - published > max_age:
            skipped_old += 1
            continue
        link = (entry.get("link") or "").strip()
        link = link if link.lower().startswith(("http://", "https://")) else None  # no javascript: links
        title = " ".join(html_to_text(entry.get("title", "") or "").split())
        text = _entry_text(entry)
        if not title and not text:
            logger.info("feed %s: skipping an entry with neither title nor text", redact_url(url))
            continue
        external_id = (entry.get("id") or "").strip() or link or ""
        drafts.append((title, text, link, published, external_id))
    if malformed and not drafts and not skipped_old:
        # e.g. "<rss><channel><item>never closed": feedparser recovers an empty entry; nothing usable.
        reason = " ".join(str(parsed.get("bozo_exception", "")).split())[:120]
        raise FeedError(url, f"not a valid RSS or Atom feed ({reason or 'no usable entries'})")

    limit = asyncio.Semaphore(FULL_TEXT_CONCURRENCY)
    snippets = [
        i
        for i, (_, text, link, _, _) in enumerate(drafts)
        if fetch_full_text and link and word_count(text) < snippet_words
    ]
    if len(snippets) > FULL_TEXT_LIMIT:
        shown = redact_url(url)
        logger.info("feed %s: fetching full text for %d of %d snippets", shown, FULL_TEXT_LIMIT, len(snippets))
    to_fetch = set(snippets[:FULL_TEXT_LIMIT])

    async def complete(index: int, text: str, link: str | None) -> str:
        if link and index in to_fetch:
            return await _full_text(fetcher, link, text, limit)
        return text

    texts = await asyncio.gather(*(complete(i, d[1], d[2]) for i, d in enumerate(drafts)))
    items: list[IngestedItem] = []
    for (title, _, link, published, external_id), text in zip(drafts, texts, strict=True):
        if not text:
            text = title
        article = Article(
            title=title or text.split("\n", 1)[0][:120],
            text=text,
            url=link,
            source=feed_title,
            published=published,
        )
        items.append(IngestedItem.build(article, "feed", url, external_id or None))
    return FeedPoll(False, tuple(items), new_etag, new_modified, feed_title, skipped_old)
