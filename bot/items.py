"""`IngestedItem`: what every source produces, before anything is stored or summarised.

A neutral type shared by the two sides that meet here: `bot.ingest` makes items, `bot.store` keeps them.
It lives outside both so the store never imports ingestion.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from summarizer.models import Article

ORIGINS = ("folder", "feed", "url", "http")


def _normalise(value: str) -> str:
    return " ".join(value.split()).casefold()


def content_hash(title: str, text: str) -> str:
    """sha256 of the whitespace-collapsed, casefolded title and text.

    Dates, URLs and GUIDs are left out on purpose: a story that is re-dated or re-published under a new
    GUID hashes the same, so the store can recognise it.
    """
    payload = _normalise(title) + "\n" + _normalise(text)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestedItem:
    """One article plus where it came from and how to recognise it again."""

    article: Article
    origin: str  # "folder" | "feed" | "url" | "http"
    source_key: str  # the folder path, feed URL, page URL, or "http"
    external_id: str  # stable identity within the source: relative file path, feed GUID (or link), URL
    content_hash: str  # content_hash(article.title, article.text)

    @classmethod
    def build(cls, article: Article, origin: str, source_key: str, external_id: str | None = None) -> IngestedItem:
        """Make an item, hashing the article; `external_id` defaults to the content hash."""
        digest = content_hash(article.title, article.text)
        return cls(article, origin, source_key, external_id or digest, digest)
