"""Fill a store with briefed articles without the summariser: through the pipeline's own insert path.

An article goes in as the ingest layer stores it (`IngestedItem.build` → `save_item`, so the content hash and
the dedup are the real ones), its brief as the processing step keeps it (`store_brief`), then `index_brief`.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.items import IngestedItem
from bot.knowledge.index import index_brief
from bot.knowledge.vectors import TextEncoder
from bot.services import Embedder as ServicesEmbedder
from bot.store.articles import save_item, store_brief
from bot.store.tables import ArticleRow
from summarizer.models import Article, Brief


def brief_from_json(path: Path) -> Brief:
    """A `Brief` saved as `to_dict()` plus a "sentences" list."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Brief.from_dict(data, sentences=tuple(data.get("sentences") or ()))


def _as_datetime(value: date | datetime | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, 12, tzinfo=UTC)


async def store_briefed_article(
    session: AsyncSession,
    brief: Brief,
    *,
    text: str | None = None,
    url: str | None = None,
    published: date | datetime | None = None,
    external_id: str | None = None,
    embedder: TextEncoder | None = None,
) -> ArticleRow:
    """Store an article (its text: `text`, or the brief's sentences) and its brief, and index the brief."""
    article = Article(
        title=brief.title,
        text=text if text is not None else " ".join(brief.sentences),
        url=url if url is not None else brief.url,
        published=_as_datetime(published if published is not None else brief.published),
    )
    saved = await save_item(session, IngestedItem.build(article, "folder", "test", external_id))
    if saved.outcome != "new" or saved.article_id is None:
        raise ValueError(f"'{brief.title}' was not stored as a new article ({saved.outcome})")
    row = await session.get_one(ArticleRow, saved.article_id)
    await store_brief(session, row, brief, "extractive")
    await index_brief(session, row, brief, embedder)
    return row


@functools.cache
def shared_embedder() -> ServicesEmbedder:
    """One MiniLM for a whole test session (loading it costs seconds; it holds no per-test state)."""
    return ServicesEmbedder()
