"""`/digest`: the top stories since the last digest, here and now, without waiting for the daily one."""

from __future__ import annotations

from bot.commands.base import Request
from bot.digest import build_digest, channel_for
from bot.messages import Reply
from bot.services import Services


async def handle(services: Services, request: Request) -> Reply:
    cmd = request.command
    channel = await channel_for(services, cmd.platform, cmd.channel_id)
    channel.last_digest_at = None  # on demand: the last day, whatever was posted before
    post = await build_digest(services, channel, services.clock())
    return Reply(messages=(post.message,))
