"""What the alert layer needs to know about one briefed article, computed once in the brief's transaction.

Entities come from the knowledge store when it has indexed the article (its aliases reach across every
article that entity appeared in: "EU" learnt elsewhere still finds "European Union" here), and from the
brief's own actors either way, so matching never depends on the order the two layers run in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import minhash
from bot.alerts.text import Document
from bot.clock import as_utc
from bot.knowledge.entities import actor_aliases, actor_key
from bot.knowledge.names import person_parts
from bot.render import source_label
from bot.store.tables import ArticleRow, EntityAlias, EntityRow, MentionRow
from summarizer import Brief

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntityRef:
    """One entity of the article: its display name, normalised key, type and every alias it is known by."""

    name: str
    key: str
    type: str
    aliases: frozenset[str]

    @property
    def surname(self) -> str:
        return person_parts(self.key)[1] if self.type == "PERSON" else ""


@dataclass
class Features:
    article_id: int
    title: str
    source: str
    at: datetime
    document: Document
    signature: np.ndarray
    vector: np.ndarray | None
    entities: list[EntityRef] = field(default_factory=list)

    @property
    def entity_keys(self) -> set[str]:
        """Keys for "shared actors" between articles: full keys, and surnames of people."""
        keys = {e.key for e in self.entities}
        keys |= {e.surname for e in self.entities if e.surname and len(e.surname) > 2}
        return keys


def semantic_text(title: str, brief: Brief) -> str:
    """What semantic matching and story grouping embed: the headline and the lead of the brief."""
    lead = " ".join(brief.summary_sentences[:3]) if brief.summary_sentences else brief.summary
    return f"{title}. {lead}".strip()


def brief_entities(brief: Brief) -> list[EntityRef]:
    refs = []
    for actor in brief.actors:
        key = actor_key(actor.name, actor.type)
        if key:
            refs.append(EntityRef(actor.name, key, actor.type, frozenset(actor_aliases(actor) | {key})))
    return refs


async def stored_entities(session: AsyncSession, article_id: int) -> list[EntityRef]:
    """The article's entities as the knowledge store resolved them, with all their known aliases."""
    rows = (
        await session.execute(
            select(EntityRow.id, EntityRow.name, EntityRow.key, EntityRow.type)
            .join(MentionRow, MentionRow.entity_id == EntityRow.id)
            .where(MentionRow.article_id == article_id, MentionRow.key_actor)
        )
    ).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    aliases: dict[int, set[str]] = {i: set() for i in ids}
    for entity_id, alias in await session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(ids))
    ):
        aliases[entity_id].add(alias)
    return [EntityRef(r.name, r.key, r.type, frozenset(aliases[r.id] | {r.key})) for r in rows]


def merge_entities(*groups: list[EntityRef]) -> list[EntityRef]:
    """One ref per key, with the union of the aliases every group knows."""
    merged: dict[str, EntityRef] = {}
    for group in groups:
        for ref in group:
            old = merged.get(ref.key)
            merged[ref.key] = ref if old is None else EntityRef(old.name, old.key, old.type, old.aliases | ref.aliases)
    return list(merged.values())


def article_moment(article: ArticleRow, fallback: datetime) -> datetime:
    when = article.published or article.created_at or fallback
    return as_utc(when)


def compute(
    article: ArticleRow, brief: Brief, vector: np.ndarray | None, entities: list[EntityRef], now: datetime
) -> Features:
    title = article.title or brief.title
    body = "\n".join((title, brief.summary, article.text or ""))
    return Features(
        article_id=article.id,
        title=title,
        source=(article.source_name or brief.source or source_label(article.source_key or "")).strip(),
        at=article_moment(article, now),
        document=Document(body),
        signature=minhash.signature(f"{title}\n{article.text or brief.summary}"),
        vector=vector,
        entities=entities,
    )
