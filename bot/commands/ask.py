"""`/ask QUESTION`: an answer quoted from stored articles (placeholder while the index lands)."""

from __future__ import annotations

from bot.commands.base import Request
from bot.messages import Reply
from bot.services import Services


async def handle(services: Services, request: Request) -> Reply:
    return Reply.text("I don't know yet: I have no stored articles to answer from.")
