"""Topic alerts and stories across outlets (the alerts issue fills this in)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import Services
from bot.store.tables import Article
from summarizer import Brief


async def on_briefed(session: AsyncSession, article: Article, brief: Brief, services: Services) -> None:
    """Called in the transaction that stores a brief, after the knowledge index: group it into a story."""
    return None
