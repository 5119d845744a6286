"""`/why N`: why story #N reached you (which subscription, what matched, how it was delivered) — or why not.

Everything is read back from what was recorded when it happened (the match reasons, the story decision,
the outbox), and for a filtered item each of your subscriptions is re-checked against the article to say
what was missing.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import features as feature_mod
from bot.alerts.match import SubscriptionIndex, index_for
from bot.alerts.stories import story_sources
from bot.alerts.tables import AlertMatch, ArticleSignature, OutboxItem
from bot.clock import as_utc
from bot.messages import RichMessage, Section
from bot.store import articles as article_store
from bot.store.tables import ArticleRow, Story, Subscription
from summarizer import Brief

if TYPE_CHECKING:
    from bot.memo import Memo

logger = logging.getLogger(__name__)


def _when(moment: object) -> str:
    return f"{as_utc(moment):%d %b %H:%M} UTC" if moment else "?"  # type: ignore[arg-type]


def summary_origin(brief: Brief) -> str:
    """Who wrote the summary, when a model was involved (an extractive-only setup says nothing)."""
    if brief.summary_source == "llm":
        return "Summary: written by the LLM; its names, numbers, dates and quotes were checked against the article."
    if brief.summary_fallback:
        return f"Summary: extractive, because the LLM's was not used ({brief.summary_fallback})."
    return ""


def _item_line(item: OutboxItem, where: str) -> str:
    if item.status == "sent":
        how = "alone" if item.batch_key and not item.batch_key.startswith("batch:") else "in one summary message"
        if item.held_reason == "quiet":
            how += " after quiet hours"
        elif item.held_reason == "flood":
            how += " (held back by the flood cap)"
        return f"{where}: sent {_when(item.sent_at)}, {how}."
    if item.status == "held":
        why = "quiet hours" if item.held_reason == "quiet" else "the hourly/daily cap"
        return f"{where}: held until {_when(item.release_at)} ({why}); it will come in one summary."
    if item.status == "skipped":
        return f"{where}: not posted — the channel is digest-only; it can appear in the daily digest."
    return f"{where}: queued, going out shortly."


async def explain(
    session: AsyncSession,
    subscriptions: Memo[SubscriptionIndex],
    platform: str,
    user_id: str,
    channel_id: str,
    number: int,
) -> RichMessage | None:
    """The `/why N` message for one user, or None when there is no brief #N."""
    loaded = await article_store.load_brief(session, number)
    if loaded is None:
        return None
    article, brief = loaded
    lines: list[str] = []
    story = await session.get(Story, article.story_id) if article.story_id else None
    signature = await session.get(ArticleSignature, article.id)
    if story is not None:
        sources = await story_sources(session, story.id)
        count = max(story.source_count, len(sources), 1)
        lines.append(
            f"Story: {story.title} — {count} source{'s' if count != 1 else ''}"
            + (f" ({', '.join(sources[:6])})" if sources else "")
        )
    if signature is not None and signature.story_reason:
        lines.append(f"#{number}: {signature.story_reason}; a story is posted and alerted once.")
    if written := summary_origin(brief):
        lines.append(written)

    subs = list(
        await session.scalars(
            select(Subscription)
            .where(Subscription.platform == platform, Subscription.user_id == user_id)
            .order_by(Subscription.id)
        )
    )
    matches = []
    if story is not None and subs:
        matches = list(
            await session.scalars(
                select(AlertMatch).where(
                    AlertMatch.story_id == story.id, AlertMatch.subscription_id.in_([s.id for s in subs])
                )
            )
        )
    by_sub = {s.id: s for s in subs}
    reasons = tuple(f"#{m.subscription_id} {by_sub[m.subscription_id].query}: {m.reason}" for m in matches)

    delivery: list[str] = []
    if story is not None:
        for is_dm, target, where in ((True, user_id, "Your DMs"), (False, channel_id, "This channel")):
            item = await session.scalar(
                select(OutboxItem).where(
                    OutboxItem.platform == platform,
                    OutboxItem.target == target,
                    OutboxItem.is_dm == is_dm,
                    OutboxItem.story_id == story.id,
                )
            )
            if item is not None:
                delivery.append(_item_line(item, where))

    sections = []
    if reasons:
        sections.append(Section("Matched your subscriptions", reasons))
    elif subs:
        sections.append(
            Section(
                "Filtered: none of your subscriptions matched",
                await _misses(session, subscriptions, article, brief, signature, subs),
            )
        )
    else:
        lines.append("You have no subscriptions: it reached you only as one of the stories posted to this channel.")
    if delivery:
        sections.append(Section("Delivery", tuple(delivery)))
    return RichMessage(title=f"Why #{number}: {brief.title}", body="\n".join(lines), sections=tuple(sections))


async def _misses(
    session: AsyncSession,
    subscriptions: Memo[SubscriptionIndex],
    article: ArticleRow,
    brief: Brief,
    signature: ArticleSignature | None,
    subs: list[Subscription],
) -> tuple[str, ...]:
    """Each subscription re-checked against the article: what it lacked (or that it came too late)."""
    vector = np.frombuffer(signature.vector, dtype="<f4") if signature is not None and signature.vector else None
    entities = feature_mod.merge_entities(
        feature_mod.brief_entities(brief), await feature_mod.stored_entities(session, article.id)
    )
    features = feature_mod.compute(article, brief, vector, entities, as_utc(article.created_at))
    index = await index_for(session, subscriptions)
    matching_now = {h.subscription.id for h in index.match(features)}
    out = []
    for sub in subs:
        if sub.id in matching_now:
            out.append(f"#{sub.id} {sub.query}: matches, but was created after this story arrived")
        else:
            out.append(f"#{sub.id} {sub.query}: {index.explain_miss(sub.id, features)}")
    return tuple(out)
