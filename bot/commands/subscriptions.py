"""`/subscribe`, `/unsubscribe`, `/subscriptions`, `/why`: topic alerts kept in the database."""

from __future__ import annotations

from sqlalchemy import delete, select

from bot.commands.base import Request
from bot.messages import Reply, RichMessage, Section
from bot.services import Services
from bot.store.tables import Delivery, Subscription


def _kind(query: str) -> str:
    if query.lower().startswith("who:"):
        return "entity"
    if query.startswith("~"):
        return "semantic"
    return "keyword"


async def subscribe(services: Services, request: Request) -> Reply:
    cmd = request.command
    query = cmd.args.strip()
    if not query:
        return Reply.text('Usage: /subscribe Ukraine AND (talks OR ceasefire) · who:Witkoff · ~"AI chip export controls"', error=True)
    async with services.db.session() as session:
        existing = await session.scalar(
            select(Subscription).where(
                Subscription.platform == cmd.platform, Subscription.user_id == cmd.user_id, Subscription.query == query
            )
        )
        if existing is None:
            session.add(Subscription(platform=cmd.platform, user_id=cmd.user_id, channel_id="", kind=_kind(query), query=query))
    return Reply.text(f"Subscribed to {query}. I'll send you new stories that match.")


async def unsubscribe(services: Services, request: Request) -> Reply:
    cmd = request.command
    query = cmd.args.strip()
    async with services.db.session() as session:
        result = await session.execute(
            delete(Subscription).where(
                Subscription.platform == cmd.platform, Subscription.user_id == cmd.user_id, Subscription.query == query
            )
        )
    if not result.rowcount:  # type: ignore[attr-defined]
        return Reply.text(f"You have no subscription '{query}'. /subscriptions lists yours.", error=True)
    return Reply.text(f"Unsubscribed from {query}.")


async def list_subscriptions(services: Services, request: Request) -> Reply:
    cmd = request.command
    async with services.db.session() as session:
        subs = list(
            await session.scalars(
                select(Subscription)
                .where(Subscription.platform == cmd.platform, Subscription.user_id == cmd.user_id)
                .order_by(Subscription.id)
            )
        )
    if not subs:
        return Reply.text("You have no subscriptions. Try /subscribe Ukraine AND talks")
    items = tuple(f"{s.query} ({s.kind})" for s in subs)
    return Reply(messages=(RichMessage(title="Your subscriptions", body="", sections=(Section("Topics", items),)),))


async def why(services: Services, request: Request) -> Reply:
    arg = request.command.args.strip().lstrip("#")
    if not arg.isdigit():
        return Reply.text("Usage: /why N — N is the alert number shown on the alert.", error=True)
    async with services.db.session() as session:
        row = await session.get(Delivery, int(arg))
    if row is None or row.reason is None:
        return Reply.text(f"I have no record of alert #{arg}.", error=True)
    return Reply.text(f"Alert #{arg}: {row.reason}")
