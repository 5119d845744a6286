"""Outbox items → `Post`s: a story post or alert that says why it came, or one summary for a batch.

Every alert names its reason (the terms found, the entity, or the similarity) and the number to ask
`/why N` about; a story covered by several outlets says so ("3 sources: Reuters, AP, BBC").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.stories import story_sources
from bot.alerts.tables import AlertMatch, OutboxItem
from bot.delivery.outbox import Policy, Recipient, single_key
from bot.messages import Post, RichMessage, Section
from bot.render import brief_message, source_label
from bot.store import articles as article_store
from bot.store.tables import Story
from summarizer import Brief

logger = logging.getLogger(__name__)


@dataclass
class Entry:
    """One story of a message, loaded: its brief, outlets, and the matches that brought it here."""

    item: OutboxItem
    number: int
    brief: Brief
    sources: list[str]
    source_count: int
    reasons: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)


async def load_entry(session: AsyncSession, item: OutboxItem) -> Entry | None:
    story = await session.get(Story, item.story_id)
    article_id = item.article_id
    if article_id is None:
        return None
    loaded = await article_store.load_brief(session, article_id)
    if loaded is None or story is None:
        return None
    _article, brief = loaded
    sources = await story_sources(session, item.story_id)
    matches = list(
        await session.scalars(select(AlertMatch).where(AlertMatch.outbox_id == item.id).order_by(AlertMatch.id))
    )
    entry = Entry(item, article_id, brief, sources, max(story.source_count, len(sources), 1))
    for match in matches:
        if match.reason not in entry.reasons:
            entry.reasons.append(match.reason)
        if match.channel_id and match.user_id not in entry.users:
            entry.users.append(match.user_id)
    return entry


def _sources_text(entry: Entry) -> str:
    if entry.source_count <= 1:
        return ""
    names = ", ".join(entry.sources[:5])
    return f"{entry.source_count} sources" + (f": {names}" if names else "")


def reason_text(entries: list[Entry]) -> str:
    """What the delivery record keeps as `reason`, and `/why` shows."""
    lines = []
    for e in entries:
        why = "; ".join(e.reasons) if e.reasons else "every story goes to this channel"
        lines.append(f"#{e.number}: {why}")
    return "\n".join(lines)


def single_post(recipient: Recipient, policy: Policy, entry: Entry) -> Post:
    is_alert = entry.item.kind == "alert"
    base = brief_message(entry.brief, number=entry.number, sources=entry.source_count, compact=is_alert)
    sections = list(base.sections)
    if len(entry.sources) > 1:
        sections.append(Section("Reported by", tuple(dict.fromkeys(source_label(s) for s in entry.sources[:8]))))
    if entry.reasons:
        sections.append(Section("Why you got this", tuple(entry.reasons)))
    footer = base.footer + (f" · /why {entry.number}" if entry.reasons else "")
    message = RichMessage(
        body=base.body,
        title=("🔔 " if is_alert else "") + base.title,
        url=base.url,
        sections=tuple(sections),
        footer=footer,
    )
    return Post(
        platform=recipient.platform,
        channel_id=recipient.target,
        message=message,
        delivery_key=single_key(entry.item),
        article_id=entry.number,
        open_thread=policy.thread_per_story and not recipient.is_dm,
        is_dm=recipient.is_dm,
        mention_user_ids=tuple(entry.users),
    )


def _lead(brief: Brief) -> str:
    return brief.summary_sentences[0] if brief.summary_sentences else brief.summary


def batch_post(recipient: Recipient, policy: Policy, entries: list[Entry], key: str) -> Post:
    held = {e.item.held_reason for e in entries}
    alerts = all(e.item.kind == "alert" for e in entries)
    n = len(entries)
    noun = "story" if n == 1 else "stories"
    if "quiet" in held:
        title = f"While it was quiet: {n} {noun}"
        body = f"Held during quiet hours ({policy.quiet_start}–{policy.quiet_end} {policy.timezone}) and sent together."
    elif alerts:
        title = f"{n} {noun} matching your alerts"
        body = "Sent together so they don't arrive as a flood."
    else:
        title = f"{n} more {noun}"
        body = f"Sent together to keep this channel under {policy.caps.per_hour} posts an hour."
    sections = []
    for e in entries:
        lines = [_lead(e.brief)]
        if _sources_text(e):
            lines.append(_sources_text(e))
        if e.reasons:
            lines.append("Why: " + "; ".join(e.reasons))
        if e.brief.url:
            lines.append(e.brief.url)
        sections.append(Section(f"#{e.number} {e.brief.title}", tuple(lines)))
    users: list[str] = []
    for e in entries:
        users.extend(u for u in e.users if u not in users)
    return Post(
        platform=recipient.platform,
        channel_id=recipient.target,
        message=RichMessage(
            title=title,
            body=body,
            sections=tuple(sections),
            footer="/brief N for the full brief · /why N for why it reached you",
        ),
        delivery_key=key,
        is_dm=recipient.is_dm,
        mention_user_ids=tuple(users),
    )
