"""`/setup`: an admin sets where briefs go and when the digest comes, in the channel's own time zone."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands.base import Request
from bot.messages import Reply
from bot.services import Services
from bot.store import channels as channel_store

USAGE = "Usage: /setup [channel=ID] [time=HH:MM] [tz=Europe/Berlin] [digest-only=yes|no] [threads=yes|no]"
_BOOL = {"yes": True, "on": True, "true": True, "no": False, "off": False, "false": False}


def parse_setup(args: str) -> dict[str, str]:
    """`channel=123 time=08:00 tz=Europe/Berlin` → a dict; raises ValueError with the bad part."""
    values: dict[str, str] = {}
    for part in args.split():
        if "=" not in part:
            raise ValueError(f"'{part}' is not key=value")
        key, value = part.split("=", 1)
        values[key.strip().lower()] = value.strip()
    return values


async def handle(services: Services, request: Request) -> Reply:
    cmd = request.command
    try:
        values = parse_setup(cmd.args)
    except ValueError as exc:
        return Reply.text(f"{exc}. {USAGE}", error=True, ephemeral=True)
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key == "channel":
            continue
        if key == "time":
            if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
                return Reply.text(f"time must be HH:MM (24-hour), not '{value}'. {USAGE}", error=True, ephemeral=True)
            changes["digest_time"] = value
        elif key in ("tz", "timezone"):
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                return Reply.text(f"'{value}' is not a time zone; use a name like Europe/Berlin.", error=True, ephemeral=True)
            changes["timezone"] = value
        elif key in ("digest-only", "threads") and value.lower() in _BOOL:
            changes["digest_only" if key == "digest-only" else "thread_per_story"] = _BOOL[value.lower()]
        else:
            return Reply.text(f"I don't understand '{key}={value}'. {USAGE}", error=True, ephemeral=True)
    channel_id = re.sub(r"[<#>]", "", values.get("channel", cmd.channel_id)) or cmd.channel_id
    async with services.db.session() as session:
        channel = await channel_store.ensure_channel(session, cmd.platform, channel_id)
        for key, value in changes.items():
            setattr(channel, key, value)
        summary = (
            f"Briefs go to channel {channel.channel_id}; the digest comes at {channel.digest_time} "
            f"{channel.timezone}{' (digest only)' if channel.digest_only else ''}."
        )
    return Reply.text(summary)
