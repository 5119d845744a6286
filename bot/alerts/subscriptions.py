"""The subscriptions alerts match against, as the commands change them: add, list, remove, quiet hours.

The rows are the store's `subscriptions` table; a semantic topic's vector is alerts' own table
(`SubscriptionVector`), written in the same transaction, so the matcher never sees one without the other.
A user's personal (DM) subscriptions carry their quiet hours and time zone; delivery reads them through
`dm_settings`.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.alerts.match import Spec
from bot.alerts.tables import SubscriptionVector
from bot.store.tables import EntityAlias, EntityRow, Subscription


def _owned_by(platform: str, user_id: str) -> list[ColumnElement[bool]]:
    return [Subscription.platform == platform, Subscription.user_id == user_id]


async def find(session: AsyncSession, platform: str, user_id: str, channel_id: str, query: str) -> Subscription | None:
    """The user's subscription to exactly this query in this place ("" = by DM), if they have it."""
    return await session.scalar(
        select(Subscription).where(
            *_owned_by(platform, user_id), Subscription.channel_id == channel_id, Subscription.query == query
        )
    )


async def count(session: AsyncSession, platform: str, user_id: str) -> int:
    """How many subscriptions the user has, everywhere."""
    return (
        await session.scalar(select(func.count()).select_from(Subscription).where(*_owned_by(platform, user_id))) or 0
    )


async def dm_settings(session: AsyncSession, platform: str, user_id: str) -> Subscription | None:
    """The personal subscription that carries the user's DM quiet hours and time zone: one with quiet hours
    if any has them (they are set on all at once), else the first; None if they have no personal one."""
    return await session.scalar(
        select(Subscription)
        .where(*_owned_by(platform, user_id), Subscription.channel_id == "")
        .order_by(Subscription.quiet_start.is_(None), Subscription.id)
        .limit(1)
    )


async def add(
    session: AsyncSession,
    platform: str,
    user_id: str,
    channel_id: str,
    spec: Spec,
    default_timezone: str,
    vector: np.ndarray | None = None,
) -> Subscription:
    """A new subscription; a personal one inherits the user's quiet hours, and a semantic one keeps `vector`."""
    quiet = await dm_settings(session, platform, user_id)
    if quiet is not None and quiet.quiet_start is None:
        quiet = None
    sub = Subscription(
        platform=platform,
        user_id=user_id,
        channel_id=channel_id,
        kind=spec.kind,
        query=spec.query,
        quiet_start=quiet.quiet_start if quiet else None,
        quiet_end=quiet.quiet_end if quiet else None,
        timezone=quiet.timezone if quiet else default_timezone,
    )
    session.add(sub)
    await session.flush()
    if vector is not None:
        session.add(SubscriptionVector(subscription_id=sub.id, vector=vector.astype("<f4").tobytes()))
    return sub


async def listed(session: AsyncSession, platform: str, user_id: str) -> list[Subscription]:
    """The user's subscriptions, in the order of their numbers."""
    return list(
        await session.scalars(select(Subscription).where(*_owned_by(platform, user_id)).order_by(Subscription.id))
    )


async def remove(
    session: AsyncSession, platform: str, user_id: str, number: int | None = None, queries: Collection[str] = ()
) -> list[str]:
    """Delete the user's subscription #`number`, or those whose query is one of `queries`, or (neither given)
    all of them; returns the queries removed."""
    condition = _owned_by(platform, user_id)
    if number is not None:
        condition.append(Subscription.id == number)
    elif queries:
        condition.append(Subscription.query.in_(set(queries)))
    gone = list(await session.scalars(select(Subscription.query).where(*condition)))
    if gone:
        await session.execute(delete(Subscription).where(*condition))
    return gone


async def set_quiet(
    session: AsyncSession, platform: str, user_id: str, values: dict[str, str | None]
) -> list[Subscription]:
    """Set quiet hours (`quiet_start`, `quiet_end`, and `timezone` if given) on all the user's personal
    subscriptions; returns them (none: nothing to set them on)."""
    subs = list(
        await session.scalars(select(Subscription).where(*_owned_by(platform, user_id), Subscription.channel_id == ""))
    )
    for sub in subs:
        for key, value in values.items():
            setattr(sub, key, value)
    return subs


async def entities_named(session: AsyncSession, alias: str, limit: int = 3) -> list[tuple[str, int]]:
    """(name, article count) of the known entities with this alias, most written about first: what an
    entity subscription will match today."""
    rows = await session.execute(
        select(EntityRow.name, EntityRow.article_count)
        .join(EntityAlias, EntityAlias.entity_id == EntityRow.id)
        .where(EntityAlias.alias == alias)
        .order_by(EntityRow.article_count.desc())
        .limit(limit)
    )
    return [(name, article_count) for name, article_count in rows.all()]
