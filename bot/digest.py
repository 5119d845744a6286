"""The daily digest: a channel's top stories since its last digest, as one message, once per local day.

Stories, not articles: an event covered by five outlets is one entry ("5 sources"). They are ranked by
how many outlets covered them, how recent they are, and how many subscribers' alerts they matched (this
channel's own subscribers count double). The scheduler calls `send_digest` at each channel's local time
(`bot.scheduler.digest_trigger`, DST-safe); `send_digest` also refuses to run early, so a wrong trigger
cannot post a digest at the wrong hour.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.adapters.base import Adapter
from bot.alerts.quiet import as_utc, parse_hhmm
from bot.alerts.stories import story_sources
from bot.alerts.tables import AlertMatch, ArticleSignature
from bot.messages import Post, RichMessage, Section
from bot.publish import deliver
from bot.render import actor_line
from bot.services import Services
from bot.store import articles as store
from bot.store.tables import Article, BriefRow, Channel, Story
from summarizer import Brief

logger = logging.getLogger(__name__)

PERIOD = timedelta(days=1)  # the period of the first digest, and of `/digest now`
RECENCY_HOURS = 24.0


@dataclass(frozen=True)
class DigestStory:
    number: int  # the brief number of the story's first article (`/brief N`)
    brief: Brief
    sources: tuple[str, ...]
    source_count: int
    latest: datetime
    interest: float
    score: float


def score(source_count: int, age_hours: float, interest: float) -> float:
    """Outlets (diminishing), recency (halves about every 17 h), subscribers' interest (diminishing)."""
    return math.log2(1 + source_count) + math.exp(-max(age_hours, 0.0) / RECENCY_HOURS) + 0.5 * math.log2(1 + interest)


async def top_stories(
    session: AsyncSession, channel: Channel, since: datetime, now: datetime, limit: int
) -> list[DigestStory]:
    """The period's stories for a channel, best first."""
    stories = list(await session.scalars(select(Story).where(Story.updated_at >= since, Story.updated_at <= now)))
    if not stories:
        return []
    ids = [s.id for s in stories]
    latest = dict(
        (
            await session.execute(
                select(ArticleSignature.story_id, func.max(ArticleSignature.at))
                .where(ArticleSignature.story_id.in_(ids))
                .group_by(ArticleSignature.story_id)
            )
        ).all()
    )
    everyone = dict(
        (
            await session.execute(
                select(AlertMatch.story_id, func.count(distinct(AlertMatch.user_id)))
                .where(AlertMatch.story_id.in_(ids))
                .group_by(AlertMatch.story_id)
            )
        ).all()
    )
    here = dict(
        (
            await session.execute(
                select(AlertMatch.story_id, func.count(distinct(AlertMatch.user_id)))
                .where(
                    AlertMatch.story_id.in_(ids),
                    AlertMatch.platform == channel.platform,
                    AlertMatch.channel_id == channel.channel_id,
                )
                .group_by(AlertMatch.story_id)
            )
        ).all()
    )
    leads = dict(
        (
            await session.execute(
                select(Article.story_id, func.min(Article.id))
                .join(BriefRow, BriefRow.article_id == Article.id)
                .where(Article.story_id.in_(ids))
                .group_by(Article.story_id)
            )
        ).all()
    )
    ranked: list[DigestStory] = []
    for story in stories:
        lead = leads.get(story.id)
        loaded = await store.load_brief(session, lead) if lead is not None else None
        if lead is None or loaded is None:
            continue
        when = as_utc(latest.get(story.id) or story.updated_at)
        # A story dated in the future (a wrong feed date) is treated as new, not as extra-fresh.
        age = max((now - when).total_seconds() / 3600, 0.0)
        interest = float(everyone.get(story.id, 0) + here.get(story.id, 0))
        sources = tuple(await story_sources(session, story.id))
        count = max(story.source_count, len(sources), 1)
        ranked.append(DigestStory(lead, loaded[1], sources, count, when, interest, score(count, age, interest)))
    ranked.sort(key=lambda s: (-s.score, -s.latest.timestamp(), s.number))
    return ranked[:limit]


def digest_message(stories: list[DigestStory], local_day: str, schedule: str = "") -> RichMessage:
    title = f"Daily digest — {local_day}"
    if not stories:
        return RichMessage(title=title, body="No new stories since the last digest.", footer=schedule)
    sections = []
    for story in stories:
        brief = story.brief
        lines = [brief.summary_sentences[0] if brief.summary_sentences else brief.summary]
        if brief.actors:
            lines.append("Who: " + "; ".join(actor_line(a.name, a.role) for a in brief.actors[:3]))
        if brief.next_steps:
            step = brief.next_steps[0]
            lines.append("Next: " + step.text + (f" ({step.when})" if step.when else ""))
        if story.source_count > 1:
            lines.append(f"{story.source_count} sources: " + ", ".join(story.sources[:5]))
        if brief.url:
            lines.append(brief.url)
        sections.append(Section(f"#{story.number} {brief.title}", tuple(lines)))
    footer = "/brief N for the full brief · /ask to ask about them" + (f" · {schedule}" if schedule else "")
    return RichMessage(
        title=title,
        body=f"{len(stories)} top {'story' if len(stories) == 1 else 'stories'} since the last digest.",
        sections=tuple(sections),
        footer=footer,
    )


async def build_digest(services: Services, channel: Channel, now: datetime, since: datetime | None = None) -> Post:
    """The channel's digest as of `now`: stories since `since` (default: its last digest, or a day)."""
    now = as_utc(now)
    local_day = now.astimezone(ZoneInfo(channel.timezone)).date().isoformat()
    if since is None:
        since = as_utc(channel.last_digest_at) if channel.last_digest_at else now - PERIOD
    async with services.db.session() as session:
        found = await top_stories(session, channel, since, now, services.settings.digest.max_stories)
    schedule = f"daily at {channel.digest_time} {channel.timezone}" if channel.digest_enabled else ""
    return Post(
        platform=channel.platform,
        channel_id=channel.channel_id,
        message=digest_message(found, local_day, schedule),
        delivery_key=f"digest:{local_day}",
    )


def due(channel: Channel, now: datetime) -> bool:
    """True once the channel's local digest time has come today (wall clock, in its own time zone)."""
    local = as_utc(now).astimezone(ZoneInfo(channel.timezone))
    return local.time().replace(tzinfo=None) >= parse_hhmm(channel.digest_time)


async def send_digest(
    services: Services, adapters: Mapping[str, Adapter], channel_pk: int, *, force: bool = False
) -> bool:
    """Post a channel's digest once per local day, not before its local time (`force`: now, another one)."""
    now = as_utc(services.clock())
    async with services.db.session() as session:
        channel = await session.get(Channel, channel_pk)
        if channel is None or not channel.digest_enabled:
            return False
    if not force and not due(channel, now):
        logger.warning(
            "digest for channel %s called at %s, before its time %s %s; skipped",
            channel_pk,
            now,
            channel.digest_time,
            channel.timezone,
        )
        return False
    post = await build_digest(services, channel, now)
    if force:
        post = Post(**{**post.__dict__, "delivery_key": f"{post.delivery_key}@{now:%H%M%S}"})
    sent = await deliver(services, adapters, post, reason="daily digest")
    if sent:
        async with services.db.session() as session:
            row = await session.get(Channel, channel_pk)
            if row is not None:
                row.last_digest_at = now
    return sent
