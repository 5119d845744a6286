"""Ingestion: folders, RSS/Atom feeds, web pages and an HTTP endpoint → `IngestedItem` records.

Pure of storage and scheduling: the caller persists items and source health and decides when to poll.
All URL fetching goes through `SafeFetcher`.
"""

from bot.ingest.errors import BlockedAddressError, FeedError, FetchError, IngestError, redact_url
from bot.ingest.extract import extract_html, fetch_article
from bot.ingest.feeds import FeedPoll, poll_feed
from bot.ingest.folder import scan_folder
from bot.ingest.http_server import build_http_app
from bot.ingest.parse import article_from_file, article_from_json
from bot.ingest.safe_fetch import FetchPolicy, FetchResult, SafeFetcher
from bot.items import IngestedItem, content_hash

__all__ = [
    "BlockedAddressError",
    "FeedError",
    "FeedPoll",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "IngestError",
    "IngestedItem",
    "SafeFetcher",
    "article_from_file",
    "article_from_json",
    "build_http_app",
    "content_hash",
    "extract_html",
    "fetch_article",
    "poll_feed",
    "redact_url",
    "scan_folder",
]
