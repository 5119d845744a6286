"""Publishing: each story reaches each recipient once, through a durable outbox.

1. `publish_pending` turns every briefed article into outbox items: its story for each channel of the
   running adapters (not digest-only ones) — a story already posted there is not posted again — and every
   new alert match into an item for the subscriber's DMs or channel. The article is then `published`.
2. `dispatch` sends what is ready: quiet hours hold items until they end (then one summary), flood caps
   hold alerts that exceed them, and bursts go out as one message (a briefing channel's own story posts
   are not capped unless `outbox.CAP_STORY_POSTS`). Items are bound to their message (`batch_key`) and committed
   before the send, so a restart re-sends the same message under the same delivery key.
3. `deliver` is the exactly-once primitive: claim the delivery (unique per channel and key), send, mark sent.
4. `refresh_posts`: a later article that joins a story already posted in a channel is not posted again;
   the channel's post is edited instead (`Adapter.update`), recomposed by the same composer, so it says
   "3 sources" and names the outlets. Once per channel and story per run, after the sends; a failed edit is
   logged and never blocks publishing (the next article retries it with the then-current count).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from bot import alerts, routing
from bot.adapters.base import Adapter
from bot.alerts import compose, flood, outbox
from bot.alerts.outbox import Recipient
from bot.alerts.quiet import as_utc, quiet_ends
from bot.alerts.tables import OutboxItem
from bot.messages import Post, Sent
from bot.services import Services
from bot.store import articles as store
from bot.store import channels as channel_store
from bot.store.tables import Article, Delivery

logger = logging.getLogger(__name__)


async def deliver(services: Services, adapters: Mapping[str, Adapter], post: Post, reason: str | None = None) -> bool:
    """Send one post exactly once; returns True if it was sent now. Failures are recorded, not raised."""
    adapter = adapters.get(post.platform)
    if adapter is None:
        return False
    async with services.db.session() as session:
        claimed = await channel_store.claim(
            session, post.platform, post.channel_id, post.delivery_key, post.article_id, reason
        )
        delivery_id = claimed.id if claimed else None
    if delivery_id is None:
        return False
    try:
        sent = await adapter.send(post)
    except Exception as exc:  # noqa: BLE001 - one failed send must not stop the others
        logger.warning(
            "could not post %s to %s:%s: %s",
            post.delivery_key,
            post.platform,
            post.channel_id,
            exc,
            extra={"delivery": post.delivery_key, "channel": post.channel_id, "article": post.article_id},
        )
        services.metrics.post(post.platform, "failed")
        services.metrics.platform_error(post.platform, exc)
        async with services.db.session() as session:
            row = await session.get(Delivery, delivery_id)
            if row is not None:
                channel_store.mark_failed(row, f"{type(exc).__name__}: {exc}")
        return False
    async with services.db.session() as session:
        row = await session.get(Delivery, delivery_id)
        if row is not None:
            channel_store.mark_sent(row, sent, as_utc(services.clock()))
            if reason is not None:
                row.reason = reason
    services.metrics.post(post.platform, "sent")
    return True


async def _was_sent(services: Services, post: Post) -> bool:
    async with services.db.session() as session:
        done = await channel_store.delivered(session, post.platform, post.channel_id, post.delivery_key)
    return done is not None and done.status == "sent"


async def publish_pending(services: Services, adapters: Mapping[str, Adapter]) -> int:
    """Queue every briefed article's story and every new alert, then send what is ready; returns posts sent."""
    now = as_utc(services.clock())
    async with services.db.session() as session:
        pending = [a.id for a in await store.articles_in_state(session, "briefed", limit=1000)]
        channels = [c for c in await channel_store.channels_for(session, list(adapters)) if not c.digest_only]
    grown: dict[tuple[Recipient, int], None] = {}  # (channel, story) whose sent post now has more outlets
    for article_id in pending:
        async with services.db.session() as session:  # one transaction: queued for every channel, then published
            article = await session.get(Article, article_id)
            if article is None or article.state != "briefed":
                continue
            story_id = await alerts.ensure_story(session, article, now)
            for channel in await routing.channels_for(session, article, channels):
                recipient = Recipient(channel.platform, channel.channel_id, False)
                item = await outbox.enqueue(session, recipient, story_id, article.id, "post", now)
                if item.status == "sent" and item.article_id != article.id:
                    grown[(recipient, story_id)] = None
            article.state = "published"
    async with services.db.session() as session:
        await outbox.attach_matches(session, now)
    sent = await dispatch(services, adapters)
    await refresh_posts(services, adapters, list(grown))
    return sent


async def refresh_posts(
    services: Services, adapters: Mapping[str, Adapter], stories: list[tuple[Recipient, int]]
) -> int:
    """Edit each recipient's sent post of each story to its current form; returns how many were edited."""
    edited = 0
    for recipient, story_id in stories:
        try:
            edited += await _refresh(services, adapters, recipient, story_id)
        except Exception as exc:  # noqa: BLE001 - an edit is a courtesy: it must never stop publishing
            logger.warning(
                "could not update the post of story %s in %s:%s: %s",
                story_id,
                recipient.platform,
                recipient.target,
                exc,
            )
    return edited


