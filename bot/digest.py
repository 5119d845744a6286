"""The daily digest: the day's top stories for one channel, as one message, posted once per local day."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.adapters.base import Adapter
from bot.messages import Post, RichMessage, Section
from bot.publish import deliver
from bot.render import actor_line
from bot.services import Services
from bot.store import articles as store
from bot.store import channels as channel_store
from bot.store.tables import Channel
from summarizer import Brief

logger = logging.getLogger(__name__)


def digest_message(stories: list[tuple[int, Brief]], local_day: str) -> RichMessage:
    if not stories:
        return RichMessage(title=f"Daily digest — {local_day}", body="No new stories since the last digest.")
    sections = []
    for number, brief in stories:
        lines = [brief.summary_sentences[0] if brief.summary_sentences else brief.summary]
        if brief.actors:
            lines.append("Who: " + "; ".join(actor_line(a.name, a.role) for a in brief.actors[:3]))
        if brief.next_steps:
            step = brief.next_steps[0]
            lines.append("Next: " + step.text + (f" ({step.when})" if step.when else ""))
        if brief.url:
            lines.append(brief.url)
        sections.append(Section(f"#{number} {brief.title}", tuple(lines)))
    return RichMessage(
        title=f"Daily digest — {local_day}",
        body=f"{len(stories)} top stories since the last digest.",
        sections=tuple(sections),
        footer="/brief N for the full brief · /ask to ask about them",
    )


async def build_digest(services: Services, channel: Channel, now: datetime) -> Post:
    local_day = now.astimezone(ZoneInfo(channel.timezone)).date().isoformat()
    since = channel.last_digest_at or (now - timedelta(days=1))
    async with services.db.session() as session:
        found = await store.latest_briefs(session, limit=services.settings.digest.max_stories, since=since)
    message = digest_message([(article.id, brief) for article, brief in found], local_day)
    return Post(
        platform=channel.platform,
        channel_id=channel.channel_id,
        message=message,
        delivery_key=f"digest:{local_day}",
    )


async def send_digest(
    services: Services, adapters: Mapping[str, Adapter], channel_pk: int, *, force: bool = False
) -> bool:
    """Post a channel's digest once per local day (`force` sends another, e.g. `/digest now`)."""
    now = services.clock()
    async with services.db.session() as session:
        channel = await session.get(Channel, channel_pk)
        if channel is None or not channel.digest_enabled:
            return False
    post = await build_digest(services, channel, now)
    if force:
        post = Post(**{**post.__dict__, "delivery_key": f"{post.delivery_key}@{now:%H%M%S}"})
    sent = await deliver(services, adapters, post)
    if sent:
        async with services.db.session() as session:
            row = await session.get(Channel, channel_pk)
            if row is not None:
                row.last_digest_at = now
    return sent


async def channel_for(services: Services, platform: str, channel_id: str) -> Channel:
    async with services.db.session() as session:
        return await channel_store.ensure_channel(
            session, platform, channel_id, timezone=services.settings.digest.timezone,
            digest_time=services.settings.digest.time,
        )
