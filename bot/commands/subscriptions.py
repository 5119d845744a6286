"""`/subscribe`, `/unsubscribe`, `/subscriptions`, `/why`: topic alerts kept in the database.

/subscribe TOPIC                 personal: delivered to you by DM
/subscribe here TOPIC            in this channel, with a mention of you (also: --here, --channel)
  TOPIC = Ukraine AND (talks OR ceasefire) NOT sport   keywords: AND, OR, NOT, ( ), "phrases"
        | who:Witkoff                                   a person or organisation, by any known alias
        | ~"AI chip export controls"                   an idea, matched by meaning
/subscriptions                   yours, numbered
/subscriptions quiet 22:00-07:00 [Europe/Berlin]   hold DMs at night, then one summary (quiet off)
/unsubscribe N | TOPIC | all
/why N                           why story #N reached you, or why it didn't
"""

from __future__ import annotations

import asyncio
import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.alerts import explain as explain_mod
from bot.alerts import subscriptions as stored
from bot.alerts.errors import QuerySyntaxError
from bot.alerts.match import Spec, parse_subscription
from bot.commands.base import Request
from bot.delivery.quiet import parse_window
from bot.messages import Reply, RichMessage, Section
from bot.services import Services

logger = logging.getLogger(__name__)

USAGE = (
    "Usage: /subscribe [here] TOPIC — e.g. /subscribe Ukraine AND (talks OR ceasefire) NOT sport · "
    '/subscribe who:Witkoff · /subscribe ~"AI chip export controls"'
)
HERE_FLAGS = {"here", "--here", "--channel", "-c"}
MAX_PER_USER = 50


def split_target(args: str) -> tuple[bool, str]:
    """(`here`?, the topic): `here Ukraine` → (True, "Ukraine")."""
    first, _, rest = args.strip().partition(" ")
    if first.lower() in HERE_FLAGS:
        return True, rest.strip()
    return False, args.strip()


async def _entity_note(services: Services, spec: Spec) -> str:
    async with services.db.session() as session:
        found = await stored.entities_named(session, spec.target)
    if not found:
        return f" I haven't seen “{spec.target}” in any article yet; I'll tell you when it appears."
    names = ", ".join(f"{name} ({count} article{'s' if count != 1 else ''})" for name, count in found)
    return f" I know: {names}."


async def subscribe(services: Services, request: Request) -> Reply:
    cmd = request.command
    here, text = split_target(cmd.args)
    if not text:
        return Reply.text(USAGE, error=True, ephemeral=True)
    if here and cmd.is_dm:
        return Reply.text("`here` subscribes a channel; in a DM, just /subscribe TOPIC.", error=True, ephemeral=True)
    try:
        spec = parse_subscription(text)
    except QuerySyntaxError as exc:
        return Reply.text(f"I can't read that subscription: {exc}", error=True, ephemeral=True)
    channel_id = cmd.channel_id if here else ""
    vector = (await asyncio.to_thread(services.embedder.encode, [spec.target]))[0] if spec.kind == "semantic" else None
    async with services.db.session() as session:
        existing = await stored.find(session, cmd.platform, cmd.user_id, channel_id, spec.query)
        if existing is not None:
            return Reply.text(f"You're already subscribed to {spec.query} (#{existing.id}).", ephemeral=True)
        if await stored.count(session, cmd.platform, cmd.user_id) >= MAX_PER_USER:
            return Reply.text(
                f"You have {MAX_PER_USER} subscriptions, the most I keep; /unsubscribe one first.", error=True
            )
        sub = await stored.add(
            session, cmd.platform, cmd.user_id, channel_id, spec, services.settings.digest.timezone, vector
        )
        number = sub.id
    where = "in this channel, mentioning you" if here else "to you by DM"
    note = await _entity_note(services, spec) if spec.kind == "entity" else ""
    logger.info("subscription %s (%s) by %s:%s", number, spec.kind, cmd.platform, cmd.user_id)
    return Reply.text(
        f"Subscribed (#{number}) to {spec.describe()}. New stories that match come {where}, each once, "
        f"with the reason.{note} /subscriptions lists yours; /unsubscribe {number} stops it."
    )


