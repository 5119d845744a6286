"""Publishing: each story reaches each recipient once, through a durable outbox.

1. `publish_pending` turns every briefed article into outbox items: its story for each channel registered
   in the database (not digest-only ones), whatever platform it is on — a story already posted there is not
   posted again — and every new alert match into an item for the subscriber's DMs or channel. Each item is
   sent by whichever process has that platform's adapter; the article is `published` once every channel's
   item is done (`mark_published`).
2. `send_ready` sends what is ready, one recipient at a time under that recipient's lock
   (`bot.store.locks.exclusive`), so two workers (or two overlapping sends in one process) never
   compose or send the same recipient's messages at once: quiet hours hold items until they end (then
   one summary), flood caps hold alerts that exceed them, and bursts go out as one message (a briefing
   channel's own story posts are not capped unless `[alerts] cap_story_posts`). Items are bound to their
   message (`batch_key`) and committed before the send, so a restart re-sends the same message under the
   same delivery key.
3. `deliver` is the exactly-once primitive: claim the delivery (unique per channel and key) with a lease,
   send, mark sent. A pending delivery is retried only after its lease expires (a sender that died); the
   crash window between send and commit is closed per platform (Discord nonce); the console may repeat.
4. `refresh_posts`: a later article that joins a story already posted in a channel is not posted again;
   the channel's post is edited instead (`Adapter.update`), recomposed by the same composer, so it says
   "3 sources" and names the outlets. Once per channel and story per run, after the sends; a failed edit is
   logged and never blocks publishing (the next article retries it with the then-current count).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import exists, select, update

from bot import alerts
from bot.alerts.tables import OutboxItem
from bot.clock import as_utc
from bot.delivery import compose, flood, outbox, routing
from bot.delivery.outbox import Recipient
from bot.delivery.quiet import quiet_ends
from bot.messages import Post, Sent
from bot.ports import Adapter, FindsSent, Runtime
from bot.store import channels as channel_store
from bot.store import claims
from bot.store.locks import exclusive
from bot.store.tables import ArticleRow, Channel, Delivery

logger = logging.getLogger(__name__)


async def deliver(services: Runtime, adapters: Mapping[str, Adapter], post: Post, reason: str | None = None) -> bool:
    """Send one post exactly once; returns True if it was sent now. Failures are recorded, not raised."""
    adapter = adapters.get(post.platform)
    if adapter is None:
        return False
    lease = timedelta(seconds=services.settings.scheduler.lease_seconds)
    key = (post.platform, post.channel_id, post.delivery_key)
    async with services.db.session() as session:
        claimed = await claims.claim_delivery(session, services.db, key, post.article_id, lease, reason)
    if claimed is None:
        return False
    delivery_id, token, attempts = claimed
    if attempts > 1 and isinstance(adapter, FindsSent):  # an earlier sender may have posted it, then died
        landed = await _already_there(adapter, post)
        if landed is not None:
            logger.info("%s was already in %s:%s; recorded, not re-sent", post.delivery_key, *key[:2])
            async with services.db.session() as session:
                row = await session.get(Delivery, delivery_id)
                if row is not None:
                    channel_store.mark_sent(row, landed, as_utc(services.clock()))
                    row.lease_owner, row.lease_until = None, None
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
            await claims.release(session, Delivery, delivery_id, token)
        return False
    async with services.db.session() as session:
        row = await session.get(Delivery, delivery_id)
        if row is not None:
            if row.lease_owner != token:
                logger.warning("delivery %s was sent after its lease expired; it may have gone out twice", key)
            channel_store.mark_sent(row, sent, as_utc(services.clock()))
            row.lease_owner, row.lease_until = None, None
            if reason is not None:
                row.reason = reason
    services.metrics.post(post.platform, "sent")
    return True


async def _already_there(adapter: FindsSent, post: Post) -> Sent | None:
    try:
        return await adapter.find_sent(post)
    except Exception as exc:  # noqa: BLE001 - cannot tell: re-send (the platform's own de-duplication is all left)
        logger.warning("could not check whether %s was already posted: %s", post.delivery_key, exc)
        return None


async def _was_sent(services: Runtime, post: Post) -> bool:
    async with services.db.session() as session:
        done = await channel_store.delivered(session, post.platform, post.channel_id, post.delivery_key)
    return done is not None and done.status == "sent"


async def queue_briefed(services: Runtime) -> list[tuple[Recipient, int]]:
    """Give every briefed article's story an outbox item in each registered channel (each article once,
    whichever worker gets it first); returns the (channel, story) pairs whose sent post gained an outlet."""
    now = as_utc(services.clock())
    async with services.db.session() as session:
        pending = list(
            await session.scalars(
                select(ArticleRow.id)
                .where(ArticleRow.state == "briefed", ArticleRow.queued_at.is_(None))
                .order_by(ArticleRow.id)
                .limit(1000)
            )
        )
        channels = list(await session.scalars(select(Channel).order_by(Channel.id)))
    if not channels:
        return []  # nobody to publish to yet: the first channel registered gets the waiting stories
    channels = [c for c in channels if not c.digest_only]
    grown: dict[tuple[Recipient, int], None] = {}  # (channel, story) whose sent post now has more outlets
    for article_id in pending:
        async with services.db.session() as session:  # one transaction: queued for every channel, or not at all
            article = await session.scalar(
                select(ArticleRow)
                .where(ArticleRow.id == article_id, ArticleRow.state == "briefed", ArticleRow.queued_at.is_(None))
                .with_for_update(skip_locked=True)
            )
            if article is None:
                continue  # another worker is queueing it, or did
            story_id = await alerts.ensure_story(session, article, now)
            for channel in await routing.channels_for(session, article, channels):
                recipient = Recipient(channel.platform, channel.channel_id, False)
                item = await outbox.enqueue(session, recipient, story_id, article.id, "post", now)
                if item.status == "sent" and item.article_id != article.id:
                    grown[(recipient, story_id)] = None
            article.queued_at = now
    async with services.db.session() as session:
        await outbox.attach_matches(session, now)
    return list(grown)


async def mark_published(services: Runtime) -> int:
    """An article is `published` once its story's item in every channel is done (sent or skipped)."""
    open_items = exists().where(
        OutboxItem.story_id == ArticleRow.story_id,
        OutboxItem.is_dm.is_(False),
        OutboxItem.status.in_(outbox.ACTIVE),
    )
    async with services.db.session() as session:
        result = await session.execute(
            update(ArticleRow)
            .where(ArticleRow.state == "briefed", ArticleRow.queued_at.is_not(None), ~open_items)
            .values(state="published")
            .execution_options(synchronize_session=False)
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def publish_pending(services: Runtime, adapters: Mapping[str, Adapter]) -> int:
    """Queue every briefed article's story and every new alert, then send what is ready; returns posts sent."""
    grown = await queue_briefed(services)
    sent = await send_ready(services, adapters)
    await refresh_posts(services, adapters, grown)
    await mark_published(services)
    return sent


async def refresh_posts(
    services: Runtime, adapters: Mapping[str, Adapter], stories: list[tuple[Recipient, int]]
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


async def _refresh(services: Runtime, adapters: Mapping[str, Adapter], recipient: Recipient, story_id: int) -> int:
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
        policy = await outbox.policy_for(session, recipient, services.settings)
        entry = await compose.load_entry(session, item)
    if entry is None:
        return 0
    await adapter.update(where, compose.single_post(recipient, policy, entry))
    logger.info("updated the post of story %s in %s:%s", story_id, recipient.platform, recipient.target)
    return 1


async def send_ready(services: Runtime, adapters: Mapping[str, Adapter]) -> int:
    """Send every ready outbox item, per recipient: quiet hours, caps and bursts decide the messages."""
    async with services.db.session() as session:
        recipients = list(dict.fromkeys(outbox.recipient_of(i) for i in await outbox.active_items(session, adapters)))
    sent = 0
    for recipient in recipients:
        name = f"recipient:{recipient.platform}:{recipient.target}:{int(recipient.is_dm)}"
        async with exclusive(services.db, name) as mine:
            if mine:  # else another worker is sending this recipient's messages right now
                sent += await _send_ready_to(services, adapters, recipient)
    return sent


async def _send_ready_to(services: Runtime, adapters: Mapping[str, Adapter], recipient: Recipient) -> int:
    """One recipient's ready items, read inside its lock so caps, quiet hours and batches stay exact."""
    now = as_utc(services.clock())
    async with services.db.session() as session:
        group = await outbox.active_items_of(session, recipient)
        policy = await outbox.policy_for(session, recipient, services.settings)
    sent = 0
    # A message bound before a crash goes out first, exactly as it was composed.
    for key in sorted({i.batch_key for i in group if i.status == "sending" and i.batch_key}):
        sent += await _send(services, adapters, recipient, policy, key, now)
    ready = [i for i in group if outbox.is_ready(i, now)]
    if not ready:
        return sent
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
        return sent
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
    services: Runtime,
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
