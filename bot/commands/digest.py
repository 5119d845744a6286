"""`/digest` (or `/digest now`): the last day's top stories here and now, without waiting for the daily one.

It answers in place and does not count as the daily digest (that one still comes at the channel's time,
covering everything since the previous daily digest). Asking in a channel the bot doesn't post to does
not make it a briefing channel.
"""

from __future__ import annotations

import logging

from bot.clock import as_utc
from bot.commands.base import Request
from bot.delivery.digest import PERIOD, build_digest
from bot.messages import Reply
from bot.services import Services
from bot.store.channels import find_channel
from bot.store.tables import Channel

logger = logging.getLogger(__name__)

USAGE = "Usage: /digest [now] — the top stories of the last day, here and now."


async def handle(services: Services, request: Request) -> Reply:
    cmd = request.command
    if cmd.args.strip().lower() not in ("", "now"):
        return Reply.text(USAGE, error=True, ephemeral=True)
    async with services.db.session() as session:
        channel = await find_channel(session, cmd.platform, cmd.channel_id)
    if channel is None:  # a transient description of this place, never stored
        channel = Channel(
            platform=cmd.platform,
            channel_id=cmd.channel_id,
            digest_enabled=False,
            **services.settings.digest.channel_defaults(),
        )
    now = as_utc(services.clock())
    post = await build_digest(services, channel, now, since=now - PERIOD)
    return Reply(messages=(post.message,))
