"""Helpers shared by the tests and the benchmark: store an article row and index its brief in one call.

The real pipeline (`bot/app.py`) stores articles itself; these exist so knowledge tests and
`bench/bench_followups.py` can fill a store without the summariser or the ingest layer.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.index import index_brief
from bot.knowledge.vectors import TextEncoder
from bot.services import Embedder as ServicesEmbedder
from bot.store.tables import ArticleRow, BriefRow
from summarizer.models import Brief

logger = logging.getLogger(__name__)


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
    """Insert an article and its brief row as the pipeline would, then `index_brief` it."""
    body = text if text is not None else " ".join(brief.sentences)
    digest = hashlib.sha256(body.encode()).hexdigest()
    article = ArticleRow(
        source_key="test",
        external_id=external_id or digest,
        origin="folder",
        url=url if url is not None else brief.url,
        title=brief.title,
        text=body,
        published=_as_datetime(published if published is not None else brief.published),
        content_hash=digest,
        state="briefed",
    )
    session.add(article)
    await session.flush()
    session.add(BriefRow(article_id=article.id, data=brief.to_dict(), summary=brief.summary))
    await session.flush()
    await index_brief(session, article, brief, embedder)
    return article


@functools.cache
def shared_embedder() -> ServicesEmbedder:
    """One MiniLM for a whole test session (loading it costs seconds; it holds no per-test state)."""
    return ServicesEmbedder()
