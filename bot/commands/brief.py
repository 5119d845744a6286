"""`/brief`, `/brief N`, `/brief TOPIC`: briefs from the store, newest first."""

from __future__ import annotations

import re

from bot.commands.base import Request
from bot.messages import Reply
from bot.render import brief_message
from bot.services import Services
from bot.store import articles as store

MAX_ID = 2**63 - 1  # the largest row id either database can hold; larger numbers name no brief


async def handle(services: Services, request: Request) -> Reply:
    args = request.command.args.strip().lstrip("#")
    async with services.db.session() as session:
        if re.fullmatch(r"[0-9]+", args):
            number = int(args)
            loaded = await store.load_brief(session, number) if number <= MAX_ID else None
            if loaded is None:
                shown = args if len(args) <= 20 else args[:20] + "…"
                return Reply.text(f"No such brief: #{shown}. `/brief` lists the latest ones.", error=True)
            article, brief = loaded
            sources = await store.source_count(session, article)
            return Reply(messages=(brief_message(brief, number=article.id, sources=sources),), article_id=article.id)
        found = await store.latest_briefs(session, limit=3 if args else 5, topic=args or None)
    if not found:
        if args:
            return Reply.text(f"I have no brief about '{args}' yet. Try `/brief` for the latest stories.")
        return Reply.text("I haven't briefed any article yet. Add feeds or files, then try again.")
    compact = len(found) > 1
    messages = tuple(
        brief_message(brief, number=article.id, sources=sources, compact=compact) for article, brief, sources in found
    )
    return Reply(messages=messages, article_id=found[0][0].id if len(found) == 1 else None)
