"""Articles and their briefs: dedup on arrival, the new → briefed → published life cycle, and reads for commands."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bot.items import IngestedItem
from bot.store.tables import ArticleRow, BriefRow, Story, utcnow
from summarizer import Brief

logger = logging.getLogger(__name__)

SaveOutcome = Literal["new", "updated", "unchanged", "duplicate"]


@dataclass(frozen=True)
class Saved:
    article_id: int | None
    outcome: SaveOutcome


async def save_item(
    session: AsyncSession, item: IngestedItem, source_id: int | None = None, *, now: datetime | None = None
) -> Saved:
    """Store an incoming article once: same source+id and text → no-op; edited text → re-brief; same text
    from another id or source (a re-dated or re-published item) → duplicate, nothing stored.

    Safe when many requests or processes bring the same article at once: the insert is `INSERT … ON CONFLICT
    DO NOTHING` on the two unique keys (source+id, i.e. the URL for HTTP ingest, and the content hash), and a
    lost race reads the winner's row instead of failing. `now` is the caller's clock (the wall clock if none).
    """
    now = now or utcnow()
    existing = await _by_identity(session, item)
    if existing is not None:
        return await _update(session, existing, item, now)
    article_id = await session.scalar(_insert_new(session, item, source_id, now))
    if article_id is not None:
        return Saved(article_id, "new")
    existing = await _by_identity(session, item)  # another writer stored this id first
    if existing is not None:
        return Saved(existing.id, "unchanged" if existing.content_hash == item.content_hash else "duplicate")
    return Saved(await _twin(session, item.content_hash), "duplicate")


async def _by_identity(session: AsyncSession, item: IngestedItem) -> ArticleRow | None:
    return await session.scalar(
        select(ArticleRow).where(ArticleRow.source_key == item.source_key, ArticleRow.external_id == item.external_id)
    )


async def _twin(session: AsyncSession, digest: str) -> int | None:
    return await session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest).limit(1))


def _insert_new(
    session: AsyncSession, item: IngestedItem, source_id: int | None, now: datetime
) -> ReturningInsert[int]:
    art = item.article
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {
        "source_id": source_id,
        "source_key": item.source_key,
        "external_id": item.external_id,
        "origin": item.origin,
        "url": art.url,
        "title": art.title,
        "text": art.text,
        "source_name": art.source,
        "published": art.published,
        "content_hash": item.content_hash,
        "state": "new",
        "created_at": now,
        "updated_at": now,
    }
    return insert(ArticleRow).values(**values).on_conflict_do_nothing().returning(ArticleRow.id)


async def _update(session: AsyncSession, existing: ArticleRow, item: IngestedItem, now: datetime) -> Saved:
    """The source changed the article's text: re-brief it, unless the new text is another article's."""
    if existing.content_hash == item.content_hash:
        return Saved(existing.id, "unchanged")
    twin = await _twin(session, item.content_hash)
    if twin is not None:
        return Saved(twin, "duplicate")
    art = item.article
    existing.title, existing.text, existing.url = art.title, art.text, art.url
    existing.source_name = art.source or existing.source_name
    existing.published = art.published or existing.published  # type: ignore[assignment]
    existing.content_hash = item.content_hash
    existing.state, existing.error, existing.updated_at = "new", None, now
    logger.info("article %s changed at its source; it will be briefed again", existing.id)
    return Saved(existing.id, "updated")


async def store_brief(
    session: AsyncSession, article: ArticleRow, brief: Brief, backend: str, *, now: datetime | None = None
) -> BriefRow:
    """Keep the brief (replacing an older one after an edit) and move the article to `briefed`."""
    now = now or utcnow()
    row = await session.scalar(select(BriefRow).where(BriefRow.article_id == article.id))
    if row is None:
        row = BriefRow(
            article_id=article.id, data=brief.to_dict(), summary=brief.summary, backend=backend, created_at=now
        )
        session.add(row)
    else:
        row.data, row.summary, row.backend, row.created_at = brief.to_dict(), brief.summary, backend, now
    article.state, article.error, article.updated_at = "briefed", None, now
    await session.flush()
    return row


async def mark_failed(session: AsyncSession, article_id: int, error: str, *, now: datetime | None = None) -> None:
    article = await session.get(ArticleRow, article_id)
    if article is not None:
        article.state, article.error, article.updated_at = "failed", error[:2000], now or utcnow()


async def load_brief(session: AsyncSession, article_id: int) -> tuple[ArticleRow, Brief] | None:
    found = (
        await session.execute(
            select(ArticleRow, BriefRow)
            .join(BriefRow, BriefRow.article_id == ArticleRow.id)
            .where(ArticleRow.id == article_id)
        )
    ).first()
    if found is None:
        return None
    article, row = found
    return article, Brief.from_dict(row.data)


async def story_leads(session: AsyncSession, story_ids: Collection[int]) -> dict[int, tuple[int, Brief]]:
    """Each story's lead: its first briefed article's id (the story's `/brief N` number) and brief, in one
    query; stories without a brief are left out."""
    first = (
        select(func.min(ArticleRow.id))
        .join(BriefRow, BriefRow.article_id == ArticleRow.id)
        .where(ArticleRow.story_id.in_(list(story_ids)))
        .group_by(ArticleRow.story_id)
    )
    rows = await session.execute(
        select(ArticleRow.story_id, ArticleRow.id, BriefRow.data)
        .join(BriefRow, BriefRow.article_id == ArticleRow.id)
        .where(ArticleRow.id.in_(first))
    )
    return {story_id: (article_id, Brief.from_dict(data)) for story_id, article_id, data in rows}


async def stories_updated(
    session: AsyncSession, since: datetime, until: datetime, excluding: Collection[int] = ()
) -> list[Story]:
    """The stories that gained an article between `since` and `until` (inclusive), but those `excluding`."""
    query = select(Story).where(Story.updated_at >= since, Story.updated_at <= until)
    if excluding:
        query = query.where(Story.id.not_in(list(excluding)))
    return list(await session.scalars(query))


async def latest_briefs(
    session: AsyncSession, limit: int = 5, topic: str | None = None
) -> list[tuple[ArticleRow, Brief, int]]:
    """The newest briefed stories (one article each) with their number of sources, optionally those whose
    title or summary mentions `topic`."""
    query = (
        select(ArticleRow, BriefRow, Story.source_count)
        .join(BriefRow, BriefRow.article_id == ArticleRow.id)
        .outerjoin(Story, Story.id == ArticleRow.story_id)
    )
    if topic:
        like = f"%{topic.lower()}%"
        query = query.where(or_(func.lower(ArticleRow.title).like(like), func.lower(BriefRow.summary).like(like)))
    query = query.order_by(func.coalesce(ArticleRow.published, ArticleRow.created_at).desc(), ArticleRow.id.desc())
    found: list[tuple[ArticleRow, Brief, int]] = []
    seen: set[int] = set()
    for article, row, sources in (await session.execute(query.limit(limit * 4))).all():
        if article.story_id is not None and article.story_id in seen:
            continue  # one entry per story: the same event from another outlet adds to its source count
        if article.story_id is not None:
            seen.add(article.story_id)
        found.append((article, Brief.from_dict(row.data), sources or 1))
        if len(found) == limit:
            break
    return found


async def source_count(session: AsyncSession, article: ArticleRow) -> int:
    if article.story_id is None:
        return 1
    return (await session.scalar(select(Story.source_count).where(Story.id == article.story_id))) or 1


async def count_by_state(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(ArticleRow.state, func.count()).group_by(ArticleRow.state))
    return {state: count for state, count in rows.all()}
