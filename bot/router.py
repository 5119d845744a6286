"""The platform-free entry point: `Router.dispatch(Command) -> Reply`.

Matching is pure (`match`), handling has the side effects (the command modules). One error hook turns any
failure into a short reply and a log line, so one bad command never takes the bot down.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, replace

from bot.commands import ALIASES, COMMANDS, CommandSpec, Request
from bot.commands.base import admin_refusal, command_prefix
from bot.messages import Command, Reply
from bot.services import Services
from bot.store import channels as channel_store

logger = logging.getLogger(__name__)

FOCUS_KEPT = 10_000
"""How many conversations' last-viewed story the router remembers. The least recently used is forgotten
first; forgetting only costs that conversation the default scope of its next `/ask` (a thread still scopes)."""


@dataclass(frozen=True)
class Match:
    spec: CommandSpec | None
    command: Command


def match(command: Command) -> Match:
    """Find the handler for a command (pure: no I/O). Unknown names match nothing; an alias (`/h`, `/?`)
    matches under the command's own name, so handlers never see the alias."""
    name = ALIASES.get(command.name, command.name)
    spec = COMMANDS.get(name)
    return Match(spec=spec, command=replace(command, name=spec.name) if spec else command)


class Router:
    def __init__(self, services: Services, focus_kept: int = FOCUS_KEPT) -> None:
        self.services = services
        # The story each conversation last looked at, so `/ask` after `/brief N` in the console is scoped
        # like a reply in that story's thread on Discord or Slack; bounded, least recently used first out.
        self._focus: OrderedDict[tuple[str, str, str], int] = OrderedDict()
        self._focus_kept = focus_kept

    async def dispatch(self, command: Command) -> Reply:
        found = match(command)
        if found.spec is None:  # unknown: the help, which says it doesn't know that command
            reply = await COMMANDS["help"].handler(self.services, Request(command=command))
            return Reply(messages=reply.messages, error=bool(command.name), ephemeral=True)
        command = found.command
        shown = f"{command_prefix(command.platform)}{found.spec.name}"
        if found.spec.admin_only and not command.is_admin:
            return Reply.text(
                admin_refusal(command.platform, f"{shown} changes channel settings, so it"), error=True, ephemeral=True
            )
        try:
            scope = await self.story_scope(command)
            reply = await found.spec.handler(self.services, Request(command=command, scope_article_id=scope))
        except Exception:
            logger.exception("command /%s failed", found.spec.name)
            return Reply.text(
                f"Sorry, {shown} failed on my side. The error is logged; please try again.",
                error=True,
                ephemeral=True,
            )
        if reply.article_id is not None and found.spec.name == "brief":
            self._remember_focus(self._conversation(command), reply.article_id)
        if reply.error and not reply.ephemeral:  # usage errors and refusals are for the asker only
            reply = replace(reply, ephemeral=True)
        return reply

    def _remember_focus(self, conversation: tuple[str, str, str], article_id: int) -> None:
        self._focus[conversation] = article_id
        self._focus.move_to_end(conversation)
        while len(self._focus) > self._focus_kept:
            self._focus.popitem(last=False)

    @staticmethod
    def _conversation(command: Command) -> tuple[str, str, str]:
        return (command.platform, command.channel_id, command.user_id)

    async def story_scope(self, command: Command) -> int | None:
        """The story a command is about: the thread it was written in, else the last story looked at."""
        if command.thread_id:
            async with self.services.db.session() as session:
                article_id = await channel_store.thread_article(session, command.platform, command.thread_id)
            if article_id is not None:
                return article_id
        conversation = self._conversation(command)
        if conversation in self._focus:
            self._focus.move_to_end(conversation)
        return self._focus.get(conversation)
