"""The daily digest: a channel's top stories since its last digest, as one message, once per local day.

Stories, not articles: an event covered by five outlets is one entry ("5 sources"). They are ranked by
how many outlets covered them, how recent they are, and how many subscribers' alerts they matched (this
channel's own subscribers count double). The scheduler calls `send_digest` at each channel's local time
(`bot.scheduler.digest_trigger`, DST-safe); `send_digest` also refuses to run early, so a wrong trigger
cannot post a digest at the wrong hour.

Each channel's next due time is kept in the database (`channels.next_digest_at`) and `run_due` is what the
timers call, in every worker: under the channel's lock it sends the digest only when that time has come,
so N workers post one digest, and another worker still posts it when one dies. A channel seen for the
first time gets its first scheduled time, never an immediate digest; a digest missed while the bot was
down is sent at the next start (a catch-up), with only the stories not already posted in that channel.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts import match as alert_match
from bot.alerts import stories as alert_stories
from bot.clock import as_utc
from bot.delivery import outbox
from bot.delivery.publish import deliver
from bot.messages import Post, RichMessage, Section
from bot.ports import Adapter, Runtime
from bot.render import actor_line
from bot.settings import DigestSettings
from bot.store import articles as store
from bot.store.channels import delivered
from bot.store.locks import exclusive
from bot.store.tables import Channel
from bot.timeofday import parse_hhmm
from summarizer import Brief

logger = logging.getLogger(__name__)

PERIOD = timedelta(days=1)  # the period of the first digest, and of `/digest now`
CATCH_UP_AFTER = timedelta(minutes=5)  # a digest sent this late was missed while the bot was down


@dataclass(frozen=True)
class DigestStory:
    number: int  # the brief number of the story's first article (`/brief N`)
    brief: Brief
    sources: tuple[str, ...]
    source_count: int
    latest: datetime
    interest: float
    score: float


def score(source_count: int, age_hours: float, interest: float, ranking: DigestSettings) -> float:
    """Outlets (diminishing), recency (halves about every 0.7 × `recency_hours`: 17 h by default),
    subscribers' interest (diminishing, times `interest_weight`)."""
    recency = math.exp(-max(age_hours, 0.0) / ranking.recency_hours)
    return math.log2(1 + source_count) + recency + ranking.interest_weight * math.log2(1 + interest)


async def top_stories(
    session: AsyncSession,
    channel: Channel,
    since: datetime,
    now: datetime,
    ranking: DigestSettings,
    *,
    unposted: bool = False,
) -> list[DigestStory]:
    """The period's `ranking.max_stories` best stories for a channel, best first (`unposted`: only those not
    posted there since `since`)."""
    posted = await outbox.posted_stories(session, channel.platform, channel.channel_id, since) if unposted else []
    stories = await store.stories_updated(session, since, now, excluding=posted)
    if not stories:
        return []
    ids = [s.id for s in stories]
    latest = await alert_stories.latest_at(session, ids)
    everyone = await alert_match.interested_users(session, ids)
    here = await alert_match.interested_users(session, ids, channel.platform, channel.channel_id)
    leads = await store.story_leads(session, ids)
    outlets = await alert_stories.sources_of(session, ids)
    ranked: list[DigestStory] = []
    for story in stories:
        if story.id not in leads:
            continue
        number, brief = leads[story.id]
        when = as_utc(latest.get(story.id) or story.updated_at)
        # A story dated in the future (a wrong feed date) is treated as new, not as extra-fresh.
        age = max((now - when).total_seconds() / 3600, 0.0)
        interest = float(everyone.get(story.id, 0) + here.get(story.id, 0))
        sources = tuple(outlets.get(story.id, []))
        count = max(story.source_count, len(sources), 1)
        ranked.append(DigestStory(number, brief, sources, count, when, interest, score(count, age, interest, ranking)))
    ranked.sort(key=lambda s: (-s.score, -s.latest.timestamp(), s.number))
    return ranked[: ranking.max_stories]


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


async def build_digest(
    services: Runtime, channel: Channel, now: datetime, since: datetime | None = None, *, unposted: bool = False
) -> Post:
    """The channel's digest as of `now`: stories since `since` (default: its last digest, or a day)."""
    now = as_utc(now)
    local_day = now.astimezone(ZoneInfo(channel.timezone)).date().isoformat()
    if since is None:
        since = as_utc(channel.last_digest_at) if channel.last_digest_at else now - PERIOD
    async with services.db.session() as session:
        found = await top_stories(session, channel, since, now, services.settings.digest, unposted=unposted)
    schedule = f"daily at {channel.digest_time} {channel.timezone}" if channel.digest_enabled else ""
    return Post(
        platform=channel.platform,
        channel_id=channel.channel_id,
        message=digest_message(found, local_day, schedule),
        delivery_key=digest_key(channel, now),
    )


