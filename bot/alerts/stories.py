"""Stories across outlets: an incoming article joins the story of an earlier article about the same event.

Two signals, compared against the articles of the last few days (the story window):
1. near-duplicate text — MinHash Jaccard of word 3-shingles ≥ `duplicate` (a wire story re-run elsewhere),
   within `window_hours`;
2. same event — MiniLM similarity of headline+lead ≥ `event` with at least one shared actor, or
   ≥ `event_alone` without one (different wording, same facts), within the shorter `event_window_hours`:
   the next day's development of a story is news of its own and gets its own post.
(The `[stories]` settings, `bot.settings.StoriesSettings`.)
On the test set, three outlets' versions of one call score 0.91–0.93 and a same-cast different event
0.37–0.45, so the thresholds sit well clear of both.
The best-scoring earlier article wins; its story gets this article and its outlet ("3 sources").
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import minhash
from bot.alerts.features import Features
from bot.alerts.tables import ArticleSignature
from bot.clock import as_utc
from bot.settings import StoriesSettings
from bot.store.tables import ArticleRow, Story

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    story_id: int
    joined: bool
    reason: str


@dataclass(frozen=True)
class _Candidate:
    article_id: int
    story_id: int
    jaccard: float
    cosine: float
    shared: tuple[str, ...]


def _best(features: Features, rows: list[ArticleSignature], rules: StoriesSettings) -> tuple[_Candidate, str] | None:
    """The earlier article this one is most clearly the same story as, with the reason; None if none is."""
    if not rows:
        return None
    sigs = np.stack([minhash.from_bytes(r.minhash) for r in rows])
    jaccards = minhash.similarities(features.signature, sigs)
    cosines = np.zeros(len(rows), dtype=np.float32)
    if features.vector is not None:
        for i, row in enumerate(rows):
            if row.vector:
                cosines[i] = float(np.frombuffer(row.vector, dtype="<f4") @ features.vector)
    mine = features.entity_keys
    event_window = timedelta(hours=rules.event_window_hours)
    best: tuple[float, _Candidate, str] | None = None
    for i, row in enumerate(rows):
        if row.story_id is None:
            continue
        shared = tuple(sorted(mine & set(row.entities or ())))
        jac, cos = float(jaccards[i]), float(cosines[i])
        close_in_time = abs(as_utc(row.at) - features.at) <= event_window
        if jac >= rules.duplicate:
            score, why = 2.0 + jac, f"near-duplicate text of #{row.article_id} (MinHash Jaccard {jac:.2f})"
        elif close_in_time and cos >= rules.event and shared:
            score = 1.0 + cos
            why = f"same event as #{row.article_id} (similarity {cos:.2f}, shared actors: {', '.join(shared[:4])})"
        elif close_in_time and cos >= rules.event_alone:
            score, why = 1.0 + cos, f"same event as #{row.article_id} (similarity {cos:.2f})"
        else:
            continue
        if best is None or score > best[0]:
            best = (score, _Candidate(row.article_id, row.story_id, jac, cos, shared), why)
    return (best[1], best[2]) if best else None


async def assign(
    session: AsyncSession, article: ArticleRow, features: Features, now: datetime, rules: StoriesSettings
) -> Decision:
    """Put the article in a story (an earlier one, or a new one) and store its signature; idempotent."""
    existing = await session.get(ArticleSignature, article.id)
    decision: Decision
    if article.story_id is not None and await session.get(Story, article.story_id) is not None:
        # A re-brief after an edit keeps its story: alerts already sent for it must not fire again.
        reason = existing.story_reason if existing is not None else "kept its story after an edit"
        decision = Decision(article.story_id, joined=False, reason=reason)
    else:
        window = timedelta(hours=rules.window_hours)
        rows = list(
            await session.scalars(
                select(ArticleSignature)
                .where(
                    ArticleSignature.at >= features.at - window,
                    ArticleSignature.at <= features.at + window,
                    ArticleSignature.article_id != article.id,
                )
                .order_by(ArticleSignature.at.desc())
                .limit(rules.max_candidates)
            )
        )
        found = _best(features, rows, rules)
        if found is not None:
            candidate, why = found
            decision = Decision(candidate.story_id, joined=True, reason=why)
        else:
            story = Story(title=features.title[:1024], source_count=1, created_at=now, updated_at=now)
            session.add(story)
            await session.flush()
            decision = Decision(story.id, joined=False, reason="first article of its story")
    article.story_id = decision.story_id
    values = dict(
        story_id=decision.story_id,
        source=features.source[:512],
        minhash=minhash.to_bytes(features.signature),
        vector=features.vector.astype("<f4").tobytes() if features.vector is not None else None,
        entities=sorted(features.entity_keys),
        at=features.at,
        story_reason=decision.reason,
    )
    if existing is None:
        session.add(ArticleSignature(article_id=article.id, **values))
    else:
        for key, value in values.items():
            setattr(existing, key, value)
    await session.flush()
    await refresh_story(session, decision.story_id, now)
    if decision.joined:
        logger.info("article %s joined story %s: %s", article.id, decision.story_id, decision.reason)
    return decision


async def refresh_story(session: AsyncSession, story_id: int, now: datetime) -> None:
    """Recount the outlets of a story (distinct sources, not articles: one outlet's update is not news)."""
    story = await session.get(Story, story_id)
    if story is None:
        return
    count = await session.scalar(
        select(func.count(distinct(func.lower(ArticleSignature.source)))).where(ArticleSignature.story_id == story_id)
    )
    story.source_count = max(int(count or 0), 1)
    story.updated_at = now


async def story_sources(session: AsyncSession, story_id: int) -> list[str]:
    """The outlets of a story, in the order they reported it."""
    return (await sources_of(session, [story_id])).get(story_id, [])


async def sources_of(session: AsyncSession, story_ids: Collection[int]) -> dict[int, list[str]]:
    """The outlets of each story, in the order they reported it (one query for all of them)."""
    rows = await session.execute(
        select(ArticleSignature.story_id, ArticleSignature.source)
        .where(ArticleSignature.story_id.in_(list(story_ids)))
        .order_by(ArticleSignature.story_id, ArticleSignature.article_id)
    )
    found: dict[int, dict[str, None]] = {}
    for story_id, source in rows:
        seen = found.setdefault(int(story_id or 0), {})  # never None: filtered by story above
        if source and source.lower() not in {s.lower() for s in seen}:
            seen[source] = None
    return {story_id: list(seen) for story_id, seen in found.items()}


async def latest_at(session: AsyncSession, story_ids: Collection[int]) -> dict[int, datetime]:
    """When each story last gained an article (stories without a signed article are left out)."""
    rows = await session.execute(
        select(ArticleSignature.story_id, func.max(ArticleSignature.at))
        .where(ArticleSignature.story_id.in_(list(story_ids)))
        .group_by(ArticleSignature.story_id)
    )
    return {int(story_id or 0): at for story_id, at in rows}  # never None: filtered by story
