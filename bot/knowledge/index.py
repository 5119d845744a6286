"""`index_brief`: what the pipeline calls after storing a brief, in the same transaction.

It replaces everything the knowledge layer holds about the article (so an edited article re-briefed is
not counted twice), then stores its sentences (full-text indexed by the database), passages for the
vector index, entities with aliases and roles, and quotes tied to their speakers.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.knowledge.entities import ResolvedActor, actor_key, add_mentions, remove_mentions, resolve_actors
from bot.knowledge.names import names_pattern, normalize_name, person_parts, strip_titles
from bot.knowledge.tables import Passage
from bot.knowledge.vectors import TextEncoder, quantize
from bot.store.tables import ArticleRow, EntityAlias, EntityRow, MentionRow, QuoteRow, Sentence
from summarizer.models import Brief, Quote
from summarizer.roles import roles_stated

logger = logging.getLogger(__name__)

PASSAGE_SENTENCES = 3  # sentences per embedded passage: fewer vectors, still sentence-level answers
BACKFILL_SENTENCES = 12  # sentences naming an entity read per old mention (what cards used to parse)


def article_time(article: ArticleRow) -> datetime:
    """When the article happened, for recency and "roles over time": published, else when it was stored.

    No clock of its own: `created_at` is set when the row is flushed, which `index_brief` does first."""
    when = article.published or article.created_at
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def passage_windows(count: int, size: int = PASSAGE_SENTENCES) -> list[tuple[int, int]]:
    """(first, last) sentence positions of each passage; the last passage absorbs a lone trailing sentence."""
    windows = [(start, min(start + size, count) - 1) for start in range(0, count, size)]
    if len(windows) > 1 and windows[-1][0] == windows[-1][1]:
        first, _ = windows[-2]
        windows[-2:] = [(first, count - 1)]
    return windows


def _speaker_entity(speaker: str, resolved: dict[str, ResolvedActor]) -> int | None:
    """The entity of a quote's speaker, from the brief's own actors (the article's context decides)."""
    key = strip_titles(normalize_name(speaker))
    if not key:
        return None
    candidates = {r.entity_id for r in resolved.values() if key == r.key or key in r.aliases}
    if len(candidates) == 1:
        return candidates.pop()
    surname = person_parts(key)[1]
    candidates = {r.entity_id for r in resolved.values() if person_parts(r.key)[1] == surname}
    return candidates.pop() if len(candidates) == 1 else None


async def remove_article(session: AsyncSession, article_id: int) -> None:
    """Forget everything the knowledge layer stored for an article (its rows cascade from `articles` too)."""
    await remove_mentions(session, article_id)
    await session.execute(delete(QuoteRow).where(QuoteRow.article_id == article_id))
    await session.execute(delete(Passage).where(Passage.article_id == article_id))
    await session.execute(delete(Sentence).where(Sentence.article_id == article_id))


async def index_brief(
    session: AsyncSession, article: ArticleRow, brief: Brief, embedder: TextEncoder | None = None
) -> None:
    """Index one briefed article for `/who` and `/ask`; idempotent for re-briefs.

    With an `embedder`, the article's passages are embedded now (one batch, ~0.1–0.3 s per article on one
    core); without one they are left pending and `embed_pending` (or the first `/ask`) embeds them.
    """
    if article.id is None:
        await session.flush()
    seen_at = article_time(article)
    await remove_article(session, article.id)

    sentences = [s.strip() for s in brief.sentences if s and s.strip()]
    if sentences:
        await session.execute(
            insert(Sentence),
            [{"article_id": article.id, "position": i, "text": text} for i, text in enumerate(sentences)],
        )
    windows = passage_windows(len(sentences))
    if windows:
        vectors = None
        if embedder is not None:
            texts = [" ".join(sentences[a : b + 1]) for a, b in windows]
            vectors = quantize(await asyncio.to_thread(embedder.encode, texts))  # off the event loop
        await session.execute(
            insert(Passage),
            [
                {
                    "article_id": article.id,
                    "first_position": a,
                    "last_position": b,
                    "vector": vectors[i].tobytes() if vectors is not None else None,
                }
                for i, (a, b) in enumerate(windows)
            ],
        )

    actors = [a for a in brief.actors if actor_key(a.name, a.type)]
    also = [a for a in brief.also_named if actor_key(a.name, a.type)]
    resolved = await resolve_actors(session, actors, also)
    await add_mentions(session, article.id, resolved.values(), seen_at)
    await _add_quotes(session, article.id, brief.quotes, resolved)
    logger.debug(
        "indexed article %s: %d sentences, %d passages, %d entities, %d quotes",
        article.id,
        len(sentences),
        len(windows),
        len({r.entity_id for r in resolved.values()}),
        len(brief.quotes),
    )


async def _add_quotes(
    session: AsyncSession, article_id: int, quotes: tuple[Quote, ...], resolved: dict[str, ResolvedActor]
) -> None:
    rows = [
        {
            "article_id": article_id,
            "entity_id": _speaker_entity(q.speaker, resolved),
            "speaker": q.speaker[:512],
            "text": q.text,
            "evidence": q.evidence,
        }
        for q in quotes
        if q.text.strip()
    ]
    if rows:
        await session.execute(insert(QuoteRow), rows)


async def backfill_stated_roles(session: AsyncSession, limit: int = 64) -> int:
    """Fill the stated roles of up to `limit` mentions stored before migration 0008 (NULL), so their cards
    show them too; returns how many were filled (fewer than `limit`: none left).

    New articles never need this: their roles come with the brief. For an old row, the stored sentences that
    name the entity are parsed once here, in a worker thread, as `/who` used to do at every request. On
    PostgreSQL the rows are claimed with SKIP LOCKED, so two workers never parse the same ones."""
    pending = (
        await session.execute(
            select(MentionRow.id, MentionRow.article_id, MentionRow.entity_id)
            .where(MentionRow.stated_roles.is_(None))
            .order_by(MentionRow.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()
    if not pending:
        return 0
    entity_ids = sorted({e for _m, _a, e in pending})
    entities = {
        e: (name, type_)
        for e, name, type_ in await session.execute(
            select(EntityRow.id, EntityRow.name, EntityRow.type).where(EntityRow.id.in_(entity_ids))
        )
    }
    aliases: dict[int, list[str]] = defaultdict(list)
    for e, alias in await session.execute(
        select(EntityAlias.entity_id, EntityAlias.alias).where(EntityAlias.entity_id.in_(entity_ids))
    ):
        aliases[e].append(alias)
    sentences: dict[int, list[str]] = defaultdict(list)
    for a, text_ in await session.execute(
        select(Sentence.article_id, Sentence.text)
        .where(Sentence.article_id.in_(sorted({a for _m, a, _e in pending})))
        .order_by(Sentence.article_id, Sentence.position)
    ):
        sentences[a].append(text_)
    jobs: list[tuple[int, list[str], list[str], str]] = []
    for mention_id, article_id, entity_id in pending:
        name, type_ = entities.get(entity_id, ("", "PERSON"))
        names = [name, *aliases[entity_id]]
        pattern = names_pattern(names)
        naming = [s for s in sentences[article_id] if pattern.search(s)][:BACKFILL_SENTENCES]
        jobs.append((mention_id, naming, names, type_))

    def parse() -> list[list[str]]:
        return [roles_stated(naming, names, type_) if naming else [] for _m, naming, names, type_ in jobs]

    found = await asyncio.to_thread(parse)  # spaCy, off the event loop
    for (mention_id, *_rest), roles in zip(jobs, found, strict=True):
        await session.execute(
            update(MentionRow).where(MentionRow.id == mention_id).values(stated_roles=json.dumps(roles))
        )
    logger.info("stated roles backfilled for %d mentions stored before they were kept", len(jobs))
    return len(jobs)
