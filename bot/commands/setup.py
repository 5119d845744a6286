"""`/setup`: an admin sets where briefs go, when the digest comes (in the channel's own time zone), quiet
hours and flood caps."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commands.base import Request, channel_ref
from bot.delivery.quiet import parse_window
from bot.messages import Reply
from bot.services import Services
from bot.store import channels as channel_store
from bot.timeofday import normalise_hhmm

USAGE = (
    "Usage: /setup [channel=ID] [time=HH:MM] [tz=Europe/Berlin] [quiet=22:00-07:00|off] [max-per-hour=N] "
    "[max-per-day=N] [digest-only=yes|no] [threads=yes|no]"
)
_BOOL = {"yes": True, "on": True, "true": True, "no": False, "off": False, "false": False}
_FLAGS = {"digest-only": "digest_only", "threads": "thread_per_story"}
_CAPS = {"max-per-hour": ("max_per_hour", 100), "max-per-day": ("max_per_day", 1000)}


def parse_setup(args: str) -> dict[str, str]:
    """`channel=123 time=08:00 tz=Europe/Berlin` → a dict; raises ValueError with the bad part."""
    values: dict[str, str] = {}
    for part in args.split():
        if "=" not in part:
            raise ValueError(f"'{part}' is not key=value")
        key, value = part.split("=", 1)
        values[key.strip().lower()] = value.strip()
    return values


def channel_changes(values: dict[str, str]) -> dict[str, object]:
    """Validate each setting and map it to the channel's columns; ValueError says which one is wrong."""
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key == "channel":
            continue
        if key == "time":
            try:
                changes["digest_time"] = normalise_hhmm(value)
            except ValueError:
                raise ValueError(f"time must be HH:MM (24-hour), not '{value}'") from None
        elif key in ("tz", "timezone"):
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"'{value}' is not a time zone; use a name like Europe/Berlin") from None
            changes["timezone"] = value
        elif key == "quiet":
            start, end = (None, None) if value.lower() in ("off", "none") else parse_window(value)
            changes["quiet_start"], changes["quiet_end"] = start, end
        elif key in _CAPS:
            column, most = _CAPS[key]
            if not value.isdigit() or not 1 <= int(value) <= most:
                raise ValueError(f"{key} must be a whole number from 1 to {most}, not '{value}'")
            changes[column] = int(value)
        elif key in _FLAGS and value.lower() in _BOOL:
            changes[_FLAGS[key]] = _BOOL[value.lower()]
        else:
            raise ValueError(f"I don't understand '{key}={value}'")
    return changes


async def handle(services: Services, request: Request) -> Reply:
    cmd = request.command
    try:
        values = parse_setup(cmd.args)
        changes = channel_changes(values)
    except ValueError as exc:
        return Reply.text(f"{exc}. {USAGE}", error=True, ephemeral=True)
    channel_id = re.sub(r"[<#>]", "", values.get("channel", cmd.channel_id)) or cmd.channel_id
    async with services.db.session() as session:
        channel = await channel_store.ensure_channel(
            session, cmd.platform, channel_id, **services.settings.digest.channel_defaults()
        )
        for key, value in changes.items():
            setattr(channel, key, value)
        quiet = f"quiet {channel.quiet_start}–{channel.quiet_end}" if channel.quiet_start else "no quiet hours"
        summary = (
            f"Briefs go to {channel_ref(cmd.platform, channel.channel_id)}; the digest comes at {channel.digest_time} "
            f"{channel.timezone}{' (digest only)' if channel.digest_only else ''}; {quiet}; "
            f"at most {channel.max_per_hour} alerts an hour and {channel.max_per_day} a day."
        )
    return Reply.text(summary)