async def _refresh(services: Services, adapters: Mapping[str, Adapter], recipient: Recipient, story_id: int) -> int:
    """Recompose the story's post exactly as `_send` did (the counts are now higher) and replace the message."""
    adapter = adapters.get(recipient.platform)
    if adapter is None:
        return 0
    async with services.db.session() as session:
        item = await outbox.item_for(session, recipient, story_id)
        if item is None or not outbox.posted_alone(item) or item.batch_key is None:
            return 0  # not posted yet (it will go out with the new count) or sent inside a batch
        done = await channel_store.delivered(session, recipient.platform, recipient.target, item.batch_key)
        if done is None or done.status != "sent" or not done.message_id:
            return 0
        where = Sent(done.message_id, done.thread_id)
        policy = await outbox.policy_for(session, recipient, services.settings.digest.timezone)
        entry = await compose.load_entry(session, item)
    if entry is None:
        return 0
    await adapter.update(where, compose.single_post(recipient, policy, entry))
    logger.info("updated the post of story %s in %s:%s", story_id, recipient.platform, recipient.target)
    return 1


async def dispatch(services: Services, adapters: Mapping[str, Adapter]) -> int:
    """Send every ready outbox item, per recipient: quiet hours, caps and bursts decide the messages."""
    now = as_utc(services.clock())
    default_tz = services.settings.digest.timezone
    async with services.db.session() as session:
        items = await outbox.active_items(session, adapters)
    by_recipient: dict[Recipient, list[OutboxItem]] = defaultdict(list)
    for item in items:
        by_recipient[outbox.recipient_of(item)].append(item)
    sent = 0
    for recipient, group in by_recipient.items():
        async with services.db.session() as session:
            policy = await outbox.policy_for(session, recipient, default_tz)
        # A message bound before a crash goes out first, exactly as it was composed.
        for key in sorted({i.batch_key for i in group if i.status == "sending" and i.batch_key}):
            sent += await _send(services, adapters, recipient, policy, key, now)
        ready = [i for i in group if outbox.is_ready(i, now)]
        if not ready:
            continue
        quiet_until = quiet_ends(now, policy.quiet_start, policy.quiet_end, policy.timezone)
        if quiet_until is not None:
            async with services.db.session() as session:
                await outbox.hold(session, [i.id for i in ready], quiet_until, "quiet")
            logger.info(
                "holding %d items for %s:%s until %s (quiet hours)",
                len(ready),
                recipient.platform,
                recipient.target,
                quiet_until,
            )
            continue
        summary = any(i.status == "held" and i.held_reason == "quiet" for i in ready)
        # A briefing channel's own story posts are its feed (each with its thread); unless the channel caps
        # them (`Policy.cap_posts`), only alerts count against its caps and are batched.
        free = [] if summary or policy.cap_posts else [i.id for i in ready if i.kind == "post"]
        capped = [i.id for i in ready if i.id not in set(free)]
        async with services.db.session() as session:
            budget = await flood.budget(session, recipient.platform, recipient.target, policy.caps, now)
        plan = flood.plan(
            capped,
            budget.remaining,
            batch_bursts=all(i.kind == "alert" for i in ready if i.id in set(capped)),
            summary=summary,
        )
        plan.singles = free + plan.singles
        async with services.db.session() as session:
            await outbox.hold(session, plan.wait, budget.next_slot, "flood")
            keys = []
            by_id = {i.id: i for i in ready}
            for item_id in plan.singles:
                key = outbox.single_key(by_id[item_id])
                await outbox.mark_sending(session, [item_id], key)
                keys.append(key)
            if plan.batch:
                key = outbox.batch_key(plan.batch)
                await outbox.mark_sending(session, plan.batch, key)
                keys.append(key)
        for key in keys:
            sent += await _send(services, adapters, recipient, policy, key, now)
    return sent


async def _send(
    services: Services,
    adapters: Mapping[str, Adapter],
    recipient: Recipient,
    policy: outbox.Policy,
    key: str,
    now: datetime,
) -> int:
    """Compose the message bound to `key`, deliver it once, and mark its items sent."""
    async with services.db.session() as session:
        items = [i for i in await outbox.batch_items(session, key, recipient) if i.status == "sending"]
        entries = [e for e in [await compose.load_entry(session, i) for i in items] if e is not None]
    if not items:
        return 0
    if not entries:  # the articles are gone: nothing left to say
        async with services.db.session() as session:
            await outbox.mark_sent(session, key, recipient, now)
        return 0
    if key.startswith("batch:"):
        post = compose.batch_post(recipient, policy, entries, key)
    else:
        post = compose.single_post(recipient, policy, entries[0])
    ok = await deliver(services, adapters, post, compose.reason_text(entries))
    if ok or await _was_sent(services, post):
        async with services.db.session() as session:
            await outbox.mark_sent(session, key, recipient, now)
    return int(ok)