def digest_key(channel: Channel, now: datetime) -> str:
    """One digest per channel and local day: the delivery key that makes it so."""
    return f"digest:{as_utc(now).astimezone(ZoneInfo(channel.timezone)).date().isoformat()}"


def due(channel: Channel, now: datetime) -> bool:
    """True once the channel's local digest time has come today (wall clock, in its own time zone)."""
    local = as_utc(now).astimezone(ZoneInfo(channel.timezone))
    return local.time().replace(tzinfo=None) >= parse_hhmm(channel.digest_time)


def next_time(channel: Channel, after: datetime) -> datetime:
    """The channel's first digest time strictly after `after` (its local HH:MM, DST-safe), in UTC."""
    zone = ZoneInfo(channel.timezone)
    local = as_utc(after).astimezone(zone)
    at: time = parse_hhmm(channel.digest_time)
    for days in range(3):
        candidate = datetime.combine(local.date() + timedelta(days=days), at, zone).astimezone(as_utc(after).tzinfo)
        if candidate > as_utc(after):
            return candidate
    raise AssertionError("a daily time always comes within two days")


def _still_scheduled(channel: Channel, when: datetime) -> bool:
    """Whether `when` is still at the channel's digest time (`/setup` may have changed the time or zone)."""
    local = as_utc(when).astimezone(ZoneInfo(channel.timezone))
    return local.strftime("%H:%M") == channel.digest_time


async def send_digest(
    services: Runtime,
    adapters: Mapping[str, Adapter],
    channel_pk: int,
    *,
    force: bool = False,
    catch_up: bool = False,
) -> bool:
    """Post a channel's digest once per local day, not before its local time (`force`: now, another one;
    `catch_up`: a missed one, with only the stories not yet posted in the channel, and none if there are none)."""
    now = as_utc(services.clock())
    async with services.db.session() as session:
        channel = await session.get(Channel, channel_pk)
        if channel is None or not channel.digest_enabled:
            return False
    if not force and not due(channel, now):
        logger.debug(
            "digest for channel %s called at %s, before its time %s %s; skipped",
            channel_pk,
            now,
            channel.digest_time,
            channel.timezone,
        )
        return False
    post = await build_digest(services, channel, now, unposted=catch_up)
    if catch_up and not post.message.sections:
        logger.info("no catch-up digest for channel %s: every story since the last one was posted", channel_pk)
        sent = False
    else:
        if force:
            post = Post(**{**post.__dict__, "delivery_key": f"{post.delivery_key}@{now:%H%M%S}"})
        sent = await deliver(services, adapters, post, reason="daily digest")
    if sent or catch_up:
        async with services.db.session() as session:
            row = await session.get(Channel, channel_pk)
            if row is not None:
                row.last_digest_at = now if sent else row.last_digest_at
                if not force:
                    row.next_digest_at = next_time(row, now)
    return sent


async def run_due(services: Runtime, adapters: Mapping[str, Adapter], channel_pk: int) -> bool:
    """The timers' entry point, safe in every worker at once: send the channel's digest if its due time
    (kept in the database) has come; a channel seen for the first time is only given its first time."""
    async with exclusive(services.db, f"digest:{channel_pk}") as mine:
        if not mine:
            return False  # another worker is on it
        now = as_utc(services.clock())
        async with services.db.session() as session:
            channel = await session.get(Channel, channel_pk)
            if channel is None or not channel.digest_enabled or channel.platform not in adapters:
                return False
            if channel.next_digest_at is None or not _still_scheduled(channel, channel.next_digest_at):
                channel.next_digest_at = next_time(channel, now)
                logger.info("channel %s: next digest at %s", channel_pk, channel.next_digest_at)
                return False
            due_at = as_utc(channel.next_digest_at)
        if due_at > now:
            return False
        sent = await send_digest(services, adapters, channel_pk, catch_up=now - due_at > CATCH_UP_AFTER)
        if not sent:  # already posted today (by another worker, or before a restart)? then wait for tomorrow
            async with services.db.session() as session:
                row = await session.get(Channel, channel_pk)
                if row is not None and row.next_digest_at is not None and as_utc(row.next_digest_at) <= now:
                    done = await delivered(session, row.platform, row.channel_id, digest_key(row, now))
                    if done is not None and done.status == "sent":
                        row.next_digest_at = next_time(row, now)
        return sent