async def unsubscribe(services: Services, request: Request) -> Reply:
    cmd = request.command
    arg = cmd.args.strip().lstrip("#")
    if not arg:
        return Reply.text(
            "Usage: /unsubscribe N | TOPIC | all — /subscriptions shows the numbers.", error=True, ephemeral=True
        )
    number: int | None = None
    queries: set[str] = set()
    if arg.isdigit():
        number = int(arg)
    elif arg.lower() != "all":
        _here, text = split_target(arg)
        try:
            query = parse_subscription(text).query
        except QuerySyntaxError:
            query = text
        queries = {query, text}
    async with services.db.session() as session:
        gone = await stored.remove(session, cmd.platform, cmd.user_id, number, queries)
    if not gone:
        return Reply.text(f"You have no subscription '{arg}'. /subscriptions lists yours.", error=True, ephemeral=True)
    return Reply.text("Unsubscribed from " + ", ".join(gone) + ".")


async def _set_quiet(services: Services, request: Request, args: str) -> Reply:
    cmd = request.command
    parts = args.split()
    values: dict[str, str | None]
    if parts and parts[0].lower() in ("off", "none"):
        values = {"quiet_start": None, "quiet_end": None}
    else:
        try:
            start, end = parse_window(parts[0] if parts else "")
        except ValueError as exc:
            return Reply.text(
                f"{exc}. Usage: /subscriptions quiet 22:00-07:00 [Europe/Berlin] · /subscriptions quiet off",
                error=True,
                ephemeral=True,
            )
        values = {"quiet_start": start, "quiet_end": end}
        if len(parts) > 1:
            try:
                ZoneInfo(parts[1])
            except (ZoneInfoNotFoundError, ValueError):
                return Reply.text(
                    f"'{parts[1]}' is not a time zone; use a name like Europe/Berlin.", error=True, ephemeral=True
                )
            values["timezone"] = parts[1]
    async with services.db.session() as session:
        subs = await stored.set_quiet(session, cmd.platform, cmd.user_id, values)
    if not subs:
        return Reply.text(
            "Quiet hours apply to your personal alerts; /subscribe to something first.", error=True, ephemeral=True
        )
    if values["quiet_start"] is None:
        return Reply.text("Quiet hours off: alerts come as they happen.")
    tz = values.get("timezone") or subs[0].timezone
    return Reply.text(
        f"Quiet hours {values['quiet_start']}–{values['quiet_end']} {tz}: "
        "alerts wait and come as one summary when they end."
    )


async def list_subscriptions(services: Services, request: Request) -> Reply:
    cmd = request.command
    args = cmd.args.strip()
    if args.lower().startswith("quiet"):
        return await _set_quiet(services, request, args[5:].strip())
    if args:
        return Reply.text(
            "Usage: /subscriptions · /subscriptions quiet 22:00-07:00 [Europe/Berlin] · /subscriptions quiet off",
            error=True,
            ephemeral=True,
        )
    async with services.db.session() as session:
        subs = await stored.listed(session, cmd.platform, cmd.user_id)
    if not subs:
        return Reply.text(
            'You have no subscriptions. Try /subscribe Ukraine AND talks · who:Witkoff · ~"AI chip export controls"'
        )
    kinds = {"keyword": "keywords", "entity": "entity", "semantic": "topic"}
    items = tuple(
        f"#{s.id} {s.query} — {kinds.get(s.kind, s.kind)}, "
        + ("by DM" if not s.channel_id else f"in channel {s.channel_id}")
        for s in subs
    )
    personal = [s for s in subs if not s.channel_id]
    quiet = next((s for s in personal if s.quiet_start), None)
    footer = (
        f"Quiet hours {quiet.quiet_start}–{quiet.quiet_end} {quiet.timezone}"
        if quiet
        else "No quiet hours (/subscriptions quiet 22:00-07:00)"
    )
    return Reply(
        messages=(
            RichMessage(
                title="Your subscriptions",
                body="",
                sections=(Section("Alerts", items),),
                footer=footer + " · /unsubscribe N",
            ),
        ),
        ephemeral=True,
    )


async def why(services: Services, request: Request) -> Reply:
    cmd = request.command
    arg = cmd.args.strip().lstrip("#")
    number = int(arg) if arg.isdigit() else request.scope_article_id if not arg else None
    if number is None:
        return Reply.text("Usage: /why N — N is the story number shown on the alert (#N).", error=True, ephemeral=True)
    async with services.db.session() as session:
        message = await explain_mod.explain(
            session, services.caches.subscriptions, cmd.platform, cmd.user_id, cmd.channel_id, number
        )
    if message is None:
        return Reply.text(f"There is no story #{number}.", error=True, ephemeral=True)
    return Reply(messages=(message,), ephemeral=True, article_id=number)
