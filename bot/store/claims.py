"""Leases: how several workers on one database share articles and deliveries without doing one twice.

A claim is one `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING id` on PostgreSQL
(workers skip each other's rows instead of waiting), and the same single statement on SQLite, where the
database has one writer at a time. The claim writes an owner token, a lease expiry and the attempt count;
whatever is then stored for the row is fenced by the token (`holding`), so a worker whose lease was taken
over stores nothing and that is not a failure. A worker killed mid-batch leaves leases that simply expire.

SQLite is the single-process path: a lease left by another process (the one that crashed before this
start) is free at once, so a restart does not wait for it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.db import Database
from bot.store.tables import ArticleRow, Delivery
from bot.store.upsert import insert_ignore

logger = logging.getLogger(__name__)

Leased = TypeVar("Leased", ArticleRow, Delivery)


class Claim(NamedTuple):
    """A claimed delivery: its row, the lease token that fences it, and which attempt this is (1 = first)."""

    id: int
    token: str
    attempts: int


def now_utc() -> datetime:
    """Lease times are wall-clock UTC (never a test's or a command's clock): leases are about processes."""
    return datetime.now(UTC)


def lease_free(model: type[ArticleRow] | type[Delivery], db: Database, now: datetime) -> ColumnElement[bool]:
    """Nobody holds the row: never leased, released, expired, or (SQLite) left by an earlier process."""
    free = or_(model.lease_owner.is_(None), model.lease_until.is_(None), model.lease_until < now)
    if db.dialect == "sqlite":
        free = or_(free, ~model.lease_owner.startswith(f"{db.owner}#", autoescape=True))
    return free


async def claim_articles(session: AsyncSession, db: Database, limit: int, lease: timedelta) -> tuple[str, list[int]]:
    """Take up to `limit` new articles nobody holds, oldest first; returns the lease token and their ids."""
    now, token = now_utc(), db.claim_token()
    free = (
        select(ArticleRow.id)
        .where(ArticleRow.state == "new", lease_free(ArticleRow, db, now))
        .order_by(ArticleRow.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = await session.scalars(
        update(ArticleRow)
        .where(ArticleRow.id.in_(free.scalar_subquery()))
        .values(lease_owner=token, lease_until=now + lease, attempts=ArticleRow.attempts + 1)
        .returning(ArticleRow.id)
        .execution_options(synchronize_session=False)
    )
    return token, sorted(claimed)


async def renew(session: AsyncSession, tokens: list[str], lease: timedelta) -> None:
    """Extend the leases of articles still being worked on (a heartbeat, so a slow batch is not taken over)."""
    if tokens:
        await session.execute(
            update(ArticleRow)
            .where(ArticleRow.lease_owner.in_(tokens), ArticleRow.state == "new")
            .values(lease_until=now_utc() + lease)
            .execution_options(synchronize_session=False)
        )


async def holding(session: AsyncSession, model: type[Leased], row_id: int, token: str) -> Leased | None:
    """The row, locked for this transaction, if `token` still holds its lease (the fence before storing)."""
    found: Any = await session.scalar(
        select(model).where(model.id == row_id, model.lease_owner == token).with_for_update()
    )
    return found  # type: ignore[no-any-return]


async def release(session: AsyncSession, model: type[ArticleRow] | type[Delivery], row_id: int, token: str) -> None:
    """Give the row back (a failed attempt): another claim may take it at once."""
    await session.execute(
        update(model)
        .where(model.id == row_id, model.lease_owner == token)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


async def claim_delivery(
    session: AsyncSession,
    db: Database,
    key: tuple[str, str, str],
    article_id: int | None,
    lease: timedelta,
    reason: str | None = None,
) -> Claim | None:
    """Reserve the delivery (platform, channel, item key) before sending; returns the claim, or None when
    it was sent already or another sender holds its lease (it is retried after expiry)."""
    platform, channel_id, item_key = key
    now, token = now_utc(), db.claim_token()
    await insert_ignore(
        session,
        Delivery,
        {
            "platform": platform,
            "channel_id": channel_id,
            "item_key": item_key,
            "article_id": article_id,
            "reason": reason,
            "status": "pending",
            "attempts": 0,
        },
        ("platform", "channel_id", "item_key"),
    )
    claimed = (
        await session.execute(
            update(Delivery)
            .where(
                Delivery.platform == platform,
                Delivery.channel_id == channel_id,
                Delivery.item_key == item_key,
                Delivery.status != "sent",
                lease_free(Delivery, db, now),
            )
            .values(lease_owner=token, lease_until=now + lease, attempts=Delivery.attempts + 1)
            .returning(Delivery.id, Delivery.attempts)
            .execution_options(synchronize_session=False)
        )
    ).first()
    return None if claimed is None else Claim(claimed.id, token, claimed.attempts)
