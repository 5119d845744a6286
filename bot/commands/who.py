"""`/who NAME`: an entity card built from the articles the bot has stored (placeholder while the index lands)."""

from __future__ import annotations

from bot.commands.base import Request
from bot.messages import Reply
from bot.services import Services


async def handle(services: Services, request: Request) -> Reply:
    name = request.command.args.strip()
    return Reply.text(f"I haven't read about {name or 'that'} yet.")
