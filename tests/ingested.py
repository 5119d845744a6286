"""Hand an article to a running `App` the way `POST /ingest` does, for tests that start from one article.

The article goes through `App.ingest_item`, the production path (`IngestedItem.build` → `collect.store_item`:
the real content hash, dedup and ingest metrics), so no test has an insert path of its own.
"""

from __future__ import annotations

from bot.app import App
from bot.items import IngestedItem
from summarizer import Article


async def ingest(app: App, article: Article, origin: str = "http") -> int | None:
    """Store `article` as an item from `origin` (its URL is the item's id); the stored article's id, or the
    existing one's when it is a duplicate."""
    item = IngestedItem.build(article, origin, origin, article.url)
    return (await app.ingest_item(item)).article_id
